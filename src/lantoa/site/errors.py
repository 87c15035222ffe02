"""Error pages in the site's layout and the page's language, each with a way back, and
refusals that name the limit broken (as JSON for JSON clients), never a bare status line.

Django's defaults are bare English pages; these handlers (wired in the root URLconf) and
:class:`ErrorPageMiddleware` (for the empty 405/429/503 answers of decorators and
middleware) render ``site/error.html`` instead. Rendering an error page must never raise,
so each one falls back to a plain bilingual text when the layout cannot be rendered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _texts(status: int) -> tuple[str, str]:
    """The page's title and explanation for a status, in the active language."""
    texts = {
        400: (
            _("The request could not be understood"),
            _("The page received a request it could not read. Go back and try again."),
        ),
        403: (
            _("You may not open this page"),
            _(
                "Your account does not have the right to see this page, or the form expired. "
                "Sign in with another account or go back."
            ),
        ),
        404: (
            _("Page not found"),
            _("The address may be mistyped, or the page belongs to a unit you cannot see."),
        ),
        405: (
            _("This action is not available here"),
            _("The page cannot be used this way. Open it from a link or a button of the site."),
        ),
        413: (
            _("The upload is too large"),
            _("The file is larger than the site accepts. Nothing was stored; send a smaller file."),
        ),
        429: (_("Too many attempts"), _("Please wait a few minutes before trying again.")),
        500: (
            _("Something went wrong on our side"),
            _("The error was recorded. Try again in a moment, or go back to the home page."),
        ),
        503: (
            _("The site is not ready"),
            _("The site is being prepared or maintained. Try again in a few minutes."),
        ),
    }
    return texts.get(status, (_("Error"), _("Go back and try again.")))


def error_response(
    request: HttpRequest, status: int, *, detail: str = "", headers: dict[str, str] | None = None
) -> HttpResponse:
    """The error page for ``status``; ``detail`` adds one sentence naming the problem."""
    # Unprefixed addresses are Vietnamese (i18n_patterns without a default prefix).
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        title, text = _texts(status)
        try:
            body = render_to_string(
                "site/error.html",
                {"status": status, "title": title, "text": text, "detail": detail},
                request=request,
            )
        except Exception:  # the layout itself failed (say, the database is down)
            log.exception("error page %s could not be rendered in the layout", status)
            body = render_to_string(
                "site/error_plain.html",
                {
                    "status": status,
                    "title": title,
                    "text": text,
                    "detail": detail,
                    "lang": "en" if (language or "").startswith("en") else "vi",
                },
            )
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.content_type == "application/json"
        or request.path.endswith(".json")
        or ("application/json" in accept and "text/html" not in accept)
    )


def refusal(request: HttpRequest, *, status: int, code: str, message: str) -> HttpResponse:
    """``message`` (translated) on the error page, or ``{"error": code, "message": …}``."""
    if wants_json(request):
        return JsonResponse({"error": code, "message": message}, status=status)
    return error_response(request, status, detail=message)


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


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(
        request, 403, detail=_("The form expired; reload the page and send it again.")
    )


# Answers that come back empty from decorators and middleware are given the page too.
FILLED = {400, 403, 404, 405, 413, 429, 500, 503}


class ErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in FILLED
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            page = error_response(request, response.status_code)
            for key in ("Allow", "Retry-After"):
                if key in response:
                    page[key] = response[key]
            return page
        return response
