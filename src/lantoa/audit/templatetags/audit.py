"""``{{ event|audit_sentence }}``: an audit row as a sentence in the page's language."""

from django import template

from lantoa.audit.models import AuditEvent
from lantoa.audit.sentences import audit_sentence as sentence

register = template.Library()


@register.filter
def audit_sentence(event: AuditEvent) -> str:
    return sentence(event)
