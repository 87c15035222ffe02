"""The "Nhập công văn" page: upload or paste, check the fields beside the text, save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.core.diacritics import restore
from lantoa.core.dispatch import Dispatch, dispatch_to_data, parse_dispatch
from lantoa.core.extract import DEFAULT, ExtractError
from lantoa.core.text import nfc
from lantoa.dispatches import selectors
from lantoa.dispatches.forms import CorrectionForm, IngestForm, apply_corrections
from lantoa.dispatches.highlight import segments
from lantoa.dispatches.models import DispatchKind
from lantoa.dispatches.services import dispatch_save
from lantoa.site.documents import budget_message, upload_extract

MAX_UPLOAD = DEFAULT.max_bytes


def _extract_message(exc: ExtractError) -> str:
    messages_by_code = {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than %(limit)s.") % {"limit": "20 MB"},
        "binary": _("The file is not text, DOCX, PDF or an image."),
        "encrypted": _("The PDF is password-protected: remove the password and try again."),
        "corrupt": _("The file is damaged and cannot be read."),
        "too_many_pages": _("The PDF has %(pages)s pages; at most %(limit)s are accepted.")
        % {"pages": exc.params.get("pages"), "limit": exc.params.get("limit")},
        "zip_bomb": _("The DOCX expands to far more than its size: refused as unsafe."),
        "ocr_unavailable": _("This file needs text recognition (OCR), which is not installed."),
        "ocr_off": _("The PDF is a scan and text recognition (OCR) is turned off."),
        "timeout": _("Text recognition took too long."),
        "image_too_large": _("The image is too large."),
        "no_text": _("No text could be read from the file."),
    }
    if exc.code in ("over_budget", "too_slow"):
        return budget_message(exc)
    return messages_by_code.get(exc.code, exc.message)


def _review(
    request: HttpRequest,
    d: Dispatch,
    *,
    source_name: str,
    source_kind: str,
    form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    data = dispatch_to_data(d)
    form = form or CorrectionForm(
        initial=CorrectionForm.initial_from(data, source_name=source_name, source_kind=source_kind)
    )
    context: dict[str, Any] = {
        "form": form,
        "data": data,
        "kind_label": DispatchKind(d.kind).label,
        "segments": segments(d.text, d.spans),
        "restored_text": restore(d.text).text if d.diacritics == "poor" else "",
        "text": d.text,
        "span_keys": CorrectionForm.SPAN_KEYS,
        "source_name": source_name,
        "source_kind": source_kind,
    }
    return render(request, "dispatches/review.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def dispatch_ingest(request: HttpRequest) -> HttpResponse:
    """Step 1 (read): a file or pasted text in, the fields and the highlighted text out."""
    if request.method == "GET":
        return render(request, "dispatches/ingest.html", {"form": IngestForm()})
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD + 64 * 1024:
        # Refused before Django reads the body: nothing is parsed or stored.
        error = _("The file is larger than %(limit)s.") % {"limit": "20 MB"}
        context = {"form": IngestForm(), "error": error}
        return render(request, "dispatches/ingest.html", context, status=413)
    form = IngestForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "dispatches/ingest.html", {"form": form}, status=400)
    upload = form.cleaned_data.get("file")
    if upload is not None:
        name = nfc(upload.name or "")
        try:
            extracted = upload_extract(upload.read(MAX_UPLOAD + 1), name)
        except ExtractError as exc:
            form.add_error("file", _extract_message(exc))
            return render(request, "dispatches/ingest.html", {"form": form}, status=400)
        text, kind = extracted.text, extracted.kind
    else:
        name, text, kind = "", nfc(form.cleaned_data["text"]), "paste"
    return _review(request, parse_dispatch(text), source_name=name, source_kind=kind)


@login_required
@require_http_methods(["POST"])
def dispatch_save_view(request: HttpRequest) -> HttpResponse:
    """Step 2 (save): the clerk's corrections over a fresh parse of the same text."""
    form = CorrectionForm(request.POST)
    text = nfc(request.POST.get("text", ""))
    if not text.strip():
        return redirect("dispatch_ingest")
    if len(text) > DEFAULT.max_chars:
        # The same limit as the ingest step: a forged post cannot save more than it accepts.
        error = _("The text is longer than %(limit)s characters.") % {
            "limit": f"{DEFAULT.max_chars:,}".replace(",", ".")
        }
        context = {"form": IngestForm(), "error": error}
        return render(request, "dispatches/ingest.html", context, status=400)
    d = parse_dispatch(text)
    if not form.is_valid():
        return _review(
            request,
            d,
            source_name=request.POST.get("source_name", ""),
            source_kind=request.POST.get("source_kind", ""),
            form=form,
            status=400,
        )
    data = apply_corrections(dispatch_to_data(d), form.cleaned_data)
    row = dispatch_save(
        actor=request.user,  # type: ignore[arg-type]
        text=d.text,
        data=data,
        source_name=form.cleaned_data["source_name"],
        source_kind=form.cleaned_data["source_kind"],
    )
    messages.success(request, _("The dispatch was saved."))
    return redirect("dispatch_detail", pk=row.pk)


LIST_LIMIT = 100


@login_required
@require_GET
def dispatch_index(request: HttpRequest) -> HttpResponse:
    """The dispatches of the user's units, searchable by number, subject or issuer."""
    query = nfc(request.GET.get("q", ""))[:200].strip()
    rows = selectors.dispatch_list_for(user=request.user, query=query)
    shown = list(rows[: LIST_LIMIT + 1])
    return render(
        request,
        "dispatches/list.html",
        {"rows": shown[:LIST_LIMIT], "more": len(shown) > LIST_LIMIT, "query": query},
    )


@login_required
@require_GET
def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.dispatch_get_for(user=request.user, pk=pk)
    if row is None:
        raise Http404
    spans = {k: (v[0], v[1]) for k, v in row.data.get("spans", {}).items()}
    return render(
        request,
        "dispatches/detail.html",
        {"row": row, "data": row.data, "segments": segments(row.text, spans)},
    )
