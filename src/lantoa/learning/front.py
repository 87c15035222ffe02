"""What every learner requests most, answered in front of the site's handler.

``learner_front`` wraps the WSGI application with two short paths:

- the learner path's content-hashed files (``GET``/``HEAD /hoc/h/<name>``: the study shell,
  the cards of a pack version, the scripts and styles) from memory, see :class:`HashedFiles`;
- the learner's events (``POST /hoc/su-kien/``) through a :class:`LeanHandler`, below;
- the study link's two public GETs — the unit's shell (``/hoc/<code>``) and its name
  (``/hoc/don-vi/<code>.json``) — through another :class:`LeanHandler` with the page
  middleware only (security headers, CSP, language), so that they open no session and do
  not vary on the cookie: a proxy or CDN may hold them for the five minutes they say.

At national scale most requests are a learner's events (``POST /hoc/su-kien/``): ten ratings
and ten answers for every learner who takes the quiz. The site's handler runs each request
through every middleware — sessions, authentication, two-step sign-in, CSRF, messages, the
sign-in lockout — and resolves it against every URL pattern, although the events endpoint
uses none of them. ``learner_front`` sends exactly that path (POST, in each language) to a
``LeanHandler``: Django's own request cycle (the request signals that manage database
connections, exceptions answered by the site's error views, the same security headers and
page language) with only the middleware a JSON write needs and a fixed route. Anything else
goes to the site's handler unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest
from django.urls import ResolverMatch
from django.utils.module_loading import import_string

# The site's middleware a JSON write needs, in the site's order (config/settings.py): the
# security headers (the view sets its own Content-Security-Policy), Permissions-Policy, the
# body bound, the page language (for the messages), Content-Length, X-Frame-Options and the
# site's error pages.
LEAN_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "lantoa.site.middleware.BrowserPolicyMiddleware",
    "lantoa.site.middleware.RequestSizeLimitMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantoa.site.errors.ErrorPageMiddleware",
)

# What the public GETs above need: the same, with the site's Content-Security-Policy (they
# are pages) and without the body bound (no body).
LEAN_GET_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lantoa.site.middleware.BrowserPolicyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantoa.site.errors.ErrorPageMiddleware",
)

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class LeanHandler(WSGIHandler):
    """Django's WSGI handler with a short middleware list and a given route: ``route`` takes
    the request's path and returns its ``ResolverMatch`` (no lookup in the site's URLs)."""

    def __init__(self, route: Callable[[str], ResolverMatch], middleware: tuple[str, ...]):
        self.route, self.middleware = route, middleware
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(self.middleware):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        match = self.route(request.path_info)
        request.resolver_match = match
        return match

    def get_response(self, request: HttpRequest) -> Any:
        # No authentication middleware here: the error pages find an anonymous visitor.
        request.user = AnonymousUser()
        return super().get_response(request)


class HashedFiles:
    """The learner path's content-hashed files, answered from memory.

    Their bytes never change under a name (``lantoa.learning.shell``), so the first ``GET``
    of a name goes to the site — its view builds the file, and the site's middleware adds
    the security headers — and a ``200`` marked immutable that sets no cookie is kept: every
    later request for that path gets the same status, headers and bytes with no Django at
    all. On two cores this answers about twice as many requests a second as granian's
    static mount, which reads the file from disk every time and cannot send
    ``public, immutable`` (decision 0009). The table holds only names the view found
    (unknown names go to the site every time, as a 404), and the view's own files are
    bounded: the shells, scripts and styles, and the cards of the installed pack versions."""

    def __init__(self, site: WSGIApp, prefixes: tuple[str, ...]) -> None:
        self.site, self.prefixes = site, prefixes
        self.table: dict[str, tuple[str, list[tuple[str, str]], bytes]] = {}

    def wants(self, environ: dict[str, Any]) -> bool:
        path: str = environ.get("PATH_INFO", "")
        return environ.get("REQUEST_METHOD") in ("GET", "HEAD") and path.startswith(self.prefixes)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        hit = self.table.get(environ["PATH_INFO"])
        if hit is None:
            return self._through_site(environ, start_response)
        status, headers, body = hit
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _through_site(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        reply: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            reply[:] = [status, headers]
            return start_response(status, headers, exc_info)

        if environ["REQUEST_METHOD"] != "GET" or environ.get("QUERY_STRING"):
            return self.site(environ, start_response)
        result = self.site(environ, keep)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = reply
        fields = {k.lower(): v for k, v in headers}
        if (
            status.startswith("200 ")
            and "immutable" in fields.get("cache-control", "")
            and "set-cookie" not in fields
            and fields.get("content-length") == str(len(body))
        ):
            self.table[environ["PATH_INFO"]] = (status, list(headers), body)
        return [body]


class PublicRoutes:
    """Which GET paths are the study link's public pages, each resolved once by the site's
    own URLs in the language its address names (a bounded table: one entry per unit code
    and language asked for)."""

    LIMIT = 20_000

    def __init__(self, views: tuple[Callable[..., Any], ...]) -> None:
        self.views = views
        self.table: dict[str, ResolverMatch | None] = {}

    def match(self, path: str) -> ResolverMatch | None:
        try:
            return self.table[path]
        except KeyError:
            pass
        from django.conf import settings
        from django.urls import Resolver404, resolve
        from django.utils import translation

        language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        try:
            with translation.override(language):
                found: ResolverMatch | None = resolve(path)
        except Resolver404:
            found = None
        if found is not None and found.func not in self.views:
            found = None
        if len(self.table) >= self.LIMIT:
            self.table.clear()
        self.table[path] = found
        return found

    def route(self, path: str) -> ResolverMatch:
        found = self.match(path)
        assert found is not None  # only matched paths are sent here
        return found


def learner_front(site: WSGIApp) -> WSGIApp:
    """``site`` with the hashed files from memory (:class:`HashedFiles`), and the learner's
    events and the study link's public pages each served by a :class:`LeanHandler`."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from lantoa.learning.entry import unit_json
    from lantoa.learning.events import events
    from lantoa.learning.views import learn_unit

    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("learn_events"))
    lean = LeanHandler(
        lambda _path: ResolverMatch(events, (), {}, url_name="learn_events"), LEAN_MIDDLEWARE
    )
    public = PublicRoutes((learn_unit, unit_json))
    public_pages = LeanHandler(public.route, LEAN_GET_MIDDLEWARE)
    study_links, hashed_prefixes = set(), set()  # "/hoc/", "/en/hoc/"; "/hoc/h/", …
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            study_links.add(reverse("learn_start"))
            hashed_prefixes.add(reverse("learn_hashed_file", args=["x"])[:-1])
    files = HashedFiles(site, tuple(sorted(hashed_prefixes)))

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") in paths:
            return lean(environ, start_response)
        if files.wants(environ):
            return files(environ, start_response)
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and path.startswith(tuple(study_links))
            and public.match(path) is not None
        ):
            return public_pages(environ, start_response)
        return site(environ, start_response)

    application.lean_paths = frozenset(paths)  # type: ignore[attr-defined]
    application.lean = lean  # type: ignore[attr-defined]
    application.files = files  # type: ignore[attr-defined]
    application.public = public  # type: ignore[attr-defined]
    return application
