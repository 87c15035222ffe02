"""Read kit builds, always through who may see them.

The unbranded kit is public. A branded kit is seen by the person who asked for it and by
the people of its unit's subtree; posters only by people who see their unit (the scope of
``lantoa.orgs.scope``). Anything else answers "not found", the same as a missing build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lantoa.kits.models import BuildKind, BuildStatus, KitBuild
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import AnyUser, can
from lantoa.orgs.selectors import unit_subtree

LIST_LIMIT = 100


class BuildNotVisibleError(LookupError):
    pass


def kit_build_visible(*, user: AnyUser, build: KitBuild) -> bool:
    if build.is_public:
        return True
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if build.unit is not None and can(user, build.unit, Role.VIEWER):
        return True
    return build.kind == BuildKind.KIT and build.requested_by.filter(pk=user.pk).exists()


def kit_build_get_visible(*, user: AnyUser, pk: int) -> KitBuild:
    build = KitBuild.objects.select_related("unit").filter(pk=pk).first()
    if build is None or not kit_build_visible(user=user, build=build):
        raise BuildNotVisibleError(pk)
    return build


def kit_build_latest_public(*, pack_id: str, pack_version: str | None = None) -> KitBuild | None:
    """The newest finished unbranded kit of a pack (of that version when given)."""
    rows = KitBuild.objects.filter(
        kind=BuildKind.KIT, pack_id=pack_id, is_public=True, status=BuildStatus.DONE
    )
    if pack_version:
        rows = rows.filter(pack_version=pack_version)
    return rows.order_by("-finished_at", "-pk").first()


def kit_build_list_for(*, user: AnyUser, limit: int = 10) -> list[KitBuild]:
    """The user's own recent branded kits and poster sets."""
    if not user.is_authenticated:
        return []
    rows: QuerySet[KitBuild] = KitBuild.objects.filter(requested_by=user, is_public=False)
    return list(rows.select_related("unit").order_by("-created_at")[:limit])


def unit_branding_build(*, unit: Unit) -> KitBuild | None:
    """The unit's colours and logo: its newest rendered branded kit, or else the newest of
    its nearest ancestor (a commune's posters wear its district's or province's colours)."""
    ids = unit.ancestor_ids()
    rows = KitBuild.objects.filter(
        kind=BuildKind.KIT, is_public=False, status=BuildStatus.DONE, unit_id__in=ids
    ).select_related("unit")
    return max(rows, key=lambda b: (b.unit.depth, b.created_at), default=None)


def poster_units(*, root: Unit, depth: int) -> list[Unit]:
    """The unit and its descendants down to ``depth`` levels below it, in tree order; merged
    units and (under a current unit) units of the former tree are left out."""
    rows = unit_subtree(root).filter(depth__lte=root.depth + depth, merged_into__isnull=True)
    if root.valid_until is None:
        rows = rows.filter(valid_until__isnull=True)
    return list(rows.order_by("path").only("code", "name", "path", "depth"))


@dataclass(frozen=True)
class KitItem:
    path: str
    name: str
    kind: str
    size: int
    sha256: str
    thumb: dict[str, Any] | None


@dataclass(frozen=True)
class KitSection:
    slug: str
    title: str
    items: list[KitItem]

    @property
    def size(self) -> int:
        return sum(i.size for i in self.items)

    @property
    def pictures(self) -> list[KitItem]:
        return [i for i in self.items if i.thumb]

    @property
    def others(self) -> list[KitItem]:
        """The files without a thumbnail, at most ``LIST_LIMIT`` (a province has thousands
        of posters: the rest are in the ZIP)."""
        return [i for i in self.items if not i.thumb][:LIST_LIMIT]

    @property
    def more(self) -> int:
        return len(self.items) - len(self.pictures) - len(self.others)


# The page's sections, in order: (slug, title, does a manifest file belong here).
SECTIONS: list[tuple[str, Any, Callable[[str, str], bool]]] = [
    ("the-1080x1350", _("Flashcards for social media (1080×1350)"),
     lambda path, kind: path.startswith("flashcards/1080x1350/")),
    ("the-1080x1080", _("Square flashcards (1080×1080)"),
     lambda path, kind: path.startswith("flashcards/1080x1080/")),
    ("infographic", _("Infographic"), lambda path, kind: kind.startswith("infographic")),
    ("in-an", _("For print"), lambda path, kind: kind.endswith("-pdf") and "poster" not in kind),
    ("ap-phich", _("Posters with QR codes"), lambda path, kind: kind.startswith("poster")),
    ("bai-giang", _("Slides, Anki deck and web page"),
     lambda path, kind: kind in ("slides-pptx", "anki-apkg", "web-html")),
    ("bai-dang", _("Posts and radio script"),
     lambda path, kind: kind.startswith("caption") or kind == "radio-script"),
]  # fmt: skip


def kit_build_sections(build: KitBuild) -> list[KitSection]:
    """The build's files grouped for the page, each with its thumbnail when it has one."""
    thumbs = {t["path"]: t for t in build.thumbs}
    grouped: dict[str, list[KitItem]] = {slug: [] for slug, _, _ in SECTIONS}
    grouped["khac"] = []
    for f in build.files():
        path, kind = str(f["path"]), str(f["kind"])
        item = KitItem(
            path=path,
            name=path.rsplit("/", 1)[-1],
            kind=kind,
            size=int(f["size"]),  # type: ignore[call-overload]
            sha256=str(f["sha256"]),
            thumb=thumbs.get(path),
        )
        slug = next((s for s, _, match in SECTIONS if match(path, kind)), "khac")
        grouped[slug].append(item)
    titles = {slug: title for slug, title, _ in SECTIONS} | {"khac": _("Other files")}
    # Pictures in the order they were made (a card's front before its back, posters in
    # tree order, the unit itself first), then the other files by path.
    made = {t["path"]: index for index, t in enumerate(build.thumbs)}

    def order(item: KitItem) -> tuple[int, str]:
        return made.get(item.path, len(made)), item.path

    return [
        KitSection(slug=slug, title=str(titles[slug]), items=sorted(items, key=order))
        for slug, items in grouped.items()
        if items
    ]
