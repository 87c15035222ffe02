"""The study pages in a real headless Chromium at phone width: cards, quiz, certificate,
verification — online, and with the network cut after the page loaded."""

from __future__ import annotations

import io
import os
import time
import unicodedata
from pathlib import Path

import pytest
from django.db import OperationalError

from lantoa.core.learn import question_get
from lantoa.learning import quiz
from lantoa.learning.models import Answer, Certificate, Learner, QuizAttempt, Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# With LANTOA_SCREENSHOTS=docs/img the screenshots of docs/learn.md are written there.
SHOTS = os.environ.get("LANTOA_SCREENSHOTS")


def wait_for(check, timeout=15.0):
    """Poll; the test database is shared with the live server's thread, which may hold its
    table lock for a moment (SQLite's shared in-memory cache)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OperationalError:
            pass
        time.sleep(0.2)
    return check()


def join(page, site, code="CP", name="Nguyễn Thị Hoa"):
    from lantoa.orgs.models import Unit

    unit = Unit.objects.get(code=code.split("?")[0]).name  # a code may carry ?goi=
    page.goto(f"{site}/hoc/{code}")
    # The shell is the same file for every unit: its script names the unit from the lookup.
    page.get_by_text(f"Cán bộ, công chức của {unit}").wait_for()
    page.get_by_label("Tên của bạn").fill(name)
    page.get_by_label("Cán bộ, công chức của").check()
    page.get_by_role("button", name="Bắt đầu học").click()
    page.wait_for_url(f"{site}/hoc/the/")


def test_study_three_cards_pass_the_quiz_and_verify_the_certificate(open_page, site, tree, pack):
    from pypdf import PdfReader

    page = open_page(width=360, height=780)
    join(page, site)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("#learned-count").inner_text() == "0"
    first = page.locator("#card-title").inner_text()
    assert not page.locator("#card-back").is_visible()  # the back waits for the turn
    # Card one by keyboard: Space turns it, 4 rates it "easy".
    page.locator("body").press("Space")
    assert page.locator("#card-back").is_visible()
    page.keyboard.press("4")
    assert page.locator("#card-title").inner_text() != first
    # Card two by keyboard focus on the flip control, then tapping; card three by tapping.
    page.get_by_role("button", name="Lật thẻ").focus()
    page.keyboard.press("Space")
    assert page.locator("#card-back").is_visible()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "learn-card-phone.png"), full_page=True)
    page.get_by_role("button", name="Được").click()
    page.get_by_role("button", name="Lật thẻ").click()
    page.get_by_role("button", name="Dễ").click()
    assert wait_for(lambda: Rating.objects.count() == 3)
    # Rated Easy, Good, Easy: all three count as learned at once (issue 20, item 10).
    assert wait_for(lambda: page.locator("#learned-count").inner_text() == "3")

    page.get_by_role("link", name="Làm bài kiểm tra").click()
    page.get_by_role("button", name="Làm bài kiểm tra").click()
    attempt = QuizAttempt.objects.get()
    assert len(attempt.question_ids) == 10
    for n, qid in enumerate(attempt.question_ids):
        q = question_get(pack, qid)
        item = page.locator(f"[id='{quiz.question_ref(attempt, qid)}']")
        item.locator(f"input[value='{quiz.right_option(attempt, pack, qid)}']").check()
        item.get_by_role("button", name="Trả lời").click()
        item.locator(".verdict").wait_for()
        assert item.locator(".verdict").inner_text() == "Đúng."
        assert q.explanation in item.locator(".explanation").inner_text()
        if n == 2:
            item.evaluate(
                "n => window.scrollTo(0, n.getBoundingClientRect().top + window.scrollY - 8)"
            )
            if SHOTS:
                page.screenshot(path=str(Path(SHOTS) / "learn-quiz-phone.png"))
    page.get_by_role("link", name="Xem kết quả").click()
    assert "10/10" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Nhận chứng nhận").click()
    certificate = Certificate.objects.get()
    assert certificate.name == "Nguyễn Thị Hoa"
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải chứng nhận (PDF)").click()
    data = Path(info.value.path()).read_bytes()
    text = unicodedata.normalize(
        "NFC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    assert certificate.code in text
    assert "Nguyễn Thị Hoa" in text

    page.goto(f"{site}/chung-nhan/")
    page.get_by_label("Mã chứng nhận").fill(certificate.code.lower())
    page.get_by_role("button", name="Xác minh").click()
    assert "hợp lệ" in page.locator(".verify-ok").inner_text()
    assert "Nguyễn Thị Hoa" in page.locator(".verify-ok").inner_text()
    assert "Thành phố Cẩm Phả" in page.locator(".verify-ok").inner_text()


def test_ratings_and_answers_made_offline_reach_the_server_once_it_returns(
    browser, site, tree, pack
):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    try:
        page = context.new_page()
        join(page, site, name="")
        page.get_by_text("Đã lưu trên thiết bị này").wait_for()
        learner = Learner.objects.get()
        context.set_offline(True)
        for rating in ("Được", "Dễ", "Lại"):
            page.get_by_role("button", name="Lật thẻ").click()
            page.get_by_role("button", name=rating).click()
        assert "chờ gửi" in page.locator("#queue").inner_text()
        time.sleep(1)
        assert Rating.objects.filter(learner=learner).count() == 0
        # The page itself reopens from the service worker's copy while offline.
        page.reload()
        assert page.locator("#card-title").is_visible()
        context.set_offline(False)
        assert wait_for(lambda: Rating.objects.filter(learner=learner).count() == 3)
        assert wait_for(lambda: page.locator("#queue").inner_text() == "")
        time.sleep(5)  # another flush round: nothing is recorded twice
        assert Rating.objects.filter(learner=learner).count() == 3
        assert sorted(Rating.objects.values_list("rating", flat=True)) == [1, 3, 4]

        # Quiz answers made offline wait in the queue too, then show their feedback.
        page.get_by_role("link", name="Làm bài kiểm tra").click()
        page.get_by_role("button", name="Làm bài kiểm tra").click()
        attempt = QuizAttempt.objects.get(learner=learner)
        context.set_offline(True)
        for qid in attempt.question_ids[:2]:
            item = page.locator(f"[id='{quiz.question_ref(attempt, qid)}']")
            item.locator(f"input[value='{quiz.right_option(attempt, pack, qid)}']").check()
            item.get_by_role("button", name="Trả lời").click()
            assert "khi có kết nối" in item.locator(".feedback").inner_text()
        context.set_offline(False)
        last = page.locator(
            f"[id='{quiz.question_ref(attempt, attempt.question_ids[1])}'] .verdict"
        )
        last.wait_for(timeout=15000)
        assert last.inner_text() == "Đúng."
        assert wait_for(lambda: Answer.objects.filter(attempt=attempt).count() == 2)
    finally:
        context.close()


def test_the_shell_tells_an_unknown_code_and_a_member_finds_their_task(open_page, site, tree):
    import datetime as dt

    from lantoa.campaigns import services as campaigns
    from lantoa.content.models import PackVersion

    installed_pack = PackVersion.objects.get()

    page = open_page(width=360, height=780)
    response = page.goto(f"{site}/hoc/KHONG-CO")
    assert response.status == 404
    assert page.get_by_role("link", name="Học không theo đơn vị").is_visible()
    campaign = campaigns.campaign_create(
        actor=tree.alice, title="Học 17 điểm", pack=installed_pack, issuer=tree.cp
    )
    campaigns.campaign_assign(
        actor=tree.alice, campaign=campaign, units=[tree.cp_md], deadline=dt.date(2030, 1, 31)
    )
    bob = open_page(tree.bob, width=360, height=780)
    bob.goto(f"{site}/hoc/")
    bob.get_by_role("link", name="Học với tư cách công chức của Phường Mông Dương").click()
    bob.get_by_text("Cán bộ, công chức của Phường Mông Dương").wait_for()
    assert bob.locator("input[name=kind][value=official]").is_checked()
    bob.get_by_role("button", name="Bắt đầu học").click()
    bob.wait_for_url(f"{site}/hoc/the/")
    assert Learner.objects.get().verified
