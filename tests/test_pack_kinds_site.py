"""A campaign on a key-points pack through the site's products: per-point statistics on
the unit page, the Word and Excel reports, and verify of a republished text."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import docx
import openpyxl
import pytest
from django.urls import reverse

from lantoa.campaigns import services as campaigns
from lantoa.content.services import pack_install
from lantoa.core.packs import builtin_pack
from lantoa.learning import services as learning
from lantoa.learning.rollup import tallies_rollup
from lantoa.learning.selectors import unit_learning_summary
from tests.conftest import use_local_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tree):
    from lantoa.orgs.models import Role
    from lantoa.orgs.services import membership_grant

    pack = builtin_pack("nd13-quyen")
    row, _ = pack_install(pack=pack, builtin=True)
    membership_grant(actor=None, user=tree.alice, unit=tree.qn, role=Role.ADMIN)
    campaign = campaigns.campaign_create(
        actor=tree.alice, title="Tuyên truyền 11 quyền", pack=row, issuer=tree.qn
    )
    campaigns.campaign_assign(
        actor=tree.alice, campaign=campaign, units=[tree.cp], deadline=dt.date(2030, 1, 1)
    )
    return campaign, pack


def test_answers_on_a_key_points_pack_feed_per_point_statistics_and_reports(tree, client, campaign):
    campaign, pack = campaign
    learner, _ = learning.learner_join(pack_id=pack.id, kind="official", unit=tree.cp_md)
    attempt = learning.quiz_start(learner=learner, pack=pack)
    from lantoa.core.learn import question_get

    wrong_point = None
    for qid in attempt.question_ids:
        q = question_get(pack, qid)
        # Every question on one point answered wrong, the rest right.
        wrong_point = wrong_point or q.point
        choice = (q.answer + 1) % len(q.choices) if q.point == wrong_point else q.answer
        learning.quiz_answer(
            attempt=attempt, pack=pack, question_id=qid, choice=choice, client_id=uuid.uuid4()
        )
    tallies_rollup()  # the figures are folded by the rollup (the worker's periodic job)
    summary = unit_learning_summary(unit=tree.cp, pack_id=pack.id)
    assert summary.learners == 1
    worst = summary.points[0]
    assert worst.point == wrong_point
    assert worst.title == pack.point(wrong_point).title.vi
    assert len(summary.points) == 11

    client.force_login(tree.alice)
    page = client.get(reverse("campaign_unit", args=[campaign.pk, "CP"])).content.decode()
    assert pack.point(wrong_point).title.vi in page
    assert "/hoc/CP?goi=nd13-quyen" in page  # the study link of the campaign's pack
    word = client.get(reverse("report_export", args=[campaign.pk, "CP", "docx"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Tuyên truyền 11 quyền" in text
    excel = client.get(reverse("report_export", args=[campaign.pk, "CP", "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(excel.content))
    cells = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    assert "Tuyên truyền 11 quyền" in cells


def test_a_publication_is_verified_against_the_campaigns_key_points_pack(tree, campaign):
    campaign, pack = campaign
    assignment = campaign.assignments.get(unit=tree.cp)
    text = "\n".join(f"{p.number}. {p.title.vi}: {p.body.vi}" for p in pack.points[:9])
    report = campaigns.report_submit(
        actor=tree.alice,
        assignment=assignment,
        staff_count=10,
        staff_reached=8,
        publications=[{"channel": "portal", "url": "https://cp.example.vn/a", "text": text}],
    )
    verify = report.publications[0]["verify"]
    assert verify["found"] == 9
    assert verify["count"] == 11
    assert sorted(verify["missing"]) == [10, 11]


def test_the_kit_page_renders_the_kit_of_another_national_pack_on_request(settings, tmp_path):
    from django.test import Client

    from lantoa.kits.models import KitBuild
    from lantoa.worker.run import tasks_run_pending

    use_local_storage(settings, tmp_path)
    pack_install(pack=builtin_pack("nd13-quyen"), builtin=True)
    pack_install(pack=builtin_pack("cds17"), builtin=True)
    Client().get(reverse("kit") + "?goi=nd13-quyen")
    Client().get(reverse("kit") + "?goi=khong-co")  # unknown: the default pack's kit
    assert sorted(KitBuild.objects.values_list("pack_id", flat=True)) == ["cds17", "nd13-quyen"]
    tasks_run_pending()
    build = KitBuild.objects.get(pack_id="nd13-quyen")
    build.refresh_from_db()
    assert build.status == "done"
    page = Client().get(reverse("kit") + "?goi=nd13-quyen").content.decode()
    assert "nd13-quyen" in page
    assert "slides/nd13-quyen-slides.pptx" in page


def test_the_check_page_verifies_against_another_national_pack_on_request(client):
    pack = builtin_pack("nd13-quyen")
    pack_install(pack=pack, builtin=True)
    pack_install(pack=builtin_pack("cds17"), builtin=True)
    text = "\n".join(f"{p.number}. {p.title.vi}: {p.body.vi}" for p in pack.points[:10])
    response = client.post(reverse("verify") + "?goi=nd13-quyen", {"text": text})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.count == 11
    assert result.found == 10
    assert "Quyền tự bảo vệ" in response.content.decode()
