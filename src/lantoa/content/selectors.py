"""Read installed packs as validated core :class:`~lantoa.core.packs.Pack` objects."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from lantoa.content.models import PackDraft, PackVersion
from lantoa.core.packs import SCHEMA_VERSION, Pack, pack_from_data
from lantoa.orgs.models import Role, Unit, path_ids
from lantoa.orgs.scope import AnyUser, scope_queryset, visible_paths


class PackNotInstalledError(LookupError):
    pass


# Parsed packs by content digest: a stored version never changes, so this never goes stale.
_parsed: dict[str, Pack] = {}


def _parse(row: PackVersion) -> Pack:
    if row.schema_version > SCHEMA_VERSION:
        raise ValueError(
            f"{row} uses pack schema {row.schema_version}, newer than this code ({SCHEMA_VERSION})"
        )
    if row.sha256 not in _parsed:
        _parsed[row.sha256] = pack_from_data(row.data)  # older schemas migrated
    return _parsed[row.sha256]


def pack_get(pack_id: str | None = None, version: str | None = None) -> Pack:
    """The installed pack ``pack_id`` (default: the site's default), newest version unless given."""
    pack_id = pack_id or settings.LANTOA_DEFAULT_PACK
    rows = PackVersion.objects.filter(pack_id=pack_id)
    if version:
        rows = rows.filter(version=version)
    row = rows.order_by("-installed_at", "-id").first()
    if row is None:
        raise PackNotInstalledError(pack_id)
    return _parse(row)


def pack_list() -> list[PackVersion]:
    return list(PackVersion.objects.order_by("pack_id", "-installed_at"))


# --- packs by unit, and drafts --------------------------------------------------------


def packs_for_unit(unit: Unit) -> QuerySet[PackVersion]:
    """The published packs ``unit`` may run a campaign on: national packs and the packs of
    the unit and of its ancestors (a province's packs serve the province and below)."""
    return PackVersion.objects.filter(
        Q(owner_unit__isnull=True) | Q(owner_unit_id__in=path_ids(unit.path))
    ).order_by("pack_id", "-installed_at")


def packs_visible_for(user: AnyUser) -> QuerySet[PackVersion]:
    """Published packs a user may see: national packs, the packs of the user's units and
    their ancestors, and the packs of the units below them."""
    paths = visible_paths(user)
    if paths is None:
        return PackVersion.objects.order_by("pack_id", "-installed_at")
    ancestors = {pk for path in paths for pk in path_ids(path)}
    q = Q(owner_unit__isnull=True) | Q(owner_unit_id__in=ancestors)
    for path in paths:
        q |= Q(owner_unit__path__startswith=path)
    return PackVersion.objects.filter(q).order_by("pack_id", "-installed_at")


def draft_list_for(user: AnyUser) -> QuerySet[PackDraft]:
    """Drafts of the units the user writes for (their subtree, role focal point or above)."""
    return scope_queryset(
        user,
        PackDraft.objects.select_related("owner_unit"),
        unit_field="owner_unit",
        minimum=Role.FOCAL_POINT,
    )


def draft_get_for(user: AnyUser, pk: int) -> PackDraft | None:
    return draft_list_for(user).filter(pk=pk).first()


def authoring_units(user: AnyUser) -> QuerySet[Unit]:
    """The units a user may write packs for: where they are focal point or admin."""
    paths = visible_paths(user, minimum=Role.FOCAL_POINT)
    if paths is None:
        return Unit.objects.filter(depth__lte=1).order_by("depth", "name")
    return Unit.objects.filter(path__in=paths).order_by("name")
