"""Learning in the site: tallies, idempotency, erasure, pages, limits, certificates."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.core.learn import question_get
from lantoa.learning import quiz, services
from lantoa.learning.models import (
    Answer,
    CardState,
    Learner,
    PointTally,
    QuizAttempt,
    Rating,
    UnitTally,
)
from lantoa.learning.rollup import tallies_rollup
from lantoa.learning.selectors import unit_learning_summary

pytestmark = pytest.mark.django_db


def answer_all(attempt, pack, *, wrong_points=()):
    """Answer every question, wrong on the given points, right otherwise."""
    for qid in attempt.question_ids:
        q = question_get(pack, qid)
        choice = q.answer if q.point not in wrong_points else (q.answer + 1) % len(q.choices)
        services.quiz_answer(
            attempt=attempt, pack=pack, question_id=qid, choice=choice, client_id=uuid.uuid4()
        )
    attempt.refresh_from_db()
    return attempt


def test_the_same_rating_sent_twice_is_recorded_once(tree, installed_pack):
    learner, _ = services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp)
    cid = uuid.uuid4()
    first = services.card_rate(learner=learner, point=3, rating=3, client_id=cid)
    again = services.card_rate(learner=learner, point=3, rating=3, client_id=cid)
    assert first.created
    assert not again.created
    assert Rating.objects.count() == 1
    assert CardState.objects.get(learner=learner, point=3).reps == 1


def test_the_same_answer_sent_twice_counts_once_in_the_tallies(tree, installed_pack, pack):
    learner, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp)
    attempt = services.quiz_start(learner=learner, pack=pack)
    qid = attempt.question_ids[0]
    q = question_get(pack, qid)
    cid = uuid.uuid4()
    for _ in range(2):
        services.quiz_answer(
            attempt=attempt, pack=pack, question_id=qid, choice=q.answer, client_id=cid
        )
    assert Answer.objects.count() == 1
    tallies_rollup()
    assert PointTally.objects.get(unit=tree.cp, point=q.point).asked == 1


def test_summary_matches_a_hand_computed_example(tree, installed_pack, pack):
    """CP-MD: two officials (one passes, one fails on three points) and a citizen who never
    takes the quiz; HL: one team member who passes. CP's subtree: 3 learners, 2 officials,
    1 passed (an official) — HL's learner is outside and must not count."""
    a, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp_md)
    b, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp_md)
    services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp_md)
    h, _ = services.learner_join(pack_id="cds17", kind="team_member", unit=tree.hl)
    passed = answer_all(services.quiz_start(learner=a, pack=pack), pack)
    assert passed.score == 10
    assert passed.passed
    failed_attempt = services.quiz_start(learner=b, pack=pack)
    wrong = [question_get(pack, q).point for q in failed_attempt.question_ids[:3]]
    failed = answer_all(failed_attempt, pack, wrong_points=wrong)
    assert failed.score == 7
    assert not failed.passed
    answer_all(services.quiz_start(learner=h, pack=pack), pack)
    tallies_rollup()

    cp = unit_learning_summary(unit=tree.cp, pack_id="cds17")
    assert (cp.learners, cp.officials, cp.citizens, cp.team_members) == (3, 2, 1, 0)
    assert (cp.passed, cp.passed_officials) == (1, 1)
    assert cp.pass_percent == 33
    # The three points b missed: asked twice each at most (a may have had them), wrong once.
    worst = cp.points[:3]
    assert {p.point for p in worst} == set(wrong)
    for p in worst:
        assert p.wrong == 1
        assert p.asked in (1, 2)
    assert sum(p.asked for p in cp.points) == 20
    assert sum(p.wrong for p in cp.points) == 3
    assert len(cp.points) == 17
    assert all(p.title for p in cp.points)

    qn = unit_learning_summary(unit=tree.qn, pack_id="cds17")
    assert (qn.learners, qn.passed, qn.team_members) == (4, 2, 1)
    assert sum(p.asked for p in qn.points) == 30
    hl = unit_learning_summary(unit=tree.hl, pack_id="cds17")
    assert (hl.learners, hl.passed, hl.officials) == (1, 1, 0)


