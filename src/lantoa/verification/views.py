"""The check page: paste or upload, see the points as a checklist and the text highlighted."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.verify import verify_text
from lantoa.verification.forms import VerifyForm
from lantoa.verification.highlight import highlight_chunks


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
    context: dict[str, object] = {"pack": pack}
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["document"]
            result = verify_text(text, pack)
            points = [(pack.point(p.number), p) for p in result.points]
            context.update(
                result=result,
                points=points,
                chunks=highlight_chunks(text, result),
                conveyed=sum(1 for p in result.points if p.status in ("present", "merged")),
            )
        status = 200 if form.is_valid() else 400
    else:
        form = VerifyForm()
        status = 200
    context["form"] = form
    return render(request, "verification/check.html", context, status=status)
