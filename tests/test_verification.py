"""The "Kiểm tra nội dung" page through Django's test client."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantoa.audit.models import AuditEvent
from tests.conftest import seed_text

pytestmark = pytest.mark.django_db


def test_check_page_is_public_and_linked_from_the_menu(client: Client, installed_pack):
    response = client.get("/kiem-tra/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kiểm tra nội dung" in html
    assert 'href="/kiem-tra/" aria-current="page"' in html
    assert 'href="/kiem-tra/"' in client.get("/").content.decode()


def test_pasting_seed_003_shows_seventeen_present_points_each_highlighted(
    client: Client, installed_pack
):
    response = client.post("/kiem-tra/", {"text": seed_text("003")})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong id="coverage">17/17</strong>' in html
    assert html.count('data-status="present"') == 17
    for number in range(1, 18):
        assert f'id="trich-{number}"' in html
        assert f'href="#trich-{number}"' in html
        assert f'href="#kq-{number}"' in html
    assert "Đủ 17/17 điểm." in html


def test_the_text_is_shown_escaped(client: Client, installed_pack):
    text = seed_text("001") + "\n<script>alert(1)</script>\n"
    html = client.post("/kiem-tra/", {"text": text}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_uploading_an_html_page_checks_its_visible_text(client: Client, installed_pack, pack):
    rows = "".join(
        f"<tr><td>{p.number}</td><td>{p.it.short.vi}</td><td>{p.dx.short.vi}</td></tr>"
        for p in pack.points
        if p.number != 9
    )
    page = f"<html><body><table>{rows}</table></body></html>".encode()
    upload = SimpleUploadedFile("bai.html", page, content_type="text/html")
    html = client.post("/kiem-tra/", {"file": upload}).content.decode()
    assert '<strong id="coverage">16/17</strong>' in html
    assert re.search(r'id="kq-9" class="check check-missing"', html)
    assert "thiếu 9" in html


def test_the_english_page_gives_the_verdict_in_english(client: Client, installed_pack):
    html = client.post("/en/kiem-tra/", {"text": seed_text("002")}).content.decode()
    assert "All 17 of 17 points are there." in html
    assert "present" in html


def test_empty_submission_and_unsupported_files_are_refused_with_a_reason(
    client: Client, installed_pack
):
    response = client.post("/kiem-tra/", {"text": "  "})
    assert response.status_code == 400
    assert "Hãy dán văn bản hoặc chọn tệp để kiểm tra." in response.content.decode()
    upload = SimpleUploadedFile("cv.odt", b"PK\x03\x04", content_type="application/octet-stream")
    response = client.post("/kiem-tra/", {"file": upload})
    assert response.status_code == 400
    assert "chưa được hỗ trợ" in response.content.decode()


def test_an_upload_over_five_megabytes_is_refused(client: Client, installed_pack):
    upload = SimpleUploadedFile("big.txt", b"a" * (5 * 1024 * 1024 + 1))
    response = client.post("/kiem-tra/", {"file": upload})
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()


def test_checking_stores_nothing(client: Client, installed_pack):
    before = AuditEvent.objects.count()
    client.post("/kiem-tra/", {"text": seed_text("000")})
    assert AuditEvent.objects.count() == before
