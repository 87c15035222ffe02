"""The cascade: assign, acknowledge, forward, withdraw, report, amend — with frozen time."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from lantoa.audit.models import AuditEvent
from lantoa.campaigns import services
from lantoa.campaigns.models import Assignment, AssignmentStatus, Report
from lantoa.campaigns.selectors import progress_by_child
from lantoa.campaigns.status import assignment_status
from lantoa.orgs.models import Role
from lantoa.orgs.services import membership_grant

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are translated; the service tests read them in English."""
    with translation.override("en"):
        yield


def vn(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def cascade(tree, installed_pack, django_user_model):
    """Quảng Ninh issues the campaign on 10/03/2023 with a deadline of 25/03/2023."""
    tree.olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=tree.olivia, unit=tree.qn, role=Role.ADMIN)
    tree.dana = django_user_model.objects.create_user("dana")
    membership_grant(actor=None, user=tree.dana, unit=tree.cp_md, role=Role.FOCAL_POINT)
    with time_machine.travel(vn(2023, 3, 10), tick=False):
        tree.campaign = services.campaign_create(
            actor=tree.olivia,
            title="Phổ biến 17 điểm khác nhau giữa CNTT và CĐS",
            pack=installed_pack,
            issuer=tree.qn,
            dispatch_number="488/STTTT-CNTT",
            dispatch_date=dt.date(2023, 3, 9),
        )
        services.campaign_assign(
            actor=tree.olivia,
            campaign=tree.campaign,
            units=[tree.sttt, tree.cp, tree.hl],
            deadline=dt.date(2023, 3, 25),
            task="Phổ biến, quán triệt tới toàn thể cán bộ",
        )
    return tree


def assignment(tree, unit):
    return Assignment.objects.get(campaign=tree.campaign, unit=unit)


def test_a_deadline_means_the_end_of_that_day_in_vietnam(cascade):
    a = assignment(cascade, cascade.cp)
    assert a.deadline == vn(2023, 3, 25, 23, 59).replace(second=59)
    assert assignment_status(a, vn(2023, 3, 25, 23, 30)) == AssignmentStatus.NOT_RECEIVED
    assert assignment_status(a, vn(2023, 3, 26, 0, 1)) == AssignmentStatus.OVERDUE


def test_acknowledging_moves_an_assignment_to_received(cascade):
    a = assignment(cascade, cascade.cp)
    with time_machine.travel(vn(2023, 3, 11), tick=False):
        services.assignment_acknowledge(actor=cascade.alice, assignment=a)
        assert assignment_status(a, timezone.now()) == AssignmentStatus.RECEIVED


def test_forwarding_cannot_extend_the_parent_deadline(cascade):
    a = assignment(cascade, cascade.cp)
    with pytest.raises(services.CascadeError, match="later than your own deadline"):
        services.assignment_forward(
            actor=cascade.alice, assignment=a, units=[cascade.cp_md], deadline=dt.date(2023, 3, 26)
        )
    assert not Assignment.objects.filter(unit=cascade.cp_md).exists()


def test_forwarding_only_reaches_units_below(cascade):
    a = assignment(cascade, cascade.cp)
    with pytest.raises(services.CascadeError, match="not under"):
        services.assignment_forward(
            actor=cascade.alice, assignment=a, units=[cascade.hl_hg], deadline=dt.date(2023, 3, 20)
        )


def test_only_the_units_people_may_act(cascade):
    a = assignment(cascade, cascade.cp)
    with pytest.raises(services.CascadeError, match="do not have the right"):
        services.assignment_acknowledge(actor=cascade.charlie, assignment=a)
    md = services.assignment_forward(
        actor=cascade.alice, assignment=a, units=[cascade.cp_md], deadline=dt.date(2023, 3, 20)
    )[0]
    with pytest.raises(services.CascadeError, match="do not have the right"):
        services.report_submit(actor=cascade.bob, assignment=md, staff_count=10, staff_reached=5)


def test_a_forward_can_be_withdrawn_until_the_sub_unit_acts(cascade):
    a = assignment(cascade, cascade.cp)
    (md,) = services.assignment_forward(
        actor=cascade.alice, assignment=a, units=[cascade.cp_md], deadline=dt.date(2023, 3, 20)
    )
    services.assignment_unforward(actor=cascade.alice, assignment=md)
    assert not Assignment.objects.filter(unit=cascade.cp_md).exists()
    (md,) = services.assignment_forward(
        actor=cascade.alice, assignment=a, units=[cascade.cp_md], deadline=dt.date(2023, 3, 20)
    )
    services.assignment_acknowledge(actor=cascade.dana, assignment=md)
    with pytest.raises(services.CascadeError, match="already acted"):
        services.assignment_unforward(actor=cascade.alice, assignment=md)


