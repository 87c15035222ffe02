"""The "Nhập công văn" page: read a dispatch, check its fields, save it (signed in only)."""

from __future__ import annotations

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.dispatches.models import SavedDispatch
from tests.conftest import SEEDS, require_tool, seed_text
from tests.docmaker import make_docx

pytestmark = pytest.mark.django_db

URL = "/cong-van/nhap/"


@pytest.fixture
def client(db) -> Client:
    """Reading a dispatch needs a sign-in (OCR is costly): a signed-in clerk."""
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.create_user("clerk"))
    return signed_in


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", password="mat-khau-dai-1")


@pytest.fixture
def alice_client(alice):
    signed_in = Client()
    signed_in.force_login(alice)
    return signed_in


def test_the_ingest_page_is_linked_from_the_menu_in_vietnamese(client: Client):
    home = client.get("/")
    assert 'href="/cong-van/"' in home.content.decode()
    assert 'href="/cong-van/nhap/"' in client.get("/cong-van/").content.decode()
    page = client.get(URL)
    assert page.status_code == 200
    assert "Nhập công văn" in page.content.decode()


def test_pasted_text_shows_every_field_beside_the_highlighted_text(client: Client):
    page = client.post(URL, {"text": seed_text("000")})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="STTTT-CNTT"' in html
    assert 'value="Quảng Ninh"' in html
    assert 'value="2023-03-09"' in html
    assert '<mark id="src-symbol" data-field="symbol"' in html
    assert 'data-field="references[0]"' in html
    assert "244/CĐSQG-CSS" in html
    assert "Lưu" in html  # signed in: the save button is there
    assert SavedDispatch.objects.count() == 0


def test_an_uploaded_docx_is_read_like_its_text(client: Client):
    upload = SimpleUploadedFile("cv.docx", make_docx(seed_text("001")))
    html = client.post(URL, {"file": upload}).content.decode()
    assert 'value="UBND-KGVX"' in html
    assert "Phạm Văn Đà" in html


def test_a_signed_in_user_saves_corrected_fields_with_an_audit_row(alice_client, alice):
    text = seed_text("001")
    response = alice_client.post(
        reverse("dispatch_save"),
        {
            "text": text, "issuer": "Ủy ban nhân dân tỉnh Bắc Giang", "issuer_parent": "",
            "number": "1234", "symbol": "UBND-KGVX", "place": "Bắc Giang", "date": "2023-03-20",
            "subject": "Về sự khác nhau giữa công nghệ thông tin và chuyển đổi số",
            "recipients": "Các sở\nUBND huyện", "signer_name": "Phạm Văn Đà",
            "signer_titles": "TL. CHỦ TỊCH", "cc": "Như trên", "source_name": "cv.txt",
            "source_kind": "paste",
        },
    )  # fmt: skip
    row = SavedDispatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cong-van/{row.pk}/"
    assert (row.code, row.date.isoformat(), row.created_by) == (
        "1234/UBND-KGVX",
        "2023-03-20",
        alice,
    )
    assert row.data["recipients"] == ["Các sở", "UBND huyện"]
    assert set(row.data["corrected"]) >= {"number", "date", "recipients"}
    assert row.data["tasks"][0]["deadline"] == "2023-03-25"  # kept from the parse
    assert row.text.startswith(" Số:")
    event = AuditEvent.objects.get(action="dispatch.save")
    assert (event.actor, event.object_id) == (alice, str(row.pk))
    detail = alice_client.get(response["Location"]).content.decode()
    assert "1234/UBND-KGVX" in detail


def test_an_anonymous_visitor_cannot_read_or_save(db):
    client = Client()
    assert client.get(URL)["Location"].startswith("/dang-nhap/")
    assert client.post(URL, {"text": seed_text("000")}).status_code == 302
    response = client.post(reverse("dispatch_save"), {"text": seed_text("000")})
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    assert SavedDispatch.objects.count() == 0
    assert not AuditEvent.objects.filter(action="dispatch.save").exists()


def test_an_empty_upload_gets_a_vietnamese_message_and_stores_nothing(client: Client):
    response = client.post(URL, {"file": SimpleUploadedFile("rong.txt", b"")})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chọn một tệp hoặc dán nội dung công văn" in html or "Tệp rỗng" in html
    assert SavedDispatch.objects.count() == 0


def test_binary_garbage_gets_a_clear_message(client: Client):
    response = client.post(URL, {"file": SimpleUploadedFile("x.bin", os.urandom(20000))})
    assert response.status_code == 400
    assert "không phải văn bản, DOCX, PDF" in response.content.decode()


def test_a_100_mb_upload_is_refused_before_the_body_is_read(client: Client):
    class Huge(io.BytesIO):
        pass

    response = client.generic(
        "POST",
        URL,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "lớn hơn 20 MB" in response.content.decode()
    assert SavedDispatch.objects.count() == 0


def test_a_scanned_page_upload_is_ocrd(client: Client):
    require_tool("tesseract", "OCR of scans")
    from tests.docmaker import render_page

    lines = [line for line in seed_text("000").splitlines() if line.strip()][:6]
    upload = SimpleUploadedFile("scan.png", render_page(lines))
    html = client.post(URL, {"file": upload}).content.decode()
    assert 'value="STTTT-CNTT"' in html


def test_every_seed_renders_on_the_review_page(client: Client):
    for path in sorted(SEEDS.glob("0*.txt")):
        assert client.post(URL, {"text": path.read_text(encoding="utf-8")}).status_code == 200


def test_a_diacritic_poor_dispatch_offers_its_restored_text_for_reading(client: Client):
    html = client.post(URL, {"text": seed_text("004")}).content.decode()
    assert 'data-testid="restored"' in html
    assert "Văn bản đã khôi phục dấu (tham khảo)" in html
    assert "Cẩm Phả, ngày 19 tháng 10" in html
    clean = client.post(URL, {"text": seed_text("000")}).content.decode()
    assert 'data-testid="restored"' not in clean
