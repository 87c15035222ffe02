"""The learner's events reach their own short handler in front of the site's
(lantoa/learning/front.py), and answer exactly as the site would: the same checks, errors,
language and security headers, nothing stored from a refused request."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.client import ClientHandler
from django.test.utils import CaptureQueriesContext

from lantoa.config.wsgi import application
from lantoa.learning import front, services
from lantoa.learning.models import Rating
from tests.test_learning_path import EVENTS, JSON, bad_requests, stored

pytestmark = pytest.mark.django_db


class FrontHandler(ClientHandler):
    """The test client's handler, routing as ``lantoa.config.wsgi.application`` does."""

    def get_response(self, request):
        if request.method == "POST" and request.path_info in application.lean_paths:
            return application.lean.get_response(request)
        return super().get_response(request)


class FrontClient(Client):
    def __init__(self, **defaults):
        super().__init__(**defaults)
        self.handler = FrontHandler(enforce_csrf_checks=False)


def joined(path="/hoc/CP"):
    client = FrontClient()
    assert client.post(path, {"kind": "citizen"}).status_code == 302
    return client


def rating(point=1):
    return {"type": "rating", "id": str(uuid.uuid4()), "point": point, "rating": 3}


def test_the_entry_point_sends_the_learners_events_in_each_language_to_the_short_handler():
    assert application.lean_paths == {"/hoc/su-kien/", "/en/hoc/su-kien/"}
    assert isinstance(application.lean, front.LeanHandler)
    assert len(application.lean.middleware) < 10


def test_an_event_through_the_short_handler_is_stored_once_and_answered(tree, installed_pack):
    client = joined()
    event = rating(3)
    first = client.post(EVENTS, {"events": [event]}, content_type=JSON)
    again = client.post(EVENTS, {"events": [event]}, content_type=JSON)
    assert first.status_code == again.status_code == 200
    assert first.json()["results"][0]["status"] == "ok"
    assert again.json()["results"][0]["status"] == "duplicate"
    assert Rating.objects.filter(client_id=event["id"]).count() == 1


