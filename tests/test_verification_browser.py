"""The check page in a real headless Chromium: paste seed 003, see 17/17 highlighted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import seed_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LANTOA_SCREENSHOTS")  # a folder: save screenshots there to look at


@pytest.mark.parametrize("width", [390, 1280])
def test_pasting_seed_003_shows_seventeen_of_seventeen_with_highlights(open_page, site, width):
    page = open_page(width=width, height=900)
    page.goto(site + "/")
    page.get_by_role("link", name="Kiểm tra nội dung").click()
    page.wait_for_url(site + "/kiem-tra/")
    page.locator("textarea").fill(seed_text("003"))
    page.get_by_role("button", name="Kiểm tra").click()
    page.wait_for_selector("#coverage")
    assert page.locator("#coverage").inner_text() == "17/17"
    assert page.locator(".check-present").count() == 17
    assert page.locator("mark.vmark").count() >= 17
    # Each checklist entry links to its highlighted excerpt, and the excerpt back.
    page.locator("#kq-8 a[href='#trich-8']").click()
    assert page.evaluate("location.hash") == "#trich-8"
    assert "Xây mới nên chi phí đầu tư" in page.locator("#trich-8").inner_text()
    assert page.locator("#trich-8 .vmark-label").first.inner_text() == "8"
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > innerWidth)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
    if SHOTS:
        page.goto(site + "/kiem-tra/")
        page.locator("textarea").fill(seed_text("003"))
        page.get_by_role("button", name="Kiểm tra").click()
        page.wait_for_selector("#coverage")
        page.screenshot(path=str(Path(SHOTS) / f"verify-{width}.png"), full_page=width > 400)
