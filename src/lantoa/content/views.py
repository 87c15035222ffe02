"""Thin views of the pack pages: published packs, drafts, points, sources, import, publish."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.content import authoring, selectors
from lantoa.content.forms import (
    ROLE_CHOICES,
    DraftForm,
    DraftNewForm,
    ImportForm,
    PointForm,
    PublishForm,
    SourceForm,
)
from lantoa.content.models import DraftPoint, PackDraft, PackVersion
from lantoa.core.extract import ExtractError
from lantoa.core.kit import KitError
from lantoa.core.kit.preview import card_preview
from lantoa.core.packs.faces import label
from lantoa.core.packs.importer import ImportError_, draft_from_text, pack_import
from lantoa.site.context import page_lang

IMPORT_SESSION = "lantoa_pack_import"


def _part(message: str) -> str:
    """The current language's half of a bilingual "vi / en" message."""
    vi, sep, en = message.partition(" / ")
    if not sep:
        return message
    return en if page_lang() == "en" else vi


def _errors_into(form: Any, exc: authoring.AuthoringError) -> None:
    for name, texts in exc.errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, _part(text))


def _draft_or_404(request: HttpRequest, pk: int) -> PackDraft:
    draft = selectors.draft_get_for(request.user, pk)
    if draft is None:
        raise Http404
    return draft


def _latest(rows: Any) -> list[PackVersion]:
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.pack_id not in seen:
            seen.add(row.pack_id)
            out.append(row)
    return out


@login_required
def pack_index(request: HttpRequest) -> HttpResponse:
    units = selectors.authoring_units(request.user)
    published = _latest(selectors.packs_visible_for(request.user).select_related("owner_unit"))
    mine = {
        row.pk
        for row in published
        if row.owner_unit is not None and authoring.can_author(request.user, row.owner_unit)
    }
    return render(
        request,
        "content/index.html",
        {
            "published": published,
            "continuable": mine,
            "drafts": selectors.draft_list_for(request.user),
            "form": DraftNewForm(units=units, initial={"unit": units.first()}) if units else None,
        },
    )


@login_required
@require_POST
def draft_new(request: HttpRequest) -> HttpResponse:
    units = selectors.authoring_units(request.user)
    form = DraftNewForm(request.POST, units=units)
    if form.is_valid():
        try:
            draft = authoring.draft_create(actor=request.user, **form.cleaned_data)
        except authoring.AuthoringError as exc:
            _errors_into(form, exc)
        except authoring.NotAllowedError:
            raise Http404 from None
        else:
            return redirect("pack_draft", pk=draft.pk)
    published = _latest(selectors.packs_visible_for(request.user))
    return render(
        request,
        "content/index.html",
        {
            "published": published,
            "continuable": set(),
            "drafts": selectors.draft_list_for(request.user),
            "form": form,
        },
        status=400,
    )


@login_required
@require_POST
def draft_continue(request: HttpRequest, version_pk: int) -> HttpResponse:
    row = get_object_or_404(selectors.packs_visible_for(request.user), pk=version_pk)
    try:
        draft = authoring.draft_from_version(actor=request.user, version=row)
    except authoring.NotAllowedError:
        raise Http404 from None
    except authoring.AuthoringError as exc:
        messages.error(request, _part(" ".join(" ".join(v) for v in exc.errors.values())))
        return redirect("pack_index")
    return redirect("pack_draft", pk=draft.pk)


