"""The site's public pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.content.selectors import PackNotInstalledError, pack_get


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The 17 differences as a side-by-side comparison (IT vs DX)."""
    try:
        pack = pack_get()
    except PackNotInstalledError:
        return render(request, "site/no_pack.html", status=503)
    from lantoa.stories.selectors import stories_by_point
    from lantoa.stories.sharing import home_open_graph

    return render(
        request,
        "site/home.html",
        {
            "pack": pack,
            "point_stories": stories_by_point(pack_id=pack.id),
            "og": home_open_graph(request, pack),
        },
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
