# ruff: noqa: F811  (the cascade fixture is imported from test_campaigns)
"""The upward report's letterhead, recipient and file name (Decree 30/2020/NĐ-CP)."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
import time_machine
from django.test import Client

from lantoa.campaigns import services
from lantoa.campaigns.letterhead import abbreviation, body_name, letterhead
from lantoa.campaigns.models import Assignment
from tests.test_campaigns import cascade, vn  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _download(tree, user, code: str, fmt: str = "docx", at=None):
    client = Client()
    client.force_login(user)
    with time_machine.travel(at or vn(2023, 3, 26), tick=False):
        response = client.get(f"/chien-dich/{tree.campaign.pk}/don-vi/{code}/bao-cao.{fmt}")
    assert response.status_code == 200, response.content[:300]
    return response


def _parts(response) -> tuple[list[str], list[str], str]:
    document = docx.Document(io.BytesIO(response.content))
    left, right = document.tables[0].rows[0].cells
    sign = document.tables[-1].rows[0].cells[0].text
    body = "\n".join(p.text for p in document.paragraphs)
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs], body + sign


def test_a_district_signs_as_its_committee_with_a_number_to_fill_and_reports_to_the_province(
    cascade,
):
    left, right, text = _parts(_download(cascade, cascade.alice, "CP"))
    assert left == ["ỦY BAN NHÂN DÂN THÀNH PHỐ CẨM PHẢ", "Số:        /BC-UBND"]
    assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh." in text
    assert "- Ủy ban nhân dân tỉnh Quảng Ninh;" in text
    assert "/BC-\n" not in "\n".join(left) + "\n"


def test_a_province_does_not_report_to_itself_nor_name_the_country_as_its_parent(cascade):
    left, _, text = _parts(_download(cascade, cascade.olivia, "QN"))
    assert left == ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Số:        /BC-UBND"]
    assert "VIỆT NAM" not in "\n".join(left)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh" not in text
    assert "- Ủy ban nhân dân tỉnh Quảng Ninh;" not in text
    # Nobody above is known: the line is left to fill in by hand.
    assert "Kính gửi: ………" in text


def test_the_issuer_reports_to_the_author_of_the_dispatch_it_came_from(cascade):
    from lantoa.dispatches.models import SavedDispatch

    dispatch = SavedDispatch.objects.create(
        kind="dispatch",
        code="1242/BTTTT-THH",
        issuer="Bộ Thông tin và Truyền thông",
        data={},
        text="",
        created_by=cascade.olivia,
    )
    cascade.campaign.source_dispatch = dispatch
    cascade.campaign.save(update_fields=["source_dispatch"])
    _, _, text = _parts(_download(cascade, cascade.olivia, "QN"))
    assert "Kính gửi: Bộ Thông tin và Truyền thông." in text


def test_a_department_names_its_governing_body_and_its_own_symbol(cascade):
    assert letterhead(cascade.sttt).parent == "UBND TỈNH QUẢNG NINH"
    assert letterhead(cascade.sttt).name == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert letterhead(cascade.sttt).number == "Số:        /BC-STTTT"
    assert body_name(cascade.cp_md) == "Ủy ban nhân dân phường Mông Dương"
    cascade.sttt.name = "Trung tâm Truyền thông tỉnh Quảng Ninh"
    cascade.sttt.kind = "media_centre"
    assert abbreviation(cascade.sttt) == "TTTT"
    cascade.sttt.name = "Ban Chỉ đạo chuyển đổi số và đề án 06 của tỉnh hằng năm"
    assert letterhead(cascade.sttt).number == "Số: ……/BC-……"  # nothing sensible: by hand


def test_every_report_file_is_named_by_unit_campaign_and_time(cascade):
    services.report_submit(
        actor=cascade.alice,
        assignment=Assignment.objects.get(campaign=cascade.campaign, unit=cascade.cp),
        staff_count=10,
        staff_reached=9,
    )
    names = set()
    for user, code, fmt, at in [
        (cascade.alice, "CP", "docx", vn(2023, 3, 26)),
        (cascade.alice, "CP", "xlsx", vn(2023, 3, 26)),
        (cascade.alice, "CP", "docx", vn(2023, 3, 26) + dt.timedelta(seconds=1)),
        (cascade.olivia, "QN", "docx", vn(2023, 3, 26)),
        (cascade.charlie, "HL", "docx", vn(2023, 3, 26)),
    ]:
        disposition = _download(cascade, user, code, fmt, at)["Content-Disposition"]
        (name,) = re.findall(r'filename="([^"]+)"', disposition)
        assert name.isascii()
        assert "/" not in name
        names.add(name)
    assert len(names) == 5
    assert (
        f"bao-cao_thanh-pho-cam-pha_pho-bien-17-diem-khac-nhau-giua-cntt-va-{cascade.campaign.pk}"
        "_26-03-2023_09h00m00.docx"
    ) in names


def test_the_report_writes_numbers_the_vietnamese_way(cascade):
    services.report_submit(
        actor=cascade.alice,
        assignment=Assignment.objects.get(campaign=cascade.campaign, unit=cascade.cp),
        staff_count=1397,
        staff_reached=1204,
    )
    _, _, text = _parts(_download(cascade, cascade.alice, "CP"))
    assert "1.204/1.397 cán bộ" in text
    _, _, province = _parts(_download(cascade, cascade.olivia, "QN"))
    assert "Tổng số cán bộ được phổ biến: 1.204/1.397" in province
