"""Every error page is in the site's layout, in the page's language, with a way back."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from lantoa.site.errors import ErrorPageMiddleware, server_error

pytestmark = pytest.mark.django_db

LAYOUT = 'class="site-header"'
HOME_LINK_VI = "Về trang chủ"
HOME_LINK_EN = "Back to the home page"


def _is_page(response, *, status: int, lang: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert LAYOUT in html
    assert f'<html lang="{lang}">' in html
    assert (HOME_LINK_VI if lang == "vi" else HOME_LINK_EN) in html
    return html


def test_404_is_vietnamese_in_the_layout_with_a_way_back(client: Client):
    html = _is_page(client.get("/khong-co-trang-nay/"), status=404, lang="vi")
    assert "Không tìm thấy trang" in html
    assert "Not Found" not in html


def test_404_under_en_is_english(client: Client):
    html = _is_page(client.get("/en/no-such-page/"), status=404, lang="en")
    assert "Page not found" in html


def test_400_for_a_bad_host_is_a_page(client: Client):
    response = client.get("/", headers={"host": "bad host name"})
    _is_page(response, status=400, lang="vi")


def test_403_for_an_expired_form_names_the_problem(tree):
    client = Client(enforce_csrf_checks=True)
    html = _is_page(client.post("/dang-nhap/", {"username": "a"}), status=403, lang="vi")
    assert "Biểu mẫu đã hết hạn" in html


def test_405_from_a_post_only_view_is_a_page(client: Client):
    response = client.get("/dang-xuat/")
    html = _is_page(response, status=405, lang="vi")
    assert "Thao tác này không dùng được ở đây" in html
    assert "POST" in response["Allow"]


def test_413_from_the_request_size_middleware_is_a_page(client: Client, settings):
    response = client.post(
        "/en/kiem-tra/",
        data=b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(settings.UPLOAD_MAX_BYTES * 4),
    )
    html = _is_page(response, status=413, lang="en")
    assert "larger than 20 MB" in html


def test_429_and_empty_error_answers_get_the_page():
    request = RequestFactory().post("/dang-nhap/")
    middleware = ErrorPageMiddleware(
        lambda r: HttpResponse(status=429, headers={"Retry-After": "60"})
    )
    response = middleware(request)
    html = _is_page(response, status=429, lang="vi")
    assert "Thử quá nhiều lần" in html
    assert response["Retry-After"] == "60"


def test_500_handler_renders_the_page_in_english_under_en():
    html = _is_page(server_error(RequestFactory().get("/en/x/")), status=500, lang="en")
    assert "Something went wrong on our side" in html


def test_503_without_a_pack_is_in_the_layout(client: Client):
    response = client.get("/")
    assert response.status_code == 503
    assert LAYOUT in response.content.decode()


def test_json_errors_are_left_as_json(client: Client):
    response = client.get("/healthz")
    assert response["Content-Type"].startswith("application/json")


def test_numbers_and_dates_are_written_the_vietnamese_way():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load lantoa %}{{ n|number }} · {{ d|date }} · {{ x }}")
    context = Context({"n": 1397, "d": dt.date(2025, 3, 9), "x": 0.5})
    with translation.override("vi"):
        assert template.render(context) == "1.397 · 09/03/2025 · 0,5"
    with translation.override("en"):
        assert template.render(context) == "1,397 · 09/03/2025 · 0.5"
