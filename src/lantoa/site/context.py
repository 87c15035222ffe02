"""Values every page's layout needs: the language switch and the signed-in user's area."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "language_switch": language_switch(request),
        "lang": page_lang(),
        "user_unit": SimpleLazyObject(lambda: _user_unit(request)),
    }


def language_switch(request: HttpRequest) -> list[dict[str, object]]:
    """The header's links to this page in each language (its query string kept)."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": name,
            "url": _translated(path, code, current),
            "current": current.startswith(code),
        }
        for code, name in settings.LANGUAGES
    ]


@lru_cache(maxsize=1024)
def _translated(path: str, code: str, current: str) -> str:
    """``translate_url`` resolves and reverses the address on every call; the answer depends
    only on the address and the two languages (``current``: the one it is resolved in), so
    it is kept (a bounded cache: addresses come from visitors)."""
    return translate_url(path, code)


def _user_unit(request: HttpRequest) -> object:
    """The unit shown beside the user's name: their first (highest) membership unit."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    from lantoa.orgs.selectors import user_home_unit

    return user_home_unit(user=user)


def page_lang() -> str:
    """The page's language as the content knows it: "en" or "vi"."""
    return "en" if (get_language() or settings.LANGUAGE_CODE).startswith("en") else "vi"
