"""A campaign's study link names its pack (``/hoc/<unit>?goi=<pack id>``): the learner joins
and studies that pack — its cards, its quiz, its certificate — when the unit may use it
(national packs, and the packs of the unit and the units above it); otherwise the default
pack. The study shell stays the same bytes for every unit and pack."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.test import Client

from lantoa.content.services import pack_install
from lantoa.core.packs import builtin_pack
from lantoa.learning import quiz, shell
from lantoa.learning.models import Certificate, Learner, QuizAttempt
from tests.packkinds import key_points_pack, qa_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def packs(tree):
    pack_install(pack=builtin_pack("cds17"), builtin=True)
    pack_install(pack=builtin_pack("nd13-quyen"), builtin=True)
    pack_install(pack=key_points_pack(), owner_unit=tree.hl)  # Hạ Long's own pack
    pack_install(pack=qa_pack(), owner_unit=tree.qn)  # the province's: Cẩm Phả may use it


def join(path, client=None, kind="citizen"):
    client = client or Client()
    response = client.post(path, {"kind": kind})
    assert response.status_code == 302
    return client, Learner.objects.order_by("-pk").first()


def study_data(client):
    page = client.get("/hoc/the/").content.decode()
    return json.loads(page.split('id="learn-data" type="application/json">', 1)[1].split("<", 1)[0])


def test_the_unit_lookup_lists_the_packs_the_unit_may_study_with_their_cards(client, packs):
    data = client.get("/hoc/don-vi/CP.json").json()
    assert data["default"] == "cds17"
    assert sorted(data["packs"]) == ["cds17", "nd13-quyen", "vneid-hoi-dap"]  # not Hạ Long's
    nd13 = data["packs"]["nd13-quyen"]
    assert nd13["title"] == builtin_pack("nd13-quyen").title.vi
    cards = client.get(nd13["cards"])
    assert cards["Cache-Control"] == "public, max-age=31536000, immutable"
    assert cards.json()["pack"] == "nd13-quyen"
    assert len(cards.json()["cards"]) == 11
    assert "lua-dao" in client.get("/hoc/don-vi/HL-HG.json").json()["packs"]
    english = client.get("/en/hoc/don-vi/CP.json").json()["packs"]["cds17"]
    assert ".en." in english["cards"]
    # The shell is the same file whatever the pack asked for (but for the unit's Open Graph
    # block, which names the unit: lantoa.learning.og).
    tagged = re.compile(rb"<!--og-->.*?<!--/og-->", re.S)
    same = {
        tagged.sub(b"<!--og-->", client.get(u).content)
        for u in ("/hoc/CP", "/hoc/CP?goi=nd13-quyen", "/hoc/HL?goi=x")
    }
    assert len(same) == 1


def test_joining_by_a_campaigns_link_studies_that_pack(packs):
    client, learner = join("/hoc/CP?goi=nd13-quyen")
    assert learner.pack_id == "nd13-quyen"
    data = study_data(client)
    assert "/cards.nd13-quyen-" in data["cards_url"]
    assert len(data["order"]) == 11
    # Rating a card without JavaScript: a point of that pack.
    page = client.get("/hoc/the/").content.decode()
    assert builtin_pack("nd13-quyen").point(data["order"][0]).title.vi in page


def test_a_pack_the_unit_may_not_use_falls_back_to_the_default(packs):
    _, learner = join("/hoc/CP?goi=lua-dao")  # Hạ Long's pack, asked from Cẩm Phả
    assert learner.pack_id == "cds17"
    _, learner = join("/hoc/CP?goi=khong-co")
    assert learner.pack_id == "cds17"
    _, learner = join("/hoc/HL-HG?goi=lua-dao")
    assert learner.pack_id == "lua-dao"
    _, learner = join("/hoc/?goi=vneid-hoi-dap")  # no unit: national packs only
    assert learner.pack_id == "cds17"
    _, learner = join("/hoc/?goi=nd13-quyen")
    assert learner.pack_id == "nd13-quyen"


def test_a_learner_who_follows_a_link_to_another_pack_joins_it(packs):
    client, first = join("/hoc/CP")
    assert first.pack_id == "cds17"
    client, second = join("/hoc/CP?goi=nd13-quyen", client=client)
    assert second.pk != first.pk
    assert second.pack_id == "nd13-quyen"
    assert "/cards.nd13-quyen-" in study_data(client)["cards_url"]
    client, same = join("/hoc/CP?goi=nd13-quyen", client=client)  # the same pack again
    assert same.pk == second.pk


def test_another_process_serves_the_cards_file_of_any_installed_pack(client, packs):
    _, _learner = join("/hoc/HL-HG?goi=lua-dao", client=client)
    url = study_data(client)["cards_url"]
    shell._built = None  # a fresh process: nothing built yet
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["pack"] == "lua-dao"


@pytest.mark.parametrize(
    ("path", "pack_id"),
    [("/hoc/CP?goi=nd13-quyen", "nd13-quyen"), ("/hoc/CP?goi=vneid-hoi-dap", "vneid-hoi-dap")],
)
def test_the_quiz_and_certificate_of_a_key_points_or_qa_pack(packs, path, pack_id):
    from lantoa.content.selectors import pack_get

    client, learner = join(path)
    assert client.post("/hoc/kiem-tra/").status_code == 302
    attempt = QuizAttempt.objects.get(learner=learner)
    assert attempt.pack_id == pack_id
    pack = pack_get(pack_id)
    page = client.get(f"/hoc/kiem-tra/{attempt.pk}/").content.decode()
    for qid in attempt.question_ids:
        assert qid not in page  # opaque references only
        client.post(
            f"/hoc/kiem-tra/{attempt.pk}/",
            {
                "question": quiz.question_ref(attempt, qid),
                "option": quiz.right_option(attempt, pack, qid),
                "client_id": str(uuid.uuid4()),
            },
        )
    attempt.refresh_from_db()
    assert attempt.finished_at
    assert attempt.passed
    assert attempt.score == len(attempt.question_ids)
    client.post(f"/hoc/kiem-tra/{attempt.pk}/ket-qua/", {"name": "Nguyễn Thị Hoa"})
    certificate = Certificate.objects.get(learner=learner)
    assert certificate.pack_title == pack.title.vi
    pdf = client.get(f"/hoc/chung-nhan/{certificate.code}.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def reordered(old, version):
    """``old`` as a new version listing the same points in reverse order."""
    from lantoa.core.packs import pack_from_data, pack_to_data

    data = pack_to_data(old)
    data["version"] = version
    for point in data["points"]:
        point["number"] = old.count + 1 - point["number"]
    data["points"].sort(key=lambda p: p["number"])
    return pack_from_data(data)


def test_progress_follows_each_point_into_a_reordered_version(packs):
    from lantoa.learning.models import CardState

    old = builtin_pack("nd13-quyen")
    client, learner = join("/hoc/CP?goi=nd13-quyen")
    first, second = old.point(1), old.point(2)
    for number, rating in ((1, 4), (2, 1)):  # point 1 "Easy" (learned), point 2 "Again"
        response = client.post(
            "/hoc/the/danh-gia/",
            {"point": number, "rating": rating, "client_id": str(uuid.uuid4())},
        )
        assert response.status_code == 302
    assert CardState.objects.get(learner=learner, point=1).point_key == first.id
    # Version 1.1.0 lists the same points in reverse order: point 1 is now number 11.
    new = reordered(old, "1.1.0")
    pack_install(pack=new, builtin=True)
    assert new.point_by_id(first.id).number == 11

    study = study_data(client)
    assert "/cards.nd13-quyen-1.1.0." in study["cards_url"]
    assert study["learned"] == [11]  # the learned point, under its new number
    assert study["order"][:9] == list(range(1, 10))  # never seen: the nine others first
    assert sorted(study["order"][9:]) == [10, 11]  # then the two cards already rated
    cards = {c.point_key: c for c in CardState.objects.filter(learner=learner)}
    assert cards[first.id].point == 11
    assert cards[first.id].learned
    assert cards[second.id].point == 10
    assert not cards[second.id].learned
    # A rating of the new number 11 goes on to the same card.
    client.post("/hoc/the/danh-gia/", {"point": 11, "rating": 3, "client_id": str(uuid.uuid4())})
    assert CardState.objects.get(learner=learner, point_key=first.id).reps == 2
    assert CardState.objects.filter(learner=learner).count() == 2


def test_the_migration_gives_existing_cards_their_points_ids(packs):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from lantoa.learning.models import CardState

    migration = importlib.import_module(
        "lantoa.learning.migrations.0003_stable_point_ids_and_attempt_versions"
    )
    _, learner = join("/hoc/CP?goi=nd13-quyen")
    CardState.objects.create(learner=learner, point=3, due=timezone.now())
    migration.fill_point_keys(apps, None)
    assert CardState.objects.get().point_key == builtin_pack("nd13-quyen").point(3).id


def test_a_quiz_is_graded_against_the_version_it_was_drawn_from(packs):
    old = builtin_pack("nd13-quyen")
    client, learner = join("/hoc/CP?goi=nd13-quyen")
    client.post("/hoc/kiem-tra/")
    attempt = QuizAttempt.objects.get(learner=learner)
    assert attempt.pack_version == "1.0.0"
    pack_install(pack=reordered(old, "1.1.0"), builtin=True)  # published mid-attempt
    first, *rest = attempt.question_ids
    client.post(
        f"/hoc/kiem-tra/{attempt.pk}/",
        {
            "question": quiz.question_ref(attempt, first),
            "option": quiz.right_option(attempt, old, first),
            "client_id": str(uuid.uuid4()),
        },
    )
    events = [
        {
            "type": "answer",
            "id": str(uuid.uuid4()),
            "attempt": attempt.pk,
            "question": quiz.question_ref(attempt, qid),
            "option": quiz.right_option(attempt, old, qid),
        }
        for qid in rest
    ]
    response = client.post("/hoc/su-kien/", {"events": events}, content_type="application/json")
    assert response.status_code == 200
    assert all(r["correct"] for r in response.json()["results"])
    attempt.refresh_from_db()
    assert attempt.passed
    assert attempt.score == attempt.total
    # Each answer is about the point the learner was asked about, in the old numbering.
    from lantoa.core.learn import question_get
    from lantoa.learning.models import Answer

    answers = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "point"))
    assert answers == {qid: question_get(old, qid).point for qid in attempt.question_ids}
    explained = [r["explanation"] for r in response.json()["results"]]
    assert explained == [question_get(old, qid).explanation for qid in rest]


def test_per_point_figures_follow_each_point_into_a_reordered_version(tree, packs):
    from lantoa.core.learn import question_get
    from lantoa.learning import services
    from lantoa.learning.models import PointTally
    from lantoa.learning.rollup import tallies_rollup
    from lantoa.learning.selectors import unit_learning_summary

    old = builtin_pack("nd13-quyen")

    def answer_all(attempt, wrong_point, only=None):
        for qid in only or attempt.question_ids:
            q = question_get(old, qid)
            choice = (q.answer + 1) % len(q.choices) if q.point == wrong_point else q.answer
            services.quiz_answer(
                attempt=attempt, pack=old, question_id=qid, choice=choice, client_id=uuid.uuid4()
            )

    first, _ = services.learner_join(pack_id=old.id, kind="citizen", unit=tree.cp_md)
    attempt = services.quiz_start(learner=first, pack=old)
    # A second learner is half-way through an attempt on 1.0.0 when 1.1.0 is published.
    second, _ = services.learner_join(pack_id=old.id, kind="citizen", unit=tree.cp_md)
    late = services.quiz_start(learner=second, pack=old)
    points = {qid: question_get(old, qid).point for qid in attempt.question_ids}
    after = [
        qid
        for qid in late.question_ids
        if question_get(old, qid).point in points.values() and question_get(old, qid).point != 6
    ]  # 6, the middle point, keeps its number in the reversed version
    wrong = question_get(old, after[-1]).point  # answered wrong by both, after by the second
    before = [qid for qid in late.question_ids if qid != after[-1]][:5]
    answer_all(attempt, wrong)
    answer_all(late, wrong, only=before[:3])
    tallies_rollup()
    answer_all(late, wrong, only=before[3:])  # pending, not yet folded
    new = reordered(old, "1.1.0")
    pack_install(pack=new, builtin=True)
    answer_all(late, wrong, only=[q for q in late.question_ids if q not in before])
    tallies_rollup()

    point_id = old.point(wrong).id
    summary = unit_learning_summary(unit=tree.cp, pack_id=old.id)
    worst = summary.points[0]
    assert worst.point == new.point_by_id(point_id).number
    assert worst.title == old.point(wrong).title.vi
    assert worst.wrong == 2  # one wrong answer from each learner, whatever the version
    folded = sorted(PointTally.objects.values_list("unit_id", "point", "asked", "wrong"))
    services.tallies_rebuild()  # from the answers, each read in its attempt's version
    assert sorted(PointTally.objects.values_list("unit_id", "point", "asked", "wrong")) == folded
    services.learner_erase(learner=second)
    services.learner_erase(learner=first)
    tallies_rollup()
    assert set(PointTally.objects.values_list("asked", "wrong")) == {(0, 0)}
