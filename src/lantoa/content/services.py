"""Install packs into the database."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from lantoa.audit.services import audit_record
from lantoa.content.models import PackVersion
from lantoa.core.packs import BUILTIN_DEFAULT, Pack, builtin_pack, pack_from_data, pack_to_data
from lantoa.orgs.models import Unit


class PackConflictError(Exception):
    """The same pack id and version is already installed with different content."""


def _digest(data: dict[str, object]) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def pack_install(
    *,
    pack: Pack,
    actor: AbstractBaseUser | None = None,
    builtin: bool = False,
    owner_unit: Unit | None = None,
) -> tuple[PackVersion, bool]:
    """Store ``pack``; return the row and whether it was newly created.

    Installing the same content again changes nothing. A different content under
    an existing id and version is refused: a published version never changes.
    """
    data = pack_to_data(pack)
    digest = _digest(data)
    existing = PackVersion.objects.filter(pack_id=pack.id, version=pack.version).first()
    if existing is not None:
        # Stored under an older schema: the same content once migrated is not a change.
        migrated_same = (
            existing.sha256 != digest
            and existing.schema_version < pack.schema_version
            and _digest(pack_to_data(pack_from_data(existing.data))) == digest
        )
        if migrated_same:
            return existing, False
        if existing.sha256 != digest:
            raise PackConflictError(
                f"{pack.key} is already installed with different content; "
                "raise the pack's version to publish a change"
            )
        return existing, False
    row = PackVersion.objects.create(
        pack_id=pack.id,
        version=pack.version,
        schema_version=pack.schema_version,
        title_vi=pack.title.vi,
        title_en=pack.title.en or "",
        data=data,
        sha256=digest,
        builtin=builtin,
        kind=pack.kind,
        owner_unit=owner_unit,
    )
    audit_record(
        actor=actor,
        action="pack.install",
        obj=row,
        after={
            "pack_id": pack.id,
            "version": pack.version,
            "sha256": digest,
            "owner_unit": owner_unit.code if owner_unit else None,
        },
    )
    return row, True


def pack_install_builtin(*, pack_id: str = BUILTIN_DEFAULT) -> tuple[PackVersion, bool]:
    return pack_install(pack=builtin_pack(pack_id), builtin=True)
