"""The first page in a real headless Chromium, at phone and desktop widths."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_width_shows_every_point_without_horizontal_scrolling(open_page, site, pack):
    page = open_page(width=390, height=844)
    page.goto(site + "/")
    assert page.locator("article.point").count() == 17
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone the two sides stack: the DX side sits below the IT side.
    it_box = page.locator("#diem-1 .side-it").bounding_box()
    dx_box = page.locator("#diem-1 .side-dx").bounding_box()
    assert dx_box["y"] >= it_box["y"] + it_box["height"]
    # The web font loaded (no fallback to a font without Vietnamese marks).
    assert page.evaluate("document.fonts.check('700 16px \"Be Vietnam Pro\"', 'ệ')")


def test_desktop_width_puts_the_two_sides_side_by_side(open_page, site):
    page = open_page(width=1280, height=900)
    page.goto(site + "/")
    it_box = page.locator("#diem-7 .side-it").bounding_box()
    dx_box = page.locator("#diem-7 .side-dx").bounding_box()
    assert abs(it_box["y"] - dx_box["y"]) < 1
    assert dx_box["x"] > it_box["x"] + it_box["width"]


def test_full_text_opens_and_english_switch_translates_the_page(open_page, site, pack):
    page = open_page(width=390, height=844)
    page.goto(site + "/")
    details = page.locator("#diem-3 .side-dx details")
    assert not details.locator("p").is_visible()
    details.locator("summary").click()
    assert details.locator("p").inner_text() == pack.point(3).dx.full.vi
    page.get_by_role("link", name="EN").click()
    page.wait_for_url(site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#diem-3-title").inner_text().endswith(pack.point(3).title.en)


def test_skip_link_moves_keyboard_focus_to_the_content(open_page, site):
    page = open_page()
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
