"""The first page in a real headless Chromium, at phone and desktop widths."""

from __future__ import annotations

import os

import pytest

from tests.conftest import require_tool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    require_tool(CHROMIUM, "browser tests drive Debian's chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes
    # Django refuse ORM calls from the test itself; the live server runs in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield instance
            instance.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server, pack):
    from lantoa.content.services import pack_install

    pack_install(pack=pack)
    return live_server.url


def test_phone_width_shows_every_point_without_horizontal_scrolling(browser, site, pack):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + "/")
    assert page.locator("article.point").count() == 17
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone the two sides stack: the DX side sits below the IT side.
    it_box = page.locator("#diem-1 .side-it").bounding_box()
    dx_box = page.locator("#diem-1 .side-dx").bounding_box()
    assert dx_box["y"] >= it_box["y"] + it_box["height"]
    # The web font loaded (no fallback to a font without Vietnamese marks).
    assert page.evaluate("document.fonts.check('700 16px \"Be Vietnam Pro\"', 'ệ')")
    page.close()


def test_desktop_width_puts_the_two_sides_side_by_side(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    it_box = page.locator("#diem-7 .side-it").bounding_box()
    dx_box = page.locator("#diem-7 .side-dx").bounding_box()
    assert abs(it_box["y"] - dx_box["y"]) < 1
    assert dx_box["x"] > it_box["x"] + it_box["width"]
    page.close()


def test_full_text_opens_and_english_switch_translates_the_page(browser, site, pack):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + "/")
    details = page.locator("#diem-3 .side-dx details")
    assert not details.locator("p").is_visible()
    details.locator("summary").click()
    assert details.locator("p").inner_text() == pack.point(3).dx.full.vi
    page.get_by_role("link", name="EN").click()
    page.wait_for_url(site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#diem-3-title").inner_text().endswith(pack.point(3).title.en)
    page.close()


def test_skip_link_moves_keyboard_focus_to_the_content(browser, site):
    page = browser.new_page()
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
