"""Refuse a request body over the site's upload bound before anything reads it.

Django bounds form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not files: a file upload is
streamed to a temporary file in full, and the CSRF check reads the body before any view can
look at its size. This middleware answers 413 from the declared ``Content-Length`` first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

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
            from lantoa.site.errors import error_response

            mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            language = (
                translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            )
            with translation.override(language):
                detail = _("The site accepts uploads of at most %(mb)d MB.") % {"mb": mb}
            return error_response(request, 413, detail=detail)
        return self.get_response(request)
