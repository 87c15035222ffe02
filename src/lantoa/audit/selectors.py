"""Read the audit log."""

from django.db import models
from django.db.models import QuerySet

from lantoa.audit.models import AuditEvent


def audit_list_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
