"""The main path of a campaign in headless Chromium: create, assign, forward, report, and
see it on the parent's dashboard."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from lantoa.campaigns.models import Assignment, Report
from lantoa.orgs.models import Role
from lantoa.orgs.services import membership_grant
from tests.conftest import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LANTOA_SCREENSHOTS")


def test_create_forward_report_and_see_it_on_the_parents_dashboard(
    open_page, site, django_user_model
):
    tree = Tree(django_user_model)
    olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=olivia, unit=tree.qn, role=Role.ADMIN)
    dana = django_user_model.objects.create_user("dana")
    membership_grant(actor=None, user=dana, unit=tree.cp_md, role=Role.FOCAL_POINT)
    deadline = (timezone.localdate() + dt.timedelta(days=14)).isoformat()

    # The province creates the campaign and assigns it to every unit below it.
    page = open_page(olivia, width=1280)
    page.goto(site + "/chien-dich/")
    page.get_by_role("link", name="Tạo chiến dịch").click()
    page.get_by_label("Tiêu đề").fill("Phổ biến 17 điểm khác nhau giữa CNTT và CĐS")
    page.get_by_label("Đơn vị ban hành").select_option(label="Tỉnh Quảng Ninh")
    page.get_by_label("Số công văn").fill("488/STTTT-CNTT")
    page.get_by_role("button", name="Tạo chiến dịch").click()
    # Nothing is ticked by default; the search narrows the list, "select all" ticks it.
    page.wait_for_selector(".assign-tools")
    assert page.locator(".assign-count").inner_text() == "Đã chọn 0/3"
    page.get_by_label("Tìm đơn vị").fill("cam pha")
    page.get_by_role("button", name="Chọn tất cả đang hiện").click()
    assert page.locator(".assign-count").inner_text() == "Đã chọn 1/3"
    page.get_by_label("Tìm đơn vị").fill("")
    page.get_by_role("button", name="Chọn tất cả đang hiện").click()
    page.get_by_label("Thời hạn").fill(deadline)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    assert "Đã giao cho 3 đơn vị" in page.content()

    # Cẩm Phả acknowledges and forwards to Mông Dương.
    page = open_page(tree.alice)
    page.goto(site + "/chien-dich/")
    page.get_by_role("link", name="Phổ biến 17 điểm").click()
    page.get_by_role("button", name="Xác nhận đã tiếp nhận").click()
    page.locator("details.forward summary").click()
    page.get_by_label("Phường Mông Dương").check()
    page.get_by_label("Thời hạn").fill(deadline)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    assert "Đã giao cho 1 đơn vị" in page.content()

    # Mông Dương reports from a phone.
    page = open_page(dana)
    page.goto(site + "/chien-dich/")
    page.get_by_role("link", name="Phổ biến 17 điểm").click()
    page.get_by_role("link", name="Lập báo cáo").click()
    page.get_by_label("Số cán bộ của đơn vị").fill("24")
    page.get_by_label("Số cán bộ đã được phổ biến").fill("22")
    page.locator("#id_pub_0_channel").select_option("facebook")
    page.locator("#id_pub_0_url").fill("https://facebook.com/phuongmongduong/posts/1")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert "Đã gửi báo cáo (phiên bản 1)" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The province sees it on its dashboard.
    page = open_page(olivia, width=390)
    page.goto(site + "/chien-dich/")
    page.get_by_role("link", name="Phổ biến 17 điểm").click()
    assert page.locator(".kpi-value").first.inner_text() == "1/4"
    assert page.locator(".progress-table").get_by_text("Thành phố Cẩm Phả").is_visible()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "campaign-dashboard-phone.png"), full_page=True)
    report = Report.objects.get()
    assert (report.assignment.unit, report.staff_reached) == (tree.cp_md, 22)
    assert Assignment.objects.count() == 4
