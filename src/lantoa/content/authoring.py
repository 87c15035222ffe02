"""Write, check and publish packs in the site (services: keyword-only, atomic, audited).

A unit's communications staff (role *focal point* or *unit admin* on the unit) write a
draft: its points (Vietnamese required, English optional), their order and the documents
they come from. Drafts are private to the unit and its ancestors' staff. Publishing checks
the draft with the same validation as ``lantoa pack validate``, shows what changed since the
version it continues, and freezes it as a new semantic version (a :class:`PackVersion` that
never changes). Points keep their ids across versions.

The site writes key-point and Q&A packs; comparison packs are written as YAML files
(docs/packs.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from lantoa.audit.services import audit_record
from lantoa.content.models import DraftPoint, PackDraft, PackVersion
from lantoa.content.services import pack_install
from lantoa.core.packs import Pack, PackError, pack_from_data, pack_to_yaml, parse_pack
from lantoa.core.packs.importer import Draft as ImportedDraft
from lantoa.core.packs.importer import point_id
from lantoa.core.packs.schema import MARKUP, MAX_POINTS
from lantoa.core.text import fold_key, nfc
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import can

AUTHOR_ROLE = Role.FOCAL_POINT
SITE_KINDS = ("key_points", "qa")
PACK_ID = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
SEMVER = re.compile(r"^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$")
MAX_TITLE = 300
MAX_TEXT = 3000


class AuthoringError(Exception):
    """Input the draft cannot take; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


class NotAllowedError(PermissionError):
    pass


def can_author(user: Any, unit: Unit) -> bool:
    return bool(can(user, unit, AUTHOR_ROLE))


def _require(user: Any, unit: Unit) -> None:
    if not can_author(user, unit):
        raise NotAllowedError(unit.code)


def _clean(value: object) -> str:
    return nfc(str(value or "").replace("\r\n", "\n")).strip()


def _check_text(errors: dict[str, list[str]], name: str, value: str, *, limit: int) -> None:
    if MARKUP.search(value):
        errors.setdefault(name, []).append(
            "Không được chứa thẻ HTML hay mã lệnh (<script>, <a …>). / "
            "Must not contain HTML tags or scripts."
        )
    if len(value) > limit:
        errors.setdefault(name, []).append(
            f"Dài quá {limit} ký tự (hiện có {len(value)}). / Longer than {limit} characters."
        )


def _pack_id_taken(pack_id: str, unit: Unit, draft: PackDraft | None = None) -> bool:
    """Is ``pack_id`` used by a national pack, another unit's pack or another draft?"""
    if PackVersion.objects.filter(pack_id=pack_id).exclude(owner_unit=unit).exists():
        return True
    others = PackDraft.objects.filter(pack_id=pack_id)
    if draft is not None:
        others = others.exclude(pk=draft.pk)
    # A unit may keep one draft per pack of its own; a new pack may not reuse a published id.
    if others.exists():
        return True
    return draft is None and PackVersion.objects.filter(pack_id=pack_id).exists()


@transaction.atomic
def draft_create(
    *,
    actor: AbstractBaseUser,
    unit: Unit,
    kind: str,
    pack_id: str,
    title_vi: str,
    title_en: str = "",
    summary_vi: str = "",
) -> PackDraft:
    """Start an empty draft of a new pack owned by ``unit``."""
    _require(actor, unit)
    pack_id, title_vi, title_en = _clean(pack_id).lower(), _clean(title_vi), _clean(title_en)
    errors: dict[str, list[str]] = {}
    if kind not in SITE_KINDS:
        errors["kind"] = ["Loại gói không hợp lệ. / Unknown pack kind."]
    if not PACK_ID.match(pack_id):
        errors["pack_id"] = [
            "Mã gói gồm 2–40 chữ thường không dấu, số và '-', bắt đầu bằng chữ. / "
            "2–40 lower-case letters, digits and '-', starting with a letter."
        ]
    elif _pack_id_taken(pack_id, unit):
        errors["pack_id"] = ["Mã gói này đã được dùng. / This pack id is already used."]
    if not title_vi:
        errors["title_vi"] = ["Cần có tiêu đề tiếng Việt. / A Vietnamese title is required."]
    _check_text(errors, "title_vi", title_vi, limit=255)
    _check_text(errors, "title_en", title_en, limit=255)
    if errors:
        raise AuthoringError(errors)
    draft = PackDraft.objects.create(
        owner_unit=unit,
        pack_id=pack_id,
        kind=kind,
        title_vi=title_vi,
        title_en=title_en,
        summary_vi=_clean(summary_vi),
        created_by=actor,
    )
    audit_record(actor=actor, action="pack.draft_create", obj=draft, after=_summary(draft))
    return draft