def test_summary_reads_only_tallies_in_three_queries(tree, installed_pack):
    services.learner_join(pack_id="cds17", kind="official", unit=tree.cp_md)
    tallies_rollup()
    unit_learning_summary(unit=tree.cp, pack_id="cds17")  # the parsed pack is cached
    with CaptureQueriesContext(connection) as ctx:
        unit_learning_summary(unit=tree.qn, pack_id="cds17")
    assert len(ctx.captured_queries) <= 3
    sql = " ".join(q["sql"] for q in ctx.captured_queries).lower()
    assert "learning_learner" not in sql
    assert "learning_answer" not in sql


def test_erasing_a_learner_takes_them_out_of_every_tally(tree, installed_pack, pack):
    stays, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp)
    answer_all(services.quiz_start(learner=stays, pack=pack), pack)
    tallies_rollup()
    before = unit_learning_summary(unit=tree.cp, pack_id="cds17")
    leaves, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp)
    attempt = services.quiz_start(learner=leaves, pack=pack)
    answer_all(attempt, pack, wrong_points=[question_get(pack, attempt.question_ids[0]).point])
    services.card_rate(learner=leaves, point=1, rating=1, client_id=uuid.uuid4())
    services.learner_erase(learner=leaves)
    tallies_rollup()
    after = unit_learning_summary(unit=tree.cp, pack_id="cds17")
    assert after == before
    assert not Learner.objects.filter(pk=leaves.pk).exists()
    assert not Rating.objects.filter(learner_id=leaves.pk).exists()
    tally = UnitTally.objects.get(unit=tree.cp)
    assert (tally.learners, tally.officials, tally.passed) == (1, 1, 1)


# --- pages ----------------------------------------------------------------------------------

COOKIE = "lantoa_learner"


def join(client, path="/hoc/", **data):
    response = client.post(path, {"kind": "citizen", **data})
    assert response.status_code == 302, response.content[:500]
    return Learner.objects.order_by("-pk").first()


def test_an_unknown_unit_code_is_a_clear_404_page(client, installed_pack):
    response = client.get("/hoc/KHONG-CO")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không có đơn vị nào có mã" in body
    assert "KHONG-CO" in body


