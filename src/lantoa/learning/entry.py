"""The unit behind a study link, for the shell: the lookup by code (kept a minute per
process), the packs the unit may study, ``/hoc/don-vi/<code>.json`` and the content-hashed
files at ``/hoc/h/<name>``; the search of ``/hoc/?q=``."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lantoa.content.models import PackVersion
from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.packs import Pack
from lantoa.core.text import fold_key, sort_key
from lantoa.learning import selectors, shell
from lantoa.orgs.models import Unit
from lantoa.site.context import page_lang


def _pack(pack_id: str | None = None) -> Pack:
    return selectors.pack_cached(pack_id)


_unit_packs: dict[str | None, tuple[float, list[str]]] = {}


def unit_pack_ids(path: str | None) -> list[str]:
    """The published packs a unit (by its tree path; None: no unit) may study: national
    packs and those of the unit and its ancestors (``content.selectors.packs_for_unit``),
    kept a minute per process like the unit lookup."""
    hit = _unit_packs.get(path)
    if hit and time.monotonic() - hit[0] < 60:
        return hit[1]
    rows = PackVersion.objects.filter(owner_unit__isnull=True)
    if path is not None:
        from lantoa.content.selectors import packs_for_unit

        rows = packs_for_unit(Unit(path=path))
    ids = list(dict.fromkeys(rows.values_list("pack_id", flat=True)))
    if len(_unit_packs) > 50_000:
        _unit_packs.clear()
    _unit_packs[path] = (time.monotonic(), ids)
    return ids


_units_index: tuple[tuple[int, int | None], list[tuple[str, str, str]]] | None = None


def unit_search(query: str, *, limit: int = 20) -> list[tuple[str, str]]:
    """Current units whose name contains ``query``, marks and case ignored ("cam pha"
    finds "Cẩm Phả"), as (code, name) in Vietnamese order. The folded names are kept per
    process until units are added or removed."""
    global _units_index
    rows = Unit.objects.filter(valid_until__isnull=True, merged_into__isnull=True)
    signature = tuple(rows.aggregate(n=Count("pk"), top=Max("pk")).values())
    if _units_index is None or _units_index[0] != signature:
        _units_index = (
            signature,  # type: ignore[assignment]
            [(fold_key(name), code, name) for code, name in rows.values_list("code", "name")],
        )
    needle = fold_key(query)
    if not needle:
        return []
    hits = [(code, name) for key, code, name in _units_index[1] if needle in key]
    hits.sort(key=lambda hit: (not fold_key(hit[1]).startswith(needle), sort_key(hit[1])))
    return hits[:limit]


_units: dict[str, tuple[float, dict[str, Any] | None]] = {}


def unit_lookup(code: str) -> dict[str, Any] | None:
    """A unit's public facts by code, kept a minute per process (the hot path of a QR code
    reads no database), or None for an unknown code."""
    hit = _units.get(code)
    if hit and time.monotonic() - hit[0] < 60:
        return hit[1]
    row = Unit.objects.filter(code=code).values("pk", "code", "name", "short_name", "path").first()
    if len(_units) > 50_000:
        _units.clear()
    _units[code] = (time.monotonic(), row)
    return row


def unit_from_lookup(facts: dict[str, Any]) -> Unit:
    """The unit of :func:`unit_lookup`'s facts as a ``Unit`` without a query: enough to join
    it (its id), to count a join against its subtree (its path, at most a minute old) and to
    name it in the audit log."""
    return Unit(
        pk=facts["pk"],
        code=facts["code"],
        name=facts["name"],
        short_name=facts["short_name"],
        path=facts["path"],
    )


def unit_lookup_forget() -> None:
    _units.clear()
    _unit_packs.clear()


def _same_origin(request: HttpRequest) -> bool:
    """The join form carries no token (the shell is the same file for everyone), so a
    cross-site post is refused by its Origin (every current browser sends it on a POST)
    and Sec-Fetch-Site headers instead."""
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return origin is None
    return origin == f"{request.scheme}://{request.get_host()}"


@require_GET
def unit_json(request: HttpRequest, code: str) -> JsonResponse:
    """``/hoc/don-vi/<code>.json``: the unit's name for the study shell (public facts only)."""
    unit = unit_lookup(code[:64])
    if unit is None:
        response = JsonResponse({"error": "unknown_unit", "message": _("Unknown unit")}, status=404)
    else:
        response = JsonResponse(
            {
                "code": unit["code"],
                "name": unit["name"],
                "short_name": unit["short_name"],
                **_unit_packs_json(unit["path"]),
            }
        )
    response["Cache-Control"] = "public, max-age=300"
    return response


def _unit_packs_json(path: str) -> dict[str, Any]:
    """The packs a study link of the unit may name with ``?goi=``: each one's title and the
    cards file of its current version in the page's language (the shell names the pack and
    fetches its cards ahead); ``default`` is the pack studied without ``?goi=``."""
    lang = page_lang()
    packs: dict[str, Any] = {}
    for pack_id in unit_pack_ids(path):
        try:
            pack = _pack(pack_id)
        except PackNotInstalledError:  # removed within the minute
            continue
        packs[pack_id] = {
            "title": pack.title.get(lang),
            "version": pack.version,
            "cards": shell.cards_url(pack, lang),
        }
    return {"default": settings.LANTOA_DEFAULT_PACK, "packs": packs}


def hashed_file(request: HttpRequest, name: str) -> HttpResponse:
    """``/hoc/h/<name>``: a content-hashed file of the learner path (the WSGI entry point
    keeps this reply and sends it again from memory: ``learning.front.HashedFiles``)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    found = shell.built().files.get(name)
    if found is None and name.startswith("cards."):
        # Cards of a pack version this process has not built yet (another process wrote the
        # page that names them): "cards.<pack>-<version>.<lang>.<hash>.json".
        for row in PackVersion.objects.only("pack_id", "version"):
            if name.startswith(f"cards.{row.pack_id}-{row.version}."):
                try:
                    pack = pack_get(row.pack_id, row.version)
                except PackNotInstalledError:
                    break
                for lang, _name in settings.LANGUAGES:
                    shell.cards_url(pack, lang)
                break
        found = shell.built().files.get(name)
    if found is None:
        raise Http404
    response = HttpResponse(found[0], content_type=found[1])
    response["Cache-Control"] = shell.IMMUTABLE
    return response