def test_three_levels_report_on_time_late_and_overdue(cascade):
    cp = assignment(cascade, cascade.cp)
    with time_machine.travel(vn(2023, 3, 12), tick=False):
        (md,) = services.assignment_forward(
            actor=cascade.alice, assignment=cp, units=[cascade.cp_md], deadline=dt.date(2023, 3, 20)
        )
    with time_machine.travel(vn(2023, 3, 19, 16), tick=False):
        services.report_submit(
            actor=cascade.dana,
            assignment=md,
            staff_count=24,
            staff_reached=20,
            publications=[
                {
                    "channel": "facebook",
                    "url": "https://facebook.com/p/1",
                    "date": dt.date(2023, 3, 19),
                }
            ],
        )
    with time_machine.travel(vn(2023, 3, 26, 8), tick=False):
        services.report_submit(
            actor=cascade.alice, assignment=cp, staff_count=310, staff_reached=290
        )
        now = timezone.now()
        md.refresh_from_db()
        cp.refresh_from_db()
        assert assignment_status(md, now) == AssignmentStatus.REPORTED_ON_TIME
        assert assignment_status(cp, now) == AssignmentStatus.REPORTED_LATE
        assert assignment_status(assignment(cascade, cascade.hl), now) == AssignmentStatus.OVERDUE

        total, branches = progress_by_child(campaign=cascade.campaign, unit=cascade.qn, now=now)
    assert (total.assigned, total.reported, total.on_time, total.late, total.overdue) == (
        4,
        2,
        1,
        1,
        2,
    )
    assert total.staff_reached == 310
    assert total.publications == 1
    # Overdue branches come first (then by Vietnamese name); Cẩm Phả holds two assignments.
    assert [b.unit.code for b in branches] == ["STTTT", "HL", "CP"]
    cp_branch = branches[-1]
    assert (cp_branch.assigned, cp_branch.on_time, cp_branch.late) == (2, 1, 1)


def test_amending_a_report_keeps_every_version(cascade):
    cp = assignment(cascade, cascade.cp)
    services.report_submit(actor=cascade.alice, assignment=cp, staff_count=300, staff_reached=100)
    first_reported_at = Assignment.objects.get(pk=cp.pk).reported_at
    services.report_submit(actor=cascade.alice, assignment=cp, staff_count=300, staff_reached=280)
    cp.refresh_from_db()
    assert [r.version for r in Report.objects.filter(assignment=cp)] == [2, 1]
    assert (cp.report_version, cp.staff_reached) == (2, 280)
    assert cp.reported_at == first_reported_at  # lateness is judged on the first submission
    assert AuditEvent.objects.filter(action="report.amend", before__staff_reached=100).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"staff_count": 10, "staff_reached": 11}, "cannot exceed"),
        (
            {"staff_count": 10, "staff_reached": 5, "publications": [{"channel": "tiktok"}]},
            "unknown channel",
        ),
        (
            {
                "staff_count": 10,
                "staff_reached": 5,
                "publications": [{"channel": "portal", "url": "javascript:alert(1)"}],
            },
            "must start with http",
        ),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_written(cascade, kwargs, message):
    cp = assignment(cascade, cascade.cp)
    with pytest.raises(services.CascadeError, match=message):
        services.report_submit(actor=cascade.alice, assignment=cp, **kwargs)
    assert not Report.objects.exists()
    assert Assignment.objects.get(pk=cp.pk).reported_at is None


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("olivia", "QN", 200),
        ("olivia", "CP-MD", 200),
        ("alice", "CP", 200),
        ("alice", "QN", 404),
        ("alice", "HL", 404),
        ("charlie", "HL", 200),
        ("charlie", "CP", 404),
        ("bob", "CP-MD", 200),
        ("anonymous", "CP", 302),
    ],
)
def test_campaign_pages_answer_only_inside_the_callers_subtree(cascade, persona, code, status):
    services.assignment_forward(
        actor=cascade.alice,
        assignment=assignment(cascade, cascade.cp),
        units=[cascade.cp_md],
        deadline=dt.date(2023, 3, 20),
    )
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(cascade, persona))
    response = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/{code}/")
    assert response.status_code == status


