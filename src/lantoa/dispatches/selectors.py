"""Reads for saved dispatches."""

from __future__ import annotations

from django.db.models import QuerySet

from lantoa.dispatches.models import SavedDispatch


def dispatch_list(*, limit: int = 50) -> QuerySet[SavedDispatch]:
    return SavedDispatch.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]


def dispatch_get(*, pk: int) -> SavedDispatch:
    return SavedDispatch.objects.select_related("created_by").get(pk=pk)


def dispatch_get_for(*, user: object, pk: int) -> SavedDispatch | None:
    """A saved dispatch its reader may open: the person who saved it (or a superuser).

    Saved dispatches carry no unit yet, so the saver is the only owner we know.
    """
    rows = SavedDispatch.objects.select_related("created_by").filter(pk=pk)
    if not getattr(user, "is_superuser", False):
        rows = rows.filter(created_by_id=getattr(user, "pk", None))
    return rows.first()
