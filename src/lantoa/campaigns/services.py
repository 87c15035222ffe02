"""Run the cascade: create, assign, acknowledge, forward, undo, report.

Each service checks the actor's role on the unit it changes (a role reaches the unit and
everything below it), is atomic, and writes an audit row. Messages are translated.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit.services import audit_record
from lantoa.campaigns.attachments import (
    MAX_FILES,
    AttachmentError,
    attachment_check,
    attachment_write,
)
from lantoa.campaigns.models import (
    Assignment,
    Attachment,
    Campaign,
    Channel,
    NoticeKind,
    Reminder,
    Report,
)
from lantoa.campaigns.notices import notice_send
from lantoa.content.models import PackVersion
from lantoa.core.text import nfc, normalize_whitespace
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import can

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MAX_PUBLICATIONS = 200
MAX_MEETINGS = 200
MAX_TEXT = 200_000


class CascadeError(ValueError):
    """The change is not allowed; the message says why, in the user's language."""


def deadline_end_of_day(day: dt.date) -> dt.datetime:
    """'Before 25/03' means the end of 25/03 in Vietnam, stored in UTC."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=VIETNAM)
    return local.astimezone(dt.UTC)


def _require(actor: AbstractBaseUser, unit: Unit, role: Role) -> None:
    if not can(actor, unit, role):
        raise CascadeError(_("You do not have the right to do this for %(unit)s.") % {"unit": unit})


def _below(unit: Unit, ancestor: Unit) -> bool:
    return unit.path.startswith(ancestor.path) and unit.pk != ancestor.pk


@transaction.atomic
def campaign_create(
    *,
    actor: AbstractBaseUser,
    title: str,
    pack: PackVersion,
    issuer: Unit,
    dispatch_number: str = "",
    dispatch_date: dt.date | None = None,
    summary: str = "",
    source_dispatch: Any = None,
) -> Campaign:
    _require(actor, issuer, Role.FOCAL_POINT)
    title = normalize_whitespace(nfc(title))
    if not title:
        raise CascadeError(_("A campaign needs a title."))
    campaign = Campaign.objects.create(
        title=title,
        pack=pack,
        issuer=issuer,
        dispatch_number=normalize_whitespace(nfc(dispatch_number)),
        dispatch_date=dispatch_date,
        summary=nfc(summary).strip(),
        source_dispatch=source_dispatch,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        after={"title": title, "issuer": issuer.code, "pack": str(pack)},
    )
    return campaign


def _create_assignments(
    *,
    actor: AbstractBaseUser,
    campaign: Campaign,
    parent: Assignment | None,
    under: Unit,
    units: Sequence[Unit],
    deadline: dt.datetime,
    task: str,
) -> list[Assignment]:
    if not units:
        raise CascadeError(_("Choose at least one unit."))
    outside = [u.name for u in units if not _below(u, under)]
    if outside:
        raise CascadeError(
            _("These units are not under %(unit)s: %(names)s")
            % {"unit": under, "names": ", ".join(outside)}
        )
    taken = set(
        Assignment.objects.filter(campaign=campaign, unit__in=units).values_list(
            "unit__name", flat=True
        )
    )
    if taken:
        raise CascadeError(
            _("Already assigned in this campaign: %(names)s") % {"names": ", ".join(sorted(taken))}
        )
    created = Assignment.objects.bulk_create(
        [
            Assignment(
                campaign=campaign,
                unit=u,
                parent=parent,
                task=nfc(task).strip(),
                deadline=deadline,
                assigned_by=actor,
            )
            for u in units
        ]
    )
    return created


@transaction.atomic
def campaign_assign(
    *,
    actor: AbstractBaseUser,
    campaign: Campaign,
    units: Sequence[Unit],
    deadline: dt.date,
    task: str = "",
) -> list[Assignment]:
    """The issuer's first assignments, to units below it."""
    _require(actor, campaign.issuer, Role.FOCAL_POINT)
    created = _create_assignments(
        actor=actor,
        campaign=campaign,
        parent=None,
        under=campaign.issuer,
        units=units,
        deadline=deadline_end_of_day(deadline),
        task=task,
    )
    audit_record(
        actor=actor,
        action="campaign.assign",
        obj=campaign,
        after={"units": [u.code for u in units], "deadline": deadline.isoformat()},
    )
    return created


