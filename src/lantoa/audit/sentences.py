"""An audit row as a sentence a user reads ("Cấp quyền quản trị đơn vị cho an"), never the
raw action code (``membership.grant``). Unknown codes fall back to a generic sentence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from lantoa.audit.models import AuditEvent


def _role(value: Any) -> str:
    from lantoa.orgs.models import Role

    try:
        return str(Role(value).label)
    except ValueError:
        return str(value or "")


def _date(value: Any) -> str:
    """An ISO date or datetime as dd/mm/yyyy (Vietnam time for datetimes)."""
    import datetime as dt
    import zoneinfo

    if not value:
        return ""
    text = str(value)
    try:
        if "T" in text:
            moment = dt.datetime.fromisoformat(text)
            if moment.tzinfo is not None:
                moment = moment.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
            return moment.strftime("%d/%m/%Y")
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _units(value: Any) -> str:
    if isinstance(value, list):
        shown = ", ".join(str(v) for v in value[:5])
        return shown + (f" … (+{len(value) - 5})" if len(value) > 5 else "")
    return str(value or "")


Sentence = Callable[[dict[str, Any], dict[str, Any]], str]

SENTENCES: dict[str, Sentence] = {
    "unit.create": lambda b, a: _("Unit created: %(name)s") % {"name": a.get("name", "")},
    "unit.rename": lambda b, a: (
        _("Renamed from “%(old)s” to “%(new)s”")
        % {"old": b.get("name", ""), "new": a.get("name", "")}
    ),
    "unit.move": lambda b, a: (
        _("Moved from %(old)s to %(new)s")
        % {"old": b.get("parent") or "—", "new": a.get("parent") or "—"}
    ),
    "unit.merge": lambda b, a: _("Merged into %(unit)s") % {"unit": a.get("merged_into") or "—"},
    "unit.absorb": lambda b, a: _("Absorbed %(name)s") % {"name": a.get("absorbed_name", "")},
    "unit.import": lambda b, a: (
        _("Units imported: %(created)s new, %(updated)s updated")
        % {"created": a.get("created", 0), "updated": a.get("updated", 0)}
    ),
    "unit.import_update": lambda b, a: _("Updated by an import"),
    "membership.grant": lambda b, a: (
        _("Role “%(role)s” given to %(user)s")
        % {"role": _role(a.get("role")), "user": a.get("user", "")}
    ),
    "invitation.create": lambda b, a: (
        _("Invitation link created (role “%(role)s”, valid until %(date)s)")
        % {"role": _role(a.get("role")), "date": _date(a.get("expires_at"))}
    ),
    "campaign.create": lambda b, a: (
        _("Campaign created: %(title)s") % {"title": a.get("title", "")}
    ),
    "campaign.update": lambda b, a: (
        _("Campaign changed: %(title)s") % {"title": a.get("title", "")}
    ),
    "campaign.delete": lambda b, a: (
        _("Campaign deleted: %(title)s") % {"title": b.get("title", "")}
    ),
    "campaign.assign": lambda b, a: (
        _("Assigned to %(units)s, deadline %(date)s")
        % {"units": _units(a.get("units")), "date": _date(a.get("deadline"))}
    ),
    "campaign.extend": lambda b, a: (
        _("Deadline extended to %(date)s for %(units)s")
        % {"units": _units(a.get("units")), "date": _date(a.get("deadline"))}
    ),
    "assignment.acknowledge": lambda b, a: _("Receipt acknowledged"),
    "assignment.forward": lambda b, a: (
        _("Forwarded to %(units)s, deadline %(date)s")
        % {"units": _units(a.get("units")), "date": _date(a.get("deadline"))}
    ),
    "assignment.unforward": lambda b, a: (
        _("Assignment withdrawn from %(unit)s") % {"unit": b.get("unit", "")}
    ),
    "assignment.extend": lambda b, a: (
        _("Deadline of %(unit)s extended from %(old)s to %(new)s")
        % {
            "unit": a.get("unit", ""),
            "old": _date(b.get("deadline")),
            "new": _date(a.get("deadline")),
        }
    ),
    "report.submit": lambda b, a: (
        _("Report submitted (version %(v)s)") % {"v": a.get("version", 1)}
    ),
    "report.amend": lambda b, a: _("Report amended (version %(v)s)") % {"v": a.get("version", "")},
    "dispatch.save": lambda b, a: _("Dispatch saved: %(code)s") % {"code": a.get("code") or "—"},
    "pack.install": lambda b, a: _("Content pack installed"),
    "learning.certificate_issue": lambda b, a: _("Certificate issued"),
    "learning.learner_erase": lambda b, a: _("A learner's data was erased"),
}


def audit_sentence(event: AuditEvent) -> str:
    """What happened, in the active language."""
    make = SENTENCES.get(event.action)
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if make is not None:
        try:
            return make(before, after)
        except (KeyError, TypeError, ValueError):
            pass
    return _("Change recorded: %(object)s") % {"object": event.object_repr}
