"""Correcting a campaign: edit until launched, then extend; withdraw and extend an
assignment; every change audited and told to the units concerned; the assign form and the
dispatch list as a new user meets them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import translation

from lantoa.audit.models import AuditEvent
from lantoa.campaigns import services
from lantoa.campaigns.models import Assignment, Campaign, Notice, Reminder
from lantoa.dispatches.models import SavedDispatch
from lantoa.orgs.models import Role
from lantoa.orgs.services import membership_grant, unit_create
from tests.test_campaigns import vn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def world(tree, installed_pack, django_user_model):
    tree.olivia = django_user_model.objects.create_user("olivia", email="olivia@qn.gov.vn")
    membership_grant(actor=None, user=tree.olivia, unit=tree.qn, role=Role.ADMIN)
    tree.alice.email = "alice@cp.gov.vn"
    tree.alice.save()
    tree.pack = installed_pack
    with time_machine.travel(vn(2030, 3, 1), tick=False):
        tree.campaign = services.campaign_create(
            actor=tree.olivia, title="Phổ biến 17 điểm", pack=installed_pack, issuer=tree.qn
        )
    return tree


def _assign(world, units, day=dt.date(2030, 3, 25)):
    with time_machine.travel(vn(2030, 3, 2), tick=False):
        return services.campaign_assign(
            actor=world.olivia, campaign=world.campaign, units=units, deadline=day
        )


def test_a_campaign_is_editable_until_launched_then_only_extendable(world):
    services.campaign_update(
        actor=world.olivia,
        campaign=world.campaign,
        title="  Phổ biến   17 điểm khác nhau ",
        pack=world.pack,
        issuer=world.qn,
        dispatch_number="488/STTTT-CNTT",
    )
    world.campaign.refresh_from_db()
    assert world.campaign.title == "Phổ biến 17 điểm khác nhau"
    event = AuditEvent.objects.get(action="campaign.update")
    assert event.before["title"] == "Phổ biến 17 điểm"
    _assign(world, [world.cp])
    with pytest.raises(services.CascadeError, match="only extended"):
        services.campaign_update(
            actor=world.olivia,
            campaign=world.campaign,
            title="X",
            pack=world.pack,
            issuer=world.qn,
        )
    with pytest.raises(services.CascadeError, match="withdraw its assignments"):
        services.campaign_delete(actor=world.olivia, campaign=world.campaign)


def test_a_draft_campaign_can_be_deleted_by_its_issuer_only(world):
    with pytest.raises(services.CascadeError):
        services.campaign_delete(actor=world.alice, campaign=world.campaign)
    services.campaign_delete(actor=world.olivia, campaign=world.campaign)
    assert not Campaign.objects.exists()
    assert AuditEvent.objects.filter(action="campaign.delete").count() == 1


def test_extending_a_campaign_moves_unreported_deadlines_and_tells_each_unit(world):
    _assign(world, [world.cp, world.hl])
    a = Assignment.objects.get(unit=world.cp)
    Reminder.objects.create(assignment=a, kind="due_soon")
    with time_machine.travel(vn(2030, 3, 20), tick=False):
        with pytest.raises(services.CascadeError, match="in the future"):
            services.campaign_extend(
                actor=world.olivia, campaign=world.campaign, deadline=dt.date(2030, 3, 1)
            )
        rows = services.campaign_extend(
            actor=world.olivia, campaign=world.campaign, deadline=dt.date(2030, 4, 10)
        )
    assert {r.unit.code for r in rows} == {"CP", "HL"}
    a.refresh_from_db()
    assert a.deadline.astimezone(services.VIETNAM).date() == dt.date(2030, 4, 10)
    assert not Reminder.objects.filter(assignment=a).exists()  # reminders start again
    assert Notice.objects.filter(kind="extended").count() == 2
    assert AuditEvent.objects.filter(action="campaign.extend").count() == 1


def test_an_assignment_extension_is_audited_notified_and_e_mailed(
    world, django_capture_on_commit_callbacks
):
    _assign(world, [world.cp])
    a = Assignment.objects.get(unit=world.cp)
    with pytest.raises(services.CascadeError, match="later than the current one"):
        services.assignment_extend(actor=world.olivia, assignment=a, deadline=dt.date(2030, 3, 20))
    with pytest.raises(services.CascadeError):
        services.assignment_extend(actor=world.charlie, assignment=a, deadline=dt.date(2030, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_extend(actor=world.olivia, assignment=a, deadline=dt.date(2030, 4, 1))
    event = AuditEvent.objects.get(action="assignment.extend")
    assert event.before["deadline"].startswith("2030-03-25")
    notice = Notice.objects.get(unit=world.cp)
    assert notice.emailed == 1
    (message,) = mail.outbox
    assert message.to == ["alice@cp.gov.vn"]
    assert "01/04/2030" in message.body


def test_a_forward_cannot_be_extended_past_its_parent_deadline(world):
    _assign(world, [world.cp])
    cp = Assignment.objects.get(unit=world.cp)
    (md,) = services.assignment_forward(
        actor=world.alice, assignment=cp, units=[world.cp_md], deadline=dt.date(2030, 3, 20)
    )
    with pytest.raises(services.CascadeError, match="your own deadline"):
        services.assignment_extend(actor=world.alice, assignment=md, deadline=dt.date(2030, 3, 30))
    services.assignment_extend(actor=world.alice, assignment=md, deadline=dt.date(2030, 3, 24))


def test_the_issuer_withdraws_a_first_assignment_and_the_unit_is_told(world):
    _assign(world, [world.cp, world.hl])
    a = Assignment.objects.get(unit=world.hl)
    with pytest.raises(services.CascadeError):
        services.assignment_unforward(actor=world.alice, assignment=a)
    services.assignment_unforward(actor=world.olivia, assignment=a)
    assert not Assignment.objects.filter(unit=world.hl).exists()
    assert Notice.objects.get(unit=world.hl).kind == "withdrawn"
    event = AuditEvent.objects.get(action="assignment.unforward")
    assert event.object_type == "campaigns.campaign"
    # charlie (admin of HL) sees the notice on the campaigns page
    client = Client()
    client.force_login(world.charlie)
    html = client.get("/en/chien-dich/").content.decode()
    assert "was withdrawn" in html


def test_the_edit_page_offers_the_form_then_the_extension(world):
    client = Client()
    client.force_login(world.olivia)
    url = f"/en/chien-dich/{world.campaign.pk}/sua/"
    response = client.post(url, {"title": "", "issuer": world.qn.pk, "pack": world.pack.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Title: This field is required." in html  # the error names its field
    assert 'aria-describedby="id_title_error"' in html
    _assign(world, [world.cp])
    html = client.get(url).content.decode()
    assert "Extend the campaign" in html
    assert 'name="title"' not in html
    # alice may see the campaign but not change it
    other = Client()
    other.force_login(world.alice)
    assert other.get(url).status_code == 404


def test_the_assign_form_ticks_nothing_and_sorts_units_the_vietnamese_way(world):
    for code, name in [
        ("QN-DT", "Thị xã Đông Triều"),
        ("QN-DH", "Huyện Đầm Hà"),
        ("QN-AB", "Huyện Ảnh Bình"),
        ("QN-DA", "Huyện Dương An"),
    ]:
        unit_create(actor=None, code=code, name=name, kind="district", parent=world.qn)
    client = Client()
    client.force_login(world.olivia)
    response = client.get(f"/en/chien-dich/{world.campaign.pk}/don-vi/QN/")
    html = response.content.decode()
    assert "checked" not in html.split('id="assign-units"')[1].split("</fieldset>")[0]
    names = [label for _, label in response.context["forward_form"].fields["units"].choices]
    assert (
        names.index("Huyện Ảnh Bình") < names.index("Huyện Dương An") < names.index("Huyện Đầm Hà")
    )
    assert names.index("Thành phố Hạ Long") < names.index("Thị xã Đông Triều")
    assert "campaigns/assign.js" in html


def test_a_missing_deadline_is_reported_with_the_field_name(world):
    client = Client()
    client.force_login(world.olivia)
    response = client.post(
        f"/en/chien-dich/{world.campaign.pk}/don-vi/QN/giao/", {"units": [world.cp.pk]}, follow=True
    )
    assert "Deadline: This field is required." in response.content.decode()


def test_a_new_campaign_shows_no_learners_before_any_assignment(world):
    client = Client()
    client.force_login(world.olivia)
    response = client.get(f"/en/chien-dich/{world.campaign.pk}/don-vi/QN/")
    assert response.context["learning"] is None


def test_dispatches_are_listed_to_the_units_subtree_and_searchable_without_accents(world):
    def save(user, code, subject):
        return SavedDispatch.objects.create(
            kind="cong_van",
            code=code,
            subject=subject,
            issuer="Sở TT&TT Quảng Ninh",
            data={},
            text="…",
            created_by=user,
            unit=user.memberships.first().unit,
            search="",
        )

    for row in (
        save(world.olivia, "488/STTTT-CNTT", "Về việc phổ biến chuyển đổi số"),
        save(world.alice, "12/UBND", "Kế hoạch Cẩm Phả"),
        save(world.charlie, "99/UBND-HL", "Kế hoạch Hạ Long"),
    ):
        row.search = row.search_text()
        row.save()
    olivia, alice = Client(), Client()
    olivia.force_login(world.olivia)
    alice.force_login(world.alice)
    html = olivia.get("/cong-van/").content.decode()
    assert "488/STTTT-CNTT" in html
    assert "12/UBND" in html
    assert "99/UBND-HL" in html
    html = alice.get("/cong-van/").content.decode()
    assert "12/UBND" in html
    assert "488/STTTT-CNTT" not in html
    assert "99/UBND-HL" not in html
    html = olivia.get("/cong-van/", {"q": "chuyen doi so"}).content.decode()
    assert "488/STTTT-CNTT" in html
    assert "12/UBND" not in html
    html = olivia.get("/cong-van/", {"q": "CẨM PHẢ"}).content.decode()
    assert "12/UBND" in html
    assert "488/STTTT-CNTT" not in html
    html = olivia.get("/cong-van/", {"q": "stttt"}).content.decode()
    assert "488/STTTT-CNTT" in html


def test_a_campaign_from_a_dispatch_prefills_the_issuer_and_the_only_pack(world):
    row = SavedDispatch.objects.create(
        kind="cong_van",
        code="488/STTTT-CNTT",
        subject="phổ biến",
        issuer="UBND TỈNH QUẢNG NINH",
        data={},
        text="…",
        created_by=world.olivia,
        unit=None,
    )
    # olivia's issuers: QN and everything below; the dispatch's issuer line names QN
    unit_create(actor=None, code="QN-X", name="Xã Quảng", kind="commune", parent=world.hl)
    client = Client()
    client.force_login(world.olivia)
    form = client.get(f"/chien-dich/moi/?cong-van={row.pk}").context["form"]
    assert form.initial["issuer"] == world.qn
    assert form.initial["pack"] == world.pack


def test_a_legacy_unit_is_told_apart_in_the_issuer_list(world):
    legacy = unit_create(
        actor=None, code="cu-22", name="Tỉnh Quảng Ninh", kind="province", parent=world.vn
    )
    legacy.valid_until = dt.date(2025, 6, 30)
    legacy.save()
    world.olivia.is_superuser = True
    world.olivia.save()
    client = Client()
    client.force_login(world.olivia)
    html = client.get("/chien-dich/moi/").content.decode()
    assert ">Tỉnh Quảng Ninh</option>" in html
    assert ">Tỉnh Quảng Ninh (đến 30/06/2025)</option>" in html


def test_report_form_errors_name_their_field_and_are_tied_to_the_input(world):
    _assign(world, [world.cp])
    client = Client()
    client.force_login(world.alice)
    response = client.post(
        f"/en/chien-dich/{world.campaign.pk}/don-vi/CP/bao-cao/",
        {"staff_reached": "3", "meeting_date": "31/02/2030"},
    )
    html = response.content.decode()
    assert "Staff in the unit: This field is required." in html
    assert 'id="id_staff_count_error"' in html
    assert 'aria-describedby="id_staff_count_error"' in html
    assert 'aria-describedby="id_meeting_date_error"' in html  # a bad date is shown too


def test_legacy_units_carry_their_end_date_in_unit_lists(world):
    legacy = unit_create(
        actor=None, code="cu-22", name="Tỉnh Quảng Ninh", kind="province", parent=world.vn
    )
    legacy.valid_until = dt.date(2025, 6, 30)
    legacy.save()
    membership_grant(actor=None, user=world.olivia, unit=world.vn, role=Role.ADMIN)
    client = Client()
    client.force_login(world.olivia)
    html = client.get("/en/don-vi/VN/").content.decode()
    assert ">Tỉnh Quảng Ninh</a>" in html
    assert ">Tỉnh Quảng Ninh (until 30/06/2025)</a>" in html
