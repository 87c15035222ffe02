"""Atom feeds of approved stories, national and per unit (its subtree), for portals to embed."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from lantoa.orgs.models import Unit
from lantoa.stories import selectors
from lantoa.stories.models import Story

FEED_SIZE = 30


class NationalStoriesFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Digital transformation stories · Lan Tỏa")

    def subtitle(self) -> str:
        return _("Approved stories of units, newest first.")

    def link(self) -> str:
        return reverse("story_list")

    def items(self) -> Any:
        return selectors.approved()[:FEED_SIZE]

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        # Plain text in, escaped by the feed generator: no markup from a story reaches a reader.
        return item.text

    def item_link(self, item: Story) -> str:
        return reverse("story_detail", args=[item.pk])

    def item_pubdate(self, item: Story) -> Any:
        return item.approved_at

    def item_updateddate(self, item: Story) -> Any:
        return item.approved_at

    def item_author_name(self, item: Story) -> str:
        return item.unit.name  # the unit, never the person who wrote it

    def item_categories(self, item: Story) -> list[str]:
        return [f"{p.pack_id}:{p.number}" for p in item.points.all()]


class UnitStoriesFeed(NationalStoriesFeed):
    def get_object(self, request: HttpRequest, code: str) -> Unit:  # type: ignore[override]
        return get_object_or_404(Unit, code=code)

    def title(self, obj: Unit | None = None) -> str:  # type: ignore[override]
        return _("Stories of %(unit)s · Lan Tỏa") % {"unit": obj.name if obj else ""}

    def link(self, obj: Unit | None = None) -> str:  # type: ignore[override]
        return reverse("unit_stories", args=[obj.code]) if obj else reverse("story_list")

    def items(self, obj: Unit | None = None) -> Any:  # type: ignore[override]
        return selectors.stories_of_unit(obj)[:FEED_SIZE] if obj else []