def test_joining_sets_an_httponly_lax_cookie_and_counts_the_unit(client, tree, installed_pack):
    learner = join(client, "/hoc/CP", kind="official", display_name="  Nguyễn Văn A ")
    cookie = client.cookies[COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert learner.display_name == "Nguyễn Văn A"
    assert learner.unit == tree.cp
    assert learner.token_hash != cookie.value
    tallies_rollup()
    assert UnitTally.objects.get(unit=tree.cp).officials == 1
    assert client.get("/hoc/the/").status_code == 200


def test_the_event_endpoint_records_a_resent_queue_once(client, tree, installed_pack):
    join(client, "/hoc/CP")
    rating = {"type": "rating", "id": str(uuid.uuid4()), "point": 2, "rating": 3}
    other = {"type": "rating", "id": str(uuid.uuid4()), "point": 1, "rating": 3}
    first = client.post(
        "/hoc/su-kien/", {"events": [rating, other]}, content_type="application/json"
    )
    again = client.post("/hoc/su-kien/", {"events": [rating]}, content_type="application/json")
    assert first.status_code == again.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["ok", "ok"]
    assert again.json()["results"][0]["status"] == "duplicate"
    assert Rating.objects.count() == 2


def test_rating_and_answering_work_without_javascript(client, tree, installed_pack, pack):
    learner = join(client, "/hoc/CP")
    page = client.get("/hoc/the/?lat=1").content.decode()
    assert 'name="rating" value="4"' in page
    client.post("/hoc/the/danh-gia/", {"point": 1, "rating": 4, "client_id": str(uuid.uuid4())})
    assert CardState.objects.get(learner=learner, point=1).learned
    response = client.post("/hoc/kiem-tra/")
    attempt = learner.attempts.get()
    assert response["Location"].endswith(f"/hoc/kiem-tra/{attempt.pk}/")
    for qid in attempt.question_ids:
        client.post(
            f"/hoc/kiem-tra/{attempt.pk}/",
            {
                "question": quiz.question_ref(attempt, qid),
                "option": quiz.right_option(attempt, pack, qid),
                "client_id": str(uuid.uuid4()),
            },
        )
    attempt.refresh_from_db()
    assert attempt.passed
    assert attempt.score == 10
    client.post(f"/hoc/kiem-tra/{attempt.pk}/ket-qua/", {"name": "Trần Thị B"})
    cert = attempt.certificate
    assert cert.name == "Trần Thị B"
    assert cert.code.startswith("LT-")
    assert len(cert.code) == 12


def test_the_verification_page_shows_only_what_the_certificate_prints(
    client, tree, installed_pack, pack
):
    learner, _ = services.learner_join(
        pack_id="cds17", kind="official", unit=tree.cp_md, display_name="Lê Văn C"
    )
    attempt = answer_all(services.quiz_start(learner=learner, pack=pack), pack)
    cert = services.certificate_issue(attempt=attempt, name="Lê Văn C", pack_title="17 điểm")
    body = client.get(f"/chung-nhan/{cert.code}").content.decode()
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "Lê Văn C" in main
    assert "Phường Mông Dương" in main
    assert "10/10" in main
    for secret in ("official", "Cán bộ", learner.token_hash, str(attempt.pk) + "/"):
        assert secret not in main
    missing = client.get("/chung-nhan/LT-AAAA-AAAA")
    assert missing.status_code == 404
    assert "Không có chứng nhận hợp lệ" in missing.content.decode()


def test_erasing_through_the_page_deletes_the_learner_and_the_cookie(client, tree, installed_pack):
    learner = join(client, "/hoc/CP", kind="official")
    response = client.post("/hoc/du-lieu/")
    assert response.status_code == 302
    assert not Learner.objects.filter(pk=learner.pk).exists()
    assert client.cookies[COOKIE].value == ""
    tallies_rollup()
    tally = UnitTally.objects.get(unit=tree.cp)
    assert (tally.learners, tally.officials) == (0, 0)


def test_public_posts_are_rate_limited_per_client_and_per_unit(
    client, tree, installed_pack, settings, time_machine
):
    from django.core.cache import cache

    time_machine.move_to("2030-01-01 08:00:10+00:00", tick=False)  # one window of counts
    cache.clear()
    settings.LANTOA_LEARN_RATE_PER_CLIENT = 3
    join(client, "/hoc/CP")
    event = {"events": [{"type": "rating", "id": str(uuid.uuid4()), "point": 1, "rating": 3}]}
    codes = [
        client.post("/hoc/su-kien/", event, content_type="application/json").status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    limited = client.post("/hoc/su-kien/", event, content_type="application/json")
    assert "Quá nhiều yêu cầu" in limited.json()["message"]

    cache.clear()
    settings.LANTOA_LEARN_RATE_PER_CLIENT = 100
    settings.LANTOA_LEARN_RATE_PER_UNIT = 2
    statuses = [
        client.__class__().post("/hoc/HL", {"kind": "citizen"}).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    page = client.__class__().post("/hoc/HL", {"kind": "citizen"})
    assert "Quá nhiều yêu cầu" in page.content.decode()
    cache.clear()


def test_tallies_kept_on_the_way_equal_tallies_rebuilt_from_the_rows(tree, installed_pack, pack):
    for i, (kind, unit) in enumerate(
        [("official", tree.cp), ("citizen", tree.cp), ("team_member", tree.hl_hg)]
    ):
        learner, _ = services.learner_join(pack_id="cds17", kind=kind, unit=unit)
        attempt = services.quiz_start(learner=learner, pack=pack)
        points = [question_get(pack, q).point for q in attempt.question_ids[: i + 1]]
        answer_all(attempt, pack, wrong_points=points)
    services.learner_join(pack_id="cds17", kind="citizen")  # no unit: in no tally
    tallies_rollup()

    def snapshot():
        units = sorted(UnitTally.objects.values_list("unit_id", "learners", "passed", "citizens"))
        points = sorted(
            PointTally.objects.filter(asked__gt=0).values_list("unit_id", "point", "asked", "wrong")
        )
        return units, points

    kept = snapshot()
    services.tallies_rebuild()
    assert snapshot() == kept


def test_demo_learners_spread_over_the_demo_units_with_consistent_tallies(installed_pack):
    from lantoa.learning.demo import demo_learners_create
    from lantoa.orgs.services import unit_create

    province = unit_create(
        actor=None, code="22", name="Tỉnh Quảng Ninh", kind="province", parent=None
    )
    for n in range(3):
        unit_create(actor=None, code=f"22-{n}", name=f"Xã {n}", kind="commune", parent=province)
    assert demo_learners_create(count=300) == 300
    summary = unit_learning_summary(unit=province, pack_id="cds17")
    assert summary.learners == 300
    assert 120 < summary.officials < 240
    assert 0 < summary.passed < 300
    assert summary.points[0].error_rate > summary.points[-5].error_rate
    assert demo_learners_create(count=300) == 0  # once


def test_the_campaign_page_shows_only_the_units_own_subtree_and_prefills_staff_reached(
    tree, installed_pack, pack, django_user_model
):
    import datetime as dt

    from django.test import Client

    from lantoa.campaigns import services as campaigns
    from lantoa.orgs.models import Role
    from lantoa.orgs.services import membership_grant

    olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=olivia, unit=tree.qn, role=Role.ADMIN)
    campaign = campaigns.campaign_create(
        actor=olivia, title="T", pack=installed_pack, issuer=tree.qn
    )
    campaigns.campaign_assign(
        actor=olivia, campaign=campaign, units=[tree.cp, tree.hl], deadline=dt.date(2030, 1, 1)
    )
    for _ in range(3):
        services.learner_join(pack_id="cds17", kind="official", unit=tree.cp_md)
    services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp)
    for _ in range(5):
        services.learner_join(pack_id="cds17", kind="official", unit=tree.hl_hg)
    services.learner_join(pack_id="cds17", kind="official", unit=tree.cp_md, user=tree.alice)
    tallies_rollup()

    alice = Client()
    alice.force_login(tree.alice)
    page = alice.get(f"/chien-dich/{campaign.pk}/don-vi/CP/").content.decode()
    block = page.split('id="learning-title"', 1)[1].split("</section>", 1)[0]
    values = [v.split("</span>", 1)[0] for v in block.split('class="kpi-value">')[1:]]
    # learners, verified officials, self-declared officials: HL's 5 stay out
    assert values[:3] == ["5", "1", "3"]
    assert "(tự khai)" in block
    form = alice.get(f"/chien-dich/{campaign.pk}/don-vi/CP/bao-cao/").content.decode()
    assert 'name="staff_reached" value="1"' in form  # only the verified official
    charlie = Client()
    charlie.force_login(tree.charlie)
    assert charlie.get(f"/chien-dich/{campaign.pk}/don-vi/CP/").status_code == 404
    # The province's table of sub-units shows each branch's learners and passes.
    passer = services.learner_join(pack_id="cds17", kind="official", unit=tree.hl_hg)[0]
    answer_all(services.quiz_start(learner=passer, pack=pack), pack)
    tallies_rollup()
    olivia_client = Client()
    olivia_client.force_login(olivia)
    page = olivia_client.get(f"/chien-dich/{campaign.pk}/don-vi/QN/").content.decode()
    table = page.split('class="progress-table"', 1)[1].split("</table>", 1)[0]
    rows = {r.split("</a>", 1)[0].rsplit(">", 1)[-1]: r for r in table.split("<tr")[2:]}
    assert '17%</span> <span class="muted small of-total">1/6</span>' in rows["Thành phố Hạ Long"]
    assert '0%</span> <span class="muted small of-total">0/5</span>' in rows["Thành phố Cẩm Phả"]


def test_a_rating_of_a_point_the_pack_does_not_have_is_refused(client, tree, installed_pack):
    join(client, "/hoc/CP")
    event = {"type": "rating", "id": str(uuid.uuid4()), "point": 18, "rating": 3}
    response = client.post("/hoc/su-kien/", {"events": [event]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_rating"
    assert not Rating.objects.exists()


def test_only_the_holder_downloads_the_certificate_pdf(client, tree, installed_pack, pack):
    learner, _ = services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp)
    attempt = answer_all(services.quiz_start(learner=learner, pack=pack), pack)
    cert = services.certificate_issue(attempt=attempt, name="X", pack_title="T")
    join(client, "/hoc/CP")  # another learner
    assert client.get(f"/hoc/chung-nhan/{cert.code}.pdf").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_close_the_attempt_exactly_once(tree, installed_pack, pack):
    """Ten answers at once from ten threads: the attempt closes, the pass counts once."""
    import threading

    from django.db import connection as default_connection

    if default_connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock matters on PostgreSQL")
    learner, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp)
    attempt = services.quiz_start(learner=learner, pack=pack)
    errors = []

    def answer(qid):
        from django.db import connection

        try:
            q = question_get(pack, qid)
            mine = QuizAttempt.objects.select_related("learner").get(pk=attempt.pk)
            services.quiz_answer(
                attempt=mine, pack=pack, question_id=qid, choice=q.answer, client_id=uuid.uuid4()
            )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(q,)) for q in attempt.question_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    attempt.refresh_from_db()
    assert attempt.finished_at is not None
    assert attempt.passed
    tallies_rollup()
    assert UnitTally.objects.get(unit=tree.cp).passed == 1


