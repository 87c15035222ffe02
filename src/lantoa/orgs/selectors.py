"""Read the organisation tree, always through the caller's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from lantoa.orgs.models import Membership, Unit
from lantoa.orgs.scope import AnyUser, scope_queryset, visible_paths


class UnitNotVisibleError(LookupError):
    """The unit does not exist or is outside the caller's subtree (the same answer for both)."""


def unit_get_visible(*, user: AnyUser, code: str) -> Unit:
    unit = scope_queryset(user, Unit.objects.select_related("parent", "merged_into")).filter(
        code=code
    )
    found = unit.first()
    if found is None:
        raise UnitNotVisibleError(code)
    return found


def unit_list_roots_for(*, user: AnyUser) -> list[Unit]:
    """The top units a user sees: their membership units, or the tree's roots for superusers."""
    paths = visible_paths(user)
    if paths is None:
        rows = Unit.objects.filter(parent__isnull=True)
    else:
        rows = Unit.objects.filter(path__in=paths)
    return list(_with_child_counts(rows).order_by("name"))


def user_home_unit(*, user: AnyUser) -> Unit | None:
    """The highest unit the user is a member of (the first of their memberships by depth)."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user=user).select_related("unit").order_by("unit__depth").first()
    )
    return membership.unit if membership else None


def unit_list_children(*, parent: Unit) -> QuerySet[Unit]:
    return _with_child_counts(Unit.objects.filter(parent=parent)).order_by(
        "merged_into", "valid_until", "name"
    )


def _with_child_counts(rows: QuerySet[Unit]) -> QuerySet[Unit]:
    return rows.annotate(
        child_count=Count("children", filter=Q(children__merged_into__isnull=True))
    )


def unit_ancestors(unit: Unit) -> list[Unit]:
    ids = unit.ancestor_ids()[:-1]
    by_id = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and everything below it."""
    return Unit.objects.filter(path__startswith=unit.path)


def unit_subtree_count(unit: Unit) -> int:
    return unit_subtree(unit).count()
