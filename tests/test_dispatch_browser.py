"""Upload → fields → save on the "Nhập công văn" page, in a real headless Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_uploads_checks_corrects_and_saves_a_dispatch(open_page, live_server, tmp_path):
    from django.contrib.auth import get_user_model

    from lantoa.dispatches.models import SavedDispatch

    get_user_model().objects.create_user("clerk", password="mat-khau-dai-1")
    page = open_page(width=1280, height=900)
    page.goto(live_server.url + "/dang-nhap/?next=/cong-van/nhap/")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", "mat-khau-dai-1")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/cong-van/nhap/")
    assert page.locator("h1").inner_text() == "Nhập công văn"

    (seed,) = SEEDS.glob("000_*.txt")
    page.set_input_files("input[name=file]", str(seed))
    page.click("text=Đọc công văn")
    page.wait_for_selector("[data-testid=fields-form]")
    assert page.input_value("input[name=symbol]") == "STTTT-CNTT"
    assert page.input_value("input[name=date]") == "2023-03-09"
    mark = page.locator("mark#src-symbol")
    assert mark.inner_text() == "STTTT - CNTT"
    page.hover("[data-field=place]")
    assert "active" in (page.locator("mark#src-place").get_attribute("class") or "")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=False)

    page.fill("input[name=place]", "Hạ Long")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=saved-code]")
    assert page.locator("[data-testid=saved-code]").inner_text() == "488/STTTT-CNTT"
    assert "Đã lưu công văn." in page.content()
    row = SavedDispatch.objects.get()
    assert row.data["place"] == "Hạ Long"
    assert row.data["corrected"] == ["place"]
