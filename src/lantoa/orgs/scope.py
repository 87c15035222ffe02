"""The one place that decides which units a user may see and act on.

A role applies to its unit and everything below it (as in Kolibri). Every read of
unit-owned data goes through :func:`scope_queryset`, so a view cannot forget it.
Superusers see the whole tree.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from lantoa.orgs.models import ROLE_RANK, Membership, Role, Unit

M = TypeVar("M", bound=Model)
AnyUser = AbstractBaseUser | AnonymousUser


def _memberships(user: AnyUser) -> list[tuple[str, str]]:
    """(unit path, role) of the user's memberships, cached on the user object per request."""
    if not user.is_authenticated:
        return []
    cached: list[tuple[str, str]] | None = getattr(user, "_lantoa_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).values_list("unit__path", "role").order_by()
        )
        user._lantoa_memberships = cached  # type: ignore[union-attr]
    return cached


def _top_paths(paths: list[str]) -> list[str]:
    """Drop paths already covered by an ancestor path in the list."""
    tops: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    return tops


def visible_paths(user: AnyUser, *, minimum: Role = Role.VIEWER) -> list[str] | None:
    """The subtree roots a user reaches with at least ``minimum``; ``None`` means everything."""
    if user.is_authenticated and getattr(user, "is_superuser", False):
        return None
    need = ROLE_RANK[minimum]
    return _top_paths([p for p, role in _memberships(user) if ROLE_RANK[Role(role)] >= need])


def scope_q(user: AnyUser, *, unit_field: str = "", minimum: Role = Role.VIEWER) -> Q:
    """A filter on ``<unit_field>__path`` keeping only rows in the user's subtrees."""
    paths = visible_paths(user, minimum=minimum)
    if paths is None:
        # Not ``Q()``: an empty Q is dropped from an OR (``Q(a) | Q()`` is ``Q(a)``), which hid
        # every campaign a superuser was not assigned to. "NOT pk IN ()" matches every row.
        return ~Q(pk__in=[])
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{lookup: path})
    return q


def scope_queryset(
    user: AnyUser, queryset: QuerySet[M], *, unit_field: str = "", minimum: Role = Role.VIEWER
) -> QuerySet[M]:
    """``queryset`` restricted to the user's subtrees (``unit_field`` names the unit FK)."""
    return queryset.filter(scope_q(user, unit_field=unit_field, minimum=minimum))


def role_on(user: AnyUser, unit: Unit) -> Role | None:
    """The strongest role the user holds on ``unit`` (through it or an ancestor)."""
    if user.is_authenticated and getattr(user, "is_superuser", False):
        return Role.ADMIN
    best: Role | None = None
    for path, role in _memberships(user):
        if unit.path.startswith(path):
            candidate = Role(role)
            if best is None or ROLE_RANK[candidate] > ROLE_RANK[best]:
                best = candidate
    return best


def can(user: AnyUser, unit: Unit, minimum: Role) -> bool:
    role = role_on(user, unit)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def forget_cached_memberships(user: Any) -> None:
    if hasattr(user, "_lantoa_memberships"):
        del user._lantoa_memberships
