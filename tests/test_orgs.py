"""The organisation tree: scoping to subtrees, moves and merges, imports, invitations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa.audit.models import AuditEvent
from lantoa.orgs.files import read_units, template_csv, template_xlsx
from lantoa.orgs.models import Membership, Role, Unit
from lantoa.orgs.scope import can, scope_queryset
from lantoa.orgs.selectors import unit_subtree
from lantoa.orgs.services import (
    ImportProblemsError,
    InvitationInvalidError,
    OrgError,
    UnitRow,
    invitation_accept,
    invitation_create,
    unit_merge,
    unit_move,
    units_import,
)

pytestmark = pytest.mark.django_db


def codes(units) -> set[str]:
    return {u.code for u in units}


def test_a_role_reaches_its_unit_and_everything_below_it(tree):
    assert codes(scope_queryset(tree.alice, Unit.objects.all())) == {"CP", "CP-MD"}
    assert codes(scope_queryset(tree.bob, Unit.objects.all())) == {"CP-MD"}
    assert codes(scope_queryset(tree.charlie, Unit.objects.all())) == {"HL", "HL-HG"}


def test_nobody_acts_outside_their_subtree(tree):
    assert can(tree.alice, tree.cp_md, Role.ADMIN)
    assert not can(tree.alice, tree.hl_hg, Role.VIEWER)
    assert not can(tree.alice, tree.qn, Role.VIEWER)  # not upwards either
    assert can(tree.bob, tree.cp_md, Role.VIEWER)
    assert not can(tree.bob, tree.cp_md, Role.FOCAL_POINT)


def test_scoping_filters_rows_that_point_at_units(tree):
    rows = scope_queryset(tree.alice, Membership.objects.all(), unit_field="unit")
    assert {m.user.username for m in rows} == {"alice", "bob"}


def test_moving_a_unit_carries_its_subtree(tree):
    unit_move(actor=tree.alice, unit=tree.cp, new_parent=tree.hl)
    tree.cp_md.refresh_from_db()
    assert tree.cp_md.path.startswith(tree.hl.path)
    assert tree.cp_md.depth == tree.hl.depth + 2
    assert codes(unit_subtree(tree.hl)) == {"HL", "HL-HG", "CP", "CP-MD"}
    assert AuditEvent.objects.filter(action="unit.move", object_id=str(tree.cp.pk)).exists()


def test_a_unit_cannot_move_under_its_own_sub_unit(tree):
    with pytest.raises(OrgError, match="cannot move under itself"):
        unit_move(actor=None, unit=tree.cp, new_parent=tree.cp_md)


def test_a_merged_unit_keeps_its_history_and_counts_under_the_absorber(tree):
    unit_merge(actor=None, absorbed=tree.cp, into=tree.hl)
    tree.cp.refresh_from_db()
    assert tree.cp.merged_into == tree.hl
    assert not tree.cp.is_active
    # Everything attached to Cẩm Phả (its commune, its memberships) is now in Hạ Long's subtree.
    assert codes(scope_queryset(tree.charlie, Unit.objects.all())) == {"HL", "HL-HG", "CP", "CP-MD"}
    assert Membership.objects.filter(unit=tree.cp, user=tree.alice).exists()
    assert AuditEvent.objects.filter(action="unit.merge").count() == 1
    assert AuditEvent.objects.filter(action="unit.absorb", object_id=str(tree.hl.pk)).count() == 1
    with pytest.raises(OrgError, match="already been merged"):
        unit_merge(actor=None, absorbed=tree.cp, into=tree.qn)


# --- imports ---------------------------------------------------------------------------------


def test_importing_a_csv_with_vietnamese_headers_and_kinds(tree):
    csv = (
        "mã,tên,loại,mã đơn vị cha,tên ngắn\n"
        "CP-MD-THCS,Trường THCS Mông Dương,trường,CP-MD,THCS Mông Dương\n"
        "CP-MD-TYT,Trạm Y tế phường Mông Dương,trạm y tế,CP-MD,\n"
        "CP-MD-TCN,Tổ công nghệ số cộng đồng khu 1,tổ công nghệ số cộng đồng,CP-MD,\n"
    ).encode()
    result = units_import(actor=tree.alice, rows=read_units(csv, "units.csv"), source="units.csv")
    assert (result.created, result.updated) == (3, 0)
    school = Unit.objects.get(code="CP-MD-THCS")
    assert school.kind == "school"
    assert school.parent == tree.cp_md
    assert school.path.startswith(tree.cp_md.path)
    assert Unit.objects.get(code="CP-MD-TCN").kind == "community_team"
    again = units_import(actor=None, rows=read_units(csv, "units.csv"), source="units.csv")
    assert (again.created, again.unchanged) == (0, 3)


def test_a_broken_import_names_every_problem_and_writes_nothing(tree):
    before = Unit.objects.count()
    csv = (
        "code,name,kind,parent_code\n"
        "A1,Đơn vị A,school,NOPE\n"
        "A1,Đơn vị trùng,school,CP\n"
        "bad code!,Tên,school,CP\n"
        "B1,,spaceship,CP\n"
    ).encode()
    with pytest.raises(ImportProblemsError) as caught:
        units_import(
            actor=None, rows=read_units(csv.replace(b"spaceship", b"school"), "x.csv"), source="x"
        )
    problems = "\n".join(caught.value.problems)
    assert "line 2" in problems
    assert "parent not found: NOPE" in problems
    assert "line 3" in problems
    assert "duplicate code" in problems
    assert "line 4" in problems
    assert "invalid code" in problems
    assert "line 5" in problems
    assert "name is empty" in problems
    with pytest.raises(ImportProblemsError, match="unknown kind 'spaceship'"):
        read_units(csv, "x.csv")
    assert Unit.objects.count() == before


def test_a_parent_cycle_in_a_file_is_refused(tree):
    rows = [
        UnitRow(code="X1", name="X1", kind="other", parent_code="X2", line=2),
        UnitRow(code="X2", name="X2", kind="other", parent_code="X1", line=3),
    ]
    with pytest.raises(ImportProblemsError, match="parent cycle"):
        units_import(actor=None, rows=rows, source="cycle")


def test_unsupported_files_and_missing_columns_are_clear_errors():
    with pytest.raises(ImportProblemsError, match=r"unsupported file type \.pdf"):
        read_units(b"%PDF", "units.pdf")
    with pytest.raises(ImportProblemsError, match="missing column"):
        read_units("tên,loại\nA,school\n".encode(), "u.csv")
    with pytest.raises(ImportProblemsError, match="must be UTF-8"):
        read_units("mã,tên,loại\n".encode("utf-16"), "u.csv")


def test_the_templates_read_back_as_one_example_row():
    for data, name in ((template_xlsx(), "t.xlsx"), (template_csv().encode(), "t.csv")):
        (row,) = read_units(data, name)
        assert row.code == "QN-TTTT"
        assert row.kind == "media_centre"


def test_import_admin_loads_the_current_tree(db):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    result = CliRunner().invoke(cli, ["orgs", "import-admin"])
    assert result.exit_code == 0, result.output
    assert Unit.objects.filter(kind="province").count() == 34
    assert Unit.objects.filter(kind="commune").count() == 3321
    quang_ninh = Unit.objects.get(code="22")
    assert quang_ninh.name == "Tỉnh Quảng Ninh"
    assert unit_subtree(quang_ninh).filter(kind="commune").count() > 40


def test_import_admin_legacy_keeps_districts_for_historical_campaigns(db):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    result = CliRunner().invoke(cli, ["orgs", "import-admin", "--legacy", "--province", "22"])
    assert result.exit_code == 0, result.output
    cam_pha = Unit.objects.get(code="cu-195")
    assert cam_pha.name == "Thành phố Cẩm Phả"
    assert cam_pha.kind == "district"
    assert cam_pha.parent.code == "cu-22"
    assert cam_pha.valid_until == dt.date(2025, 6, 30)
    assert Unit.objects.filter(parent=cam_pha, kind="commune").count() >= 10


# --- invitations ----------------------------------------------------------------------------


def test_an_invitation_link_adds_a_person_with_its_role(tree, django_user_model):
    dana = django_user_model.objects.create_user("dana")
    invitation = invitation_create(actor=tree.alice, unit=tree.cp_md, role=Role.FOCAL_POINT)
    invitation_accept(token=invitation.token, user=dana)
    assert can(dana, tree.cp_md, Role.FOCAL_POINT)
    assert not can(dana, tree.cp, Role.VIEWER)


def test_an_invitation_never_lowers_a_role(tree):
    invitation = invitation_create(actor=tree.alice, unit=tree.cp, role=Role.VIEWER)
    invitation_accept(token=invitation.token, user=tree.alice)
    assert Membership.objects.get(user=tree.alice, unit=tree.cp).role == Role.ADMIN


def test_expired_revoked_and_used_up_invitations_are_refused(tree, django_user_model):
    erin = django_user_model.objects.create_user("erin")
    expired = invitation_create(actor=tree.alice, unit=tree.cp, role=Role.VIEWER)
    expired.expires_at = timezone.now() - dt.timedelta(seconds=1)
    expired.save()
    with pytest.raises(InvitationInvalidError, match="expired"):
        invitation_accept(token=expired.token, user=erin)
    used = invitation_create(actor=tree.alice, unit=tree.cp, role=Role.VIEWER, max_uses=1)
    invitation_accept(token=used.token, user=erin)
    with pytest.raises(InvitationInvalidError, match="used up"):
        invitation_accept(token=used.token, user=django_user_model.objects.create_user("fred"))
    with pytest.raises(InvitationInvalidError, match="not valid"):
        invitation_accept(token="guess", user=erin)


# --- pages: a permission matrix -------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("alice", "CP", 200),
        ("alice", "CP-MD", 200),
        ("alice", "HL", 404),
        ("alice", "QN", 404),
        ("bob", "CP-MD", 200),
        ("bob", "CP", 404),
        ("charlie", "HL-HG", 200),
        ("charlie", "CP-MD", 404),
        ("anonymous", "CP", 302),
    ],
)
def test_unit_pages_answer_only_inside_the_callers_subtree(tree, persona, code, status):
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(tree, persona))
    response = client.get(f"/don-vi/{code}/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize(
    ("persona", "visible"), [("alice", "Thành phố Cẩm Phả"), ("charlie", "Thành phố Hạ Long")]
)
def test_the_unit_index_lists_only_the_callers_units(tree, persona, visible):
    client = Client()
    client.force_login(getattr(tree, persona))
    html = client.get("/don-vi/").content.decode()
    assert visible in html
    other = "Thành phố Hạ Long" if persona == "alice" else "Thành phố Cẩm Phả"
    assert other not in html


def test_history_is_shown_to_admins_only(tree):
    admin = Client()
    admin.force_login(tree.alice)
    html = admin.get("/don-vi/CP/").content.decode()
    assert "Tạo đơn vị: Thành phố Cẩm Phả" in html  # a sentence, not the code
    assert "unit.create" not in html
    viewer = Client()
    viewer.force_login(tree.bob)
    assert "Tạo đơn vị" not in viewer.get("/don-vi/CP-MD/").content.decode()


def test_a_unit_page_makes_a_bounded_number_of_queries(tree):
    from lantoa.orgs.services import unit_create

    for i in range(30):
        unit_create(actor=None, code=f"CP-S{i}", name=f"Trường {i}", kind="school", parent=tree.cp)
    client = Client()
    client.force_login(tree.alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/don-vi/CP/")
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]


def test_the_import_template_downloads(client):
    response = client.get("/don-vi/mau.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert client.get("/don-vi/mau.exe").status_code == 404


def test_an_admin_creates_a_link_and_a_newcomer_joins_through_it(tree):
    admin = Client()
    admin.force_login(tree.alice)
    response = admin.post("/don-vi/CP-MD/moi/", {"role": "focal_point"}, follow=True)
    html = response.content.decode()
    token = html.split("/moi/")[1].split("/")[0]
    newcomer = Client()
    page = newcomer.get(f"/moi/{token}/").content.decode()
    assert "Phường Mông Dương" in page
    response = newcomer.post(
        f"/moi/{token}/",
        {
            "username": "hoa",
            "first_name": "Nguyễn Thị Hoa",
            "password1": "Mat-khau-dai-2023",
            "password2": "Mat-khau-dai-2023",
        },
        follow=True,
    )
    assert response.status_code == 200
    hoa = Membership.objects.get(user__username="hoa")
    assert (hoa.unit, hoa.role) == (tree.cp_md, Role.FOCAL_POINT)
    assert "Bạn đã tham gia Phường Mông Dương" in response.content.decode()


def test_only_admins_create_invitations_and_bad_links_are_clear(tree, client):
    viewer = Client()
    viewer.force_login(tree.bob)
    assert viewer.post("/don-vi/CP-MD/moi/", {"role": "admin"}).status_code == 404
    outsider = Client()
    outsider.force_login(tree.charlie)
    assert outsider.post("/don-vi/CP/moi/", {"role": "admin"}).status_code == 404
    response = client.get("/moi/not-a-token/")
    assert response.status_code == 404
    assert "Không dùng được lời mời này" in response.content.decode()


def test_a_unit_admin_imports_sub_units_only_inside_their_subtree(tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = Client()
    admin.force_login(tree.alice)
    good = (
        "mã,tên,loại,mã đơn vị cha\n"
        "CP-TH1,Trường Tiểu học Cẩm Phả 1,trường,\n"
        "CP-MD-TYT,Trạm Y tế phường Mông Dương,trạm y tế,CP-MD\n"
    ).encode()
    response = admin.post(
        "/don-vi/CP/nhap/", {"file": SimpleUploadedFile("ds.csv", good)}, follow=True
    )
    assert "Đã nhập 2 đơn vị" in response.content.decode()
    assert Unit.objects.get(code="CP-TH1").parent == tree.cp
    assert Unit.objects.get(code="CP-MD-TYT").parent == tree.cp_md

    before = Unit.objects.count()
    bad = "mã,tên,loại,mã đơn vị cha\nX1,Trường X,trường,HL\nHL,Đổi tên Hạ Long,khác,CP\n".encode()
    response = admin.post(
        "/don-vi/CP/nhap/", {"file": SimpleUploadedFile("ds.csv", bad)}, follow=True
    )
    html = response.content.decode()
    assert "Không nhập được đơn vị nào" in html
    assert "outside your units" in html
    assert Unit.objects.count() == before
    assert Unit.objects.get(code="HL").name == "Thành phố Hạ Long"

    outsider = Client()
    outsider.force_login(tree.charlie)
    assert (
        outsider.post("/don-vi/CP/nhap/", {"file": SimpleUploadedFile("ds.csv", good)}).status_code
        == 404
    )
    viewer = Client()
    viewer.force_login(tree.bob)
    assert (
        viewer.post("/don-vi/CP-MD/nhap/", {"file": SimpleUploadedFile("ds.csv", good)}).status_code
        == 404
    )
