"""Open Graph / Twitter Card tags in the study shell without giving up its static bytes.

The shell (``shell.html``, hashed under ``/hoc/h/``) is the same file for every unit and
carries one placeholder in its ``<head>``, ``<!--og-->``. ``/hoc/<code>`` replaces it with
the unit's tags (title with the unit's name, description, ``og:url``, the unit's 1200×630
share card): one ``bytes.replace`` on the cached shell, the result kept per unit in a
bounded LRU of this process. The hashed file keeps the bare placeholder, so its hash is the
hash of what it serves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from lantoa.learning import shell
from lantoa.site.addresses import site_base_url

PLACEHOLDER = b"<!--og-->"
END = b"<!--/og-->"
SIZE = 2048  # units whose tagged shell is kept (a province has a few thousand)

_lock = threading.Lock()
_pages: OrderedDict[tuple[str, ...], bytes] = OrderedDict()


def _tags(request: HttpRequest, unit: dict[str, Any], lang: str) -> bytes:
    from lantoa.orgs.models import Unit
    from lantoa.stories.sharing import unit_open_graph

    row = Unit.objects.select_related("parent").filter(pk=unit["pk"]).first()
    if row is None:
        return b""
    html = render_to_string("stories/_og.html", {"og": unit_open_graph(request, row), "lang": lang})
    return html.strip().encode()


def shell_for_unit(request: HttpRequest, unit: dict[str, Any], lang: str) -> bytes:
    """The study shell of ``lang`` with ``unit``'s Open Graph tags in place of the
    placeholder (between ``<!--og-->`` and ``<!--/og-->``)."""
    page = shell.shell_bytes(lang)
    base = site_base_url(request)
    key = (lang, unit["code"], unit["name"], base, shell.built().shells.get(lang, ""))
    with _lock:
        hit = _pages.get(key)
        if hit is not None:
            _pages.move_to_end(key)
            return hit
    tags = _tags(request, unit, lang)
    result = page.replace(PLACEHOLDER, PLACEHOLDER + b"\n  " + tags + b"\n  " + END, 1)
    with _lock:
        _pages[key] = result
        while len(_pages) > SIZE:
            _pages.popitem(last=False)
    return result


def forget() -> None:
    with _lock:
        _pages.clear()
