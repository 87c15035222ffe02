"""The site's own public address, for QR codes, certificates and e-mailed links.

``LANTOA_BASE_URL`` wins when set. Unset, the address comes from the request being
served (its scheme and ``Host``, which ``ALLOWED_HOSTS`` has already vetted), so a
poster rendered on ``https://lantoa.tinh.gov.vn`` points there rather than at the
developer default. Work with no request (a periodic reminder) falls back to
``http://127.0.0.1:8000``; outside demo mode a system check warns at start-up that the
variable is unset.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.http import HttpRequest

FALLBACK = "http://127.0.0.1:8000"


def site_base_url(request: HttpRequest | None = None) -> str:
    """The public address without a trailing slash."""
    configured = (settings.LANTOA_BASE_URL or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return FALLBACK


BASE_URL_UNSET = (
    "LANTOA_BASE_URL is not set: QR posters and certificates rendered through the site take "
    "their address from each request's host, and e-mailed reminders link to "
    f"{FALLBACK}. Set it to the site's public address, e.g. "
    "LANTOA_BASE_URL=https://lantoa.example.gov.vn"
)


@checks.register(checks.Tags.compatibility)
def base_url_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    if settings.DEMO or (settings.LANTOA_BASE_URL or "").strip():
        return []
    return [checks.Warning(BASE_URL_UNSET, id="lantoa.W001")]
