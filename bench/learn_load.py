"""Load-test the study pages: many learners studying and taking the quiz against a real
``lantoa serve`` (gunicorn) on loopback, on SQLite and on PostgreSQL.

    .venv/bin/python bench/learn_load.py                  # both databases, 4/16/48 clients
    .venv/bin/python bench/learn_load.py --db sqlite --seconds 10 --levels 8

Each client thread replays whole learners over one keep-alive connection: open the unit's
study page, join (form post with its CSRF token), open the cards, send ten ratings to the
event endpoint (one request each, as learn.js does online), start a quiz, open it, send ten
answers, open the result — 26 requests a learner. Each concurrency level runs for a fixed
time; the report gives requests a second, p50/p99 latency (all requests, and the JSON event
requests alone) and errors. The load generator runs in this process, the server in another;
both share the machine's cores. Rate limits are switched off for the server under test.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
LANTOA = ROOT / ".venv" / "bin" / "lantoa"
UNITS = 40
SYNC_BATCH = 17  # events a sync request carries: one round of the pack's cards
PG_URL = "postgres://postgres@127.0.0.1:5432/lantoa_learn_bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(data_dir: str, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LANTOA_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnop",
        LANTOA_DATA_DIR=data_dir,
        LANTOA_LEARN_RATE_PER_CLIENT="0",
        LANTOA_LEARN_RATE_PER_UNIT="0",
        LANTOA_LOG_LEVEL="WARNING",
    )
    env.pop("LANTOA_DATABASE_URL", None)
    if database_url:
        env["LANTOA_DATABASE_URL"] = database_url
    return env


def prepare(env: dict[str, str], database_url: str | None) -> None:
    if database_url:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS lantoa_learn_bench")
            conn.execute("CREATE DATABASE lantoa_learn_bench")
    manage = [str(LANTOA), "manage"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_packs", "-v0"], env=env, check=True)
    script = (
        "from lantoa.orgs.services import unit_create\n"
        "root = unit_create(actor=None, code='B', name='Tỉnh thử', kind='province', parent=None)\n"
        f"for i in range({UNITS}):\n"
        "    unit_create(actor=None, code=f'B-{i}', name=f'Xã {i}', kind='commune', parent=root)\n"
    )
    subprocess.run([*manage, "shell", "-c", script], env=env, check=True, capture_output=True)


class Learner:
    """One simulated learner on one keep-alive connection."""

    def __init__(self, conn: http.client.HTTPConnection, code: str) -> None:
        self.conn, self.code, self.cookies = conn, code, {}

    def request(self, method, path, body=None, headers=None, *, record):  # type: ignore[no-untyped-def]
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            record(path, time.perf_counter() - start, 0)
            raise
        record(path, time.perf_counter() - start, response.status)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, data

    def form(self, path, fields, token, *, record):  # type: ignore[no-untyped-def]
        body = urlencode({**fields, "csrfmiddlewaretoken": token})
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
            record=record,
        )

    def event(self, payload, *, record):  # type: ignore[no-untyped-def]
        status, _, data = self.request(
            "POST",
            "/hoc/su-kien/",
            json.dumps({"events": [payload]}),
            {"Content-Type": "application/json"},
            record=record,
        )
        return status, data

    def run(self, record) -> None:  # type: ignore[no-untyped-def]
        _, _, page = self.request("GET", f"/hoc/{self.code}", record=record)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        self.form(f"/hoc/{self.code}", {"kind": "official"}, token, record=record)
        _, _, page = self.request("GET", "/hoc/the/", record=record)
        for point in range(1, 11):
            rating = {"type": "rating", "id": str(uuid.uuid4()), "point": point, "rating": 3}
            self.event(rating, record=record)
        _, headers, _ = self.form("/hoc/kiem-tra/", {}, token, record=record)
        quiz = headers["Location"]
        attempt = int(re.search(r"/kiem-tra/(\d+)/", quiz).group(1))
        _, _, page = self.request("GET", quiz, record=record)
        for qid in re.findall(rb'data-question="([^"]+)"', page):
            answer = {
                "type": "answer",
                "id": str(uuid.uuid4()),
                "attempt": attempt,
                "question": qid.decode(),
                "choice": 0,
            }
            self.event(answer, record=record)
        self.request("GET", quiz + "ket-qua/", record=record)

    def sync(self, record, stop: float) -> None:  # type: ignore[no-untyped-def]
        """Join once, then send queued ratings 17 at a time, as learn.js does when a learner
        who studied offline comes back: one request carries a whole round of cards."""
        _, _, page = self.request("GET", f"/hoc/{self.code}", record=record)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        self.form(f"/hoc/{self.code}", {"kind": "official"}, token, record=record)
        while time.monotonic() < stop:
            batch = [
                {"type": "rating", "id": str(uuid.uuid4()), "point": n, "rating": 3}
                for n in range(1, SYNC_BATCH + 1)
            ]
            self.request(
                "POST",
                "/hoc/su-kien/",
                json.dumps({"events": batch}),
                {"Content-Type": "application/json"},
                record=functools.partial(record, events=SYNC_BATCH),
            )

    def ratings(self, record, stop: float) -> None:  # type: ignore[no-untyped-def]
        """Join once, then only ratings: the hot JSON endpoint alone."""
        _, _, page = self.request("GET", f"/hoc/{self.code}", record=record)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        self.form(f"/hoc/{self.code}", {"kind": "official"}, token, record=record)
        point = 0
        while time.monotonic() < stop:
            point = point % 17 + 1
            rating = {"type": "rating", "id": str(uuid.uuid4()), "point": point, "rating": 3}
            self.event(rating, record=record)


def level(port: int, clients: int, seconds: float, flow: str = "full") -> dict[str, object]:
    samples: list[tuple[bool, float]] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    counted = [0]

    def record(path: str, elapsed: float, status: int, events: int = 1) -> None:
        with lock:
            samples.append((path == "/hoc/su-kien/", elapsed))
            if path == "/hoc/su-kien/" and status == 200:
                counted[0] += events
            if status == 0 or status >= 400:
                key = f"{status or 'conn'}"
                errors[key] = errors.get(key, 0) + 1

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = 0
        while time.monotonic() < stop:
            try:
                learner = Learner(conn, f"B-{(n + i * clients) % UNITS}")
                if flow == "ratings":
                    learner.ratings(record, stop)
                elif flow == "sync":
                    learner.sync(record, stop)
                else:
                    learner.run(record)
            except Exception as exc:  # count it and go on with a fresh learner
                with lock:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            i += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    def pct(values: list[float], q: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else 0.0

    every = [s for _, s in samples]
    events = [s for is_event, s in samples if is_event]
    return {
        "clients": clients,
        "requests": len(every),
        "rps": len(every) / elapsed,
        "eps": counted[0] / elapsed,
        "p50": pct(every, 0.5),
        "p99": pct(every, 0.99),
        "event_p50": pct(events, 0.5),
        "event_p99": pct(events, 0.99),
        "errors": errors,
    }


def run(
    db: str, levels: list[int], seconds: float, workers: int, flow: str
) -> list[dict[str, object]]:
    data_dir = tempfile.mkdtemp(prefix="lantoa-learn-bench-")
    database_url = PG_URL if db == "postgresql" else None
    env = server_env(data_dir, database_url)
    prepare(env, database_url)
    port = free_port()
    server = subprocess.Popen(
        [
            str(LANTOA),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        level(port, 2, 2)  # warm the workers
        results = []
        for clients in levels:
            r = level(port, clients, seconds, flow)
            results.append(r)
            print(
                f"{db:10} {flow:7} {clients:3} clients: {r['rps']:7.0f} req/s  "
                f"p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms  "
                f"events p50 {r['event_p50']:5.1f} / p99 "
                f"{r['event_p99']:6.1f} ms  errors {r['errors'] or 0}  ({r['requests']} requests; "
                f"{r['eps']:.0f} events/s recorded)",
                flush=True,
            )
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--levels", default="4,16,48", help="client threads per level")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each level")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--flow",
        choices=["full", "ratings", "sync"],
        default="full",
        help="whole learners (26 requests each), ratings only (the hot JSON endpoint, one "
        "event a request) or sync (queued ratings, 17 a request)",
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; gunicorn {args.workers} workers × 4 threads; "
        f"{args.seconds:.0f} s a level"
    )
    for db in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        run(db, levels, args.seconds, args.workers, args.flow)


if __name__ == "__main__":
    sys.exit(main())