def test_the_short_handlers_reply_carries_the_sites_security_headers(tree, installed_pack):
    site_page = Client().get("/hoc/")
    reply = joined().post(EVENTS, {"events": [rating()]}, content_type=JSON)
    for header in (
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert reply[header] == site_page[header], header
    assert reply["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "Cookie" in reply["Vary"]
    assert reply["Content-Length"] == str(len(reply.content))
    assert "sessionid" not in reply.cookies  # no session is opened


@pytest.mark.parametrize(
    "case",
    ["malformed", "not utf-8", "nested", "form", "unknown type", "other learner",
     "10,000 events", "60 events", "10 MB", "no events", "bad id"],
)  # fmt: skip
def test_bad_input_through_the_short_handler_is_the_same_named_4xx_and_stores_nothing(
    tree, installed_pack, case
):
    other = joined("/hoc/HL")
    started = other.post(
        EVENTS, {"events": [{"type": "quiz_start", "id": str(uuid.uuid4())}]}, content_type=JSON
    )
    client = joined()
    before = stored()
    body, content_type, status, code = bad_requests(started.json()["results"][0]["attempt"])[case]
    response = client.generic("POST", EVENTS, body, content_type=content_type)
    assert response.status_code == status
    assert response.json()["error"] == code
    assert stored() == before


def test_the_english_path_answers_in_english(tree, installed_pack):
    response = FrontClient().post("/en/hoc/su-kien/", {"events": [rating()]}, content_type=JSON)
    assert response.status_code == 403
    assert response.json()["message"] == "No learner on this device: join first."
    assert response["Content-Language"] == "en"
    vi = FrontClient().post(EVENTS, {"events": [rating()]}, content_type=JSON)
    assert vi.json()["message"] == "Thiết bị này chưa có người học: hãy bắt đầu học trước."


def test_a_failure_inside_the_short_handler_is_the_sites_500_and_stores_nothing(
    tree, installed_pack, monkeypatch
):
    client = joined()
    client.raise_request_exception = False

    real, calls = services.card_review, []

    def broken_the_second_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # after the batch's first rating and its card are written
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "card_review", broken_the_second_time)
    before = stored()
    response = client.post(EVENTS, {"events": [rating(2), rating(3)]}, content_type=JSON)
    assert response.status_code == 500
    assert stored() == before


def wsgi(method, path, body=b"", content_type=""):
    """One request through ``lantoa.config.wsgi.application`` itself (the test's database
    connection stays open, as Django's test client keeps it)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        data = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(seen["status"].split()[0]), seen["headers"], data


def test_the_wsgi_entry_point_routes_posts_to_the_short_handler_and_the_rest_to_the_site(
    tree, installed_pack
):
    body = json.dumps({"events": [rating()]}).encode()
    status, headers, data = wsgi("POST", EVENTS, body, JSON)
    assert status == 403
    assert json.loads(data)["error"] == "no_learner"
    assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    status, headers, data = wsgi("GET", EVENTS)
    assert status == 405  # the site's page for a wrong method, in its layout
    assert headers["Content-Type"].startswith("text/html")
    status, headers, _ = wsgi("GET", "/hoc/")
    assert status == 200
    assert "Content-Security-Policy" in headers


def test_hashed_files_are_answered_from_memory_after_the_sites_first_reply(
    tree, installed_pack, monkeypatch
):
    from lantoa.learning import shell

    files = application.files
    monkeypatch.setattr(files, "table", {})
    calls = []
    site = files.site

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return site(environ, start_response)

    monkeypatch.setattr(files, "site", counted)
    name = shell.built().shells["vi"]
    path = f"/hoc/h/{name}"
    first = wsgi("GET", path)
    again = wsgi("GET", path)
    head = wsgi("HEAD", path)
    assert calls == [path]  # the site answered once
    assert first == again
    status, headers, body = first
    assert status == 200
    assert body == shell.shell_bytes("vi")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Length"] == str(len(body))
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src" in headers["Content-Security-Policy"]
    assert "Set-Cookie" not in headers
    assert head == (200, headers, b"")
    # A script, and the English path, likewise.
    script = shell.asset_url("learning/learn.js")
    assert wsgi("GET", script)[1]["Content-Type"] == "text/javascript; charset=utf-8"
    assert wsgi("GET", "/en" + path)[0] == 200
    assert {script, "/en" + path} <= files.table.keys()


def test_unknown_hashed_names_and_other_methods_are_the_sites_and_never_kept(tree, installed_pack):
    from lantoa.learning import shell

    files = application.files
    name = shell.built().shells["vi"]
    for _ in range(2):
        status, headers, _body = wsgi("GET", "/hoc/h/shell.vi.000000000000.html")
        assert status == 404
        assert headers["Content-Type"].startswith("text/html")  # the site's 404 page
    assert wsgi("POST", f"/hoc/h/{name}")[0] == 403  # the site's CSRF check
    assert "/hoc/h/shell.vi.000000000000.html" not in files.table


def _statements(client, events):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(EVENTS, {"events": events}, content_type=JSON)
    assert response.status_code == 200, response.content
    # The test runs inside a transaction: the batch's own is a savepoint in it.
    names = {"SAVEPOINT": "BEGIN", "RELEASE": "COMMIT"}
    sql = [q["sql"].split()[0].upper() for q in queries]
    return response.json()["results"], [names.get(s, s) for s in sql]


def test_a_rating_and_an_answer_each_take_a_transaction_and_two_statements(tree, installed_pack):
    """The fewest statements: the learner with what the batch needs of their rows, then the
    event's writes with what its reply needs back (store.learner_with, rating_with_card,
    answer_with_count; decision 0008)."""
    client = joined()
    client.post(EVENTS, {"events": [rating(1)]}, content_type=JSON)  # the connection is open
    (rated,), sql = _statements(client, [rating(2)])
    assert rated["status"] == "ok"
    (started,), _ = _statements(client, [{"type": "quiz_start", "id": str(uuid.uuid4())}])

    def answer(question):
        return {
            "type": "answer",
            "id": str(uuid.uuid4()),
            "attempt": started["attempt"],
            "question": question["ref"],
            "option": question["options"][0]["id"],
        }

    _statements(client, [answer(started["questions"][0])])  # the pack version is kept
    (answered,), sql_answer = _statements(client, [answer(started["questions"][1])])
    assert answered["status"] == "ok"
    if connection.vendor == "postgresql":
        # BEGIN, the learner (locked) with their cards, the rating with the card's write,
        # COMMIT; an answer likewise with the attempt, then the answer with its tally
        # change and the attempt's count.
        assert sql == ["BEGIN", "SELECT", "WITH", "COMMIT"]
        assert sql_answer == ["BEGIN", "SELECT", "WITH", "COMMIT"]
    else:
        # SQLite answers in the process: the learner before the one-writer transaction,
        # then the rows the batch needs and each write on its own.
        assert sql == ["SELECT", "BEGIN", "SELECT", "INSERT", "INSERT", "COMMIT"]
        assert sql_answer == ["SELECT", "BEGIN", "SELECT", "INSERT", "INSERT", "SELECT", "COMMIT"]


def test_one_point_rated_twice_in_a_batch_is_one_card_with_two_repetitions(tree, installed_pack):
    from lantoa.learning.models import CardState

    client = joined()
    first, second = rating(4), {**rating(4), "rating": 1}
    (a, b), _ = _statements(client, [first, second])
    assert (a["status"], b["status"]) == ("ok", "ok")
    assert (a["learned"], b["learned"]) == (True, False)  # "Again" forgets it
    card = CardState.objects.get(point=4)
    assert card.reps == 2
    assert card.learned is False
    assert card.point_key
    # Resending the whole batch changes nothing.
    (a, b), _ = _statements(client, [first, second])
    assert (a["status"], b["status"]) == ("duplicate", "duplicate")
    assert CardState.objects.get(point=4).reps == 2


def test_a_batch_of_every_kind_applies_in_order(tree, installed_pack, pack):
    """Ratings, the answers to a whole attempt, its finish and a name, in one batch."""
    from lantoa.learning.models import Answer, CardState, QuizAttempt, TallyDelta

    client = joined()
    (started,), _ = _statements(client, [{"type": "quiz_start", "id": str(uuid.uuid4())}])
    attempt = QuizAttempt.objects.get(pk=started["attempt"])
    answers = [
        {
            "type": "answer",
            "id": str(uuid.uuid4()),
            "attempt": attempt.pk,
            "question": q["ref"],
            "option": q["options"][0]["id"],
        }
        for q in started["questions"]
    ]
    deltas = TallyDelta.objects.count()
    results, _ = _statements(
        client,
        [
            rating(1),
            *answers,
            {"type": "quiz_finish", "id": str(uuid.uuid4()), "attempt": attempt.pk},
            rating(2),
            {"type": "name", "id": str(uuid.uuid4()), "name": "Nguyễn Văn A"},
        ],
    )
    assert [r["status"] for r in results] == ["ok"] * len(results)
    assert results[len(answers)]["finished"] is True  # the last answer closes the attempt
    finish = results[len(answers) + 1]
    assert finish["finished"] is True
    assert finish["score"] == sum(r["correct"] for r in results[1:-3])
    attempt.refresh_from_db()
    assert attempt.finished_at is not None
    assert attempt.score == finish["score"]
    assert Answer.objects.filter(attempt=attempt).count() == len(answers)
    assert set(CardState.objects.values_list("point", flat=True)) == {1, 2}
    # One pending change per answer, and one for the pass when it passed.
    assert TallyDelta.objects.count() - deltas == len(answers) + (1 if attempt.passed else 0)


def test_the_study_links_public_pages_open_no_session_and_do_not_vary_on_the_cookie(
    tree, installed_pack
):
    """``/hoc/<code>`` and ``/hoc/don-vi/<code>.json`` through the entry point's short GET
    handler: the same page and JSON as the site's, cacheable by a proxy for everyone."""
    site_page = Client().get("/hoc/CP")
    status, headers, body = wsgi("GET", "/hoc/CP")
    assert status == 200
    assert body == site_page.content
    assert headers["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in headers.get("Vary", "")
    assert "Set-Cookie" not in headers
    assert headers["Content-Security-Policy"] == site_page["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    status, headers, body = wsgi("GET", "/en/hoc/don-vi/CP.json")
    assert status == 200
    assert json.loads(body)["code"] == "CP"
    assert headers["Content-Language"] == "en"
    assert "Cookie" not in headers.get("Vary", "")
    # An unknown code still gets the Vietnamese 404 page with the link to study anyway.
    status, headers, body = wsgi("GET", "/hoc/KHONG-CO")
    assert status == 404
    assert "KHONG-CO" in body.decode()
    assert 'href="/hoc/"' in body.decode()
    # Only those two views: the rest of /hoc/ is the site's.
    public = application.public
    assert public.match("/hoc/CP").url_name == "learn_unit"
    assert public.match("/hoc/don-vi/CP.json").url_name == "learn_unit_json"
    for other in ("/hoc/sw.js", "/hoc/the/", "/hoc/", "/hoc/kiem-tra/1/ket-qua/", "/hoc/du-lieu/"):
        assert public.match(other) is None, other
    assert wsgi("GET", "/hoc/sw.js")[0] == 200