def test_a_units_tallies_cover_its_subtree_and_move_with_it_on_a_merge(tree, installed_pack, pack):
    """Each event counts for the unit and every ancestor; merging a commune into another
    district carries its figures from the old district to the new one (2025 reorganisation)."""
    from lantoa.orgs.services import unit_merge

    def summary(unit):
        tallies_rollup()
        unit.refresh_from_db()
        s = unit_learning_summary(unit=unit, pack_id="cds17")
        return s.learners, s.passed, sum(p.asked for p in s.points), sum(p.wrong for p in s.points)

    a, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp_md)
    answer_all(services.quiz_start(learner=a, pack=pack), pack)  # passes, 10 right
    b, _ = services.learner_join(pack_id="cds17", kind="citizen", unit=tree.hl_hg)
    first = services.quiz_start(learner=b, pack=pack)
    answer_all(first, pack, wrong_points=[question_get(pack, q).point for q in first.question_ids])
    assert summary(tree.cp_md) == summary(tree.cp) == (1, 1, 10, 0)
    assert summary(tree.hl) == (1, 0, 10, 10)
    assert summary(tree.qn) == summary(tree.vn) == (2, 1, 20, 10)

    unit_merge(actor=None, absorbed=tree.cp_md, into=tree.hl_hg)
    assert summary(tree.cp) == (0, 0, 0, 0)
    assert summary(tree.hl_hg) == summary(tree.hl) == (2, 1, 20, 10)
    assert summary(tree.cp_md) == (1, 1, 10, 0)
    assert summary(tree.vn) == (2, 1, 20, 10)  # the province and above did not change

    def snapshot():
        return (
            sorted(UnitTally.objects.filter(learners__gt=0).values_list("unit_id", "learners")),
            sorted(PointTally.objects.filter(asked__gt=0).values_list("unit_id", "point", "asked")),
        )

    tallies_rollup()
    kept = snapshot()
    services.tallies_rebuild()
    assert snapshot() == kept


