"""An assignment's status, computed the same way in Python and in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, CharField, F, Q, Value, When

from lantoa.campaigns.models import AssignmentStatus


def assignment_status(assignment: Any, now: dt.datetime) -> AssignmentStatus:
    if assignment.reported_at is not None:
        if assignment.reported_at <= assignment.deadline:
            return AssignmentStatus.REPORTED_ON_TIME
        return AssignmentStatus.REPORTED_LATE
    if now > assignment.deadline:
        return AssignmentStatus.OVERDUE
    if assignment.started_at is not None:
        return AssignmentStatus.IN_PROGRESS
    if assignment.received_at is not None:
        return AssignmentStatus.RECEIVED
    return AssignmentStatus.NOT_RECEIVED


def status_expression(now: dt.datetime, prefix: str = "") -> Case:
    """A SQL expression giving the same status as :func:`assignment_status`."""

    def f(name: str) -> str:
        return prefix + name

    reported = Q(**{f("reported_at__isnull"): False})
    return Case(
        When(reported & Q(**{f("reported_at__lte"): F(f("deadline"))}), then=Value("on_time")),
        When(reported, then=Value("late")),
        When(Q(**{f("deadline__lt"): now}), then=Value("overdue")),
        When(Q(**{f("started_at__isnull"): False}), then=Value("in_progress")),
        When(Q(**{f("received_at__isnull"): False}), then=Value("received")),
        default=Value("not_received"),
        output_field=CharField(),
    )
