"""The learner's events reach their own short handler in front of the site's
(lantoa/learning/front.py), and answer exactly as the site would: the same checks, errors,
language and security headers, nothing stored from a refused request."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.test.client import ClientHandler

from lantoa.config.wsgi import application
from lantoa.learning import front, store
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

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "card_insert", broken)
    before = stored()
    response = client.post(EVENTS, {"events": [rating(2)]}, content_type=JSON)
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
