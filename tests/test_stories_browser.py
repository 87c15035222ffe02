"""A story's whole path in a real Chromium: written with a photo by a commune member,
approved by the unit above, then found under its point on the comparison page and on the
back of a learner's study card ("Ví dụ thực tế")."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from lantoa.stories.models import Story, StoryPhoto
from tests.test_learning_browser import join, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


def photo(tmp_path):
    path = tmp_path / "IMG_2041.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (107.0, 18.0, 2.0)}
    Image.new("RGB", (1200, 900), (40, 140, 90)).save(path, format="JPEG", exif=exif.tobytes())
    return path


def test_write_approve_and_find_the_story(open_page, site, tree, tmp_path):
    # A new learner of Mông Dương starts on this card; the story will illustrate its point.
    probe = open_page(width=360, height=800)
    join(probe, site, code="CP-MD", name="Trần Văn Nam")
    number = int(re.search(r"\d+", probe.locator("#card-number").inner_text()).group())

    bob = open_page(tree.bob, width=360, height=800)
    bob.goto(f"{site}/cau-chuyen/viet/")
    bob.get_by_label("Tiêu đề").fill("Mông Dương: hồ sơ một cửa không còn giấy")
    bob.get_by_label("Câu chuyện", exact=True).fill(
        "Từ tháng 3, bộ phận một cửa của phường nhận hồ sơ trực tuyến.\n\n"
        "Người dân không phải đi lại nhiều lần; cán bộ tra cứu hồ sơ trong vài giây."
    )
    bob.get_by_label("Ảnh (không bắt buộc)").set_input_files(str(photo(tmp_path)))
    bob.locator(f'input[name="points"][value="{number}"]').check()
    bob.get_by_role("button", name="Gửi duyệt").click()
    bob.wait_for_selector(".messages")
    assert "đã được gửi tới Thành phố Cẩm Phả" in bob.content()
    assert wait_for(lambda: Story.objects.filter(status="submitted").count() == 1)
    story = Story.objects.get()
    stored = StoryPhoto.objects.get(story=story)
    assert stored.width == 1200

    # Not public yet.
    anonymous = open_page(width=1280)
    anonymous.goto(f"{site}/")
    assert "hồ sơ một cửa không còn giấy" not in anonymous.content()

    alice = open_page(tree.alice, width=1280)
    alice.goto(f"{site}/cau-chuyen/duyet/")
    alice.get_by_role("link", name="Mông Dương: hồ sơ một cửa không còn giấy").click()
    alice.get_by_label("Duyệt và đăng công khai").check()
    alice.get_by_role("button", name="Lưu quyết định").click()
    alice.wait_for_selector(".messages")
    assert wait_for(lambda: Story.objects.get().status == "approved")
    # The photo is served without its location.
    src = alice.locator("img.story-photo").get_attribute("src")
    served = alice.request.get(site + src).body()
    assert len(Image.open(io.BytesIO(served)).getexif()) == 0

    # Under its point on the comparison page.
    anonymous.goto(f"{site}/")
    block = anonymous.locator(f"#diem-{number} .point-stories")
    assert "Mông Dương: hồ sơ một cửa không còn giấy" in block.inner_text()
    assert "Phường Mông Dương" in block.inner_text()

    # On the back of a learner's card (a new learner: the JSON is cached for minutes).
    learner = open_page(width=360, height=800)
    join(learner, site, code="CP-MD")
    assert f"{number}" in learner.locator("#card-number").inner_text()
    learner.goto(f"{site}/hoc/the/?lat=1#card")
    examples = learner.locator(".story-examples")
    examples.locator(".story-title").first.wait_for()
    assert examples.is_visible()
    assert examples.locator("h2").text_content() == "Ví dụ thực tế"
    assert "Mông Dương: hồ sơ một cửa không còn giấy" in examples.inner_text()
    assert examples.get_by_role("button", name="Chia sẻ").first.is_visible()
    assert learner.evaluate("document.documentElement.scrollWidth") <= 360
    learner.screenshot(path="/tmp/stories_card.png", full_page=True)
    # The next card (shown by learn.js without a reload) gets its own point's examples.
    learner.get_by_role("button", name="Dễ").click()
    learner.get_by_role("button", name="Lật thẻ").click()
    examples.get_by_text("Chưa có câu chuyện nào của đơn vị cho điểm này.").wait_for()
    assert "Mông Dương: hồ sơ một cửa không còn giấy" not in examples.inner_text()
    anonymous.goto(f"{site}/diem/{number}/")
    anonymous.screenshot(path="/tmp/stories_point.png", full_page=True)
    alice.goto(f"{site}/cau-chuyen/{story.pk}/")
    alice.set_viewport_size({"width": 360, "height": 800})
    alice.screenshot(path="/tmp/stories_detail.png", full_page=True)
    bob.goto(f"{site}/cau-chuyen/viet/")
    bob.screenshot(path="/tmp/stories_new.png", full_page=True)
