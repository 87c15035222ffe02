"""The "Bộ ấn phẩm" page in headless Chromium: thumbnails on a 360 px phone and on a desktop,
and a branded render followed from its progress bar to its thumbnails.

With ``LANTOA_SCREENSHOTS=docs/img`` the screenshots of docs/kit.md are written there.
"""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from lantoa.kits.demo import demo_kit_render
from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.worker.run import tasks_run_pending
from tests.conftest import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LANTOA_SCREENSHOTS")


@pytest.fixture
def kits(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def loaded_thumbnails(page) -> int:
    return page.evaluate(
        "Array.from(document.querySelectorAll('.kit-item img'))"
        ".filter(i => i.complete && i.naturalWidth > 0).length"
    )


def test_the_public_kit_fits_a_phone(open_page, site, kits):
    build = demo_kit_render()
    page = open_page(width=360, height=780)
    page.goto(site + "/")
    page.get_by_role("link", name="Bộ ấn phẩm").first.click()
    page.wait_for_selector(".kit-item img")
    assert page.locator("h1").inner_text() == "Bộ ấn phẩm"
    assert page.locator(".kit-item").count() == len(build.thumbs)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.kit-grid'))"
        ".gridTemplateColumns.split(' ').length"
    )
    assert columns == 2
    page.get_by_role("link", name="Bài đăng và kịch bản phát thanh").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="facebook.txt").click()
    assert download.value.suggested_filename == "facebook.txt"
    if SHOTS:
        page.set_viewport_size({"width": 360, "height": 1400})
        page.goto(site + "/bo-an-pham/")
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.kit-item img')).slice(0, 4)"
            ".every(i => i.complete && i.naturalWidth > 0)"
        )
        page.screenshot(path=os.path.join(SHOTS, "kit-page-phone.png"))


def test_a_branded_render_shows_its_progress_then_its_thumbnails(
    open_page, site, kits, django_user_model
):
    tree = Tree(django_user_model)
    demo_kit_render()
    page = open_page(tree.alice, width=1280, height=1000)
    page.goto(site + "/bo-an-pham/")
    assert page.get_by_label("Tên đơn vị in trên ấn phẩm").input_value() == "Thành phố Cẩm Phả"
    page.get_by_label("Màu chính").fill("#0f6e66")
    logo = io.BytesIO()
    Image.new("RGB", (200, 200), (15, 110, 102)).save(logo, format="PNG")
    page.get_by_label("Logo (PNG hoặc JPEG, tối đa 2 MB)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": logo.getvalue()}
    )
    page.get_by_role("button", name="Tạo bộ ấn phẩm của đơn vị").click()
    progress = page.locator(".kit-progress progress")
    progress.wait_for()
    assert "Đang tạo bộ ấn phẩm" in page.locator(".kit-progress").inner_text()
    build = KitBuild.objects.get(is_public=False)
    assert build.status == BuildStatus.QUEUED

    assert tasks_run_pending() == 1  # the worker renders; the page polls
    page.wait_for_selector(".kit-item img", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('.kit-item img').length > 60")
    page.locator("#infographic").scroll_into_view_if_needed()
    assert loaded_thumbnails(page) > 0
    assert "Thành phố Cẩm Phả" in page.locator(".kit-facts").inner_text()
    assert page.get_by_role("link", name="Tải trọn bộ (ZIP)").is_visible()
    if SHOTS:
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.kit-item img')).slice(0, 12)"
            ".every(i => i.complete && i.naturalWidth > 0)"
        )
        page.screenshot(path=os.path.join(SHOTS, "kit-page.png"))
