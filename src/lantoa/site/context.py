"""Values every page's layout needs: the language switch and the signed-in user's area."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, object]:
    current = get_language() or settings.LANGUAGE_CODE
    switch = [
        {
            "code": code,
            "name": name,
            "url": translate_url(request.get_full_path(), code),
            "current": current.startswith(code),
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "language_switch": switch,
        "lang": page_lang(),
        "user_unit": SimpleLazyObject(lambda: _user_unit(request)),
    }


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
