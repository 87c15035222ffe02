"""Change the organisation tree. Every change is atomic and writes an audit row."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from lantoa.audit.services import audit_record
from lantoa.core.adminunits import ROOT_CODE, AdminUnit
from lantoa.core.text import nfc, normalize_whitespace
from lantoa.orgs.models import PATH_STEP, ROLE_RANK, Invitation, Membership, Role, Unit, UnitKind
from lantoa.orgs.scope import forget_cached_memberships
from lantoa.orgs.signals import unit_moved


class OrgError(ValueError):
    """A change to the tree that cannot be made; the message says why (vi / en)."""


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP - 1}d}/"


def _clean(text: str) -> str:
    return normalize_whitespace(nfc(text))


def _snapshot(unit: Unit) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent else None,
        "merged_into": unit.merged_into.code if unit.merged_into else None,
    }


@transaction.atomic
def unit_create(
    *,
    actor: AbstractBaseUser | None,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    short_name: str = "",
    type_label: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Unit:
    if kind not in UnitKind.values:
        raise OrgError(f"loại đơn vị không hợp lệ / unknown unit kind: {kind!r}")
    unit = Unit(
        code=code.strip(),
        name=_clean(name),
        short_name=_clean(short_name),
        kind=kind,
        type_label=_clean(type_label),
        parent=parent,
        latitude=latitude,
        longitude=longitude,
        path="",
        depth=parent.depth + 1 if parent else 0,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "/") + _segment(unit.pk)
    unit.save(update_fields=["path"])
    audit_record(actor=actor, action="unit.create", obj=unit, after=_snapshot(unit))
    return unit


@transaction.atomic
def unit_rename(
    *, actor: AbstractBaseUser | None, unit: Unit, name: str, short_name: str | None = None
) -> Unit:
    before = _snapshot(unit)
    unit.name = _clean(name)
    if short_name is not None:
        unit.short_name = _clean(short_name)
    unit.full_clean(exclude=["path"])
    unit.save(update_fields=["name", "short_name", "updated_at"])
    audit_record(actor=actor, action="unit.rename", obj=unit, before=before, after=_snapshot(unit))
    return unit


def _move_subtree(unit: Unit, new_parent: Unit | None) -> None:
    old_path = unit.path
    new_path = (new_parent.path if new_parent else "/") + _segment(unit.pk)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    unit.refresh_from_db()
    unit_moved.send(sender=Unit, unit=unit, old_path=old_path)


@transaction.atomic
def unit_move(*, actor: AbstractBaseUser | None, unit: Unit, new_parent: Unit | None) -> Unit:
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise OrgError(
            "không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới / "
            "a unit cannot move under itself or its own sub-unit"
        )
    before = _snapshot(unit)
    unit.parent = new_parent
    unit.save(update_fields=["parent", "updated_at"])
    _move_subtree(unit, new_parent)
    audit_record(actor=actor, action="unit.move", obj=unit, before=before, after=_snapshot(unit))
    return unit


@transaction.atomic
def unit_merge(*, actor: AbstractBaseUser | None, absorbed: Unit, into: Unit) -> Unit:
    """Merge ``absorbed`` into ``into`` (as in the 2025 reorganisation).

    The absorbed unit keeps its rows and history and moves under ``into``, so everything
    attached to it — assignments, reports, learners — now counts in ``into``'s subtree.
    """
    if absorbed.pk == into.pk:
        raise OrgError("không thể sáp nhập đơn vị vào chính nó / a unit cannot merge into itself")
    if into.path.startswith(absorbed.path):
        raise OrgError(
            "không thể sáp nhập vào đơn vị cấp dưới của mình / "
            "a unit cannot merge into its own sub-unit"
        )
    if absorbed.merged_into_id is not None:
        raise OrgError(
            f"{absorbed.name} đã được sáp nhập / has already been merged into "
            f"{absorbed.merged_into}"
        )
    before = _snapshot(absorbed)
    absorbed.parent = into
    absorbed.merged_into = into
    absorbed.save(update_fields=["parent", "merged_into", "updated_at"])
    _move_subtree(absorbed, into)
    audit_record(
        actor=actor, action="unit.merge", obj=absorbed, before=before, after=_snapshot(absorbed)
    )
    audit_record(
        actor=actor,
        action="unit.absorb",
        obj=into,
        after={"absorbed": absorbed.code, "absorbed_name": absorbed.name},
    )
    return absorbed


# --- bulk import ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One unit to import; ``line`` is where it came from, for error messages."""

    code: str
    name: str
    kind: str
    parent_code: str | None
    short_name: str = ""
    type_label: str = ""
    latitude: float | None = None
    longitude: float | None = None
    valid_until: dt.date | None = None
    line: int = 0