def _summary(draft: PackDraft) -> dict[str, Any]:
    return {"pack_id": draft.pack_id, "kind": draft.kind, "unit": draft.owner_unit.code}


@transaction.atomic
def draft_from_version(*, actor: AbstractBaseUser, version: PackVersion) -> PackDraft:
    """A draft of the next version of the unit's published pack ``version`` (same ids)."""
    unit = version.owner_unit
    if unit is None:
        raise NotAllowedError("national packs are changed as files")
    _require(actor, unit)
    if PackDraft.objects.filter(pack_id=version.pack_id).exists():
        raise AuthoringError({"": ["Gói này đã có một bản nháp. / This pack already has a draft."]})
    pack = pack_from_data(version.data)
    draft = PackDraft.objects.create(
        owner_unit=unit,
        pack_id=pack.id,
        kind=pack.kind,
        title_vi=pack.title.vi,
        title_en=pack.title.en or "",
        summary_vi=pack.summary.vi,
        summary_en=pack.summary.en or "",
        sources=[
            {k: v for k, v in s.model_dump(mode="json").items() if v is not None}
            for s in pack.sources
        ],
        base=version,
        created_by=actor,
    )
    DraftPoint.objects.bulk_create(
        DraftPoint(
            draft=draft,
            position=p.number,
            point_id=p.id,
            title_vi=p.title.vi,
            title_en=p.title.en or "",
            text_vi=p.text.vi if p.text else "",
            text_en=(p.text.en or "") if p.text else "",
            short_vi=p.short.vi if p.short else "",
            short_en=(p.short.en or "") if p.short else "",
            keywords_vi=", ".join(p.keywords.vi),
            keywords_en=", ".join(p.keywords.en),
        )
        for p in pack.points
    )
    audit_record(
        actor=actor,
        action="pack.draft_from_version",
        obj=draft,
        after={**_summary(draft), "base": version.version},
    )
    return draft


@transaction.atomic
def draft_update(*, actor: AbstractBaseUser, draft: PackDraft, **fields: str) -> PackDraft:
    """Change the draft's title and summary (both languages)."""
    _require(actor, draft.owner_unit)
    values = {
        k: _clean(fields.get(k, "")) for k in ("title_vi", "title_en", "summary_vi", "summary_en")
    }
    errors: dict[str, list[str]] = {}
    if not values["title_vi"]:
        errors["title_vi"] = ["Cần có tiêu đề tiếng Việt. / A Vietnamese title is required."]
    for name, value in values.items():
        _check_text(errors, name, value, limit=255 if name.startswith("title") else MAX_TEXT)
    if errors:
        raise AuthoringError(errors)
    before = {k: getattr(draft, k) for k in values}
    for k, v in values.items():
        setattr(draft, k, v)
    draft.save()
    audit_record(actor=actor, action="pack.draft_update", obj=draft, before=before, after=values)
    return draft


POINT_FIELDS = (
    "title_vi",
    "title_en",
    "text_vi",
    "text_en",
    "short_vi",
    "short_en",
    "keywords_vi",
    "keywords_en",
)


