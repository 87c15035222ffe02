"""Refuse a request body over the site's upload bound before anything reads it.

Django bounds form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not files: a file upload is
streamed to a temporary file in full, and the CSRF check reads the body before any view can
look at its size. This middleware answers 413 from the declared ``Content-Length`` first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
            mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            return HttpResponse(
                f"Tệp gửi lên lớn hơn {mb} MB, giới hạn của trang; không có gì được lưu.\n"
                f"The upload is larger than {mb} MB, the site's limit; nothing was stored.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
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
