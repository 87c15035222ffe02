"""Pages of the organisation tree: browse one level at a time, a unit's page and history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lantoa.audit.selectors import audit_list_for
from lantoa.core.text import sort_key
from lantoa.orgs import selectors
from lantoa.orgs.models import Role
from lantoa.orgs.scope import can, role_on

HISTORY_LIMIT = 50


@login_required
@require_GET
def unit_index(request: HttpRequest) -> HttpResponse:
    roots = sorted(selectors.unit_list_roots_for(user=request.user), key=lambda u: sort_key(u.name))
    return render(request, "orgs/index.html", {"roots": roots})


@login_required
@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        unit = selectors.unit_get_visible(user=request.user, code=code)
    except selectors.UnitNotVisibleError:
        raise Http404 from None
    children = sorted(selectors.unit_list_children(parent=unit), key=lambda u: sort_key(u.name))
    context = {
        "unit": unit,
        "ancestors": [
            a for a in selectors.unit_ancestors(unit) if role_on(request.user, a) is not None
        ],
        "children": children,
        "role": role_on(request.user, unit),
        "is_admin": can(request.user, unit, Role.ADMIN),
        "history": audit_list_for(unit)[:HISTORY_LIMIT]
        if can(request.user, unit, Role.ADMIN)
        else [],
    }
    return render(request, "orgs/detail.html", context)


@require_GET
def unit_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The import template, in Excel or CSV."""
    from lantoa.orgs.files import template_csv, template_xlsx

    if fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lantoa-don-vi.{fmt}"'
    return response
