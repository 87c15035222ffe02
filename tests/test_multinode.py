"""Two app nodes, one worker, shared engines: the deployment of docs/deploy.md, for real.

PostgreSQL (a database of its own), Redis (one database for the cache, one for RQ), a
SeaweedFS S3 server, two ``lantoa serve`` processes on two loopback ports and one
``lantoa worker``, all as separate processes configured only by ``LANTOA_*`` variables:

- a kit asked for through node A is built by the worker and downloaded through node B;
- a rate limit of N lets N requests through, spread over both nodes;
- learners' events sent alternately to both nodes land in exactly the right tallies, even
  when node A is killed with SIGKILL in the middle of the stream and the clients retry on
  node B: no event answered ``ok`` is lost, none is counted twice.

It skips when PostgreSQL or Redis cannot be reached, except in CI (``CI`` or
``LANTOA_REQUIRE_ALL=1``), where that fails.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.servers import BUCKET, http, postgres_database, redis_urls, seaweedfs
from tests.servers import free_ports as take_ports

RATE = 20  # LANTOA_LEARN_RATE_PER_CLIENT for this cluster
LEARNERS_PER_UNIT = 8
RATINGS_EACH = 3

SETUP = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_packs", verbosity=0)
from lantoa.content.selectors import pack_get
from lantoa.core.learn import question_get
from lantoa.learning import quiz, services
from lantoa.orgs.services import unit_create
pack = pack_get()
root = unit_create(actor=None, code="MN", name="Tỉnh Thử nghiệm", kind="province", parent=None)
out = {"learners": []}
for code in ("MN-A", "MN-B"):
    unit = unit_create(actor=None, code=code, name=f"Xã {code}", kind="commune", parent=root)
    for i in range(PER_UNIT):
        learner, token = services.learner_join(pack_id=pack.id, kind="citizen", unit=unit)
        attempt = services.quiz_start(learner=learner, pack=pack)
        questions = [question_get(pack, q) for q in attempt.question_ids]
        # The opaque reference and option ids the learner's page would carry.
        answers = {
            quiz.question_ref(attempt, q.id): [
                q.answer, [quiz.option_id(attempt, q.id, i) for i in range(len(q.choices))]
            ]
            for q in questions
        }
        out["learners"].append(
            {"unit": code, "token": token, "attempt": attempt.pk, "answers": answers}
        )
limited, token = services.learner_join(pack_id=pack.id, kind="citizen", unit=root)
out["limited"] = token
print("SETUP" + json.dumps(out))
""".replace("PER_UNIT", str(LEARNERS_PER_UNIT))


class Cluster:
    def __init__(self, env: dict[str, str], folder: Path, s3) -> None:
        self.env, self.folder, self.s3 = env, folder, s3
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.urls: dict[str, str] = {}

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "lantoa", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL takes the whole node
        )
        self.processes[name] = process
        return process

    def node(self, name: str, port: int) -> None:
        self.start(name, "serve", "--port", str(port), "--workers", "2", "--no-access-log")
        self.urls[name] = f"http://127.0.0.1:{port}"

    def kill(self, name: str) -> None:
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():  # test processes: nothing to save
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("multinode")
    cache_url, tasks_url = redis_urls(2)
    prefix = os.environ.get("LANTOA_TEST_PG_PREFIX", "lantoa")
    with postgres_database(f"{prefix}_multinode_{os.getpid()}") as database_url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
        env.update(
            DJANGO_SETTINGS_MODULE="lantoa.config.settings",
            LANTOA_SECRET_KEY="multinode-test-secret-key-0123456789-abcdefghij",
            LANTOA_DATA_DIR=str(folder / "data"),
            LANTOA_DATABASE_URL=database_url,
            LANTOA_CACHE_URL=cache_url,
            LANTOA_TASKS_URL=tasks_url,
            LANTOA_LEARN_RATE_PER_CLIENT=str(RATE),
            LANTOA_LEARN_RATE_IP_FACTOR="1000",  # every test client shares 127.0.0.1
            LANTOA_LOG_LEVEL="WARNING",
        )
        # Migrations and the test data (no files involved) while the S3 server starts.
        setup = subprocess.Popen(
            [sys.executable, "-c", SETUP],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with seaweedfs(folder / "seaweedfs") as s3:
            out, err = setup.communicate(timeout=300)
            assert setup.returncode == 0, err[-3000:]
            env["LANTOA_STORAGE_URL"] = s3.url
            running = Cluster(env, folder, s3)
            running.data = json.loads(out.split("SETUP", 1)[1])  # type: ignore[attr-defined]
            running.database_url = database_url  # type: ignore[attr-defined]
            try:
                port_a, port_b = take_ports(2)
                running.node("a", port_a)
                running.node("b", port_b)
                running.start("worker", "worker")
                for name in ("a", "b"):
                    deadline = time.monotonic() + 90
                    while True:
                        try:
                            if http("GET", running.urls[name] + "/healthz")[0] == 200:
                                break
                        except OSError:
                            pass
                        assert running.processes[name].poll() is None, running.log(name)
                        assert time.monotonic() < deadline, running.log(name)
                        time.sleep(0.3)
                yield running
            finally:
                running.stop()


def sql(cluster, query: str, *args) -> list[tuple]:
    import psycopg

    url = cluster.database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url) as connection:
        return connection.execute(query, args).fetchall()