@transaction.atomic
def assignment_acknowledge(*, actor: AbstractBaseUser, assignment: Assignment) -> Assignment:
    _require(actor, assignment.unit, Role.FOCAL_POINT)
    if assignment.received_at is None:
        assignment.received_at = timezone.now()
        assignment.save(update_fields=["received_at"])
        audit_record(actor=actor, action="assignment.acknowledge", obj=assignment)
    return assignment


@transaction.atomic
def assignment_forward(
    *,
    actor: AbstractBaseUser,
    assignment: Assignment,
    units: Sequence[Unit],
    deadline: dt.date,
    task: str = "",
) -> list[Assignment]:
    """Pass the assignment to units below, with a deadline no later than the unit's own."""
    _require(actor, assignment.unit, Role.FOCAL_POINT)
    new_deadline = deadline_end_of_day(deadline)
    if new_deadline > assignment.deadline:
        own = assignment.deadline.astimezone(VIETNAM).strftime("%d/%m/%Y")
        raise CascadeError(
            _("The deadline cannot be later than your own deadline (%(date)s).") % {"date": own}
        )
    created = _create_assignments(
        actor=actor,
        campaign=assignment.campaign,
        parent=assignment,
        under=assignment.unit,
        units=units,
        deadline=new_deadline,
        task=task or assignment.task,
    )
    now = timezone.now()
    assignment.received_at = assignment.received_at or now
    assignment.started_at = assignment.started_at or now
    assignment.save(update_fields=["received_at", "started_at"])
    audit_record(
        actor=actor,
        action="assignment.forward",
        obj=assignment,
        after={"units": [u.code for u in units], "deadline": deadline.isoformat()},
    )
    return created


@transaction.atomic
def assignment_unforward(*, actor: AbstractBaseUser, assignment: Assignment) -> None:
    """Withdraw an assignment, until its unit has acted on it.

    A forwarded assignment is withdrawn by the unit that forwarded it, a first
    assignment by the campaign's issuer. The unit is told (a notice and an e-mail).
    """
    deciding = assignment.parent.unit if assignment.parent else assignment.campaign.issuer
    _require(actor, deciding, Role.FOCAL_POINT)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.received_at or locked.reported_at or locked.children.exists():
        raise CascadeError(
            _("%(unit)s has already acted on this assignment; it can no longer be withdrawn.")
            % {"unit": locked.unit}
        )
    audit_record(
        actor=actor,
        action="assignment.unforward",
        obj=locked.parent or locked.campaign,
        before={"unit": locked.unit.code, "deadline": locked.deadline.isoformat()},
    )
    notice_send(campaign=locked.campaign, units=[locked.unit], kind=NoticeKind.WITHDRAWN)
    locked.delete()


def _launched(campaign: Campaign) -> bool:
    """A campaign is launched once it is assigned to a unit."""
    return Assignment.objects.filter(campaign=campaign).exists()


@transaction.atomic
def campaign_update(
    *,
    actor: AbstractBaseUser,
    campaign: Campaign,
    title: str,
    pack: PackVersion,
    issuer: Unit,
    dispatch_number: str = "",
    dispatch_date: dt.date | None = None,
    summary: str = "",
    source_dispatch: Any = None,
) -> Campaign:
    """Correct a campaign until it is launched; afterwards only deadlines can move."""
    _require(actor, campaign.issuer, Role.FOCAL_POINT)
    _require(actor, issuer, Role.FOCAL_POINT)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if _launched(locked):
        raise CascadeError(
            _("This campaign is already assigned; it can no longer be changed, only extended.")
        )
    title = normalize_whitespace(nfc(title))
    if not title:
        raise CascadeError(_("A campaign needs a title."))
    fields = ["title", "pack", "issuer", "dispatch_number", "dispatch_date", "summary"]
    before = _campaign_snapshot(locked)
    locked.title = title
    locked.pack = pack
    locked.issuer = issuer
    locked.dispatch_number = normalize_whitespace(nfc(dispatch_number))
    locked.dispatch_date = dispatch_date
    locked.summary = nfc(summary).strip()
    if source_dispatch is not None:
        locked.source_dispatch = source_dispatch
        fields.append("source_dispatch")
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="campaign.update",
        obj=locked,
        before=before,
        after=_campaign_snapshot(locked),
    )
    return locked


def _campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        "title": campaign.title,
        "issuer": campaign.issuer.code,
        "pack": str(campaign.pack),
        "dispatch_number": campaign.dispatch_number,
        "dispatch_date": campaign.dispatch_date.isoformat() if campaign.dispatch_date else None,
        "summary": campaign.summary,
    }


