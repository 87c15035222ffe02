"""Open Graph / Twitter Card metadata and share images for the public pages.

A share image's address names the page (``/chia-se/diem/8.png``, ``/chia-se/cau-chuyen/12.png``,
``/chia-se/don-vi/CP.png``, ``/chia-se/chung-nhan/ABC123.png``); the view rebuilds the card
from the database, and the PNG is cached in the default storage under
``share/<content hash>.png``, so a card is drawn once per content and again only when what
it shows changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.kit.share import HEIGHT, WIDTH, ShareCard, share_render_fresh
from lantoa.orgs.models import Unit
from lantoa.site.addresses import site_base_url
from lantoa.stories.models import Story


@dataclass(frozen=True)
class OpenGraph:
    title: str
    description: str
    url: str
    image: str
    kind: str = "website"
    width: int = WIDTH
    height: int = HEIGHT


def share_image_name(card: ShareCard) -> str:
    return f"share/{card.digest()}.png"


def share_image_cached(card: ShareCard) -> bool:
    return default_storage.exists(share_image_name(card))


def share_image_bytes(card: ShareCard) -> bytes:
    """The cached PNG of ``card``, drawn (in a fresh process) and stored the first time."""
    name = share_image_name(card)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    png = share_render_fresh(card)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(png))
    return png


def _unit_label(unit: Unit | None) -> str:
    if unit is None:
        return "Lan Tỏa"
    parent = unit.parent.name if unit.parent_id and unit.parent else ""
    return f"{unit.name}, {parent}" if parent and unit.depth >= 2 else unit.name


def point_card(number: int, unit: Unit | None = None) -> ShareCard | None:
    try:
        pack = pack_get()
    except PackNotInstalledError:
        return None
    point = next((p for p in pack.points if p.number == number), None)
    if point is None:
        return None
    return ShareCard(
        kicker=_("Point %(n)s of %(count)s") % {"n": number, "count": pack.count},
        title=point.title.vi,
        subtitle=(
            f"{pack.sides.it.vi}: {point.it.short.vi} → {pack.sides.dx.vi}: {point.dx.short.vi}"
        ),
        unit=_unit_label(unit),
        number=number,
    )


def story_card(story: Story) -> ShareCard:
    return ShareCard(
        kicker=_("Digital transformation story"),
        title=story.title,
        subtitle=story.text,
        unit=_unit_label(story.unit),
    )


def unit_card(unit: Unit) -> ShareCard:
    try:
        title = pack_get().title.vi
    except PackNotInstalledError:
        title = "Lan Tỏa"
    return ShareCard(
        kicker=_("Learn and take the quiz"),
        title=title,
        subtitle=_("Flashcards, a ten-question quiz and a certificate, on your phone."),
        unit=_unit_label(unit),
    )


def certificate_card(certificate: object) -> ShareCard:
    """No learner's name on the image: only the unit, the pack and the score."""
    return ShareCard(
        kicker=_("Certificate verified"),
        title=str(getattr(certificate, "pack_title", "")) or "Lan Tỏa",
        subtitle=_("Passed the quiz with %(score)s/%(total)s.")
        % {"score": getattr(certificate, "score", ""), "total": getattr(certificate, "total", "")},
        unit=str(getattr(certificate, "unit_name", "")) or "Lan Tỏa",
    )


def open_graph(
    request: HttpRequest, *, card: ShareCard, image_path: str, page_path: str | None = None
) -> OpenGraph:
    base = site_base_url(request)
    return OpenGraph(
        title=card.title,
        description=" · ".join(x for x in (card.subtitle[:240], card.unit) if x),
        url=base + (page_path if page_path is not None else request.path),
        image=base + image_path,
        kind="article" if "cau-chuyen" in image_path else "website",
    )


def home_card(pack: Any) -> ShareCard:
    return ShareCard(
        kicker=_("%(count)s differences") % {"count": pack.count},
        title=pack.title.vi,
        subtitle=pack.summary.vi,
    )


def home_open_graph(request: HttpRequest, pack: Any) -> OpenGraph:
    return open_graph(request, card=home_card(pack), image_path=reverse("share_home_image"))


def unit_open_graph(request: HttpRequest, unit: Unit) -> OpenGraph:
    """A unit's study page (``/hoc/<code>``): the title names the unit, the image is the
    unit's share card. The study shell's view puts these tags into its cached bytes
    (``lantoa.learning.og``)."""
    og = open_graph(
        request, card=unit_card(unit), image_path=reverse("share_unit_image", args=[unit.code])
    )
    return replace(og, title=f"{og.title} · {unit.name}")


def og_for_request(request: HttpRequest) -> OpenGraph | None:
    """The metadata of a public page of another app, by its URL name (home, a unit's study
    page, a certificate's verification): those views need not know about sharing."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    name = match.url_name
    if name == "learn_unit":
        unit = (
            Unit.objects.select_related("parent").filter(code=match.kwargs.get("code", "")).first()
        )
        return None if unit is None else unit_open_graph(request, unit)
    if name == "certificate_verify":
        from lantoa.learning.selectors import certificate_get

        certificate = certificate_get(match.kwargs.get("code", ""))
        if certificate is None:
            return None
        return open_graph(
            request,
            card=certificate_card(certificate),
            image_path=reverse("share_certificate_image", args=[certificate.code]),
        )
    return None