def test_a_kit_asked_on_node_a_is_built_by_the_worker_and_downloaded_on_node_b(cluster):
    status, _, page = http("GET", cluster.urls["a"] + "/bo-an-pham/")
    assert status == 200
    (pk,) = re.findall(r'data-status-url="/bo-an-pham/(\d+)/trang-thai\.json"', page.decode())
    deadline = time.monotonic() + 240
    while True:  # node B polls as the page's script does
        status, _, body = http("GET", cluster.urls["b"] + f"/bo-an-pham/{pk}/trang-thai.json")
        state = json.loads(body)
        if state["status"] in ("done", "failed"):
            break
        assert time.monotonic() < deadline, cluster.log("worker")
        assert cluster.processes["worker"].poll() is None, cluster.log("worker")
        time.sleep(0.5)
    assert state["status"] == "done", (state, cluster.log("worker"))
    status, headers, _ = http("GET", cluster.urls["b"] + f"/bo-an-pham/{pk}/tron-bo.zip")
    assert status == 302
    link = headers["Location"]
    assert link.startswith(cluster.s3.endpoint + f"/{BUCKET}/kits/")
    status, headers, data = http("GET", link)
    assert status == 200
    assert "lantoa-bo-an-pham-" in headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    (stored,) = sql(cluster, "SELECT zip_sha256 FROM kits_kitbuild WHERE id = %s", int(pk))
    assert hashlib.sha256(data).hexdigest() == stored[0]
    assert not (Path(cluster.env["LANTOA_DATA_DIR"]) / "kits").exists()  # no node's disk


def _post_events(base: str, token: str, events: list[dict]) -> tuple[int, dict]:
    status, _, body = http(
        "POST",
        base + "/hoc/su-kien/",
        body=json.dumps({"events": events}).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"lantoa_learner={token}"},
    )
    return status, (json.loads(body) if body.startswith(b"{") else {})


def test_a_rate_limit_of_n_lets_n_through_across_both_nodes(cluster):
    if time.time() % 60 > 45:  # the window is the clock's minute: start in a fresh one
        time.sleep(61 - time.time() % 60)
    token = cluster.data["limited"]
    statuses = Counter(
        _post_events(cluster.urls["ab"[i % 2]], token, [])[0] for i in range(2 * RATE)
    )
    assert statuses == {200: RATE, 429: RATE}


