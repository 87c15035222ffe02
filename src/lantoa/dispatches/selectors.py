"""Reads for saved dispatches, scoped to the reader's units."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lantoa.core.text import fold_key, nfc
from lantoa.dispatches.models import SavedDispatch
from lantoa.orgs.scope import AnyUser, scope_q


def dispatch_list(*, limit: int = 50) -> QuerySet[SavedDispatch]:
    return SavedDispatch.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]


def dispatch_get(*, pk: int) -> SavedDispatch:
    return SavedDispatch.objects.select_related("created_by").get(pk=pk)


def _readable(user: AnyUser) -> QuerySet[SavedDispatch]:
    """Dispatches saved for a unit of the user's subtrees, or saved by the user."""
    rows = SavedDispatch.objects.select_related("created_by", "unit")
    if getattr(user, "is_superuser", False):
        return rows
    return rows.filter(
        scope_q(user, unit_field="unit") | Q(created_by_id=getattr(user, "pk", None))
    )


def dispatch_list_for(*, user: AnyUser, query: str = "") -> QuerySet[SavedDispatch]:
    """The user's units' dispatches, newest first; ``query`` matches number, subject or
    issuer, with or without diacritics ("cds" finds "CĐS"), every word required."""
    rows = _readable(user)
    for word in fold_key(nfc(query)).split()[:8]:
        rows = rows.filter(search__contains=word)
    return rows.order_by("-date", "-created_at", "-id")


def dispatch_get_for(*, user: AnyUser, pk: int) -> SavedDispatch | None:
    """A saved dispatch its reader may open (see :func:`dispatch_list_for`)."""
    return _readable(user).filter(pk=pk).first()
