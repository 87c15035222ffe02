"""Refuse a request body over the site's upload bound before anything reads it.

Django bounds form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not files: a file upload is
streamed to a temporary file in full, and the CSRF check reads the body before any view can
look at its size. This middleware answers 413 from the declared ``Content-Length`` first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation

# Multipart framing and the form's other fields around the largest accepted file.
MARGIN = 1024 * 1024


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES + MARGIN
        if length > limit:
            from lantoa.site.errors import refusal, too_large_message

            # Before LocaleMiddleware: the page's language comes from its address.
            language = (
                translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            )
            with translation.override(language):
                message = too_large_message()
            # Django reads nothing of the body; the connection is closed after the answer.
            response = refusal(request, status=413, code="too_large", message=message)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


# Endpoints that check their own JSON (the learner's events queue answers in its own terms).
JSON_GUARD_EXEMPT = frozenset({"learn_events"})


class JsonGuardMiddleware:
    """A JSON body that is malformed or nested too deep is a 400 naming the problem, before
    any view parses it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type == "application/json" and request.method in (
            "POST",
            "PUT",
            "PATCH",
        ):
            from django.urls import Resolver404, resolve
            from django.utils import translation

            # Before LocaleMiddleware: resolve /en/… in the language its prefix names.
            lang = translation.get_language_from_path(request.path_info)
            try:
                with translation.override(lang or translation.get_language()):
                    name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in JSON_GUARD_EXEMPT:
                from lantoa.site.jsonbody import json_problem

                problem = json_problem(request.body)
                if problem:
                    return JsonResponse(
                        {"error": "json", "message": f"the JSON body is {problem}"}, status=400
                    )
        return self.get_response(request)


class BrowserPolicyMiddleware:
    """The Permissions-Policy header on every response, and ``HEAD`` wherever ``GET`` works.

    Views declare the methods they accept (``require_GET``, ``require_http_methods``), which
    left ``HEAD /`` a 405 for monitors and link checkers. A HEAD request is routed as a GET
    (GET views are safe by construction); the WSGI server sends the headers without a body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
        response.headers.setdefault("Permissions-Policy", settings.LANTOA_PERMISSIONS_POLICY)
        return response