def _point_errors(
    draft: PackDraft, values: dict[str, str], point: DraftPoint | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    required = {
        "title_vi": "Cần có tiêu đề (câu hỏi) tiếng Việt. / The Vietnamese title is required."
        if draft.kind == "qa"
        else "Cần có tiêu đề tiếng Việt. / The Vietnamese title is required.",
        "text_vi": "Cần có nội dung tiếng Việt. / The Vietnamese text is required.",
        "short_vi": "Cần có dạng tóm tắt tiếng Việt. / The Vietnamese short form is required.",
    }
    for name, message in required.items():
        if not values[name]:
            errors.setdefault(name, []).append(message)
    for name, value in values.items():
        limit = MAX_TITLE if name.startswith("title") else MAX_TEXT
        _check_text(errors, name, value, limit=limit)
    if values["title_vi"]:
        key = fold_key(values["title_vi"])
        clash = [
            p.position
            for p in draft.points.all()
            if fold_key(p.title_vi) == key and (point is None or p.pk != point.pk)
        ]
        if clash:
            errors.setdefault("title_vi", []).append(
                f"Trùng tiêu đề với điểm {clash[0]}. / Same title as point {clash[0]}."
            )
    return errors


@transaction.atomic
def point_save(
    *, actor: AbstractBaseUser, draft: PackDraft, point: DraftPoint | None = None, **fields: str
) -> DraftPoint:
    """Add a point at the end (``point`` None) or change ``point``; text is kept in NFC."""
    _require(actor, draft.owner_unit)
    values = {k: _clean(fields.get(k, "")) for k in POINT_FIELDS}
    errors = _point_errors(draft, values, point)
    if point is None and draft.points.count() >= MAX_POINTS:
        errors.setdefault("", []).append(
            f"Một gói có tối đa {MAX_POINTS} điểm. / A pack holds at most {MAX_POINTS} points."
        )
    if errors:
        raise AuthoringError(errors)
    if point is None:
        taken = set(draft.points.values_list("point_id", flat=True))
        last = draft.points.aggregate(m=Max("position"))["m"] or 0
        point = DraftPoint(
            draft=draft, position=last + 1, point_id=point_id(values["title_vi"], taken)
        )
        before = None
        action = "pack.point_add"
    else:
        before = {k: getattr(point, k) for k in POINT_FIELDS}
        action = "pack.point_change"
    for k, v in values.items():
        setattr(point, k, v)
    point.save()
    draft.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=draft,
        before=before,
        after={"point": point.point_id, **values},
    )
    return point


def _renumber(draft: PackDraft, ordered: list[DraftPoint]) -> None:
    for index, p in enumerate(ordered, start=1):
        if p.position != index:
            p.position = index
    DraftPoint.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def point_move(*, actor: AbstractBaseUser, point: DraftPoint, delta: int) -> None:
    """Move ``point`` up (-1) or down (+1) in its draft."""
    draft = point.draft
    _require(actor, draft.owner_unit)
    ordered = list(draft.points.select_for_update())
    index = next(i for i, p in enumerate(ordered) if p.pk == point.pk)
    target = max(0, min(len(ordered) - 1, index + delta))
    ordered.insert(target, ordered.pop(index))
    _renumber(draft, ordered)
    audit_record(
        actor=actor,
        action="pack.point_move",
        obj=draft,
        before={"point": point.point_id, "position": index + 1},
        after={"point": point.point_id, "position": target + 1},
    )


@transaction.atomic
def point_delete(*, actor: AbstractBaseUser, point: DraftPoint) -> None:
    draft = point.draft
    _require(actor, draft.owner_unit)
    before = {"point": point.point_id, "title_vi": point.title_vi}
    point.delete()
    _renumber(draft, list(draft.points.all()))
    audit_record(actor=actor, action="pack.point_delete", obj=draft, before=before)


@transaction.atomic
def source_add(
    *,
    actor: AbstractBaseUser,
    draft: PackDraft,
    kind: str,
    issuer: str,
    title: str,
    number: str = "",
    date: dt.date | None = None,
    url: str = "",
) -> None:
    """Add a document the content comes from (number, issuer, date, link)."""
    _require(actor, draft.owner_unit)
    values = {
        "kind": _clean(kind),
        "issuer": _clean(issuer),
        "title": _clean(title),
        "number": _clean(number),
        "url": _clean(url),
    }
    errors: dict[str, list[str]] = {}
    for name in ("kind", "issuer", "title"):
        if not values[name]:
            errors[name] = ["Bắt buộc. / Required."]
    for name, value in values.items():
        _check_text(errors, name, value, limit=500)
    if values["url"] and not re.match(r"^https?://[^\s<>\"]+$", values["url"]):
        errors["url"] = ["Đường link phải bắt đầu bằng http:// hoặc https://. / Not a web link."]
    if errors:
        raise AuthoringError(errors)
    source: dict[str, Any] = {k: v for k, v in values.items() if v}
    source["date"] = date.isoformat() if date else None
    draft.sources = [*draft.sources, source]
    draft.save()
    audit_record(actor=actor, action="pack.source_add", obj=draft, after=source)