def unit_rows_from_admin(
    units: Iterable[AdminUnit], *, valid_until: dt.date | None = None, with_root: bool = True
) -> list[UnitRow]:
    """Import rows for administrative units, under the country's root unit."""
    rows = [UnitRow(code=ROOT_CODE, name="Việt Nam", kind="country", parent_code=None)]
    rows = rows if with_root else []
    rows += [
        UnitRow(
            code=u.code,
            name=u.name,
            short_name=u.short_name,
            kind=u.kind,
            type_label=u.type_label,
            parent_code=u.parent_code,
            latitude=u.latitude,
            longitude=u.longitude,
            valid_until=valid_until,
        )
        for u in units
    ]
    return rows


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


class ImportProblemsError(OrgError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _check_rows(rows: Sequence[UnitRow], existing: dict[str, Unit]) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    codes_in_file = {r.code for r in rows}
    validator = Unit._meta.get_field("code").validators[0]
    for row in rows:
        where = f"dòng / line {row.line}" if row.line else row.code
        try:
            validator(row.code)
        except Exception:
            problems.append(f"{where}: mã không hợp lệ / invalid code {row.code!r}")
        if row.code in seen:
            problems.append(
                f"{where}: mã {row.code} trùng với dòng {seen[row.code]} / "
                f"duplicate code (also line {seen[row.code]})"
            )
        seen[row.code] = row.line
        if not row.name.strip():
            problems.append(f"{where}: thiếu tên / name is empty")
        if row.kind not in UnitKind.values:
            problems.append(f"{where}: loại không hợp lệ / unknown kind {row.kind!r}")
        if row.parent_code and row.parent_code not in codes_in_file | existing.keys():
            problems.append(
                f"{where}: không tìm thấy đơn vị cha / parent not found: {row.parent_code}"
            )
        if row.parent_code == row.code:
            problems.append(f"{where}: đơn vị là cha của chính nó / a unit is its own parent")
    return problems


def _ordered(rows: Sequence[UnitRow], existing: dict[str, Unit]) -> list[UnitRow]:
    """Parents before children; a cycle in the file is reported."""
    placed: set[str] = set(existing)
    out: list[UnitRow] = []
    pending = list(rows)
    while pending:
        progress = [r for r in pending if not r.parent_code or r.parent_code in placed]
        if not progress:
            codes = ", ".join(sorted(r.code for r in pending)[:10])
            raise ImportProblemsError([f"vòng lặp cha–con / parent cycle among: {codes}"])
        for r in progress:
            placed.add(r.code)
            out.append(r)
        keep = {r.code for r in progress}
        pending = [r for r in pending if r.code not in keep]
    return out


@transaction.atomic
def units_import(
    *, actor: AbstractBaseUser | None, rows: Iterable[UnitRow], source: str, batch: int = 2000
) -> ImportResult:
    """Create or update many units at once; all or nothing.

    Rows whose code exists are updated in place (name, kind, coordinates); a changed parent
    moves the unit. Parents may come earlier in the file or already be in the database.
    """
    items = [
        UnitRow(
            code=r.code.strip(),
            name=_clean(r.name),
            kind=r.kind.strip(),
            parent_code=(r.parent_code or "").strip() or None,
            short_name=_clean(r.short_name),
            type_label=_clean(r.type_label),
            latitude=r.latitude,
            longitude=r.longitude,
            valid_until=r.valid_until,
            line=r.line,
        )
        for r in rows
    ]
    codes = {r.code for r in items} | {r.parent_code for r in items if r.parent_code}
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    problems = _check_rows(items, existing)
    if problems:
        raise ImportProblemsError(problems)
    ordered = _ordered(items, existing)

    by_code = dict(existing)
    created = updated = unchanged = 0
    new_units: list[Unit] = []
    for row in ordered:
        unit = by_code.get(row.code)
        parent = by_code.get(row.parent_code) if row.parent_code else None
        if unit is None:
            unit = Unit(
                code=row.code,
                name=row.name,
                short_name=row.short_name,
                kind=row.kind,
                type_label=row.type_label,
                parent=parent,
                latitude=row.latitude,
                longitude=row.longitude,
                valid_until=row.valid_until,
                path="",
                depth=parent.depth + 1 if parent else 0,
            )
            new_units.append(unit)
            by_code[row.code] = unit
            continue
        fields = {
            "name": row.name,
            "short_name": row.short_name,
            "kind": row.kind,
            "type_label": row.type_label,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "valid_until": row.valid_until,
        }
        changed = {k: v for k, v in fields.items() if getattr(unit, k) != v}
        parent_changed = (unit.parent_id or None) != (parent.pk if parent else None)
        if not changed and not parent_changed:
            unchanged += 1
            continue
        before = _snapshot(unit)
        for key, value in changed.items():
            setattr(unit, key, value)
        unit.save(update_fields=[*changed, "updated_at"])
        if parent_changed:
            unit_move(actor=actor, unit=unit, new_parent=parent)
        audit_record(
            actor=actor, action="unit.import_update", obj=unit, before=before, after=_snapshot(unit)
        )
        updated += 1

    # New units: insert one generation at a time (parents are saved before their
    # children), in batches, then derive each path from the new ids.
    generation: dict[str, int] = {}
    waves: dict[int, list[Unit]] = {}
    for unit in new_units:
        level = generation.get(unit.parent.code, -1) + 1 if unit.parent is not None else 0
        generation[unit.code] = level
        waves.setdefault(level, []).append(unit)
    for level in sorted(waves):
        wave = waves[level]
        for start in range(0, len(wave), batch):
            chunk = wave[start : start + batch]
            for unit in chunk:
                unit.parent_id = unit.parent.pk if unit.parent is not None else None
            Unit.objects.bulk_create(chunk)
            for unit in chunk:
                parent_path = unit.parent.path if unit.parent is not None else "/"
                unit.path = parent_path + _segment(unit.pk)
            Unit.objects.bulk_update(chunk, ["path"])
            created += len(chunk)
    if new_units:
        # One audit row for the batch: who imported how many units from where.
        audit_record(
            actor=actor,
            action="unit.import",
            obj=new_units[0].parent or new_units[0],
            after={"source": source, "created": created, "updated": updated},
        )
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def units_import_within(
    *, actor: AbstractBaseUser, root: Unit, rows: Sequence[UnitRow], source: str
) -> ImportResult:
    """Import rows that all land inside ``root``'s subtree (a unit admin's import).

    Every parent must be ``root``, a unit below it, or a unit of the same file that itself
    lands inside; no existing unit outside the subtree may be touched.
    """
    codes = {r.code for r in rows}
    parents = {r.code: r.parent_code for r in rows}
    known = {
        u.code: u.path
        for u in Unit.objects.filter(code__in=codes | {p for p in parents.values() if p})
    }
    problems = []
    for row in rows:
        if row.code in known and not known[row.code].startswith(root.path):
            problems.append(f"{row.code}: đơn vị ngoài phạm vi / outside your units")
        code, seen = row.code, set()
        while True:
            parent = parents.get(code)
            if parent is None or parent in seen:
                problems.append(f"{row.code}: thiếu đơn vị cha / no parent inside your units")
                break
            seen.add(parent)
            if parent in known:
                if not known[parent].startswith(root.path):
                    problems.append(
                        f"{row.code}: đơn vị cha ngoài phạm vi / parent outside your units"
                    )
                break
            if parent not in parents:
                break  # reported by units_import as an unknown parent
            code = parent
    if problems:
        raise ImportProblemsError(problems)
    return units_import(actor=actor, rows=rows, source=source)


# --- people ----------------------------------------------------------------------------------


@transaction.atomic
def membership_grant(
    *, actor: AbstractBaseUser | None, user: AbstractBaseUser, unit: Unit, role: Role
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, defaults={"role": role}
    )
    before = None if created else {"role": membership.role}
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=unit,
        before=before,
        after={"user": user.get_username(), "role": str(role)},
    )
    forget_cached_memberships(user)
    return membership


