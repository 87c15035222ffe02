"""Pages rendered once and filled in per request: the hot pages of the learner flow.

A study card is the same page for every anonymous visitor on that card of that pack version
in that language but for a few values: how many cards they learned, their order of cards, a
fresh client id, the form's CSRF token, the language switch's addresses (they keep the query
string). :func:`render` renders the template once per key with a *hole* in each such place
— a marker of random letters that escaping leaves as it is — keeps the page cut at its holes
in a bounded LRU of this process, and answers each request by joining the pieces with that
request's values, escaped as the template escapes them. A render takes milliseconds; a fill,
microseconds.

What may be a hole: a value the template only prints (``{{ name }}``, text or an attribute),
given as text, a number, a UUID or safe HTML; the CSRF token and the language switch are
holes of every stencil. Everything else the template reads must be decided by the key, and
the view's URL name and the language are always part of it. A signed-in visitor (the header
names them and carries a sign-out form) or one with messages to show gets the template
rendered in full, as before. Keys carry a pack's version where the page shows the pack, so
a newly published version is a new page; :func:`forget` empties the cache (called by
``learning.selectors.pack_forget``). The tests compare filled pages with full renders byte
for byte.

:func:`fragment` keeps a small piece of HTML per key the same way (no holes, no request):
the rows of a list whose items repeat (a point to review).
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render as render_in_full
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from lantoa.site.context import language_switch

SIZE = 1024  # pages kept per process (a study page is about 12 kB)
_MARK = "hole" + secrets.token_hex(6)
_HOLE = re.compile(f"{_MARK}([a-z0-9_]+){_MARK}")
CSRF = "csrf_token"

_lock = threading.Lock()
_pages: OrderedDict[Hashable, tuple[tuple[str, ...], frozenset[str]]] = OrderedDict()
_fragments: OrderedDict[Hashable, SafeString] = OrderedDict()


def _hole(name: str) -> str:
    return f"{_MARK}{name}{_MARK}"


def _html(value: object) -> str:
    """``value`` as ``{{ value }}`` prints it (localized, escaped unless safe)."""
    return conditional_escape(localize(value))


def same_for_everyone(request: HttpRequest) -> bool:
    """The page's layout is the anonymous visitor's, with no message to show."""
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated and not get_messages(request)


def render(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], Mapping[str, Any]],
    *,
    key: tuple[Hashable, ...],
    holes: Mapping[str, object],
) -> HttpResponse:
    """The response of ``render(request, template_name, {**context(), **holes})``, from the
    page kept under ``key`` (``context`` is called only to render it)."""
    if not same_for_everyone(request):
        return render_in_full(request, template_name, {**context(), **holes})
    switch = language_switch(request)
    match = request.resolver_match
    full_key = (template_name, match.url_name if match else "", get_language(), *key)
    with _lock:
        kept = _pages.get(full_key)
        if kept is not None:
            _pages.move_to_end(full_key)
    if kept is None:
        marked = {
            **context(),
            **{name: _hole(name) for name in holes},
            CSRF: _hole(CSRF),
            "language_switch": [
                {**item, "url": _hole(f"switch_{i}")} for i, item in enumerate(switch)
            ],
        }
        pieces = tuple(_HOLE.split(render_to_string(template_name, marked, request=request)))
        kept = (pieces, frozenset(pieces[1::2]))
        with _lock:
            _pages[full_key] = kept
            while len(_pages) > SIZE:
                _pages.popitem(last=False)
    pieces, names = kept
    values = {name: _html(value) for name, value in holes.items()}
    values.update({f"switch_{i}": _html(item["url"]) for i, item in enumerate(switch)})
    if CSRF in names:  # as {% csrf_token %}: the token, and the CSRF cookie on the response
        values[CSRF] = _html(get_token(request))
    page = "".join(piece if i % 2 == 0 else values[piece] for i, piece in enumerate(pieces))
    return HttpResponse(page)


def fragment(
    template_name: str, context: Callable[[], Mapping[str, Any]], *, key: tuple[Hashable, ...]
) -> SafeString:
    """``template_name`` rendered with ``context()`` (no request), kept under ``key`` and the
    language."""
    full_key = (template_name, get_language(), *key)
    with _lock:
        kept = _fragments.get(full_key)
    if kept is None:
        kept = mark_safe(render_to_string(template_name, dict(context())))
        with _lock:
            _fragments[full_key] = kept
            while len(_fragments) > SIZE * 4:
                _fragments.popitem(last=False)
    return kept


def forget() -> None:
    """Drop every kept page (a pack version was published or removed)."""
    with _lock:
        _pages.clear()
        _fragments.clear()
