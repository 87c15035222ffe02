"""Reads for saved dispatches."""

from __future__ import annotations

from django.db.models import QuerySet

from lantoa.dispatches.models import SavedDispatch


def dispatch_list(*, limit: int = 50) -> QuerySet[SavedDispatch]:
    return SavedDispatch.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]


def dispatch_get(*, pk: int) -> SavedDispatch:
    return SavedDispatch.objects.select_related("created_by").get(pk=pk)
