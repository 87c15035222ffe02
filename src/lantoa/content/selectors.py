"""Read installed packs as validated core :class:`~lantoa.core.packs.Pack` objects."""

from __future__ import annotations

from django.conf import settings

from lantoa.content.models import PackVersion
from lantoa.core.packs import SCHEMA_VERSION, Pack, pack_from_data


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
