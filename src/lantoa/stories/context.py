"""Open Graph metadata for public pages whose views do not set ``og`` themselves."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lantoa.stories.sharing import og_for_request


def sharing(request: HttpRequest) -> dict[str, object]:
    # Lazy: computed only when the layout reads it (pages with their own ``og`` never do).
    return {"og": SimpleLazyObject(lambda: og_for_request(request))}