def test_events_on_both_nodes_survive_a_node_killed_mid_stream(cluster):
    rng = random.Random(15)
    learners = cluster.data["learners"]
    plans = []  # per learner: the events it will send, in order
    for index, learner in enumerate(learners):
        passing = index % 2 == 0  # half answer everything right and pass
        events: list[dict] = []
        for ref, (answer, options) in learner["answers"].items():
            wrong = [c for c in range(len(options)) if c != answer]
            choice = answer if passing else rng.choice(wrong)
            events.append(
                {
                    "type": "answer",
                    "id": str(uuid.uuid4()),
                    "attempt": learner["attempt"],
                    "question": ref,
                    "option": options[choice],
                }
            )
        for point in rng.sample(range(1, 18), RATINGS_EACH):
            events.append({"type": "rating", "id": str(uuid.uuid4()), "point": point, "rating": 3})
        plans.append(events)
    total = sum(len(p) for p in plans)
    acknowledged: dict[str, dict] = {}  # event id -> its final result
    ok_ids: list[str] = []
    lock = threading.Lock()
    a_dead = threading.Event()
    problems: list[dict] = []

    def client(indexes: list[int]) -> None:
        turn = 0
        for i in indexes:
            token = learners[i]["token"]
            for event in plans[i]:
                while True:
                    turn += 1
                    node = "b" if a_dead.is_set() or turn % 2 else "a"
                    try:
                        status, body = _post_events(cluster.urls[node], token, [event])
                    except OSError:
                        status, body = 0, {}
                    if status == 200:
                        (result,) = body["results"]
                        with lock:
                            if result["status"] not in ("ok", "duplicate"):
                                problems.append(result)
                            acknowledged[event["id"]] = result
                            if result["status"] == "ok":
                                ok_ids.append(event["id"])
                        break
                    assert (node == "a" and a_dead.is_set()) or status == 0, (status, body)
                    time.sleep(0.05)  # node A is gone: the client retries, on node B

    threads = [
        threading.Thread(target=client, args=(list(range(k, len(learners), 4)),)) for k in range(4)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < total // 3:
        assert time.monotonic() < deadline, cluster.log("a")
        time.sleep(0.01)
    a_dead.set()
    cluster.kill("a")  # SIGKILL to the whole node, requests in flight
    for thread in threads:
        thread.join(timeout=180)
        assert not thread.is_alive()

    assert not problems
    assert len(acknowledged) == total
    assert len(ok_ids) == len(set(ok_ids))  # no event was "ok" twice
    answer_ids = [e["id"] for p in plans for e in p if e["type"] == "answer"]
    rating_ids = [e["id"] for p in plans for e in p if e["type"] == "rating"]
    stored = sql(
        cluster,
        "SELECT client_id::text, correct FROM learning_answer WHERE client_id::text = ANY(%s)",
        answer_ids,
    )
    assert sorted(r[0] for r in stored) == sorted(answer_ids)  # each exactly once
    assert {r[0] for r in stored} >= {i for i in ok_ids if i in set(answer_ids)}
    (ratings,) = sql(
        cluster,
        "SELECT count(*) FROM learning_rating WHERE client_id::text = ANY(%s)",
        rating_ids,
    )
    assert ratings[0] == len(rating_ids)

    # The tallies of each unit are exactly what its learners did (polled: tallies may be
    # rolled up by a periodic job of the worker rather than in the request).
    expected = {}
    for learner, plan in zip(learners, plans, strict=True):
        unit = expected.setdefault(learner["unit"], Counter())
        unit["learners"] += 1
        answers = [acknowledged[e["id"]] for e in plan if e["type"] == "answer"]
        unit["asked"] += len(answers)
        unit["wrong"] += sum(1 for r in answers if not r["correct"])
        unit["passed"] += int(answers[-1]["passed"])
    assert expected["MN-A"]["passed"] == LEARNERS_PER_UNIT // 2

    def tallies() -> dict[str, Counter]:
        rows = sql(
            cluster,
            "SELECT u.code, t.learners, t.passed FROM learning_unittally t "
            "JOIN orgs_unit u ON u.id = t.unit_id WHERE u.code IN ('MN-A', 'MN-B')",
        )
        points = sql(
            cluster,
            "SELECT u.code, sum(p.asked), sum(p.wrong) FROM learning_pointtally p "
            "JOIN orgs_unit u ON u.id = p.unit_id WHERE u.code IN ('MN-A', 'MN-B') "
            "GROUP BY u.code",
        )
        found: dict[str, Counter] = {}
        for code, learners_, passed in rows:
            found.setdefault(code, Counter()).update(learners=learners_, passed=passed)
        for code, asked, wrong in points:
            found.setdefault(code, Counter()).update(asked=int(asked), wrong=int(wrong))
        return found

    deadline = time.monotonic() + 60
    while tallies() != expected and time.monotonic() < deadline:
        time.sleep(1)
    assert tallies() == expected
