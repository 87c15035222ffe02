"""In a real Chromium, with and without JavaScript: a campaign's study link
(``/hoc/<unit>?goi=<pack id>``) has the learner study that pack when the unit may use it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lantoa.content.services import pack_install
from lantoa.core.packs import builtin_pack
from lantoa.learning.models import CardState, Learner
from tests.test_learning_browser import join, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LANTOA_SCREENSHOTS")
ND13 = builtin_pack("nd13-quyen")


@pytest.fixture
def nd13(site):
    pack_install(pack=ND13, builtin=True)
    return ND13


def test_the_shell_names_the_campaigns_pack_and_the_learner_studies_it(open_page, site, tree, nd13):
    page = open_page(width=360, height=780)
    page.goto(f"{site}/hoc/CP?goi=nd13-quyen")
    line = page.locator("#pack-line")
    line.wait_for()
    assert nd13.title.vi in line.inner_text()
    assert page.locator("#join").get_attribute("action") == "/hoc/CP?goi=nd13-quyen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "learn-shell-goi-phone.png"), full_page=True)
    join(page, site, code="CP?goi=nd13-quyen")
    assert Learner.objects.get().pack_id == "nd13-quyen"
    titles = [p.title.vi for p in nd13.points]
    assert page.locator("#card-title").inner_text() in titles
    page.locator("body").press("Space")
    page.get_by_role("button", name="Dễ").click()
    assert wait_for(lambda: CardState.objects.filter(learned=True).count() == 1)
    assert CardState.objects.get().point_key in {p.id for p in nd13.points}


def test_a_pack_the_unit_may_not_use_shows_the_default_pack(open_page, site, tree, nd13, pack):
    page = open_page(width=360, height=780)
    page.goto(f"{site}/hoc/CP?goi=khong-co")
    line = page.locator("#pack-line")
    line.wait_for()
    assert pack.title.vi in line.inner_text()
    assert page.locator("#join").get_attribute("action") == "/hoc/CP"


def test_without_javascript_the_link_still_studies_its_pack(browser, site, tree, nd13):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 780})
    try:
        page = context.new_page()
        page.goto(f"{site}/hoc/CP?goi=nd13-quyen")
        page.get_by_label("Tên của bạn").fill("Trần Văn Nam")
        page.get_by_role("button", name="Bắt đầu học").click()
        page.wait_for_url(f"{site}/hoc/the/")
        assert Learner.objects.get().pack_id == "nd13-quyen"
        title = page.locator("#card-title").inner_text()
        assert title in [p.title.vi for p in nd13.points]
        page.get_by_role("button", name="Lật thẻ").click()
        page.get_by_role("button", name="Dễ").click()
        page.wait_for_url(f"{site}/hoc/the/")
        card = CardState.objects.get()
        assert nd13.point(card.point).title.vi == title
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "learn-study-goi-nojs.png"), full_page=True)
    finally:
        context.close()
