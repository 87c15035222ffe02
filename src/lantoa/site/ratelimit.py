"""Per-address limits on anonymous work, counted in Django's cache (shared across processes
when the cache is Redis; per process with the local-memory cache).

A fixed window per (bucket, address): ``cache.add`` starts it at zero, ``cache.incr`` counts
atomically. See docs/security.md for every limit.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: behind the site's reverse proxy (``LANTOA_BEHIND_PROXY=1``) the
    last ``X-Forwarded-For`` entry, which that proxy appended; otherwise ``REMOTE_ADDR``."""
    if settings.LANTOA_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if parts:
            return parts[-1][:64]
    return request.META.get("REMOTE_ADDR") or ""


def over_limit(bucket: str, key: str, *, limit: int, window: int) -> bool:
    """Count one use of ``bucket`` by ``key``; True once the window holds more than ``limit``."""
    if limit <= 0:
        return False
    name = f"lantoa:rl:{bucket}:{key}:{int(time.time() // window)}"
    cache.add(name, 0, window + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, window + 5)
        count = 1
    return count > limit


def anonymous_upload_limited(request: HttpRequest) -> bool:
    """An anonymous visitor's document submission, counted per address per hour."""
    if request.user.is_authenticated:
        return False
    return over_limit(
        "anon-upload",
        client_address(request),
        limit=settings.LANTOA_ANON_UPLOADS_PER_HOUR,
        window=3600,
    )