@transaction.atomic
def source_remove(*, actor: AbstractBaseUser, draft: PackDraft, index: int) -> None:
    _require(actor, draft.owner_unit)
    if not 0 <= index < len(draft.sources):
        return
    removed = draft.sources[index]
    draft.sources = [s for i, s in enumerate(draft.sources) if i != index]
    draft.save()
    audit_record(actor=actor, action="pack.source_remove", obj=draft, before=removed)


@transaction.atomic
def draft_import(
    *, actor: AbstractBaseUser, unit: Unit, imported: ImportedDraft, pack_id: str, title_vi: str
) -> PackDraft:
    """A new draft holding the points read by :func:`lantoa.core.packs.importer.pack_import`
    (fields it could not fill are left empty for the author)."""
    kind = imported.data.get("kind", "key_points")
    if kind not in SITE_KINDS:
        kind = "key_points"
    draft = draft_create(actor=actor, unit=unit, kind=kind, pack_id=pack_id, title_vi=title_vi)
    DraftPoint.objects.bulk_create(
        DraftPoint(
            draft=draft,
            position=index,
            point_id=p["id"],
            title_vi=p["title"]["vi"][:MAX_TITLE],
            text_vi=p.get("text", {}).get("vi", ""),
            short_vi=p.get("short", {}).get("vi", ""),
            keywords_vi=", ".join(p.get("keywords", {}).get("vi", [])),
        )
        for index, p in enumerate(imported.points, start=1)
    )
    audit_record(
        actor=actor,
        action="pack.draft_import",
        obj=draft,
        after={**_summary(draft), "points": len(imported.points), "source": imported.source},
    )
    return draft


# --- checking, diff and publishing -----------------------------------------------------


def _localized(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en} if en else {"vi": vi}


def _words(text: str) -> list[str]:
    return [w.strip() for w in re.split(r"[,;\n]", text) if w.strip()]


def draft_data(draft: PackDraft, version: str = "0.0.0") -> dict[str, Any]:
    """The draft as schema-2 pack data (what publishing would freeze)."""
    points = []
    for number, p in enumerate(draft.points.all(), start=1):
        point: dict[str, Any] = {
            "number": number,
            "id": p.point_id,
            "title": _localized(p.title_vi, p.title_en),
            "text": _localized(p.text_vi, p.text_en),
            "short": _localized(p.short_vi, p.short_en),
            "keywords": {"vi": _words(p.keywords_vi), "en": _words(p.keywords_en)},
        }
        points.append(point)
    return {
        "schema": 2,
        "id": draft.pack_id,
        "kind": draft.kind,
        "version": version,
        "language": "vi",
        "count": len(points),
        "title": _localized(draft.title_vi, draft.title_en),
        "summary": _localized(draft.summary_vi or draft.title_vi, draft.summary_en),
        "sources": draft.sources,
        "points": points,
    }


@dataclass(frozen=True, slots=True)
class Problem:
    point: int | None  # the point's position, or None for the pack
    field: str
    message: str


_FIELD = re.compile(r"^points\[(\d+)\]\.?(.*)$")


def draft_check(draft: PackDraft, version: str = "0.0.0") -> tuple[Pack | None, list[Problem]]:
    """Validate the draft as ``lantoa pack validate`` would; problems name point and field."""
    data = draft_data(draft, version)
    problems: list[Problem] = []
    if not data["points"]:
        problems.append(Problem(None, "points", "Gói chưa có điểm nào. / The pack has no points."))
        return None, problems
    try:
        pack = parse_pack(pack_to_yaml(data), name=draft.pack_id)
    except PackError as exc:
        for p in exc.problems:
            m = _FIELD.match(p.field)
            if m:
                problems.append(Problem(int(m.group(1)) + 1, m.group(2), p.message))
            else:
                problems.append(Problem(None, p.field, p.message))
        return None, problems
    return pack, problems


