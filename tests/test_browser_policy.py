"""The browser policy on every page (issue 19, item 5).

Every route of the site, found by walking the URL configuration (as test_every_page does),
is requested signed out and signed in: a Content-Security-Policy without ``'unsafe-inline'``
for scripts, ``frame-ancestors 'none'``, a Permissions-Policy and a Referrer-Policy on every
answer, and ``HEAD`` answering as ``GET`` does. Then headless Chromium opens every HTML page
with the policy enforced and must report no violation.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_every_page import fill, routes, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _pages(world) -> list[str]:  # noqa: F811
    paths = []
    for route in routes():
        path = fill(route, world)
        if path is not None and not path.startswith(("/static/", "/admin/")):
            paths.append(path)
    return paths


def _clients(world) -> dict[str, Client]:  # noqa: F811
    signed_in = Client()
    signed_in.force_login(world.alice)
    return {"signed out": Client(), "signed in": signed_in}


def test_every_answer_carries_the_browser_policy_and_head_works_like_get(world):  # noqa: F811
    checked = 0
    for path in [*_pages(world), "/admin/login/"]:
        for persona, client in _clients(world).items():
            got = client.get(path)
            head = client.head(path)
            assert head.status_code == got.status_code, (persona, path)
            body = b"".join(head.streaming_content) if head.streaming else head.content
            assert body == b"", path
            if got.status_code >= 300:
                continue
            csp = got.headers.get("Content-Security-Policy", "")
            script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
            assert "unsafe-inline" not in script, path
            assert "frame-ancestors 'none'" in csp, path
            assert "camera=()" in got.headers["Permissions-Policy"], path
            assert got.headers["Referrer-Policy"] == "same-origin", path
            checked += 1
    assert checked > 30


_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.browser
def test_chromium_sees_no_policy_violation_on_any_page(world, open_page, site):  # noqa: F811
    failures: list[str] = []
    opened = 0
    for persona, client in _clients(world).items():
        html = []
        for path in _pages(world):
            answer = client.get(path)
            if answer.status_code == 200 and answer["Content-Type"].startswith("text/html"):
                html.append(path)
        page = open_page(world.alice if persona == "signed in" else None, width=1024)
        page.add_init_script(_WATCH)
        console: list[str] = []
        page.on(
            "console",
            lambda m, sink=console: (
                sink.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        for path in html:
            console.clear()
            page.goto(site + path, wait_until="load")
            seen = page.evaluate("window.__cspViolations") + list(console)
            if seen:
                failures.append(f"{persona} {path}: {seen}")
            opened += 1
    assert opened > 20
    assert not failures, "\n".join(failures)
