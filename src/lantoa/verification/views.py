"""The check page: paste or upload, see the points as a checklist and the text highlighted."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.verify import MAX_CHARS, verify_text
from lantoa.site.ratelimit import anonymous_upload_limited
from lantoa.verification.forms import MAX_UPLOAD_BYTES, VerifyForm
from lantoa.verification.highlight import highlight_chunks


def _max_chars(request: HttpRequest) -> int:
    """Checking costs about 1 s per 100,000 characters: visitors without an account get a
    smaller budget (LANTOA_ANON_CHECK_CHARS) than signed-in officials (1,000,000)."""
    if request.user.is_authenticated:
        return MAX_CHARS
    return min(MAX_CHARS, settings.LANTOA_ANON_CHECK_CHARS)


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    from lantoa.content.selectors import packs_visible_for

    # ``?goi=<pack id>``: check against another published pack the visitor may see.
    requested = (request.GET.get("goi") or "")[:40]
    visible = requested and packs_visible_for(request.user).filter(pack_id=requested).exists()
    try:
        pack = pack_get(requested if visible else None)
    except PackNotInstalledError:
        return render(request, "site/no_pack.html", status=503)
    context: dict[str, object] = {
        "pack": pack,
        "max_mb": MAX_UPLOAD_BYTES // 2**20,
        "max_seconds": settings.LANTOA_EXTRACT_SECONDS,
        "max_chars": f"{_max_chars(request):,}".replace(",", "."),
    }
    if request.method == "POST" and anonymous_upload_limited(request):
        context["form"] = VerifyForm(max_chars=_max_chars(request))
        context["limited"] = settings.LANTOA_ANON_UPLOADS_PER_HOUR
        return render(request, "verification/check.html", context, status=429)
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES, max_chars=_max_chars(request))
        if form.is_valid():
            text = form.cleaned_data["document"]
            result = verify_text(text, pack)
            points = [(pack.point(p.number), p) for p in result.points]
            context.update(
                result=result,
                points=points,
                chunks=highlight_chunks(text, result),
                conveyed=result.conveyed,
            )
        status = 200 if form.is_valid() else 400
    else:
        form = VerifyForm(max_chars=_max_chars(request))
        status = 200
    context["form"] = form
    return render(request, "verification/check.html", context, status=status)
