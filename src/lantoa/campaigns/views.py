"""Thin views over the cascade services and selectors."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.campaigns import selectors, services
from lantoa.campaigns.attachments import MAX_BYTES as MAX_ATTACHMENT_BYTES
from lantoa.campaigns.attachments import MAX_FILES, TYPES, stored_name
from lantoa.campaigns.forms import CampaignForm, ExtendForm, ForwardForm, ReportForm
from lantoa.campaigns.maps import WIDTH as MAP_WIDTH
from lantoa.campaigns.maps import progress_map
from lantoa.campaigns.models import Assignment, Attachment, Campaign, Channel
from lantoa.campaigns.status import assignment_status
from lantoa.content.models import PackVersion
from lantoa.core.text import fold_key, sort_key
from lantoa.learning.rollup import tallies_freshness
from lantoa.learning.selectors import (
    unit_join_bursts,
    unit_learning_summary,
    unit_staff_reached,
    units_learning,
)
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import can, scope_queryset, visible_paths
from lantoa.orgs.selectors import UnitNotVisibleError, unit_get_visible
from lantoa.site.context import page_lang
from lantoa.stories.selectors import story_counts


def _campaign_or_404(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get_for(user=request.user, pk=pk)
    if campaign is None:
        raise Http404
    return campaign


def _unit_or_404(request: HttpRequest, code: str) -> Unit:
    try:
        return unit_get_visible(user=request.user, code=code)
    except UnitNotVisibleError:
        raise Http404 from None


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaign_list_for(user=request.user))
    reminders = selectors.reminder_list_for(user=request.user)
    notices = selectors.notice_list_for(user=request.user)
    can_create = bool(_issuer_choices(request).exists())
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": campaigns,
            "can_create": can_create,
            "reminders": reminders,
            "notices": notices,
        },
    )


def _issuer_choices(request: HttpRequest):  # type: ignore[no-untyped-def]
    paths = visible_paths(request.user, minimum=Role.FOCAL_POINT)
    if paths is None:
        return Unit.objects.filter(depth__lte=1).order_by("depth", "name")
    return Unit.objects.filter(path__in=paths).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    issuers = _issuer_choices(request)
    source = _source_dispatch(
        request, request.GET.get("cong-van") or request.POST.get("source_dispatch")
    )
    initial: dict[str, Any] = {"pack": _default_pack(), "issuer": _default_issuer(issuers, source)}
    if source is not None:
        subject = source.subject.strip()
        initial.update(
            title=(subject[:1].upper() + subject[1:])[:255] if subject else str(source),
            dispatch_number=source.code,
            dispatch_date=source.date,
            source_dispatch=source.pk,
        )
    from lantoa.content.selectors import packs_visible_for

    form = CampaignForm(
        request.POST or None,
        issuers=issuers,
        packs=packs_visible_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields["source_dispatch"] = source
        try:
            campaign = services.campaign_create(actor=request.user, **fields)
        except services.CascadeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Campaign created. Now assign it to units."))
            return redirect("campaign_unit", pk=campaign.pk, code=campaign.issuer.code)
    return render(request, "campaigns/create.html", {"form": form, "source": source})


def _default_pack() -> PackVersion | None:
    """The only installed pack when there is one; otherwise the site's default pack."""
    versions = PackVersion.objects.order_by("-installed_at")
    if versions.count() == 1:
        return versions.first()
    return versions.filter(pack_id=settings.LANTOA_DEFAULT_PACK).first()


def _default_issuer(issuers, source):  # type: ignore[no-untyped-def]
    """The issuer a new campaign most likely has: the unit the dispatch was saved for, a
    unit whose name the dispatch's issuer line contains, or the user's only unit."""
    if source is not None:
        if source.unit_id and issuers.filter(pk=source.unit_id).exists():
            return source.unit
        line = fold_key(source.issuer)
        if line:
            named = [u for u in issuers[:500] if fold_key(u.name) and fold_key(u.name) in line]
            if named:
                return max(named, key=lambda u: (u.valid_until is None, u.depth, len(u.name)))
    return issuers.first() if issuers.count() == 1 else None


