"""The site's first page, its layout and its security headers, through Django's test client."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def test_first_page_shows_all_seventeen_titles_in_vietnamese(client: Client, installed_pack, pack):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for point in pack.points:
        assert escape(point.title.vi) in html
        assert escape(point.it.short.vi) in html
        assert escape(point.dx.short.vi) in html
    assert "Chuyển đến nội dung chính" in html  # the skip link, translated


def test_first_page_in_english_shows_all_seventeen_titles_in_english(
    client: Client, installed_pack, pack
):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for point in pack.points:
        assert escape(point.title.en) in html
        assert escape(point.title.vi) not in html
    assert "Skip to main content" in html


def test_language_switch_links_to_the_same_page_in_the_other_language(
    client: Client, installed_pack
):
    html = client.get("/").content.decode()
    assert 'href="/en/"' in html
    html = client.get("/en/").content.decode()
    assert 'href="/"' in html


def test_first_page_makes_a_bounded_number_of_queries(client: Client, installed_pack):
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    # The pack (2) and the stories under every point (1, lantoa.stories).
    assert len(queries) <= 3, [q["sql"] for q in queries]


def test_first_page_explains_when_no_pack_is_installed(client: Client):
    response = client.get("/")
    assert response.status_code == 503
    assert "Chưa cài đặt bộ nội dung nào" in response.content.decode()


def test_signed_in_user_sees_their_name_and_a_sign_out_button(
    client: Client, installed_pack, django_user_model
):
    user = django_user_model.objects.create_user("alice", password="x", first_name="Alice")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Alice" in html
    assert "Đăng xuất" in html


def test_login_page_rejects_a_wrong_password_with_a_vietnamese_message(
    client: Client, django_user_model
):
    django_user_model.objects.create_user("bob", password="correct-horse")
    response = client.post("/dang-nhap/", {"username": "bob", "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_health_endpoint_reports_the_database(client: Client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_pages_carry_security_headers(client: Client, installed_pack, settings):
    response = client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE


def test_static_files_are_served_by_the_app(client: Client):
    response = client.get("/static/lantoa/css/site.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Be Vietnam Pro" in body


def test_installing_the_same_pack_twice_changes_nothing_and_is_audited(pack):
    from lantoa.audit.models import AuditEvent
    from lantoa.content.models import PackVersion
    from lantoa.content.services import pack_install

    row, created = pack_install(pack=pack)
    again, created_again = pack_install(pack=pack)
    assert created
    assert not created_again
    assert row.pk == again.pk
    assert PackVersion.objects.count() == 1
    (event,) = AuditEvent.objects.all()
    assert event.action == "pack.install"
    assert event.after["pack_id"] == "cds17"


def test_a_changed_pack_under_the_same_version_is_refused(pack):
    from lantoa.content.services import PackConflictError, pack_install

    pack_install(pack=pack)
    changed = pack.model_copy(update={"title": pack.title.model_copy(update={"en": "Changed"})})
    with pytest.raises(PackConflictError):
        pack_install(pack=changed)


def test_stored_pack_reads_back_equal_to_the_file(pack, installed_pack):
    from lantoa.content.selectors import pack_get

    assert pack_get("cds17") == pack


def test_an_oversized_body_is_refused_before_anything_reads_it():
    """CSRF checks read the body before a view can; the size bound comes first (413)."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    for path in ("/bo-an-pham/", "/hoc/", "/kiem-tra/"):
        response = strict.generic(
            "POST",
            path,
            data=b"",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(200 * 1024 * 1024),
        )
        assert response.status_code == 413
        assert "lớn hơn 20 MB" in response.content.decode()