def test_an_outsider_cannot_act_through_the_pages(cascade):
    client = Client()
    client.force_login(cascade.charlie)
    base = f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/"
    assert client.post(base + "da-nhan/").status_code == 404
    assert (
        client.post(
            base + "giao/", {"units": [cascade.cp_md.pk], "deadline": "2023-03-20"}
        ).status_code
        == 404
    )
    assert client.get(base + "bao-cao/").status_code == 404
    assert Assignment.objects.get(campaign=cascade.campaign, unit=cascade.cp).received_at is None


def test_the_main_path_through_the_pages(cascade):
    client = Client()
    client.force_login(cascade.alice)
    base = f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/"
    client.post(base + "da-nhan/")
    response = client.post(
        base + "giao/",
        {"units": [cascade.cp_md.pk], "deadline": "2023-03-20", "task": ""},
        follow=True,
    )
    assert "Đã giao cho 1 đơn vị" in response.content.decode()
    response = client.post(
        base + "bao-cao/",
        {
            "staff_count": "300",
            "staff_reached": "250",
            "pub_0_channel": "portal",
            "pub_0_url": "https://camphaqn.gov.vn/17-diem",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã gửi báo cáo (phiên bản 1)" in html
    cp = assignment(cascade, cascade.cp)
    assert (cp.staff_reached, cp.publication_count) == (250, 1)
    olivia = Client()
    olivia.force_login(cascade.olivia)
    html = olivia.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/QN/").content.decode()
    assert "Thành phố Cẩm Phả" in html
    assert "1/4" in html  # one of four assignments below Quảng Ninh reported


def test_the_report_form_names_bad_input(cascade):
    client = Client()
    client.force_login(cascade.alice)
    response = client.post(
        f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/bao-cao/",
        {"staff_count": "10", "staff_reached": "20", "pub_0_url": "https://x.vn"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "không thể lớn hơn" in html
    assert "Chọn kênh đăng" in html
    assert not Report.objects.exists()


def test_the_campaign_dashboard_makes_a_bounded_number_of_queries(cascade, django_user_model):
    from lantoa.orgs.services import unit_create

    units = [
        unit_create(
            actor=None, code=f"QN-S{i}", name=f"Sở {i}", kind="department", parent=cascade.qn
        )
        for i in range(25)
    ]
    services.campaign_assign(
        actor=cascade.olivia, campaign=cascade.campaign, units=units, deadline=dt.date(2023, 3, 25)
    )
    client = Client()
    client.force_login(cascade.olivia)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/QN/")
    assert response.status_code == 200
    # 15: the issuer also lists the units it assigned (to extend or withdraw them); 17 with
    # the learning figures' freshness and the admins' check for bursts of joins; 18 with
    # the stories submitted, approved and waiting down the subtree (lantoa.stories).
    assert len(queries) <= 18, "\n".join(q["sql"] for q in queries)


def test_the_upward_report_exports_open_in_word_and_excel(cascade):
    import io

    import docx
    import openpyxl

    cp = assignment(cascade, cascade.cp)
    with time_machine.travel(vn(2023, 3, 12), tick=False):
        (_md,) = services.assignment_forward(
            actor=cascade.alice, assignment=cp, units=[cascade.cp_md], deadline=dt.date(2023, 3, 20)
        )
    with time_machine.travel(vn(2023, 3, 24), tick=False):
        services.report_submit(
            actor=cascade.alice, assignment=cp, staff_count=310, staff_reached=290
        )
    client = Client()
    client.force_login(cascade.alice)
    with time_machine.travel(vn(2023, 3, 26), tick=False):
        word = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/bao-cao.docx")
        excel = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/bao-cao.xlsx")
    assert word.status_code == excel.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(c.text for c in document.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert "ngày 26 tháng 3 năm 2023" in header
    assert "BÁO CÁO" in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh." in text
    assert "Thực hiện Công văn số 488/STTTT-CNTT ngày 09/03/2023" in text
    assert "290/310" in text
    detail = document.tables[1]
    assert detail.rows[1].cells[1].text == "Phường Mông Dương"
    assert detail.rows[1].cells[2].text == "Quá hạn, chưa báo cáo"
    assert "Phường Mông Dương." in text  # listed among the overdue units
    assert document.sections[0].left_margin.mm == pytest.approx(30, abs=0.1)
    book = openpyxl.load_workbook(io.BytesIO(excel.content))
    assert book.sheetnames == ["Tổng hợp", "Đơn vị"]
    rows = list(book["Đơn vị"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã", "Đơn vị")
    assert rows[1][0] == "CP-MD"
    assert rows[1][4] == "Quá hạn, chưa báo cáo"
    summary = dict(book["Tổng hợp"].iter_rows(values_only=True))
    assert summary["Nhiệm vụ đã giao"] == 1
    assert summary["Quá hạn chưa báo cáo"] == 1


def test_a_unit_outside_the_campaign_gets_no_export(cascade, django_user_model):
    client = Client()
    client.force_login(cascade.charlie)
    assert (
        client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/bao-cao.docx").status_code == 404
    )
    assert client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/HL/bao-cao.pdf").status_code == 404


def test_a_campaign_started_from_a_saved_dispatch_proposes_its_assignees(
    cascade, django_user_model
):
    from lantoa.core.dispatch import dispatch_to_data, parse_dispatch
    from lantoa.dispatches.services import dispatch_save
    from lantoa.orgs.services import unit_create
    from tests.conftest import seed_text

    media = unit_create(
        actor=None,
        code="QN-TTTT",
        name="Trung tâm Truyền thông tỉnh",
        kind="media_centre",
        parent=cascade.qn,
    )
    health = unit_create(
        actor=None, code="QN-SYT", name="Sở Y tế", kind="department", parent=cascade.qn
    )
    text = seed_text("000")
    saved = dispatch_save(
        actor=cascade.olivia,
        text=text,
        data=dispatch_to_data(parse_dispatch(text)),
        source_name="000.txt",
        source_kind="text",
    )
    client = Client()
    client.force_login(cascade.olivia)
    form = client.get(f"/chien-dich/moi/?cong-van={saved.pk}").content.decode()
    assert 'value="488/STTTT-CNTT"' in form
    assert "Xây dựng ấn phẩm thống nhất nhận thức chung" in form
    response = client.post(
        "/chien-dich/moi/",
        {
            "title": "Xây dựng ấn phẩm về 17 điểm khác nhau",
            "issuer": cascade.qn.pk,
            "pack": cascade.campaign.pack.pk,
            "dispatch_number": "488/STTTT-CNTT",
            "source_dispatch": saved.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "“Trung tâm Truyền thông tỉnh” → Trung tâm Truyền thông tỉnh" in html
    assert "“Các sở, ban, ngành” → " in html
    assert "“UBND các huyện, thị xã, thành phố” → " in html
    form = response.context["forward_form"]
    assert not form.initial.get("units")  # nothing ticked: the proposals are one click away
    proposed = set(response.context["proposed_ids"])
    assert proposed == {media.pk, health.pk, cascade.sttt.pk, cascade.cp.pk, cascade.hl.pk}
    assert "Xây dựng bộ Flashcard" in form.initial["task"]
    # Somebody who did not save the dispatch cannot start from it.
    other = Client()
    other.force_login(cascade.alice)
    assert (
        "488/STTTT-CNTT" not in other.get(f"/chien-dich/moi/?cong-van={saved.pk}").content.decode()
    )


def test_the_unit_page_draws_a_map_of_located_sub_units(cascade):
    from lantoa.orgs.models import Unit

    Unit.objects.filter(code="CP").update(latitude=21.04, longitude=107.29)
    Unit.objects.filter(code="HL").update(latitude=20.95, longitude=107.07)
    Unit.objects.filter(code="STTTT").update(latitude=20.96, longitude=107.08)
    client = Client()
    client.force_login(cascade.olivia)
    with time_machine.travel(vn(2023, 3, 26), tick=False):
        html = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/QN/").content.decode()
    assert html.count("<circle") == 3
    assert "<title>Thành phố Cẩm Phả: 0/1</title>" in html
    assert 'fill="#d93025"' in html  # overdue on 26/03
    assert 'cx="' in html
    assert "," not in html.split('<circle cx="')[1].split('"')[0]  # no Vietnamese decimal comma


def test_reminders_go_out_once_before_and_once_after_the_deadline(cascade, mailoutbox):
    from lantoa.campaigns.models import Reminder
    from lantoa.worker.periodic import periodic_run_due

    cascade.alice.email = "alice@camphaqn.gov.vn"
    cascade.alice.save()
    cp = assignment(cascade, cascade.cp)
    services.report_submit(
        actor=cascade.charlie,
        assignment=assignment(cascade, cascade.hl),
        staff_count=5,
        staff_reached=5,
    )
    with time_machine.travel(vn(2023, 3, 15), tick=False):
        periodic_run_due()
        assert not Reminder.objects.exists()  # ten days ahead: nothing yet
    with time_machine.travel(vn(2023, 3, 23), tick=False):
        periodic_run_due()
    assert set(Reminder.objects.values_list("assignment__unit__code", "kind")) == {
        ("CP", "due_soon"),
        ("STTTT", "due_soon"),
    }  # Hạ Long has reported
    (mail,) = mailoutbox
    assert mail.to == ["alice@camphaqn.gov.vn"]
    assert "Sắp đến hạn báo cáo" in mail.subject
    assert f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/" in mail.body
    assert "25/03/2023" in mail.body
    with time_machine.travel(vn(2023, 3, 23, 14), tick=False):  # a later hour, a new run
        periodic_run_due()
    assert len(mailoutbox) == 1  # not sent twice
    with time_machine.travel(vn(2023, 3, 27), tick=False):
        periodic_run_due()
    assert len(mailoutbox) == 2
    assert "Đã quá hạn" in mailoutbox[1].subject
    client = Client()
    client.force_login(cascade.alice)
    html = client.get("/chien-dich/").content.decode()
    assert "Nhắc việc" in html
    assert html.count("Thành phố Cẩm Phả") >= 1
    assert Reminder.objects.filter(assignment=cp).count() == 2


def test_published_texts_are_verified_against_the_pack_and_rolled_up(cascade, pack):
    full = "\n\n".join(
        f"{p.number}. {p.title.vi}. {p.it.full.vi} {p.dx.full.vi}" for p in pack.points
    )
    partial = "\n\n".join(
        f"{p.number}. {p.title.vi}. {p.it.full.vi} {p.dx.full.vi}" for p in pack.points[:8]
    )
    services.report_submit(
        actor=cascade.alice,
        assignment=assignment(cascade, cascade.cp),
        staff_count=10,
        staff_reached=9,
        publications=[
            {"channel": "portal", "url": "https://camphaqn.gov.vn/a", "text": full},
            {"channel": "facebook", "url": "https://facebook.com/p/2", "text": partial},
            {"channel": "zalo", "url": "https://zalo.me/x"},
        ],
    )
    report = Report.objects.get()
    checked = [p["verify"] for p in report.publications if "verify" in p]
    assert [(v["found"], v["count"]) for v in checked] == [(17, 17), (8, 17)]
    assert checked[1]["missing"] == list(range(9, 18))
    cp = assignment(cascade, cascade.cp)
    assert cp.publication_coverage == pytest.approx((1 + 8 / 17) / 2, abs=1e-4)
    total, _ = progress_by_child(campaign=cascade.campaign, unit=cascade.qn, now=timezone.now())
    assert total.publication_coverage == pytest.approx((1 + 8 / 17) / 2, abs=1e-4)
    client = Client()
    client.force_login(cascade.alice)
    html = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/").content.decode()
    assert "17/17 điểm" in html
    assert "8/17 điểm" in html


def _docx_bytes() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Biên bản hội nghị quán triệt")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_attachments_are_checked_stored_and_served_only_inside_the_subtree(
    cascade, settings, tmp_path
):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    client = Client()
    client.force_login(cascade.alice)
    url = f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/bao-cao/"
    minutes = SimpleUploadedFile("Biên bản.docx", _docx_bytes())
    response = client.post(
        url, {"staff_count": "10", "staff_reached": "9", "files": [minutes]}, follow=True
    )
    assert "Đã gửi báo cáo" in response.content.decode()
    (stored,) = cascade.campaign.assignments.get(unit=cascade.cp).attachments.all()
    assert stored.name == "Biên bản.docx"
    download = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/tep/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    outsider = Client()
    outsider.force_login(cascade.charlie)
    assert (
        outsider.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/CP/tep/{stored.pk}/").status_code
        == 404
    )

    # A renamed executable, a zip bomb dressed as DOCX, and too many files: refused, nothing stored.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    cases = [
        ([SimpleUploadedFile("anh.png", b"MZ\x90\x00 not a png")], "không phải tệp PNG hợp lệ"),
        ([SimpleUploadedFile("bom.docx", bomb.getvalue())], "không phải tệp DOCX hợp lệ"),
        ([SimpleUploadedFile("virus.exe", b"MZ")], "chỉ nhận tệp PDF"),
        ([SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4") for i in range(6)], "Tối đa 5 tệp"),
    ]
    for files, message in cases:
        response = client.post(url, {"staff_count": "10", "staff_reached": "9", "files": files})
        assert message in response.content.decode(), message
    assert Report.objects.count() == 1
    assert len(list((tmp_path / "uploads" / "reports").iterdir())) == 1
