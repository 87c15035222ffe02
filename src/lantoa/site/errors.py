"""Refusals in the site's layout (or as JSON for JSON clients), never a bare status line.

Used by the request-size middleware (413), the JSON guard (400) and the site's 400 handler,
which Django calls when a request breaks one of its own limits (too many fields, a form
body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.content_type == "application/json"
        or request.path.endswith(".json")
        or ("application/json" in accept and "text/html" not in accept)
    )


def refusal(request: HttpRequest, *, status: int, code: str, message: str) -> HttpResponse:
    """``message`` (translated) in the site layout, or ``{"error": code, "message": …}``."""
    if wants_json(request):
        return JsonResponse({"error": code, "message": message}, status=status)
    response = render(
        request, "site/refused.html", {"message": message, "status": status}, status=status
    )
    return response


def too_large_message() -> str:
    return _(
        "The upload is larger than %(mb)s MB, the site's limit for one submission; "
        "nothing was stored. Send fewer or smaller files."
    ) % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's ``handler400``: name the limit that was broken when it is one of Django's."""
    if isinstance(exception, RequestDataTooBig):
        return refusal(request, status=413, code="too_large", message=too_large_message())
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        message = _("The form sent too many fields or files; nothing was stored.")
        return refusal(request, status=400, code="too_many_fields", message=message)
    message = _("The request could not be understood; nothing was stored.")
    return refusal(request, status=400, code="bad_request", message=message)