@transaction.atomic
def invitation_create(
    *,
    actor: AbstractBaseUser,
    unit: Unit,
    role: Role,
    days: int = 14,
    max_uses: int = 50,
) -> Invitation:
    invitation = Invitation.objects.create(
        unit=unit,
        role=role,
        token=secrets.token_urlsafe(24),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days),
        max_uses=max_uses,
    )
    audit_record(
        actor=actor,
        action="invitation.create",
        obj=unit,
        after={"role": str(role), "expires_at": invitation.expires_at.isoformat()},
    )
    return invitation


class InvitationInvalidError(OrgError):
    pass


@transaction.atomic
def invitation_accept(*, token: str, user: AbstractBaseUser) -> Membership:
    invitation = Invitation.objects.select_for_update().select_related("unit").filter(token=token)
    found = invitation.first()
    if found is None or found.revoked:
        raise InvitationInvalidError("lời mời không hợp lệ / the invitation is not valid")
    if found.expires_at < timezone.now():
        raise InvitationInvalidError("lời mời đã hết hạn / the invitation has expired")
    if found.uses >= found.max_uses:
        raise InvitationInvalidError("lời mời đã hết lượt dùng / the invitation is used up")
    Invitation.objects.filter(pk=found.pk).update(uses=F("uses") + 1)
    current = Membership.objects.filter(user=user, unit=found.unit).first()
    if current is not None and ROLE_RANK[Role(current.role)] >= ROLE_RANK[Role(found.role)]:
        return current  # an invitation never lowers a role the person already has
    return membership_grant(actor=user, user=user, unit=found.unit, role=Role(found.role))