def _draft_context(draft: PackDraft, **extra: Any) -> dict[str, Any]:
    points = list(draft.points.all())
    return {
        "draft": draft,
        "points": points,
        "point_word": label(draft.kind, page_lang()),
        "source_form": SourceForm(),
        "new_point": PointForm(kind=draft.kind),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    initial = {k: getattr(draft, k) for k in ("title_vi", "title_en", "summary_vi", "summary_en")}
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            authoring.draft_update(actor=request.user, draft=draft, **form.cleaned_data)
        except authoring.AuthoringError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("pack_draft", pk=draft.pk)
    return render(request, "content/draft.html", _draft_context(draft, form=form))


def _point_or_404(draft: PackDraft, point_pk: int) -> DraftPoint:
    return get_object_or_404(DraftPoint, draft=draft, pk=point_pk)


@login_required
@require_http_methods(["GET", "POST"])
def point_edit(request: HttpRequest, pk: int, point_pk: int | None = None) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    point = _point_or_404(draft, point_pk) if point_pk is not None else None
    initial = {k: getattr(point, k) for k in authoring.POINT_FIELDS} if point else None
    form = PointForm(request.POST or None, initial=initial, kind=draft.kind)
    if request.method == "POST" and form.is_valid():
        try:
            saved = authoring.point_save(
                actor=request.user, draft=draft, point=point, **form.cleaned_data
            )
        except authoring.AuthoringError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Point %(n)d saved.") % {"n": saved.position})
            return redirect("pack_point", pk=draft.pk, point_pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "content/point.html",
        {"draft": draft, "point": point, "form": form, "point_word": label(draft.kind)},
        status=status,
    )


@login_required
def point_preview(request: HttpRequest, pk: int, point_pk: int, fmt: str) -> HttpResponse:
    """The saved point's card as it will print (PNG): on a phone or on the A4 sheet."""
    draft = _draft_or_404(request, pk)
    point = _point_or_404(draft, point_pk)
    if fmt not in ("phone", "a4"):
        raise Http404
    name = label("answer" if draft.kind == "qa" else "text")
    try:
        png = card_preview(
            kind=draft.kind,
            number=point.position,
            count=draft.points.count(),
            title=point.title_vi,
            sections=[
                {
                    "key": "text",
                    "label": name,
                    "full": point.text_vi or "…",
                    "short": point.short_vi or "…",
                }
            ],
            pack_title=draft.title_vi,
            pack_id=draft.pack_id,
            fmt=fmt,  # type: ignore[arg-type]
        )
    except KitError:
        return HttpResponse(status=422)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def point_move(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    delta = -1 if request.POST.get("direction") == "up" else 1
    authoring.point_move(actor=request.user, point=_point_or_404(draft, point_pk), delta=delta)
    return redirect("pack_draft", pk=draft.pk)


@login_required
@require_POST
def point_delete(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    authoring.point_delete(actor=request.user, point=_point_or_404(draft, point_pk))
    messages.success(request, _("Point deleted."))
    return redirect("pack_draft", pk=draft.pk)


@login_required
@require_POST
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            authoring.source_add(actor=request.user, draft=draft, **form.cleaned_data)
        except authoring.AuthoringError as exc:
            _errors_into(form, exc)
        else:
            return redirect("pack_draft", pk=draft.pk)
    initial = {k: getattr(draft, k) for k in ("title_vi", "title_en", "summary_vi", "summary_en")}
    context = _draft_context(draft, form=DraftForm(initial=initial))
    context["source_form"] = form
    return render(request, "content/draft.html", context, status=400)


@login_required
@require_POST
def source_remove(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    authoring.source_remove(actor=request.user, draft=draft, index=index)
    return redirect("pack_draft", pk=draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    form = PublishForm(request.POST or None, initial={"version": authoring.next_version(draft)})
    if request.method == "POST" and form.is_valid():
        try:
            row = authoring.draft_publish(
                actor=request.user, draft=draft, version=form.cleaned_data["version"]
            )
        except authoring.AuthoringError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request,
                _("Published %(pack)s version %(version)s. It can no longer change.")
                % {"pack": row.pack_id, "version": row.version},
            )
            return redirect("pack_index")
    pack, problems = authoring.draft_check(draft)
    return render(
        request,
        "content/publish.html",
        {
            "draft": draft,
            "form": form,
            "problems": [(p.point, p.field, _part(p.message)) for p in problems],
            "changes": authoring.draft_diff(draft),
            "valid": pack is not None,
            "point_word": label(draft.kind),
        },
        status=400 if request.method == "POST" else 200,
    )


def _read_import(data: bytes, filename: str, roles: list[str] | None, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
    if filename == "":
        return draft_from_text(
            data.decode("utf-8"), pack_id=form_data["pack_id"], title=form_data["title_vi"]
        )
    return pack_import(
        data,
        filename,
        pack_id=form_data["pack_id"],
        title=form_data["title_vi"],
        roles=roles,  # type: ignore[arg-type]
    )


@login_required
@require_http_methods(["GET", "POST"])
def pack_import_view(request: HttpRequest) -> HttpResponse:
    """Step 1: read a file or pasted points and show them with their sources, the column
    roles to confirm and the problems; step 2 (``confirm``): create the draft."""
    units = selectors.authoring_units(request.user)
    if not units.exists():
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    context: dict[str, Any] = {"form": form, "role_choices": ROLE_CHOICES}
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(IMPORT_SESSION)
        if not stored:
            return redirect("pack_import")
        unit = units.filter(pk=stored["unit"]).first()
        if unit is None:
            raise Http404
        roles = [request.POST.get(f"role_{i}", "ignore") for i in range(len(stored["header"]))]
        imported = _read_import(
            base64.b64decode(stored["data"]), stored["filename"], roles or None, stored
        )
        try:
            draft = authoring.draft_import(
                actor=request.user,
                unit=unit,
                imported=imported,
                pack_id=stored["pack_id"],
                title_vi=stored["title_vi"],
            )
        except authoring.AuthoringError as exc:
            messages.error(request, _part(" ".join(" ".join(v) for v in exc.errors.values())))
            return redirect("pack_import")
        del request.session[IMPORT_SESSION]
        messages.success(request, _("Draft created from the import. Check every point."))
        return redirect("pack_draft", pk=draft.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload is not None:
            data, filename = upload.read(), upload.name or "upload"
        else:
            data, filename = form.cleaned_data["text"].encode("utf-8"), ""
        try:
            imported = _read_import(data, filename, None, form.cleaned_data)
        except ImportError_ as exc:
            form.add_error("file" if upload is not None else "text", _part(str(exc)))
        except ExtractError as exc:
            message = exc.message if page_lang() == "en" else exc.message_vi
            form.add_error("file", message)
        else:
            request.session[IMPORT_SESSION] = {
                "unit": form.cleaned_data["unit"].pk,
                "pack_id": form.cleaned_data["pack_id"],
                "title_vi": form.cleaned_data["title_vi"],
                "filename": filename,
                "data": base64.b64encode(data).decode("ascii"),
                "header": imported.header,
            }
            context.update(
                imported=imported,
                columns=list(zip(imported.header, imported.roles, strict=False)),
                rows=[
                    (
                        p,
                        [
                            (f, imported.spans.get(f"points[{i}].{f}"))
                            for f in ("title", "text", "short")
                        ],
                    )
                    for i, p in enumerate(imported.points)
                ],
                problems=[(p.field, p.where, _part(p.message)) for p in imported.problems],
            )
    return render(request, "content/import.html", context, status=400 if form.errors else 200)
