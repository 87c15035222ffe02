"""Learning in the site: tallies, idempotency, erasure, pages, limits, certificates."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.core.learn import question_get
from lantoa.learning import services
from lantoa.learning.models import Answer, CardState, Learner, PointTally, Rating, UnitTally
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
    before = unit_learning_summary(unit=tree.cp, pack_id="cds17")
    leaves, _ = services.learner_join(pack_id="cds17", kind="official", unit=tree.cp)
    attempt = services.quiz_start(learner=leaves, pack=pack)
    answer_all(attempt, pack, wrong_points=[question_get(pack, attempt.question_ids[0]).point])
    services.card_rate(learner=leaves, point=1, rating=1, client_id=uuid.uuid4())
    services.learner_erase(learner=leaves)
    after = unit_learning_summary(unit=tree.cp, pack_id="cds17")
    assert after == before
    assert not Learner.objects.filter(pk=leaves.pk).exists()
    assert not Rating.objects.filter(learner_id=leaves.pk).exists()
    tally = UnitTally.objects.get(unit=tree.cp)
    assert (tally.learners, tally.officials, tally.passed) == (1, 1, 1)
