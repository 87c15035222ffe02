"""CPU per request of the learner flow's server-rendered pages, in-process (issue 14).

Calls the site's WSGI application directly (every middleware, the real settings with
``DEBUG`` off, SQLite in a temp folder, rate limits off): no socket, no server, so the figure
is the Python work of one request on one core.

    .venv/bin/python bench/learn_pages.py                   # every page
    .venv/bin/python bench/learn_pages.py --only study,result -n 500
    .venv/bin/python bench/learn_pages.py --profile study    # and a cProfile of one page
    .venv/bin/python bench/learn_pages.py --keep-connection  # without SQLite's connect/close

Pages: ``study`` (``GET /hoc/the/``, a learner with 5 of 17 cards rated), ``study-flipped``
(``?lat=1``), ``study-en`` (``/en/hoc/the/``), ``result`` (a failed attempt: the points to
review), ``result-passed`` (the certificate form), ``join`` (``POST /hoc/<unit code>``, a new
learner each time), ``shell`` (``GET /hoc/<unit code>``) and ``floor`` (``/hoc/sw.js``, a
page as small as they come), for comparison. For each: CPU ms per
request (``time.process_time``, the best of 5 runs of ``n`` requests: other work on a shared
machine only adds to it) and SQL queries per request.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="lantoa.config.settings",
    LANTOA_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnop",
    LANTOA_DATA_DIR=tempfile.mkdtemp(prefix="lantoa-pages-"),
    LANTOA_LEARN_RATE_PER_CLIENT="0",
    LANTOA_LEARN_RATE_PER_UNIT="0",
    LANTOA_LEARN_BURST_JOINS="0",
    LANTOA_QUIZ_ATTEMPTS_PER_DAY="0",
    LANTOA_LOG_LEVEL="WARNING",
)
for name in ("LANTOA_DATABASE_URL", "LANTOA_DEBUG", "LANTOA_DEMO"):
    os.environ.pop(name, None)

HOST = "127.0.0.1:8400"
Response = tuple[str, list[tuple[str, str]], bytes]


def call(application, method: str, path: str, body: bytes = b"", cookie: str = "") -> Response:  # type: ignore[no-untyped-def]
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8400",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded" if body else "",
        "HTTP_HOST": HOST,
        "HTTP_ORIGIN": f"http://{HOST}",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
    }
    out: dict[str, object] = {}

    def start_response(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
        out["status"], out["headers"] = status, headers

    data = b"".join(application(environ, start_response))
    return out["status"], out["headers"], data  # type: ignore[return-value]


def cookies_of(headers: list[tuple[str, str]]) -> str:
    return "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")


def prepare() -> dict[str, Callable[[], Response]]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_packs", verbosity=0)
    from django.utils import timezone

    from lantoa.config.wsgi import application
    from lantoa.core.learn import quiz_draw
    from lantoa.learning.models import Answer, Learner, QuizAttempt
    from lantoa.learning.selectors import pack_cached
    from lantoa.orgs.services import unit_create

    root = unit_create(actor=None, code="B", name="Tỉnh thử", kind="province", parent=None)
    unit_create(actor=None, code="B-1", name="Xã Một", kind="commune", parent=root)

    def join() -> Response:
        body = urlencode({"kind": "official", "display_name": "Nguyễn Văn A"}).encode()
        return call(application, "POST", "/hoc/B-1", body)

    status, headers, _ = join()
    assert status.startswith("302"), status
    cookie = cookies_of(headers)
    # Five cards rated through the form without JavaScript (it needs the CSRF cookie).
    status, headers, page = call(application, "GET", "/hoc/the/", cookie=cookie)
    cookie = "; ".join(filter(None, [cookie, cookies_of(headers)]))
    token = page.split(b'name="csrfmiddlewaretoken" value="', 1)[1].split(b'"', 1)[0].decode()
    for point in range(1, 6):
        body = urlencode(
            {
                "point": point,
                "rating": 3,
                "client_id": f"00000000-0000-4000-8000-{point:012d}",
                "csrfmiddlewaretoken": token,
            }
        ).encode()
        status, _h, _d = call(application, "POST", "/hoc/the/danh-gia/", body, cookie)
        assert status.startswith("302"), status

    # Two finished attempts, written directly: one failed (3 wrong), one passed.
    learner = Learner.objects.order_by("-pk").first()
    pack = pack_cached(learner.pack_id)
    attempts = []
    for wrong in (3, 0):
        questions = quiz_draw(pack, seed=wrong, n=10)
        attempt = QuizAttempt.objects.create(
            learner=learner,
            pack_id=pack.id,
            pack_version=pack.version,
            seed=wrong,
            question_ids=[q.id for q in questions],
            total=10,
            score=10 - wrong,
            passed=wrong < 3,
            finished_at=timezone.now(),
        )
        Answer.objects.bulk_create(
            Answer(
                client_id=f"00000000-0000-4000-9{wrong:03d}-{i:012d}",
                attempt=attempt,
                question_id=q.id,
                point=q.point,
                choice=q.answer if i >= wrong else (q.answer + 1) % len(q.choices),
                correct=i >= wrong,
            )
            for i, q in enumerate(questions)
        )
        attempts.append(attempt.pk)

    def get(path: str) -> Callable[[], Response]:
        return lambda: call(application, "GET", path, cookie=cookie)

    return {
        "study": get("/hoc/the/"),
        "study-flipped": get("/hoc/the/?lat=1"),
        "study-en": get("/en/hoc/the/"),
        "result": get(f"/hoc/kiem-tra/{attempts[0]}/ket-qua/"),
        "result-passed": get(f"/hoc/kiem-tra/{attempts[1]}/ket-qua/"),
        "join": join,
        "shell": lambda: call(application, "GET", "/hoc/B-1"),
        "floor": get("/hoc/sw.js"),
    }


def measure(fn: Callable[[], Response], n: int) -> tuple[float, int, str]:
    from django.db import connection

    for _ in range(20):
        status = fn()[0]
    queries = []  # (a request resets connection.queries: count through a wrapper)

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    runs = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(n):
            fn()
        runs.append((time.process_time() - start) * 1000 / n)
    return min(runs), len(queries), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated pages (default: all)")
    parser.add_argument("-n", type=int, default=200, help="requests per run (5 runs)")
    parser.add_argument("--profile", help="cProfile this page (300 requests)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--keep-connection",
        action="store_true",
        help="keep the database connection between requests (CONN_MAX_AGE=None), to see a "
        "page's own work without SQLite's connect and close",
    )
    args = parser.parse_args()
    pages = prepare()
    if args.keep_connection:
        from django.db import connection

        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = None
    names = args.only.split(",") if args.only else list(pages)
    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    figures = {}
    for name in names:
        ms, queries, status = measure(pages[name], args.n)
        figures[name] = {"cpu_ms": round(ms, 2), "queries": queries, "status": status}
        print(f"{name:14} {ms:6.2f} ms CPU  {queries:2d} queries  {status}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    if args.profile:
        import cProfile
        import pstats

        fn = pages[args.profile]
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(300):
            fn()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    main()
