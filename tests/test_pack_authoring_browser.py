"""In a real Chromium: author a small pack, publish it, launch a campaign on it, then as a
learner study one of its cards and pass the quiz drawn from it."""
# ruff: noqa: E501

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lantoa.content.models import PackVersion
from lantoa.content.selectors import pack_get
from lantoa.core.learn import question_get
from lantoa.learning import quiz
from lantoa.learning.models import QuizAttempt, Rating
from tests.test_learning_browser import join, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LANTOA_SCREENSHOTS")

POINTS = [
    ("Cuộc gọi giả danh công an", "Công an không làm việc qua điện thoại để yêu cầu chuyển tiền.",
     "Công an không đòi chuyển tiền qua điện thoại", "giả danh, chuyển tiền"),
    ("Đường link lạ trong tin nhắn", "Không bấm vào đường link lạ gửi qua tin nhắn hay mạng xã hội.",
     "Không bấm đường link lạ", "tin nhắn, mạng xã hội"),
    ("Việc nhẹ lương cao", "Lời mời việc đơn giản, thu nhập cao nhưng đòi nạp tiền trước là lừa đảo.",
     "Không nạp tiền để nhận việc", "nạp tiền trước, thu nhập cao"),
    ("Giữ kín mã OTP", "Không cung cấp mã OTP, mật khẩu cho bất kỳ ai, kể cả người xưng là nhân viên ngân hàng.",
     "Không đưa mã OTP cho ai", "mật khẩu, ngân hàng"),
    ("Bị lừa thì báo ngay", "Khi bị lừa, báo ngay cho ngân hàng để phong tỏa và cho cơ quan công an gần nhất.",
     "Báo ngay ngân hàng và công an", "phong tỏa, cơ quan công an"),
]  # fmt: skip


def test_author_publish_launch_study_and_pass(open_page, site, tree):
    page = open_page(tree.alice, width=1280, height=900)
    page.goto(f"{site}/bo-noi-dung/")
    page.get_by_label("Loại").select_option("key_points")
    page.get_by_label("Mã bộ nội dung").fill("lua-dao-cp")
    page.get_by_label("Tiêu đề (tiếng Việt)", exact=True).fill("Nhận diện lừa đảo trực tuyến")
    page.get_by_role("button", name="Tạo bản nháp").click()
    page.wait_for_url("**/bo-noi-dung/ban-nhap/*/")
    draft_url = page.url
    for title, text, short, keywords in POINTS:
        page.goto(draft_url)
        page.get_by_role("link", name="Thêm một điểm").click()
        page.get_by_label("Tiêu đề (tiếng Việt)", exact=True).fill(title)
        page.get_by_label("Nội dung chính thức (tiếng Việt)", exact=True).fill(text)
        page.get_by_label("Dạng tóm tắt (tiếng Việt)", exact=True).fill(short)
        page.get_by_label("Từ khóa (tiếng Việt, cách nhau bằng dấu phẩy)").fill(keywords)
        page.get_by_role("button", name="Lưu điểm").click()
        page.get_by_role("heading", name="Thẻ khi in ra").wait_for()
    # The card as it will print, on a phone and on the A4 sheet: real images.
    previews = page.locator(".card-previews img")
    assert previews.count() == 2
    for i in range(2):
        assert wait_for(
            lambda i=i: previews.nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
        )
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "pack-point-desktop.png"), full_page=True)

    # On a phone: nothing wider than the screen.
    phone = open_page(tree.alice, width=360, height=780)
    for url, shot in (
        (draft_url, "pack-draft-phone.png"),
        (draft_url + "xuat-ban/", "pack-publish-phone.png"),
    ):
        phone.goto(url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, url
        if SHOTS:
            phone.screenshot(path=str(Path(SHOTS) / shot), full_page=True)

    page.goto(draft_url)
    page.get_by_role("link", name="Kiểm tra và xuất bản").click()
    assert "Không có lỗi" in page.content()
    assert page.locator(".change-added").count() == 5
    assert page.get_by_label("Phiên bản").input_value() == "1.0.0"
    page.get_by_role("button", name="Xuất bản phiên bản này").click()
    page.wait_for_url(f"{site}/bo-noi-dung/")
    row = PackVersion.objects.get(pack_id="lua-dao-cp")
    assert row.version == "1.0.0"

    page.goto(f"{site}/chien-dich/moi/")
    page.fill("#id_title", "Tuyên truyền nhận diện lừa đảo trực tuyến")
    page.select_option("#id_issuer", label="Thành phố Cẩm Phả")
    page.select_option("#id_pack", label="Nhận diện lừa đảo trực tuyến (lua-dao-cp 1.0.0)")
    page.get_by_role("button", name="Tạo chiến dịch").click()
    page.wait_for_url("**/chien-dich/*/don-vi/CP/")

    learner_page = open_page(width=360, height=780)
    join(learner_page, site, code="CP?goi=lua-dao-cp")
    titles = [p[0] for p in POINTS]
    assert learner_page.locator("#card-title").inner_text() in titles
    learner_page.get_by_role("button", name="Lật thẻ").click()
    assert learner_page.locator("#card-dx").inner_text() in [p[1] for p in POINTS]
    assert not learner_page.locator(".side-it").is_visible()
    learner_page.get_by_role("button", name="Dễ").click()
    assert wait_for(lambda: Rating.objects.count() == 1)

    learner_page.get_by_role("link", name="Làm bài kiểm tra").click()
    learner_page.get_by_role("button", name="Làm bài kiểm tra").click()
    attempt = QuizAttempt.objects.get()
    assert attempt.pack_id == "lua-dao-cp"
    pack = pack_get("lua-dao-cp")
    assert {qid.split("-")[0] for qid in attempt.question_ids} <= {"which", "answer", "keyword"}
    for qid in attempt.question_ids:
        # The page carries opaque references and option ids only (learning/quiz.py).
        assert question_get(pack, qid).choices
        item = learner_page.locator(f"[id='{quiz.question_ref(attempt, qid)}']")
        item.locator(f"input[value='{quiz.right_option(attempt, pack, qid)}']").check()
        item.get_by_role("button", name="Trả lời").click()
        item.locator(".verdict").wait_for()
        assert item.locator(".verdict").inner_text() == "Đúng."
    learner_page.get_by_role("link", name="Xem kết quả").click()
    total = len(attempt.question_ids)
    assert f"{total}/{total}" in learner_page.locator("h1").inner_text()
    assert learner_page.get_by_role("button", name="Nhận chứng nhận").is_visible()