@transaction.atomic
def campaign_delete(*, actor: AbstractBaseUser, campaign: Campaign) -> None:
    """Delete a campaign that was never assigned (a draft created by mistake)."""
    _require(actor, campaign.issuer, Role.FOCAL_POINT)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if _launched(locked):
        raise CascadeError(
            _("This campaign is already assigned; withdraw its assignments before deleting it.")
        )
    audit_record(
        actor=actor, action="campaign.delete", obj=locked, before=_campaign_snapshot(locked)
    )
    locked.delete()


@transaction.atomic
def assignment_extend(
    *, actor: AbstractBaseUser, assignment: Assignment, deadline: dt.date
) -> Assignment:
    """Give a unit more time: a later deadline, never past the deadline it came from.

    Decided by the unit that gave the assignment (the issuer for a first assignment);
    the unit is told, and its deadline reminders start again from the new date.
    """
    deciding = assignment.parent.unit if assignment.parent else assignment.campaign.issuer
    _require(actor, deciding, Role.FOCAL_POINT)
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign", "parent")
        .get(pk=assignment.pk)
    )
    new_deadline = deadline_end_of_day(deadline)
    current = locked.deadline.astimezone(VIETNAM).strftime("%d/%m/%Y")
    if new_deadline <= locked.deadline:
        raise CascadeError(
            _("The new deadline must be later than the current one (%(date)s).") % {"date": current}
        )
    if locked.parent is not None and new_deadline > locked.parent.deadline:
        own = locked.parent.deadline.astimezone(VIETNAM).strftime("%d/%m/%Y")
        raise CascadeError(
            _("The deadline cannot be later than your own deadline (%(date)s).") % {"date": own}
        )
    before = {"unit": locked.unit.code, "deadline": locked.deadline.isoformat()}
    locked.deadline = new_deadline
    locked.save(update_fields=["deadline"])
    Reminder.objects.filter(assignment=locked).delete()
    audit_record(
        actor=actor,
        action="assignment.extend",
        obj=locked,
        before=before,
        after={"unit": locked.unit.code, "deadline": new_deadline.isoformat()},
    )
    notice_send(
        campaign=locked.campaign,
        units=[locked.unit],
        kind=NoticeKind.EXTENDED,
        deadline=new_deadline,
    )
    return locked


@transaction.atomic
def campaign_extend(
    *, actor: AbstractBaseUser, campaign: Campaign, deadline: dt.date
) -> list[Assignment]:
    """Extend every unreported first assignment whose deadline is earlier than ``deadline``."""
    _require(actor, campaign.issuer, Role.FOCAL_POINT)
    new_deadline = deadline_end_of_day(deadline)
    if new_deadline <= timezone.now():
        raise CascadeError(_("The new deadline must be in the future."))
    rows = list(
        Assignment.objects.select_for_update()
        .filter(
            campaign=campaign,
            parent__isnull=True,
            reported_at__isnull=True,
            deadline__lt=new_deadline,
        )
        .select_related("unit")
    )
    if not rows:
        raise CascadeError(_("No unreported assignment has an earlier deadline."))
    Assignment.objects.filter(pk__in=[a.pk for a in rows]).update(deadline=new_deadline)
    Reminder.objects.filter(assignment__in=rows).delete()
    audit_record(
        actor=actor,
        action="campaign.extend",
        obj=campaign,
        before={a.unit.code: a.deadline.isoformat() for a in rows},
        after={"deadline": new_deadline.isoformat(), "units": [a.unit.code for a in rows]},
    )
    notice_send(
        campaign=campaign,
        units=[a.unit for a in rows],
        kind=NoticeKind.EXTENDED,
        deadline=new_deadline,
    )
    for a in rows:
        a.deadline = new_deadline
    return rows


def _verify_publications(publications: list[dict[str, Any]], pack_row: PackVersion) -> None:
    """Check each publication's text against the campaign's pack (in place)."""
    texts = [p for p in publications if p["text"].strip()]
    if not texts:
        return
    from lantoa.core.packs import pack_from_data
    from lantoa.core.verify import verify_text

    pack = pack_from_data(pack_row.data)
    for publication in texts:
        result = verify_text(publication["text"], pack)
        publication["verify"] = {
            "coverage": round(result.coverage, 4),
            "found": result.found,
            "count": result.count,
            "missing": result.by_status("missing"),
            "distorted": result.by_status("distorted"),
            "verdict": result.verdict_vi,
        }


