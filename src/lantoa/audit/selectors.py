"""Read the audit log."""

import datetime

from django.db import models
from django.db.models import QuerySet

from lantoa.audit.models import AuditEvent


def audit_list_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


def audit_recent(
    *, action: str, object_type: str, since: datetime.datetime, limit: int = 50
) -> list[AuditEvent]:
    """The latest rows of one action on one type of object since ``since``, newest first."""
    return list(
        AuditEvent.objects.filter(action=action, object_type=object_type, at__gte=since).order_by(
            "-at", "-id"
        )[:limit]
    )
