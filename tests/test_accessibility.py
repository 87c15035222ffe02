"""WCAG 2.1 AA: axe-core (bundled by axe-playwright-python) over every page of the site,
signed out and as each persona, in one browser; no serious or critical violation.

Pages are the site's routes (as ``test_every_page`` enumerates them) that answer HTML to
the persona, plus an error page and a form shown with its errors. Personas: anonymous,
the national admin, a province admin, a commune editor (focal point) and a commune member.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lantoa.campaigns import services
from lantoa.kits.demo import demo_kit_render
from lantoa.orgs.models import Role
from lantoa.orgs.services import invitation_create, membership_grant
from tests.conftest import Tree, use_local_storage
from tests.test_every_page import fill, routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# Files, feeds and form targets: not pages a person reads.
NOT_PAGES = (
    "healthz",
    "sw.js",
    "trang-thai.json",
    "tron-bo.zip",
    "/tep/",
    "/anh/",
    "bao-cao.",
    "mau.",
    "du-lieu/",
    "dang-xuat/",
    "/admin/",
)


def _world(django_user_model, settings, tmp_path):
    use_local_storage(settings, tmp_path)
    tree = Tree(django_user_model)
    from lantoa.content.models import PackVersion
    from lantoa.content.selectors import pack_get

    tree.nora = django_user_model.objects.create_user("nora")  # national admin
    membership_grant(actor=None, user=tree.nora, unit=tree.vn, role=Role.ADMIN)
    tree.olivia = django_user_model.objects.create_user("olivia")  # province admin
    membership_grant(actor=None, user=tree.olivia, unit=tree.qn, role=Role.ADMIN)
    tree.dana = django_user_model.objects.create_user("dana")  # commune editor
    membership_grant(actor=None, user=tree.dana, unit=tree.cp_md, role=Role.FOCAL_POINT)
    pack_get()
    campaign = services.campaign_create(
        actor=tree.olivia,
        title="Phổ biến 17 điểm",
        pack=PackVersion.objects.first(),
        issuer=tree.qn,
    )
    services.campaign_assign(
        actor=tree.olivia, campaign=campaign, units=[tree.cp, tree.hl], deadline=dt.date(2030, 1, 1)
    )
    cp = campaign.assignments.get(unit=tree.cp)
    services.assignment_forward(
        actor=tree.alice, assignment=cp, units=[tree.cp_md], deadline=dt.date(2029, 12, 1)
    )
    tree.invitation = invitation_create(actor=tree.alice, unit=tree.cp, role=Role.VIEWER)
    tree.campaign = campaign
    tree.kit = demo_kit_render()
    from lantoa.stories.services import story_moderate, story_submit

    tree.story = story_submit(
        actor=tree.bob,
        unit=tree.cp_md,
        title="Phường Mông Dương thuê dịch vụ đám mây",
        text="Phường chuyển từ mua máy chủ sang thuê dịch vụ, trả theo mức sử dụng.\n\nHai đoạn.",
        points=[8],
    )
    story_moderate(actor=tree.alice, story=tree.story, decision="approve")
    tree.waiting = story_submit(
        actor=tree.dana,
        unit=tree.cp_md,
        title="Một câu chuyện đang chờ duyệt",
        text="Nội dung câu chuyện đang chờ đơn vị cấp trên duyệt, đủ dài để được nhận.",
        points=[3],
    )
    tree.sent_back = story_submit(
        actor=tree.bob,
        unit=tree.cp_md,
        title="Một câu chuyện được yêu cầu sửa",
        text="Nội dung câu chuyện mà đơn vị cấp trên đã yêu cầu bổ sung số liệu cụ thể.",
        points=[5],
    )
    story_moderate(
        actor=tree.alice, story=tree.sent_back, decision="changes", reason="Thêm số liệu."
    )
    return tree


def _pages(world, user) -> list[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    out = []
    for route in routes():
        path = fill(route, world)
        if path is None or path.startswith("/static/") or any(n in path for n in NOT_PAGES):
            continue
        path = path.replace("/don-vi/CP/", "/don-vi/CP-MD/") if user is world.dana else path
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            out.append(path)
    return out


def test_every_page_has_no_serious_or_critical_axe_violation(
    browser, site, django_user_model, settings, tmp_path
):
    from axe_playwright_python.sync_playwright import Axe

    world = _world(django_user_model, settings, tmp_path)
    axe = Axe()
    personas = {
        "anonymous": None,
        "national admin": world.nora,
        "province admin": world.olivia,
        "commune editor": world.dana,
        "commune member": world.bob,
    }
    problems: list[str] = []
    visited = 0
    for persona, user in personas.items():
        context = browser.new_context(viewport={"width": 390, "height": 900})
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}]
            )
        page = context.new_page()
        extra = ["/khong-co-trang-nay/", "/en/", f"/cau-chuyen/{world.story.pk}/"]
        if user is world.olivia:
            extra.append(f"/cau-chuyen/{world.waiting.pk}/")  # with the decision form
        if user is world.bob:
            extra.append(f"/cau-chuyen/{world.sent_back.pk}/sua/")  # the change form
        if user is world.olivia:
            extra.append(f"/chien-dich/{world.campaign.pk}/sua/")
        for path in [*_pages(world, user), *extra]:
            page.goto(site + path)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
            visited += 1
            for violation in results.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    problems.append(f"{persona} {path}: {violation['id']} {targets}")
        # A form with its errors: the new-campaign form sent empty.
        if user is world.olivia:
            page.goto(site + "/chien-dich/moi/")
            page.get_by_role("button", name="Tạo chiến dịch").click()
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
            problems += [
                f"{persona} form errors: {v['id']}"
                for v in results.response["violations"]
                if v["impact"] in BLOCKING
            ]
        # The story form with its errors: sent empty by a commune member.
        if user is world.bob:
            page.goto(site + "/cau-chuyen/viet/")
            page.get_by_role("button", name="Gửi duyệt").click()
            page.wait_for_selector(".form-errors")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
            problems += [
                f"{persona} story form errors: {v['id']}"
                for v in results.response["violations"]
                if v["impact"] in BLOCKING
            ]
        context.close()
    assert visited > 60
    assert not problems, "\n".join(problems)


def test_assigning_works_with_the_keyboard_alone_and_focus_is_visible(
    open_page, site, django_user_model
):
    world = Tree(django_user_model)
    from lantoa.content.models import PackVersion

    olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=olivia, unit=world.qn, role=Role.ADMIN)
    campaign = services.campaign_create(
        actor=olivia, title="T", pack=PackVersion.objects.first(), issuer=world.qn
    )
    page = open_page(olivia, width=1280)
    page.goto(f"{site}/chien-dich/{campaign.pk}/don-vi/QN/")
    page.wait_for_selector(".assign-tools")
    page.get_by_label("Tìm đơn vị").focus()
    page.keyboard.type("ha long")
    page.keyboard.press("Enter")  # filters; does not send the form
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Chọn tất cả đang hiện"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    assert page.locator(".assign-count").inner_text() == "Đã chọn 1/3"
    page.get_by_label("Thời hạn").focus()
    page.keyboard.type("01012030")  # a date input takes digits from the keyboard
    page.get_by_role("button", name="Giao nhiệm vụ").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages")
    assert "Đã giao cho 1 đơn vị" in page.content()
    assert campaign.assignments.get().unit == world.hl
