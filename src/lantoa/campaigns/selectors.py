"""Read campaigns and their progress, always within the caller's subtree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from lantoa.campaigns.models import (
    Assignment,
    AssignmentStatus,
    Campaign,
    CampaignStatus,
    Notice,
    Reminder,
    Report,
)
from lantoa.campaigns.status import status_expression
from lantoa.core.text import sort_key
from lantoa.orgs.models import PATH_STEP, Role, Unit
from lantoa.orgs.scope import AnyUser, scope_q, scope_queryset

REPORTED = ("on_time", "late")


def campaign_list_for(*, user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns issued in, or assigned to, the user's subtrees."""
    ids = scope_queryset(user, Assignment.objects.all(), unit_field="unit").values("campaign_id")
    return (
        Campaign.objects.filter(Q(pk__in=ids) | scope_q(user, unit_field="issuer"))
        .select_related("issuer", "pack")
        .distinct()
    )


def campaign_get_for(*, user: AnyUser, pk: int) -> Campaign | None:
    return campaign_list_for(user=user).filter(pk=pk).first()


def assignment_get(*, campaign: Campaign, unit: Unit) -> Assignment | None:
    return (
        Assignment.objects.filter(campaign=campaign, unit=unit)
        .select_related("unit", "parent__unit")
        .first()
    )


@dataclass
class Progress:
    """Progress of the assignments in one subtree."""

    unit: Unit
    assigned: int = 0
    reported: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_received: int = 0
    staff_count: int = 0
    staff_reached: int = 0
    publications: int = 0
    coverage_sum: float = 0.0
    coverage_n: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        """Not reported and not yet past the deadline."""
        return self.assigned - self.reported - self.overdue

    @property
    def reporting_rate(self) -> float:
        return self.reported / self.assigned if self.assigned else 0.0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.assigned if self.assigned else 0.0

    @property
    def publication_coverage(self) -> float | None:
        """Mean share of the pack's points found in the checked publications."""
        return self.coverage_sum / self.coverage_n if self.coverage_n else None

    @property
    def reach_rate(self) -> float:
        return self.staff_reached / self.staff_count if self.staff_count else 0.0


def progress_by_child(
    *, campaign: Campaign, unit: Unit, now: dt.datetime
) -> tuple[Progress, list[Progress]]:
    """The subtree of ``unit`` in total and per direct sub-unit, overdue-heavy first.

    One grouped query: each assignment below ``unit`` is counted under the direct child
    whose path prefixes its own.
    """
    child_prefix_len = len(unit.path) + PATH_STEP
    rows = (
        Assignment.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
        .exclude(unit=unit)
        .annotate(branch=Substr("unit__path", 1, child_prefix_len), state=status_expression(now))
        .values("branch", "state")
        .annotate(
            n=Count("id"),
            staff=Sum("staff_count"),
            reached=Sum("staff_reached"),
            pubs=Sum("publication_count"),
            coverage_sum=Sum("publication_coverage"),
            coverage_n=Count("publication_coverage"),
        )
        .order_by()
    )
    children = {c.path: c for c in Unit.objects.filter(parent=unit)}
    total = Progress(unit=unit)
    per: dict[str, Progress] = {}
    for row in rows:
        child = children.get(row["branch"])
        if child is None:
            continue
        progress = per.setdefault(child.path, Progress(unit=child))
        for target in (progress, total):
            n = row["n"]
            target.assigned += n
            target.statuses[row["state"]] = target.statuses.get(row["state"], 0) + n
            if row["state"] in REPORTED:
                target.reported += n
            if row["state"] == "on_time":
                target.on_time += n
            if row["state"] == "late":
                target.late += n
            if row["state"] == AssignmentStatus.OVERDUE:
                target.overdue += n
            if row["state"] == AssignmentStatus.NOT_RECEIVED:
                target.not_received += n
            target.staff_count += row["staff"] or 0
            target.staff_reached += row["reached"] or 0
            target.publications += row["pubs"] or 0
            target.coverage_sum += row["coverage_sum"] or 0.0
            target.coverage_n += row["coverage_n"] or 0
    ordered = sorted(
        per.values(), key=lambda p: (-p.overdue, p.reporting_rate, sort_key(p.unit.name))
    )
    return total, ordered


def direct_assignments(*, campaign: Campaign, parent: Assignment | None) -> list[Assignment]:
    """Assignments given by one assignment's unit (``parent=None``: by the issuer), in
    Vietnamese alphabetical order."""
    rows = Assignment.objects.filter(campaign=campaign, parent=parent).select_related("unit")
    return sorted(rows, key=lambda a: sort_key(a.unit.name))


def notice_list_for(*, user: AnyUser, limit: int = 20) -> list[Notice]:
    """Recent changes told to the units the user works for (deadlines moved, withdrawals)."""
    rows = scope_queryset(user, Notice.objects.all(), unit_field="unit", minimum=Role.FOCAL_POINT)
    return list(rows.select_related("unit", "campaign")[:limit])


def report_versions(*, assignment: Assignment) -> QuerySet[Report]:
    return Report.objects.filter(assignment=assignment).select_related("submitted_by")


def reminder_list_for(*, user: AnyUser, limit: int = 20) -> list[Reminder]:
    """Recent reminders for unreported assignments of the units the user works for."""
    rows = scope_queryset(
        user,
        Reminder.objects.filter(assignment__reported_at__isnull=True),
        unit_field="assignment__unit",
        minimum=Role.FOCAL_POINT,
    )
    return list(rows.select_related("assignment__unit", "assignment__campaign")[:limit])


def assignments_open_for_member(*, user: AnyUser, limit: int = 10) -> list[Assignment]:
    """Open assignments (active campaign, not yet reported) of the units the user is a
    member of, soonest deadline first — the study page shows them as the user's tasks."""
    if not user.is_authenticated:
        return []
    return list(
        Assignment.objects.filter(
            unit__memberships__user=user,
            campaign__status=CampaignStatus.ACTIVE,
            reported_at__isnull=True,
        )
        .select_related("campaign", "campaign__pack", "unit")
        .order_by("deadline")
        .distinct()[:limit]
    )