@dataclass(frozen=True, slots=True)
class Change:
    what: str  # "added" | "removed" | "changed" | "moved"
    point_id: str
    title: str
    fields: tuple[str, ...] = ()
    before: int | None = None
    after: int | None = None


def draft_diff(draft: PackDraft) -> list[Change]:
    """What publishing changes against the version the draft continues, by point id."""
    new = draft_data(draft)["points"]
    old = pack_from_data(draft.base.data).points if draft.base else []
    old_by_id = {p.id: p for p in old}
    changes: list[Change] = []
    new_ids = {p["id"] for p in new}
    for p in new:
        before = old_by_id.get(p["id"])
        if before is None:
            changes.append(Change("added", p["id"], p["title"]["vi"], after=p["number"]))
            continue
        was: dict[str, Any] = {
            "title": before.title.model_dump(exclude_none=True),
            "text": before.text.model_dump(exclude_none=True) if before.text else None,
            "short": before.short.model_dump(exclude_none=True) if before.short else None,
            "keywords": before.keywords.model_dump(),
        }
        fields = tuple(k for k in ("title", "text", "short", "keywords") if was[k] != p[k])
        if fields:
            changes.append(Change("changed", p["id"], p["title"]["vi"], fields))
        if before.number != p["number"]:
            changes.append(
                Change("moved", p["id"], p["title"]["vi"], before=before.number, after=p["number"])
            )
    for p in old:
        if p.id not in new_ids:
            changes.append(Change("removed", p.id, p.title.vi, before=p.number))
    return changes


def _semver(text: str) -> tuple[int, int, int] | None:
    m = SEMVER.match(text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def next_version(draft: PackDraft) -> str:
    """The version to suggest: 1.0.0 for a new pack; the next minor version otherwise (the
    next major when points were removed)."""
    if draft.base is None:
        return "1.0.0"
    current = _semver(draft.base.version) or (1, 0, 0)
    if any(c.what == "removed" for c in draft_diff(draft)):
        return f"{current[0] + 1}.0.0"
    return f"{current[0]}.{current[1] + 1}.0"


@transaction.atomic
def draft_publish(*, actor: AbstractBaseUser, draft: PackDraft, version: str) -> PackVersion:
    """Freeze the draft as ``version`` of its pack; nothing is published from an invalid
    draft. The draft is deleted: the version is what campaigns use from now on."""
    _require(actor, draft.owner_unit)
    version = _clean(version)
    parsed = _semver(version)
    if parsed is None:
        raise AuthoringError(
            {"version": ["Phiên bản có dạng 1.2.0. / A version looks like 1.2.0."]}
        )
    published = [
        _semver(v)
        for v in PackVersion.objects.filter(pack_id=draft.pack_id).values_list("version", flat=True)
    ]
    newest = max((v for v in published if v is not None), default=None)
    if newest is not None and parsed <= newest:
        latest = ".".join(map(str, newest))
        raise AuthoringError(
            {
                "version": [
                    f"Phải mới hơn phiên bản đã xuất bản {latest}. / "
                    f"Must be newer than the published {latest}."
                ]
            }
        )
    if _pack_id_taken(draft.pack_id, draft.owner_unit, draft):
        raise AuthoringError({"": ["Mã gói này đã được dùng. / This pack id is already used."]})
    pack, problems = draft_check(draft, version)
    if pack is None:
        raise AuthoringError(
            {"": [f"Bản nháp còn {len(problems)} lỗi. / The draft has {len(problems)} problems."]}
        )
    changes = draft_diff(draft)
    row, _created = pack_install(pack=pack, actor=actor, owner_unit=draft.owner_unit)
    audit_record(
        actor=actor,
        action="pack.publish",
        obj=row,
        after={
            "pack_id": pack.id,
            "version": version,
            "unit": draft.owner_unit.code,
            "changes": [(c.what, c.point_id) for c in changes],
        },
    )
    draft.delete()
    return row
