"""The site's public pages."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.site import stencil

PAGE_SECONDS = 300  # how long a process keeps the first page itself (a story edited in place)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The 17 differences as a side-by-side comparison (IT vs DX).

    The same page for every anonymous visitor, from a stencil (``site.stencil``): rendered
    once per pack version, language, address and set of stories shown (at most every
    :data:`PAGE_SECONDS`), and filled per request with the CSRF token and the language
    switch. A new approved story shows within half a minute
    (``stories.selectors.stories_by_point_kept``)."""
    try:
        pack = pack_get()
    except PackNotInstalledError:
        return render(request, "site/no_pack.html", status=503)
    from lantoa.stories.selectors import stories_by_point_kept
    from lantoa.stories.sharing import home_open_graph

    stories = stories_by_point_kept(pack.id)
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
