"""``lantoa serve`` starts the production app server and serves the page over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited: {process.stdout.read().decode() if process.stdout else ''}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds}s")


@pytest.fixture
def server(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
    env.update(LANTOA_DATA_DIR=str(tmp_path), LANTOA_SECRET_KEY="s" * 50)
    lantoa = Path(sys.executable).with_name("lantoa")
    process = subprocess.Popen(
        [
            str(lantoa),
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--migrate",
            "--no-access-log",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_runs_gunicorn_and_serves_the_comparison(server, pack):
    base, process = server
    assert wait_for(base + "/healthz", process) == b'{"status": "ok", "database": "ok"}'
    html = wait_for(base + "/", process).decode()
    assert pack.points[16].title.vi in html
    with urllib.request.urlopen(base + "/static/lantoa/fonts/BeVietnamPro-Bold.woff2") as font:
        assert font.read(4) == b"wOF2"
    ps = subprocess.run(
        ["ps", "-o", "args=", "--ppid", str(process.pid)], capture_output=True, text=True
    )
    assert "lantoa" in ps.stdout  # the app server runs its workers from the lantoa process


def test_serve_sends_the_learner_paths_hashed_files_immutable(server, tmp_path):
    """The files lantoa serve wrote for a proxy are the bytes the site sends at /hoc/h/
    (from memory after the first request: lantoa.learning.front.HashedFiles), each time
    with the site's headers and ``public, immutable``."""
    base, process = server
    wait_for(base + "/healthz", process)
    (shell,) = (tmp_path / "static" / "h").glob("shell.vi.*.html")
    for _ in range(3):
        with urllib.request.urlopen(f"{base}/hoc/h/{shell.name}") as response:
            assert response.read() == shell.read_bytes()
            assert response.headers["server"] == "granian"
            assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
            assert response.headers["content-type"] == "text/html; charset=utf-8"
            assert "default-src" in response.headers["content-security-policy"]


def test_workers_come_from_the_cores():
    from lantoa.cli.site import _workers

    cores = len(os.sched_getaffinity(0))
    assert _workers(None, "granian") == min(cores, 16)
    assert _workers(None, "gunicorn") == min(9, cores * 2 + 1)
    assert _workers(3, "granian") == 3


def test_serve_warns_at_start_up_when_the_sites_address_is_not_set(server):
    base, process = server
    wait_for(base + "/healthz", process)
    process.terminate()
    output = process.communicate(timeout=20)[0].decode()
    assert "LANTOA_BASE_URL is not set" in output
    assert output.index("LANTOA_BASE_URL is not set") < output.index("Lan Tỏa: http://")


def _manage(tmp_path: Path, code: str) -> str:
    """Run Python in the served site's settings (``lantoa manage shell``), as the server's
    own database sees it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
    env.update(LANTOA_DATA_DIR=str(tmp_path), LANTOA_SECRET_KEY="s" * 50)
    lantoa = Path(sys.executable).with_name("lantoa")
    result = subprocess.run(
        [str(lantoa), "manage", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


@pytest.mark.browser
def test_a_learner_studies_through_the_production_server_in_a_browser(server, tmp_path, browser):
    """What runs in front of Django under ``lantoa serve`` — the hashed files from memory,
    the study link's short GET handler, the events' short handler — in a real browser: open
    a commune's study link, join, turn a card and rate it; the rating is stored."""
    base, process = server
    wait_for(base + "/healthz", process)
    _manage(
        tmp_path,
        "from lantoa.orgs.services import unit_create\n"
        "p = unit_create(actor=None, code='T', name='Tỉnh thử', kind='province', parent=None)\n"
        "unit_create(actor=None, code='T-1', name='Xã Thử Nghiệm', kind='commune', parent=p)",
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    replies: list[tuple[str, str, int, str]] = []
    page.on(
        "response",
        lambda r: replies.append(
            (r.request.method, r.url, r.status, r.headers.get("cache-control", ""))
        ),
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{base}/hoc/T-1")
        page.get_by_text("Xã Thử Nghiệm").first.wait_for()  # the shell read the unit's JSON
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/hoc/the/")
        page.click("#flip")
        with page.expect_response(lambda r: r.url.endswith("/hoc/su-kien/")) as event:
            page.locator("button.rate-good:visible").first.click()
        assert event.value.status == 200
        assert event.value.json()["results"][0]["status"] == "ok"
        page.reload()
        assert "1 / 17" in page.inner_text("body")
    finally:
        page.close()
    assert errors == []
    hashed = [r for r in replies if "/hoc/h/" in r[1]]
    assert hashed  # the shell's script and styles, the cards file
    assert all(status == 200 for _m, _u, status, _c in hashed)
    assert {c for _m, _u, _s, c in hashed} == {"public, max-age=31536000, immutable"}
    assert (
        _manage(
            tmp_path, "from lantoa.learning.models import Rating\nprint(Rating.objects.count())"
        )
        == "1"
    )
