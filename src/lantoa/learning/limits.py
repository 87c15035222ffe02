"""Rate limits for the public learning endpoints, counted in Django's cache.

A fixed one-minute window per (bucket, key): ``cache.add`` starts it, ``cache.incr`` counts.
With the default local-memory cache each server process counts on its own, so the effective
limit is the configured one times the number of processes; with ``LANTOA_CACHE_URL`` (Redis)
both calls are atomic there and every process and node counts once (see docs/learn.md).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 60


def client_address(request: HttpRequest) -> str:
    """The client's address: behind the site's reverse proxy (``LANTOA_BEHIND_PROXY=1``) the
    last ``X-Forwarded-For`` entry, which that proxy appended; otherwise ``REMOTE_ADDR``."""
    if settings.LANTOA_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if parts:
            return parts[-1][:64]
    return request.META.get("REMOTE_ADDR") or ""


def client_key(request: HttpRequest) -> str | None:
    """The learner's cookie token, or None for a visitor without one."""
    token = request.COOKIES.get(settings.LANTOA_LEARN_COOKIE, "")
    if token:
        return "t:" + hashlib.sha256(token.encode()).hexdigest()[:24]
    return None


def hit(bucket: str, key: str, limit: int) -> bool:
    """Count one request; True when it goes over ``limit`` in the current minute."""
    if limit <= 0:
        return False
    name = f"rl:{bucket}:{key}:{int(time.time() // WINDOW)}"
    cache.add(name, 0, WINDOW + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, WINDOW + 5)
        count = 1
    return count > limit


def client_limited(request: HttpRequest, bucket: str = "client") -> bool:
    limit: int = settings.LANTOA_LEARN_RATE_PER_CLIENT
    key = client_key(request)
    over = hit(bucket, key, limit) if key else False
    # One address hides many phones behind NAT (a school, a commune's Wi-Fi): visitors
    # without a cookie yet, and everyone together, get a looser cap per address.
    factor: int = settings.LANTOA_LEARN_RATE_IP_FACTOR
    return hit(bucket + "-ip", client_address(request), limit * factor) or over


def unit_limited(code: str) -> bool:
    return hit("unit", code, settings.LANTOA_LEARN_RATE_PER_UNIT)