def _source_dispatch(request: HttpRequest, value: object):  # type: ignore[no-untyped-def]
    """The saved dispatch a campaign starts from, if the user may read it."""
    from lantoa.dispatches.selectors import dispatch_get_for

    try:
        pk = int(str(value))
    except (TypeError, ValueError):
        return None
    return dispatch_get_for(user=request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a campaign until it is assigned; afterwards, extend its deadlines."""
    campaign = _campaign_or_404(request, pk)
    if not can(request.user, campaign.issuer, Role.FOCAL_POINT):
        raise Http404
    launched = Assignment.objects.filter(campaign=campaign).exists()
    form = extend_form = None
    if not launched:
        initial = {
            "title": campaign.title,
            "issuer": campaign.issuer,
            "pack": campaign.pack,
            "dispatch_number": campaign.dispatch_number,
            "dispatch_date": campaign.dispatch_date,
            "summary": campaign.summary,
        }
        form = CampaignForm(request.POST or None, issuers=_issuer_choices(request), initial=initial)
        form.fields.pop("source_dispatch")
        if request.method == "POST" and form.is_valid():
            try:
                services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
            except services.CascadeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Campaign saved."))
                return redirect("campaign_detail", pk=pk)
    else:
        extend_form = ExtendForm(request.POST or None)
        if request.method == "POST" and extend_form.is_valid():
            try:
                rows = services.campaign_extend(
                    actor=request.user,
                    campaign=campaign,
                    deadline=extend_form.cleaned_data["deadline"],
                )
            except services.CascadeError as exc:
                extend_form.add_error("deadline", str(exc))
            else:
                messages.success(
                    request,
                    _("Deadline extended for %(n)d units; they were notified.") % {"n": len(rows)},
                )
                return redirect("campaign_detail", pk=pk)
    return render(
        request,
        "campaigns/edit.html",
        {"campaign": campaign, "form": form, "extend_form": extend_form, "launched": launched},
    )


@login_required
@require_POST
def campaign_delete(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    try:
        services.campaign_delete(actor=request.user, campaign=campaign)
    except services.CascadeError as exc:
        messages.error(request, str(exc))
        return redirect("campaign_edit", pk=pk)
    messages.success(request, _("Campaign deleted."))
    return redirect("campaign_list")


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the campaign at the highest unit the user may see in it."""
    campaign = _campaign_or_404(request, pk)
    if scope_queryset(request.user, Unit.objects.filter(pk=campaign.issuer_id)).exists():
        return redirect("campaign_unit", pk=pk, code=campaign.issuer.code)
    mine = (
        scope_queryset(
            request.user, Assignment.objects.filter(campaign=campaign), unit_field="unit"
        )
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )
    if mine is None:
        raise Http404
    return redirect("campaign_unit", pk=pk, code=mine.unit.code)


def _proposals(campaign: Campaign) -> list[Any]:
    """Assignees proposed from the campaign's source dispatch (none without one)."""
    from lantoa.campaigns.proposals import propose_assignments

    if campaign.source_dispatch is None:
        return []
    tasks = campaign.source_dispatch.data.get("tasks") or []
    return propose_assignments(tasks=tasks, issuer=campaign.issuer)


def _forward_candidates(unit: Unit, campaign: Campaign):  # type: ignore[no-untyped-def]
    taken = Assignment.objects.filter(campaign=campaign).values("unit_id")
    return Unit.objects.filter(parent=unit, merged_into__isnull=True).exclude(pk__in=taken)


@login_required
def campaign_unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A unit's view of a campaign: its assignment, its actions, its subtree's progress."""
    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    now = timezone.now()
    assignment = selectors.assignment_get(campaign=campaign, unit=unit)
    is_issuer = unit.pk == campaign.issuer_id
    if assignment is None and not is_issuer and not unit.path.startswith(campaign.issuer.path):
        raise Http404
    may_act = can(request.user, unit, Role.FOCAL_POINT)
    candidates = sorted(_forward_candidates(unit, campaign), key=lambda u: sort_key(u.name))
    proposals = _proposals(campaign) if is_issuer and may_act else []
    proposed = {u.pk: u for p in proposals for u in p.units}
    if proposed:
        taken = set(
            Assignment.objects.filter(campaign=campaign, unit_id__in=list(proposed)).values_list(
                "unit_id", flat=True
            )
        )
        proposed = {pk: u for pk, u in proposed.items() if pk not in taken}
    choices = {u.pk: u for u in candidates} | proposed
    forward_form = None
    if may_act and (assignment is not None or is_issuer) and choices:
        deadlines = [p.deadline for p in proposals if p.deadline]
        forward_form = ForwardForm(
            candidates=Unit.objects.filter(pk__in=list(choices)),
            initial={
                # Nothing ticked: the user chooses (the proposals are marked, one click away).
                "deadline": assignment.deadline if assignment else min(deadlines, default=None),
                "task": "\n".join(dict.fromkeys(p.action for p in proposals if p.action)),
            },
        )
    total, branches = selectors.progress_by_child(campaign=campaign, unit=unit, now=now)
    branch_learning = units_learning(
        units=[p.unit for p in branches], pack_id=campaign.pack.pack_id
    )
    dots, map_height = progress_map(branches)
    forwarded = (
        selectors.direct_assignments(campaign=campaign, parent=assignment)
        if assignment or is_issuer
        else []
    )
    context = {
        "campaign": campaign,
        "unit": unit,
        # The pack's learners below the unit, shown once the campaign reaches it: before
        # any assignment the figure would be other campaigns' learners, not this one's.
        "learning": unit_learning_summary(
            unit=unit,
            pack_id=campaign.pack.pack_id,
            lang=page_lang(),
        )
        if assignment is not None or total.assigned
        else None,
        "learning_freshness": tallies_freshness(),
        "join_bursts": unit_join_bursts(unit=unit) if can(request.user, unit, Role.ADMIN) else [],
        "assignment": assignment,
        "status": assignment_status(assignment, now) if assignment else None,
        "is_issuer": is_issuer,
        "may_act": may_act,
        "forward_form": forward_form,
        "forwarded": [(a, assignment_status(a, now)) for a in forwarded],
        "total": total,
        "branch_rows": [(p, branch_learning.get(p.unit.pk)) for p in branches],
        "branches": branches,
        "dots": dots,
        "map_height": map_height,
        "map_width": MAP_WIDTH,
        "parent_link": assignment.parent.unit if assignment and assignment.parent else None,
        "attachments": list(assignment.attachments.all()) if assignment else [],
        "latest_report": _with_channel_labels(
            selectors.report_versions(assignment=assignment).first()
            if assignment and assignment.report_version
            else None
        ),
        "proposed_ids": sorted(proposed),
        "extend_form": ExtendForm() if may_act else None,
        # Every assignment descends from one of the issuer's, so these say "launched".
        "launched": is_issuer and bool(forwarded),
        "proposals": [
            p for p in proposals if not p.units or any(u.pk in proposed for u in p.units)
        ],
        "story_counts": story_counts(unit),  # lantoa.stories: one indexed query
    }
    return render(request, "campaigns/unit.html", context)


def _with_channel_labels(report: Any) -> Any:
    """Each publication's channel as its label ("Facebook"), not its stored code."""
    if report is not None:
        labels = dict(Channel.choices)
        for pub in report.publications:
            pub["channel_label"] = labels.get(pub.get("channel"), pub.get("channel"))
    return report


def _assignment_or_404(request: HttpRequest, campaign: Campaign, unit: Unit) -> Assignment:
    assignment = selectors.assignment_get(campaign=campaign, unit=unit)
    if assignment is None:
        raise Http404
    return assignment


@login_required
@require_POST
def assignment_acknowledge(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    try:
        services.assignment_acknowledge(
            actor=request.user, assignment=_assignment_or_404(request, campaign, unit)
        )
        messages.success(request, _("Receipt acknowledged."))
    except services.CascadeError as exc:
        messages.error(request, str(exc))
    return redirect("campaign_unit", pk=pk, code=code)


@login_required
@require_POST
def assignment_forward(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    candidates = _forward_candidates(unit, campaign)
    if unit.pk == campaign.issuer_id:
        # The issuer may also assign deeper units, as proposed from its dispatch.
        candidates = Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)
    form = ForwardForm(request.POST, candidates=candidates)
    if not form.is_valid():
        for label, error in form.error_summary():
            messages.error(request, f"{label}: {error}" if label else error)
        return redirect("campaign_unit", pk=pk, code=code)
    try:
        if unit.pk == campaign.issuer_id:
            created = services.campaign_assign(
                actor=request.user,
                campaign=campaign,
                units=list(form.cleaned_data["units"]),
                deadline=form.cleaned_data["deadline"],
                task=form.cleaned_data["task"],
            )
        else:
            created = services.assignment_forward(
                actor=request.user,
                assignment=_assignment_or_404(request, campaign, unit),
                units=list(form.cleaned_data["units"]),
                deadline=form.cleaned_data["deadline"],
                task=form.cleaned_data["task"],
            )
        messages.success(request, _("Assigned to %(n)d units.") % {"n": len(created)})
    except services.CascadeError as exc:
        messages.error(request, str(exc))
    return redirect("campaign_unit", pk=pk, code=code)


@login_required
@require_POST
def assignment_unforward(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    assignment = _assignment_or_404(request, campaign, unit)
    back = assignment.parent.unit.code if assignment.parent else campaign.issuer.code
    try:
        services.assignment_unforward(actor=request.user, assignment=assignment)
        messages.success(request, _("Assignment withdrawn from %(unit)s.") % {"unit": unit})
    except services.CascadeError as exc:
        messages.error(request, str(exc))
    return redirect("campaign_unit", pk=pk, code=back)


@login_required
@require_POST
def assignment_extend(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    assignment = _assignment_or_404(request, campaign, unit)
    back = assignment.parent.unit.code if assignment.parent else campaign.issuer.code
    form = ExtendForm(request.POST)
    if not form.is_valid():
        for label, error in form.error_summary():
            messages.error(request, f"{label}: {error}")
        return redirect("campaign_unit", pk=pk, code=back)
    try:
        services.assignment_extend(
            actor=request.user, assignment=assignment, deadline=form.cleaned_data["deadline"]
        )
        messages.success(
            request,
            _("Deadline of %(unit)s extended to %(date)s; the unit was notified.")
            % {"unit": unit, "date": form.cleaned_data["deadline"].strftime("%d/%m/%Y")},
        )
    except services.CascadeError as exc:
        messages.error(request, str(exc))
    return redirect("campaign_unit", pk=pk, code=back)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    assignment = _assignment_or_404(request, campaign, unit)
    if not can(request.user, unit, Role.FOCAL_POINT):
        raise Http404
    limit = (MAX_FILES * MAX_ATTACHMENT_BYTES) + 2 * 1024 * 1024
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        messages.error(
            request, _("The upload is too large (at most %(mb)d MB).") % {"mb": limit // 2**20}
        )
        return redirect("report_edit", pk=pk, code=code)
    versions = list(selectors.report_versions(assignment=assignment))
    # "Staff reached" starts from the officials of the subtree who studied the pack.
    initial: dict[str, Any] = {
        "staff_reached": unit_staff_reached(unit=unit, pack_id=campaign.pack.pack_id)
    }
    if versions:
        latest = versions[0]
        initial = {
            "staff_count": latest.staff_count,
            "staff_reached": latest.staff_reached,
            "notes": latest.notes,
        }
        for i, pub in enumerate(latest.publications[:4]):
            initial.update(
                {
                    f"pub_{i}_channel": pub["channel"],
                    f"pub_{i}_url": pub["url"],
                    f"pub_{i}_date": pub["date"],
                    f"pub_{i}_text": pub.get("text", ""),
                }
            )
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(
                actor=request.user,
                assignment=assignment,
                staff_count=form.cleaned_data["staff_count"],
                staff_reached=form.cleaned_data["staff_reached"],
                meetings=form.meetings(),
                publications=form.publications(),
                notes=form.cleaned_data["notes"],
                attachments=[
                    (f.name, f.read(MAX_ATTACHMENT_BYTES + 1)) for f in form.cleaned_data["files"]
                ],
            )
        except services.CascadeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Report submitted (version %(v)d).") % {"v": report.version}
            )
            return redirect("campaign_unit", pk=pk, code=code)
    return render(
        request,
        "campaigns/report.html",
        {
            "campaign": campaign,
            "unit": unit,
            "story_counts": story_counts(unit),  # lantoa.stories, shown with the report
            "assignment": assignment,
            "form": form,
            "versions": versions,
        },
    )


@login_required
def report_export(request: HttpRequest, pk: int, code: str, fmt: str) -> HttpResponse:
    """The unit's upward report compiled from data, as Word or Excel."""
    from lantoa.campaigns.exports import report_data, report_docx, report_xlsx
    from lantoa.campaigns.letterhead import report_filename

    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    data = report_data(campaign=campaign, unit=unit)
    if data.own is None and unit.pk != campaign.issuer_id:
        raise Http404
    if fmt == "docx":
        body = report_docx(data)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        body = report_xlsx(data)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    name = report_filename(
        unit=unit,
        campaign_title=campaign.title,
        campaign_id=campaign.pk,
        at=timezone.localtime(data.now),
        ext=fmt,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def attachment_download(
    request: HttpRequest, pk: int, code: str, attachment_id: int
) -> HttpResponse:
    """A report attachment, for people whose role reaches the unit."""
    from lantoa.site.downloads import download_response

    campaign = _campaign_or_404(request, pk)
    unit = _unit_or_404(request, code)
    attachment = Attachment.objects.filter(
        pk=attachment_id, assignment__campaign=campaign, assignment__unit=unit
    ).first()
    if attachment is None:
        raise Http404
    suffix = PurePosixPath(attachment.stored).suffix.lower()
    return download_response(
        stored_name(attachment.stored),
        name=attachment.name,
        content_type=TYPES.get(suffix, "application/octet-stream"),
    )
