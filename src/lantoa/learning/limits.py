"""Rate limits for the public learning endpoints, counted in Django's cache.

A fixed one-minute window per (bucket, key): ``cache.add`` starts it, ``cache.incr`` counts.
With the default local-memory cache each server process counts on its own, so the effective
limit is the configured one times the number of processes (see docs/learn.md).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 60


def client_key(request: HttpRequest) -> str:
    """The learner's cookie token when there is one, else the client's address."""
    token = request.COOKIES.get(settings.LANTOA_LEARN_COOKIE, "")
    if token:
        return "t:" + hashlib.sha256(token.encode()).hexdigest()[:24]
    return "ip:" + (request.META.get("REMOTE_ADDR") or "")


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
    address = request.META.get("REMOTE_ADDR") or ""
    over = hit(bucket, client_key(request), limit)
    # One address hides many phones behind NAT: a looser cap per address.
    return hit(bucket + "-ip", address, limit * settings.LANTOA_LEARN_RATE_IP_FACTOR) or over


def unit_limited(code: str) -> bool:
    return hit("unit", code, settings.LANTOA_LEARN_RATE_PER_UNIT)