def test_a_client_id_reused_for_another_question_reveals_nothing(client, tree, installed_pack):
    """Answering with an id already used must not hand back another question's answer."""
    learner = join(client, "/hoc/CP")
    client.post("/hoc/kiem-tra/")
    attempt = learner.attempts.get()
    first, second = attempt.question_ids[:2]
    used = str(uuid.uuid4())

    def send(qid, event_id):
        event = {"type": "answer", "id": event_id, "attempt": attempt.pk,
                 "question": quiz.question_ref(attempt, qid),
                 "option": quiz.option_id(attempt, qid, 0)}  # fmt: skip
        response = client.post(
            "/hoc/su-kien/", {"events": [event]}, content_type="application/json"
        )
        body = response.json()
        return body["results"][0] if response.status_code == 200 else body

    assert send(first, used)["status"] == "ok"
    probe = send(second, used)
    assert probe["error"] == "reused_id"
    assert "answer" not in probe
    assert "correct" not in probe
    assert Answer.objects.filter(attempt=attempt).count() == 1
    assert send(first, used)["status"] == "duplicate"  # a true resend still answers


@pytest.mark.parametrize(
    "body",
    [{"events": ["x"]}, {"events": "abc"}, {"events": [{"type": "answer", "id": str(uuid.uuid4()),
     "attempt": 10**30, "question": "side-1-it", "choice": 0}]}, {"events": [None, 3]}],
)  # fmt: skip
def test_malformed_events_get_an_error_not_a_crash(client, tree, installed_pack, body):
    join(client, "/hoc/CP")
    response = client.post("/hoc/su-kien/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] in ("bad_event", "no_events", "bad_field", "unknown_type")


def test_erasing_leaves_no_name_in_the_audit_and_clears_the_devices_copies(
    client, tree, installed_pack
):
    from lantoa.audit.models import AuditEvent

    join(client, "/hoc/CP", display_name="Nguyễn Văn Xóa")
    response = client.post("/hoc/du-lieu/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not Learner.objects.exists()
    assert not any("Xóa" in str(row.object_repr) for row in AuditEvent.objects.all())
    sw = client.get("/hoc/sw.js").content.decode()
    assert "du-lieu|ket-qua" in sw  # pages with the name are never cached offline


def test_joining_again_on_the_same_device_keeps_one_learner(client, tree, installed_pack):
    join(client, "/hoc/CP", kind="official")
    response = client.post("/hoc/HL", {"kind": "official"})
    assert response.status_code == 302
    assert Learner.objects.count() == 1
    tallies_rollup()
    assert UnitTally.objects.get(unit=tree.qn).learners == 1


def test_a_rating_without_javascript_of_a_point_the_pack_lacks_is_refused(
    client, tree, installed_pack
):
    learner = join(client, "/hoc/CP")
    for point in (0, 18, 999, 10**9):
        response = client.post(
            "/hoc/the/danh-gia/", {"point": point, "rating": 3, "client_id": str(uuid.uuid4())}
        )
        assert response.status_code == 400
    assert not CardState.objects.filter(learner=learner).exists()


def test_behind_a_proxy_limits_count_the_forwarded_client_address(rf, settings):
    from lantoa.learning.limits import client_address

    request = rf.get("/hoc/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    settings.LANTOA_BEHIND_PROXY = False
    assert client_address(request) == "10.0.0.1"
    settings.LANTOA_BEHIND_PROXY = True
    assert client_address(request) == "5.6.7.8"  # the entry the site's own proxy appended


def test_a_unit_address_typed_with_a_slash_still_reaches_the_unit(client, tree, installed_pack):
    response = client.get("/hoc/CP/")
    assert response.status_code == 302
    assert response["Location"] == "/hoc/CP"
    assert client.get("/hoc/the")["Location"] == "/hoc/the/"


def test_a_synced_queue_keeps_each_events_result_in_place(client, tree, installed_pack, pack):
    """A queue is one transaction: a bad event refuses the whole batch (naming the event,
    storing nothing); a good batch's results keep the queue's order."""
    learner = join(client, "/hoc/CP")
    client.post("/hoc/kiem-tra/")
    attempt = learner.attempts.get()
    qid = attempt.question_ids[0]
    queue = [
        {"type": "answer", "id": str(uuid.uuid4()), "attempt": attempt.pk,
         "question": quiz.question_ref(attempt, qid),
         "option": quiz.right_option(attempt, pack, qid)},
        {"type": "rating", "id": str(uuid.uuid4()), "point": 1, "rating": 3},
        {"type": "rating", "id": str(uuid.uuid4()), "point": 99, "rating": 3},
        {"type": "rating", "id": str(uuid.uuid4()), "point": 2, "rating": 1},
    ]  # fmt: skip
    refused = client.post("/hoc/su-kien/", {"events": queue}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["index"] == 2
    assert not Rating.objects.exists()
    assert not Answer.objects.exists()
    del queue[2]
    response = client.post("/hoc/su-kien/", {"events": queue}, content_type="application/json")
    results = response.json()["results"]
    assert [r["id"] for r in results] == [e["id"] for e in queue]
    assert [r["status"] for r in results] == ["ok", "ok", "ok"]
    assert results[0]["correct"] is True
    assert Rating.objects.filter(learner=learner).count() == 2
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_the_result_lists_the_points_answered_wrong_to_review(client, tree, installed_pack, pack):
    learner = join(client, "/hoc/CP")
    client.post("/hoc/kiem-tra/")
    attempt = learner.attempts.get()
    missed = sorted(question_get(pack, q).point for q in attempt.question_ids[:3])
    answer_all(attempt, pack, wrong_points=missed)
    page = client.get(f"/hoc/kiem-tra/{attempt.pk}/ket-qua/").content.decode()
    assert "Những điểm cần xem lại" in page
    listed = page.split('class="review-list"', 1)[1].split("</ul>", 1)[0]
    assert [int(n) for n in re.findall(r"#diem-(\d+)", listed)] == missed
    assert pack.point(missed[0]).title.vi in listed
