"""Untrusted documents under a budget (issue 19, item 1).

The hostile documents of tests/hostile.py are refused with a message naming the limit, the
wall-clock limit kills the reading process, and a second visitor is served meanwhile.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import urllib.request
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from lantoa.core.extract import DEFAULT, ExtractError, Limits, extract_text
from lantoa.core.extract.sandbox import run
from lantoa.core.verify.io import DocumentError, document_text
from tests.hostile import many_elements_html, many_paragraphs_docx, shared_stream_pdf


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    return shared_stream_pdf()


def test_forty_pages_sharing_one_stream_are_refused_before_any_text_is_extracted(hostile_pdf):
    assert len(hostile_pdf) < 20_000
    with pytest.raises(ExtractError) as err:
        extract_text(hostile_pdf, "cv.pdf")
    assert err.value.code == "over_budget"
    assert err.value.params["budget"] == "decoded"
    assert "giới hạn 10 MB" in err.value.message_vi


def test_one_page_over_the_character_budget_is_refused():
    pdf = shared_stream_pdf(pages=1, chars_per_page=150_000)
    with pytest.raises(ExtractError) as err:
        extract_text(pdf, "cv.pdf", limits=Limits(ocr=False))
    assert err.value.code == "over_budget"
    assert err.value.params["budget"] == "page_chars"
    assert "100.000 ký tự" in err.value.message_vi


def test_a_docx_whose_body_decodes_past_the_budget_is_refused():
    docx = many_paragraphs_docx()
    with pytest.raises(ExtractError) as err:
        extract_text(docx, "cv.docx")
    assert err.value.code == "over_budget"
    assert "nội dung sau giải nén" in err.value.message_vi


def test_an_html_page_of_too_many_elements_is_refused():
    with pytest.raises(DocumentError) as err:
        document_text(many_elements_html(), "page.html")
    assert "số phần tử HTML vượt quá giới hạn 100.000" in err.value.vi


def test_the_wall_clock_limit_kills_the_reading_process(hostile_pdf):
    # Budgets lifted: only the separate process's time limit stands between the PDF and
    # minutes of work.
    huge = 10**12
    limits = dataclasses.replace(
        DEFAULT,
        max_chars=huge,
        max_page_chars=huge,
        max_decoded_bytes=huge,
        max_page_decoded_bytes=huge,
        ocr=False,
        seconds=2,
    )
    with pytest.raises(ExtractError) as err:
        run(hostile_pdf, "cv.pdf", limits=limits)
    assert err.value.code == "too_slow"
    assert "quá giới hạn 2 giây" in err.value.message_vi


def test_the_sandbox_returns_what_the_reader_returns():
    text = "CÔNG VĂN\nVề việc chuyển đổi số\n".encode()
    got = run(text, "cv.txt", limits=DEFAULT)
    assert got == extract_text(text, "cv.txt")
    assert run(b"<p>Xin ch\xc3\xa0o</p>", "a.html", limits=DEFAULT, reader="document") == (
        "Xin chào\n"
    )


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _post_check(url: str, name: str, data: bytes) -> tuple[int, str]:
    # The CSRF cookie is marked Secure (the site is HTTPS outside demo mode): carried by hand.
    with urllib.request.urlopen(url) as first:
        page = first.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", first.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body, ctype = _multipart({"csrfmiddlewaretoken": token, "text": ""}, name, data)
    headers = {"Content-Type": ctype, "Referer": url, "Cookie": f"csrftoken={cookie}"}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("name", "make", "phrase"),
    [
        ("cv.pdf", shared_stream_pdf, "nội dung sau giải nén"),
        ("cv.docx", many_paragraphs_docx, "nội dung sau giải nén"),
        ("trang.html", many_elements_html, "số phần tử HTML"),
    ],
)
def test_the_check_page_answers_a_hostile_upload_with_the_limit_while_serving_others(
    site, name, make, phrase
):
    cache.clear()
    data = make()
    answer: list[tuple[int, str]] = []
    upload = threading.Thread(
        target=lambda: answer.append(_post_check(f"{site}/kiem-tra/", name, data))
    )
    upload.start()
    # A second visitor is served while the upload is being read.
    with urllib.request.urlopen(f"{site}/") as other:
        assert other.status == 200
    upload.join(timeout=120)
    assert not upload.is_alive()
    status, page = answer[0]
    assert status == 400
    assert "vượt giới hạn đọc" in page or "vượt quá giới hạn" in page
    assert phrase in page


@pytest.mark.django_db
def test_the_dispatch_ingest_page_answers_the_hostile_pdf_with_the_budget_message(
    tree, hostile_pdf
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(tree.alice)
    response = client.post(
        "/cong-van/nhap/", {"file": SimpleUploadedFile("cv.pdf", hostile_pdf), "text": ""}
    )
    assert response.status_code == 400
    assert "nội dung sau giải nén" in response.content.decode()
    assert "10 MB" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_checks_are_limited_per_address(installed_pack, settings):
    settings.LANTOA_ANON_UPLOADS_PER_HOUR = 2
    cache.clear()
    client = Client()
    for _ in range(2):
        assert client.post("/kiem-tra/", {"text": "Chuyển đổi số"}).status_code == 200
    refused = client.post("/kiem-tra/", {"text": "Chuyển đổi số"})
    assert refused.status_code == 429
    assert "tối đa 2 lần" in refused.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/kiem-tra/", {"text": "Chuyển đổi số"}).status_code == 200
