"""Limits that agree (issue 19, item 6): refusals in the site layout or as JSON, the same text
limit on every save path, and JSON bodies that are malformed or nested too deep."""

from __future__ import annotations

import pytest
from django.test import Client

from lantoa.core.extract import DEFAULT
from lantoa.dispatches.models import SavedDispatch
from lantoa.site.jsonbody import json_problem

pytestmark = pytest.mark.django_db


def test_an_oversized_upload_gets_a_page_in_the_site_layout_not_a_bare_413():
    response = Client().generic(
        "POST",
        "/kiem-tra/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "lớn hơn 20 MB" in page
    assert "không có gì được lưu" in page


def test_an_oversized_json_request_gets_a_json_error():
    response = Client().generic(
        "POST",
        "/hoc/su-kien/",
        data=b"",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_the_save_step_applies_the_ingest_text_limit(tree):
    client = Client()
    client.force_login(tree.alice)
    text = "Công văn " + "x" * DEFAULT.max_chars
    response = client.post("/cong-van/luu/", {"text": text, "source_kind": "paste"})
    assert response.status_code == 400
    assert "dài hơn 2.000.000 ký tự" in response.content.decode()
    assert not SavedDispatch.objects.exists()


def test_the_upload_forms_state_the_limits_the_server_enforces(tree, installed_pack):
    client = Client()
    assert "Tối đa 200.000 ký tự hoặc một tệp 5 MB" in client.get("/kiem-tra/").content.decode()
    client.force_login(tree.alice)
    assert "20 MB" in client.get("/cong-van/nhap/").content.decode()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than 32 levels"),
        (b'{"a": ', "malformed JSON"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_bad_json_body_is_a_400_naming_the_problem(body, problem):
    response = Client().post("/bo-an-pham/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert problem in response.json()["message"]


def test_json_problem_accepts_ordinary_json_and_brackets_inside_strings():
    assert json_problem(b'{"events": [{"text": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]}') is None
    assert json_problem(b"[" * 33 + b"]" * 33) == "nested deeper than 32 levels"


def test_a_visitor_without_an_account_checks_a_smaller_text_than_an_official(
    tree, installed_pack, settings
):
    settings.LANTOA_ANON_CHECK_CHARS = 5_000
    text = "Chuyển đổi số. " * 400  # 6,000 characters
    visitor = Client().post("/kiem-tra/", {"text": text})
    assert visitor.status_code == 400
    assert "5.000 ký tự" in visitor.content.decode()
    official = Client()
    official.force_login(tree.alice)
    assert official.post("/kiem-tra/", {"text": text}).status_code == 200
