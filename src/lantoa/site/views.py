"""The site's public pages."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.site import stencil

STORIES_SECONDS = 30  # how long a process keeps the first page's stories
PAGE_SECONDS = 300  # how long it keeps the first page itself (a story edited in place)
_stories: dict[str, tuple[float, dict[int, list[Any]]]] = {}


def _point_stories(pack_id: str) -> dict[int, list[Any]]:
    """The newest approved stories of each point, kept :data:`STORIES_SECONDS` per process."""
    from lantoa.stories.selectors import stories_by_point

    kept = _stories.get(pack_id)
    if kept is None or time.monotonic() - kept[0] > STORIES_SECONDS:
        kept = (time.monotonic(), stories_by_point(pack_id=pack_id))
        _stories[pack_id] = kept
    return kept[1]


def first_page_forget() -> None:
    """Read the stories again at the next request (one was approved, revised or removed)."""
    _stories.clear()


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The 17 differences as a side-by-side comparison (IT vs DX).

    The same page for every anonymous visitor, from a stencil (``site.stencil``): rendered
    once per pack version, language, address and set of stories shown (at most every
    :data:`PAGE_SECONDS`), and filled per request with the CSRF token and the language
    switch. A new approved story shows within :data:`STORIES_SECONDS`."""
    try:
        pack = pack_get()
    except PackNotInstalledError:
        return render(request, "site/no_pack.html", status=503)
    from lantoa.stories.sharing import home_open_graph

    stories = _point_stories(pack.id)
    shown = tuple((n, tuple(s.pk for s in rows)) for n, rows in sorted(stories.items()))
    return stencil.render(
        request,
        "site/home.html",
        lambda: {"pack": pack, "point_stories": stories, "og": home_open_graph(request, pack)},
        key=(
            pack.id,
            pack.version,
            settings.LANTOA_BASE_URL or request.build_absolute_uri("/"),
            shown,
            int(time.time() // PAGE_SECONDS),
        ),
        holes={},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for a load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # report, don't crash: this is what the probe is for
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": database})
