"""Read stories. Public reads see approved stories only; the moderation queue is scoped."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import visible_paths
from lantoa.stories.models import Story, StoryPoint, StoryStatus

PER_POINT = 3


def approved() -> QuerySet[Story]:
    return (
        Story.objects.filter(status=StoryStatus.APPROVED)
        .select_related("unit")
        .prefetch_related("points", "photos")
        .order_by("-approved_at", "-id")
    )


def story_get_public(pk: int) -> Story | None:
    return approved().filter(pk=pk).first()


def story_get(pk: int) -> Story | None:
    return (
        Story.objects.select_related("unit", "unit__parent")
        .prefetch_related("points", "photos")
        .filter(pk=pk)
        .first()
    )


def _province_path(unit: Unit) -> str | None:
    """The path of the unit's ancestor one level below the root (its province or ministry)."""
    parts = unit.path.strip("/").split("/")
    if len(parts) < 2:
        return None
    return "/" + "/".join(parts[:2]) + "/"


def nearest_first(queryset: QuerySet[Story], unit: Unit | None) -> QuerySet[Story]:
    """The learner's own unit first, then its province, then the country; newest first in each."""
    if unit is None:
        return queryset.order_by("-approved_at", "-id")
    whens = [When(unit_id=unit.pk, then=Value(0))]
    province = _province_path(unit)
    if province:
        whens.append(When(unit__path__startswith=province, then=Value(1)))
    return queryset.annotate(
        nearness=Case(*whens, default=Value(2), output_field=IntegerField())
    ).order_by("nearness", "-approved_at", "-id")


def stories_for_point(
    *, pack_id: str, number: int, unit: Unit | None = None, limit: int | None = None
) -> list[Story]:
    rows = nearest_first(approved().filter(points__pack_id=pack_id, points__number=number), unit)
    return list(rows[:limit] if limit else rows)


def stories_by_point(*, pack_id: str, per_point: int = PER_POINT) -> dict[int, list[Story]]:
    """Newest approved stories of every point of a pack, at most ``per_point`` each: one query
    (the comparison page shows titles and units, no photos)."""
    grouped: dict[int, list[Story]] = defaultdict(list)
    rows = (
        StoryPoint.objects.filter(pack_id=pack_id, story__status=StoryStatus.APPROVED)
        .select_related("story__unit")
        .order_by("-story__approved_at", "-story_id")[:500]
    )
    for row in rows:
        if len(grouped[row.number]) < per_point:
            grouped[row.number].append(row.story)
    return dict(grouped)


KEPT_SECONDS = 30  # how long a process keeps stories_by_point_kept's lists
_kept: dict[str, tuple[float, dict[int, list[Story]]]] = {}


def stories_by_point_kept(pack_id: str) -> dict[int, list[Story]]:
    """:func:`stories_by_point`, kept :data:`KEPT_SECONDS` per process (the first page reads
    it on every visit); an approval or a revision forgets it in the process that made it
    (:func:`stories_by_point_forget`), the others read again within half a minute."""
    kept = _kept.get(pack_id)
    if kept is None or time.monotonic() - kept[0] > KEPT_SECONDS:
        kept = (time.monotonic(), stories_by_point(pack_id=pack_id))
        _kept[pack_id] = kept
    return kept[1]


def stories_by_point_forget() -> None:
    _kept.clear()


def stories_of_unit(unit: Unit, *, subtree: bool = True) -> QuerySet[Story]:
    rows = approved()
    if subtree:
        return rows.filter(unit__path__startswith=unit.path)
    return rows.filter(unit=unit)


def moderation_queue(user: AbstractBaseUser) -> QuerySet[Story]:
    """Stories waiting for an editor above their unit: the user's subtrees minus the roots."""
    paths = visible_paths(user, minimum=Role.FOCAL_POINT)
    rows = Story.objects.filter(status=StoryStatus.SUBMITTED).select_related("unit", "author")
    if paths is None:
        return rows.exclude(unit__parent=None).order_by("submitted_at")
    q = Q(pk__in=[])
    for path in paths:
        # Below the root of each subtree: a unit never moderates itself.
        q |= Q(unit__path__startswith=path) & ~Q(unit__path=path)
    return rows.filter(q).order_by("submitted_at")


def my_stories(user: AbstractBaseUser) -> QuerySet[Story]:
    return Story.objects.filter(author=user).select_related("unit").order_by("-submitted_at")


@dataclass(frozen=True)
class StoryCounts:
    submitted: int
    approved: int
    waiting: int


def story_counts(unit: Unit) -> StoryCounts:
    """Stories submitted, approved and waiting in ``unit``'s subtree: one indexed query."""
    row = Story.objects.filter(unit__path__startswith=unit.path).aggregate(
        submitted=Count("id"),
        approved=Count("id", filter=Q(status=StoryStatus.APPROVED)),
        waiting=Count("id", filter=Q(status=StoryStatus.SUBMITTED)),
    )
    return StoryCounts(
        submitted=row["submitted"] or 0, approved=row["approved"] or 0, waiting=row["waiting"] or 0
    )
