"""Writes for saved dispatches; each writes an audit row in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from lantoa.audit.services import audit_record
from lantoa.core.dispatch import SCHEMA_VERSION
from lantoa.core.extract import DEFAULT
from lantoa.core.text import nfc
from lantoa.dispatches.models import DispatchKind, SavedDispatch
from lantoa.orgs.selectors import user_home_unit


class DispatchDataError(ValueError):
    pass


def _text(value: Any) -> str:
    return nfc(str(value or "")).strip()


# Every path that saves a dispatch (ingest, save, CLI) applies the extraction limit.
MAX_TEXT_CHARS = DEFAULT.max_chars


@transaction.atomic
def dispatch_save(
    *,
    actor: AbstractBaseUser,
    text: str,
    data: dict[str, Any],
    source_name: str = "",
    source_kind: str = "",
) -> SavedDispatch:
    """Save a checked dispatch: ``data`` in the schema-1 JSON shape, ``text`` its source."""
    if len(text) > MAX_TEXT_CHARS:
        raise DispatchDataError(f"the text is longer than {MAX_TEXT_CHARS} characters")
    if data.get("schema") != SCHEMA_VERSION:
        raise DispatchDataError(f"unknown dispatch data schema {data.get('schema')!r}")
    kind = data.get("kind") or DispatchKind.UNKNOWN
    if kind not in DispatchKind.values:
        raise DispatchDataError(f"unknown kind {kind!r}")
    when: date | None = None
    if data.get("date"):
        try:
            when = date.fromisoformat(str(data["date"]))
        except ValueError as exc:
            raise DispatchDataError(f"bad date {data['date']!r}") from exc
    row = SavedDispatch.objects.create(
        kind=kind,
        code=_text(data.get("code"))[:120],
        issuer=_text(data.get("issuer"))[:300],
        date=when,
        subject=_text(data.get("subject")),
        data=data,
        text=nfc(text),
        source_name=nfc(source_name)[:255],
        source_kind=source_kind[:20],
        created_by=actor,
        unit=user_home_unit(user=actor),
    )
    row.search = row.search_text()
    row.save(update_fields=["search"])
    audit_record(
        actor=actor,
        action="dispatch.save",
        obj=row,
        after={"code": row.code, "kind": row.kind, "date": data.get("date")},
    )
    return row
