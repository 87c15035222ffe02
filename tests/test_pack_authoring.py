"""Writing, importing and publishing packs in the site, with the tree's personas:
alice (admin of CP) writes for CP; bob (viewer below CP) may not write; charlie (admin of
HL, CP's sibling) sees none of CP's drafts and cannot publish for CP."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.content import authoring
from lantoa.content.models import PackDraft, PackVersion
from lantoa.content.selectors import packs_for_unit
from lantoa.content.services import PackConflictError, pack_install
from lantoa.core.packs import pack_from_data

SAMPLES = Path(__file__).parent / "samples" / "packs"

POINTS = [
    (
        "Cuộc gọi giả danh công an",
        "Công an không gọi điện yêu cầu chuyển tiền.",
        "Không chuyển tiền",
    ),
    ("Đường link lạ", "Không bấm vào đường link lạ trong tin nhắn.", "Không bấm link lạ"),
    ("Việc nhẹ lương cao", "Không nạp tiền trước để nhận việc làm.", "Không nạp tiền nhận việc"),
    ("Bị lừa thì báo ngay", "Báo ngay cho ngân hàng và công an.", "Báo ngân hàng, công an"),
]


def _client(client, user):
    client.force_login(user)
    return client


def _draft(tree, user=None) -> PackDraft:
    return authoring.draft_create(
        actor=user or tree.alice,
        unit=tree.cp,
        kind="key_points",
        pack_id="lua-dao-cp",
        title_vi="Nhận diện lừa đảo trực tuyến",
    )


def _fill(tree, draft, points=POINTS):
    for title, text, short in points:
        authoring.point_save(
            actor=tree.alice, draft=draft, title_vi=title, text_vi=text, short_vi=short,
            keywords_vi="lừa đảo, " + short.split()[-1],
        )  # fmt: skip


def _point_post(title="Tiêu đề", text="Nội dung đầy đủ.", short="Tóm tắt", **extra):
    return {"title_vi": title, "text_vi": text, "short_vi": short, **extra}


def test_an_author_writes_points_and_sees_the_card_as_it_will_print(tree, client):
    c = _client(client, tree.alice)
    response = c.post(
        reverse("pack_draft_new"),
        {"unit": tree.cp.pk, "kind": "key_points", "pack_id": "lua-dao-cp",
         "title_vi": "Nhận diện lừa đảo trực tuyến"},
    )  # fmt: skip
    draft = PackDraft.objects.get(pack_id="lua-dao-cp")
    assert response.url == reverse("pack_draft", args=[draft.pk])
    nfd = unicodedata.normalize("NFD", "Đường link lạ")
    response = c.post(reverse("pack_point_new", args=[draft.pk]), _point_post(title=nfd))
    point = draft.points.get()
    assert point.title_vi == unicodedata.normalize("NFC", nfd)
    page = c.get(response.url).content.decode()
    assert "Đường link lạ" in page
    preview = c.get(reverse("pack_point_preview", args=[draft.pk, point.pk, "phone"]))
    assert preview["Content-Type"] == "image/png"
    assert preview.content[:8] == b"\x89PNG\r\n\x1a\n"
    a4 = c.get(reverse("pack_point_preview", args=[draft.pk, point.pk, "a4"]))
    assert a4.status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"pack.draft_create", "pack.point_add"} <= actions


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        (_point_post(text="<script>alert(1)</script>Không bấm"), "text_vi", "HTML"),
        (_point_post(short=""), "short_vi", "tóm tắt"),
        (_point_post(title="Cuộc gọi giả danh CÔNG AN"), "title_vi", "Trùng tiêu đề"),
    ],
)
def test_bad_input_gets_a_message_at_its_field_and_changes_nothing(
    tree, client, post, field, message
):
    draft = _draft(tree)
    _fill(tree, draft, POINTS[:1])
    response = _client(client, tree.alice).post(reverse("pack_point_new", args=[draft.pk]), post)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors)
    assert draft.points.count() == 1


def test_reorder_and_delete_keep_positions_one_to_n(tree, client):
    draft = _draft(tree)
    _fill(tree, draft)
    c = _client(client, tree.alice)
    last = draft.points.get(position=4)
    c.post(reverse("pack_point_move", args=[draft.pk, last.pk]), {"direction": "up"})
    assert [p.title_vi for p in draft.points.all()][2:] == [POINTS[3][0], POINTS[2][0]]
    c.post(reverse("pack_point_delete", args=[draft.pk, draft.points.get(position=1).pk]))
    assert list(draft.points.values_list("position", flat=True)) == [1, 2, 3]


def test_another_provinces_editor_cannot_see_or_publish_a_draft(tree, client):
    draft = _draft(tree)
    _fill(tree, draft)
    c = _client(client, tree.charlie)
    assert c.get(reverse("pack_draft", args=[draft.pk])).status_code == 404
    assert c.post(reverse("pack_publish", args=[draft.pk]), {"version": "1.0.0"}).status_code == 404
    assert "lua-dao-cp" not in c.get(reverse("pack_index")).content.decode()
    with pytest.raises(authoring.NotAllowedError):
        authoring.draft_publish(actor=tree.charlie, draft=draft, version="1.0.0")
    assert not PackVersion.objects.filter(pack_id="lua-dao-cp").exists()


def test_a_viewer_cannot_write_packs(tree, client):
    c = _client(client, tree.bob)
    response = c.post(
        reverse("pack_draft_new"),
        {"unit": tree.cp_md.pk, "kind": "key_points", "pack_id": "x-bob", "title_vi": "X"},
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not PackDraft.objects.exists()


def test_nothing_is_published_from_an_invalid_draft(tree, client):
    draft = _draft(tree)
    _fill(tree, draft)
    point = draft.points.first()
    point.short_vi = ""
    point.save()
    response = _client(client, tree.alice).post(
        reverse("pack_publish", args=[draft.pk]), {"version": "1.0.0"}
    )
    assert response.status_code == 400
    problems = response.context["problems"]
    assert problems[0][0] == 1
    assert problems[0][1] == "short.vi"
    assert not PackVersion.objects.filter(pack_id="lua-dao-cp").exists()


def test_publishing_freezes_a_version_that_cannot_change_and_ids_stay_across_versions(tree, client):
    draft = _draft(tree)
    _fill(tree, draft)
    c = _client(client, tree.alice)
    response = c.get(reverse("pack_publish", args=[draft.pk]))
    assert response.context["form"].initial["version"] == "1.0.0"
    assert [ch.what for ch in response.context["changes"]] == ["added"] * 4
    c.post(reverse("pack_publish", args=[draft.pk]), {"version": "1.0.0"})
    v1 = PackVersion.objects.get(pack_id="lua-dao-cp")
    assert v1.owner_unit == tree.cp
    assert v1.kind == "key_points"
    first = pack_from_data(v1.data)
    assert not PackDraft.objects.exists()

    # The same version with other content is refused: a published version never changes.
    changed = first.model_copy(update={"title": first.title.model_copy(update={"vi": "Khác"})})
    with pytest.raises(PackConflictError):
        pack_install(pack=changed, owner_unit=tree.cp)

    # The next version: one point reworded, one added; ids kept.
    c.post(reverse("pack_draft_continue", args=[v1.pk]))
    draft = PackDraft.objects.get(pack_id="lua-dao-cp")
    point = draft.points.get(position=2)
    authoring.point_save(
        actor=tree.alice, draft=draft, point=point, title_vi=point.title_vi,
        text_vi="Không bấm vào đường link lạ gửi qua tin nhắn hay mạng xã hội.",
        short_vi=point.short_vi, keywords_vi=point.keywords_vi,
    )  # fmt: skip
    _fill(tree, draft, [("Bảo vệ mã OTP", "Không cung cấp mã OTP cho bất kỳ ai.", "Giữ kín OTP")])
    response = c.get(reverse("pack_publish", args=[draft.pk]))
    changes = {(ch.what, ch.point_id) for ch in response.context["changes"]}
    assert changes == {("changed", first.points[1].id), ("added", "bao-ve-ma-otp")}
    assert response.context["form"].initial["version"] == "1.1.0"
    response = c.post(reverse("pack_publish", args=[draft.pk]), {"version": "1.0.0"})
    assert "newer" in str(response.context["form"].errors) or "mới hơn" in str(
        response.context["form"].errors
    )
    c.post(reverse("pack_publish", args=[draft.pk]), {"version": "1.1.0"})
    v2 = pack_from_data(PackVersion.objects.get(pack_id="lua-dao-cp", version="1.1.0").data)
    assert [p.id for p in v2.points][:4] == [p.id for p in first.points]
    assert pack_from_data(v1.data) == first  # the first version is untouched
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("pack.publish") == 2
    assert "pack.draft_from_version" in actions


def test_campaigns_pick_packs_visible_to_their_unit_and_keep_their_version(tree, client, pack):
    from lantoa.campaigns import services as campaigns

    pack_install(pack=pack)
    draft = _draft(tree)
    _fill(tree, draft)
    row = authoring.draft_publish(actor=tree.alice, draft=draft, version="1.0.0")
    assert row in packs_for_unit(tree.cp_md)
    assert row not in packs_for_unit(tree.hl)
    alice_form = _client(client, tree.alice).get(reverse("campaign_create")).context["form"]
    assert row in alice_form.fields["pack"].queryset
    client.logout()
    c = _client(client, tree.charlie)
    form = c.get(reverse("campaign_create")).context["form"]
    assert row not in form.fields["pack"].queryset
    response = c.post(
        reverse("campaign_create"), {"title": "X", "issuer": tree.hl.pk, "pack": row.pk}
    )
    assert "pack" in response.context["form"].errors
    campaign = campaigns.campaign_create(
        actor=tree.alice, title="Lừa đảo", pack=row, issuer=tree.cp
    )
    # A new version does not move the campaign.
    authoring.draft_from_version(actor=tree.alice, version=row)
    newer = PackDraft.objects.get()
    _fill(tree, newer, [("Bảo vệ mã OTP", "Không cung cấp mã OTP.", "Giữ kín OTP")])
    authoring.draft_publish(actor=tree.alice, draft=newer, version="1.1.0")
    campaign.refresh_from_db()
    assert campaign.pack.version == "1.0.0"


def test_import_a_word_table_in_the_site_then_create_the_draft(tree, client):
    c = _client(client, tree.alice)
    with (SAMPLES / "nd13-dieu9.docx").open("rb") as f:
        response = c.post(
            reverse("pack_import"),
            {
                "unit": tree.cp.pk,
                "pack_id": "quyen-du-lieu",
                "title_vi": "Quyền dữ liệu",
                "file": f,
            },
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "bảng 1, hàng 2, cột 2" in page
    assert response.context["columns"] == [
        ("STT", "number"), ("Tên quyền", "title"), ("Nội dung", "text"),
    ]  # fmt: skip
    response = c.post(
        reverse("pack_import"),
        {"confirm": "1", "role_0": "number", "role_1": "title", "role_2": "text"},
    )
    draft = PackDraft.objects.get(pack_id="quyen-du-lieu")
    assert response.url == reverse("pack_draft", args=[draft.pk])
    assert draft.points.count() == 11
    assert draft.points.get(position=11).title_vi == "Quyền tự bảo vệ"
    assert "pack.draft_import" in AuditEvent.objects.values_list("action", flat=True)


def test_a_5000_point_paste_and_a_docx_without_a_table_are_refused_at_the_field(tree, client):
    c = _client(client, tree.alice)
    text = "\n".join(f"{n}. Điểm {n}: nội dung {n}." for n in range(1, 5001))
    response = c.post(
        reverse("pack_import"),
        {"unit": tree.cp.pk, "pack_id": "qua-nhieu", "title_vi": "Quá nhiều", "text": text},
    )
    assert "tối đa 200" in response.content.decode()
    with (SAMPLES / "nd13-dieu9.pdf").open("rb") as f:
        assert (
            c.post(
                reverse("pack_import"),
                {"unit": tree.cp.pk, "pack_id": "pdf", "title_vi": "PDF", "file": f},
            ).status_code
            == 200
        )
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Kính gửi các đơn vị.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "cong-van.docx"
    response = c.post(
        reverse("pack_import"),
        {"unit": tree.cp.pk, "pack_id": "khong-bang", "title_vi": "X", "file": buffer},
    )
    assert response.status_code == 400
    assert any("không có bảng" in e for e in response.context["form"].errors["file"])
    assert not PackDraft.objects.exists()
