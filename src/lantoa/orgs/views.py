"""Pages of the organisation tree: browse one level at a time, a unit's page and history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.audit.selectors import audit_list_for
from lantoa.core.text import sort_key
from lantoa.orgs import selectors, services
from lantoa.orgs.forms import SignUpForm
from lantoa.orgs.models import Invitation, Role
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
        "roles": Role.choices,
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


@login_required
@require_POST
def invitation_new(request: HttpRequest, code: str) -> HttpResponse:
    """A unit admin creates an invitation link for a role in the unit."""
    try:
        unit = selectors.unit_get_visible(user=request.user, code=code)
    except selectors.UnitNotVisibleError:
        raise Http404 from None
    if not can(request.user, unit, Role.ADMIN):
        raise Http404
    role = request.POST.get("role", Role.VIEWER)
    if role not in Role.values:
        role = Role.VIEWER
    invitation = services.invitation_create(actor=request.user, unit=unit, role=Role(role))
    link = request.build_absolute_uri(reverse("invitation_accept", args=[invitation.token]))
    messages.success(
        request,
        _("Invitation link for %(role)s, valid until %(date)s: %(link)s")
        % {
            "role": Role(role).label,
            "date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
            "link": link,
        },
    )
    return redirect("unit_detail", code=unit.code)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join a unit through its invitation link, signing up first when needed."""
    invitation = Invitation.objects.select_related("unit").filter(token=token).first()
    if invitation is None:
        return render(request, "orgs/invitation_invalid.html", status=404)
    form = None
    if request.method == "POST":
        if request.user.is_authenticated:
            user = request.user
        else:
            form = SignUpForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "orgs/invitation.html", {"invitation": invitation, "form": form}
                )
            user = form.save()
        try:
            services.invitation_accept(token=token, user=user)
        except services.InvitationInvalidError as exc:
            return render(request, "orgs/invitation_invalid.html", {"reason": str(exc)}, status=410)
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("You have joined %(unit)s.") % {"unit": invitation.unit})
        return redirect("unit_detail", code=invitation.unit.code)
    if not request.user.is_authenticated:
        form = SignUpForm()
    return render(request, "orgs/invitation.html", {"invitation": invitation, "form": form})


MAX_IMPORT_BYTES = 5 * 1024 * 1024


@login_required
@require_POST
def unit_import(request: HttpRequest, code: str) -> HttpResponse:
    """A unit admin imports sub-units (schools, stations, teams…) from CSV or Excel."""
    from lantoa.orgs.files import read_units

    try:
        unit = selectors.unit_get_visible(user=request.user, code=code)
    except selectors.UnitNotVisibleError:
        raise Http404 from None
    if not can(request.user, unit, Role.ADMIN):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or Excel file to import."))
        return redirect("unit_detail", code=code)
    if upload.size > MAX_IMPORT_BYTES:
        messages.error(request, _("The file is larger than %(mb)d MB.") % {"mb": 5})
        return redirect("unit_detail", code=code)
    try:
        rows = read_units(upload.read(), upload.name or "units.csv")
        rows = [r if r.parent_code else _with_parent(r, unit.code) for r in rows]
        services.units_import_within(actor=request.user, root=unit, rows=rows, source=upload.name)
    except services.OrgError as exc:
        problems = getattr(exc, "problems", [str(exc)])
        messages.error(
            request,
            _("Nothing was imported: %(problems)s") % {"problems": "; ".join(problems[:10])},
        )
        return redirect("unit_detail", code=code)
    messages.success(request, _("Imported %(n)d units.") % {"n": len(rows)})
    return redirect("unit_detail", code=code)


def _with_parent(row: services.UnitRow, parent_code: str) -> services.UnitRow:
    from dataclasses import replace

    return replace(row, parent_code=parent_code)
