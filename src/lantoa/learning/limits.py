"""Rate limits for the public learning endpoints, counted in Django's cache.

A fixed one-minute window per (bucket, key): ``cache.add`` starts it, ``cache.incr`` counts.
The counts live in Django's default cache: with ``LANTOA_CACHE_URL`` pointing at Redis both
calls are atomic there and every process and node counts once; the embedded default
(``LANTOA_CACHE_URL`` unset) is a file cache shared by the processes of one node.

Joins are limited per address and per unit *subtree* (a join counts against its unit and
every unit above it, so codes of sub-units cannot be used to get around a limit), and an
unusual number of joins on one unit in ``BURST_WINDOW`` is written once to the audit log, where
the unit's admins see it on the campaign dashboard.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from lantoa.site.ratelimit import client_address, over_limit

WINDOW = 60


def client_key(request: HttpRequest) -> str | None:
    """The learner's cookie token, or None for a visitor without one."""
    token = request.COOKIES.get(settings.LANTOA_LEARN_COOKIE, "")
    if token:
        return "t:" + hashlib.sha256(token.encode()).hexdigest()[:24]
    return None


def hit(bucket: str, key: str, limit: int) -> bool:
    """Count one request; True when it goes over ``limit`` in the current minute."""
    return over_limit(bucket, key, limit=limit, window=WINDOW)


def client_limited(request: HttpRequest, bucket: str = "client") -> bool:
    limit: int = settings.LANTOA_LEARN_RATE_PER_CLIENT
    key = client_key(request)
    over = hit(bucket, key, limit) if key else False
    # One address hides many phones behind NAT (a school, a commune's Wi-Fi): visitors
    # without a cookie yet, and everyone together, get a looser cap per address.
    factor: int = settings.LANTOA_LEARN_RATE_IP_FACTOR
    return hit(bucket + "-ip", client_address(request), limit * factor) or over


def unit_limited(path: str) -> bool:
    """Count one join against the unit whose tree path is ``path`` and each of its ancestors;
    True when any of them is over ``LANTOA_LEARN_RATE_PER_UNIT`` this minute."""
    limit: int = settings.LANTOA_LEARN_RATE_PER_UNIT
    over = False
    for unit_id in (p for p in path.split("/") if p):
        over = hit("unit", unit_id, limit) or over
    return over


BURST_WINDOW = 600


def join_burst(unit_id: int) -> int | None:
    """Count a join on the unit in the current ten minutes; the count, the first time it
    reaches ``LANTOA_LEARN_BURST_JOINS`` in that window (None otherwise)."""
    threshold: int = settings.LANTOA_LEARN_BURST_JOINS
    if threshold <= 0:
        return None
    window = int(time.time() // BURST_WINDOW)
    name = f"burst:{unit_id}:{window}"
    cache.add(name, 0, BURST_WINDOW + 5)
    try:
        count = cache.incr(name)
    except ValueError:
        cache.set(name, 1, BURST_WINDOW + 5)
        count = 1
    if count >= threshold and cache.add(f"burst-told:{unit_id}:{window}", 1, BURST_WINDOW + 5):
        return int(count)
    return None