def _clean_publications(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(items) > MAX_PUBLICATIONS:
        raise CascadeError(_("Too many publications (at most %(n)d).") % {"n": MAX_PUBLICATIONS})
    cleaned = []
    for index, item in enumerate(items, start=1):
        channel = str(item.get("channel", ""))
        if channel not in Channel.values:
            raise CascadeError(_("Publication %(n)d: unknown channel.") % {"n": index})
        url = normalize_whitespace(nfc(str(item.get("url", ""))))
        if url and not url.startswith(("http://", "https://")):
            raise CascadeError(
                _("Publication %(n)d: the address must start with http:// or https://.")
                % {"n": index}
            )
        text = nfc(str(item.get("text", "")))[:MAX_TEXT]
        date = item.get("date")
        cleaned.append(
            {
                "channel": channel,
                "url": url,
                "date": date.isoformat() if isinstance(date, dt.date) else (date or None),
                "text": text,
            }
        )
    return cleaned


def _clean_meetings(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(items) > MAX_MEETINGS:
        raise CascadeError(_("Too many meetings (at most %(n)d).") % {"n": MAX_MEETINGS})
    cleaned = []
    for index, item in enumerate(items, start=1):
        attendees = item.get("attendees", 0)
        if not isinstance(attendees, int) or attendees < 0:
            raise CascadeError(_("Meeting %(n)d: attendees must be a number.") % {"n": index})
        date = item.get("date")
        cleaned.append(
            {
                "date": date.isoformat() if isinstance(date, dt.date) else date,
                "attendees": attendees,
                "title": normalize_whitespace(nfc(str(item.get("title", ""))))[:255],
            }
        )
    return cleaned


@transaction.atomic
def report_submit(
    *,
    actor: AbstractBaseUser,
    assignment: Assignment,
    staff_count: int,
    staff_reached: int,
    meetings: Sequence[dict[str, Any]] = (),
    publications: Sequence[dict[str, Any]] = (),
    notes: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
) -> Report:
    """Submit (or amend) the unit's report; each submission is a new, kept version."""
    _require(actor, assignment.unit, Role.FOCAL_POINT)
    if staff_count < 0 or staff_reached < 0:
        raise CascadeError(_("Staff numbers cannot be negative."))
    if staff_reached > staff_count:
        raise CascadeError(_("Staff reached cannot exceed the staff count."))
    if len(attachments) > MAX_FILES:
        raise CascadeError(_("At most %(n)d files at a time.") % {"n": MAX_FILES})
    try:
        files = [attachment_check(name, data) for name, data in attachments]
    except AttachmentError as exc:
        raise CascadeError(str(exc)) from None
    locked = (
        Assignment.objects.select_for_update()
        .select_related("campaign__pack")
        .get(pk=assignment.pk)
    )
    now = timezone.now()
    version = locked.report_version + 1
    clean_publications = _clean_publications(publications)
    _verify_publications(clean_publications, locked.campaign.pack)
    checked = [p["verify"]["coverage"] for p in clean_publications if "verify" in p]
    report = Report.objects.create(
        assignment=locked,
        version=version,
        staff_count=staff_count,
        staff_reached=staff_reached,
        meetings=_clean_meetings(meetings),
        publications=clean_publications,
        notes=nfc(notes).strip()[:MAX_TEXT],
        submitted_at=now,
        submitted_by=actor,
    )
    for file in files:
        Attachment.objects.create(
            assignment=locked,
            report_version=version,
            name=file.name,
            stored=attachment_write(file),
            size=len(file.data),
            sha256=file.sha256,
            uploaded_by=actor,
        )
    before = {"version": locked.report_version, "staff_reached": locked.staff_reached}
    locked.report_version = version
    locked.staff_count = staff_count
    locked.staff_reached = staff_reached
    locked.publication_count = len(clean_publications)
    locked.publication_coverage = sum(checked) / len(checked) if checked else None
    locked.received_at = locked.received_at or now
    locked.started_at = locked.started_at or now
    locked.reported_at = locked.reported_at or now
    locked.save()
    audit_record(
        actor=actor,
        action="report.submit" if version == 1 else "report.amend",
        obj=locked,
        before=before if version > 1 else None,
        after={"version": version, "staff_count": staff_count, "staff_reached": staff_reached},
    )
    assignment.refresh_from_db()
    return report
