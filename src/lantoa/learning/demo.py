"""Simulated learners for ``lantoa demo``: thousands of them over the demo campaigns' units.

About 60 % are officials of their unit, the rest community digital technology team members
and citizens. Each unit gets its own "ability" so pass rates differ from unit to unit, and
each point its own difficulty so a few points are clearly the least understood. Rows are
bulk-inserted and the tallies then rebuilt from them, so the figures match the rows. A fixed
seed makes every demo look the same.
"""

from __future__ import annotations

import random
import secrets
import time
import uuid

from django.db import transaction
from django.utils import timezone

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.learn import PASS_MARK, quiz_draw
from lantoa.learning.models import Answer, Certificate, Learner, LearnerKind, QuizAttempt
from lantoa.learning.services import CODE_ALPHABET, tallies_rebuild
from lantoa.orgs.models import Unit

# Points most people get wrong, by how much harder they are than the rest.
HARD_POINTS = {11: 0.42, 4: 0.36, 15: 0.31, 7: 0.24}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Linh", "Nam", "Phương", "Quân", "Tâm"]


def _code(rng: random.Random) -> str:
    part = lambda: "".join(rng.choice(CODE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"LT-{part()}-{part()}"


# The second demo campaign (the data subject's rights, pack nd13-quyen): its hard points.
SECOND_PACK = "nd13-quyen"
SECOND_HARD_POINTS = {7: 0.38, 8: 0.3, 11: 0.26}


@transaction.atomic
def demo_learners_create(
    *,
    count: int = 6000,
    seed: int = 7,
    pack_id: str | None = None,
    prefix: str = "demo",
    hard_points: dict[int, float] | None = None,
    legacy: bool = True,
) -> int:
    """Create ``count`` learners of pack ``pack_id`` (default: the site's) over the communes
    of the demo campaigns; returns how many. ``prefix`` (four letters) marks their rows."""
    try:
        pack = pack_get(pack_id)
    except PackNotInstalledError:
        return 0
    if Learner.objects.filter(token_hash__startswith=prefix).exists():
        return 0
    hard = HARD_POINTS if hard_points is None else hard_points
    units = list(Unit.objects.filter(path__startswith=_path("22"), kind="commune"))
    if legacy:
        units += list(
            Unit.objects.filter(path__startswith=_path("cu-22"), kind__in=["commune", "district"])
        )
    if not units:
        return 0
    rng = random.Random(seed)
    started = time.monotonic()
    ability = {u.pk: rng.uniform(0.45, 1.6) for u in units}
    # A pool of drawn quizzes (drawing one per attempt would be the slow part).
    quizzes = [(s, quiz_draw(pack, seed=s)) for s in range(40)]
    now = timezone.now()
    learners = []
    for i in range(count):
        unit = rng.choice(units)
        roll = rng.random()
        kind = (
            LearnerKind.OFFICIAL
            if roll < 0.6
            else LearnerKind.TEAM_MEMBER
            if roll < 0.75
            else LearnerKind.CITIZEN
        )
        named = rng.random() < 0.7
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" if named else ""
        learners.append(
            Learner(
                token_hash=f"{prefix}{i:06d}" + secrets.token_hex(26),
                display_name=name,
                kind=kind,
                unit=unit,
                pack_id=pack.id,
            )
        )
    Learner.objects.bulk_create(learners, batch_size=2000)
    learners = list(Learner.objects.filter(token_hash__startswith=prefix).select_related("unit"))

    attempts: list[QuizAttempt] = []
    plans: list[tuple[Learner, list[bool], int]] = []
    for learner in learners:
        if rng.random() > 0.72:
            continue  # studied the cards, never took the quiz
        skill = ability[learner.unit_id] * (1.25 if learner.kind == LearnerKind.OFFICIAL else 1)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            s, questions = rng.choice(quizzes)
            results = []
            for q in questions:
                wrong = (0.06 + hard.get(q.point, 0.0)) / skill
                results.append(rng.random() >= wrong)
            score = sum(results)
            attempts.append(
                QuizAttempt(
                    learner=learner,
                    pack_id=pack.id,
                    seed=s,
                    question_ids=[q.id for q in questions],
                    score=score,
                    total=len(questions),
                    passed=score >= PASS_MARK,
                    finished_at=now,
                )
            )
            plans.append((learner, results, s))
            if score >= PASS_MARK:
                break
    QuizAttempt.objects.bulk_create(attempts, batch_size=2000)
    by_seed = dict(quizzes)
    answers, certificates, passed_ids, codes = [], [], set(), set()
    for attempt, (learner, results, s) in zip(attempts, plans, strict=True):
        for q, correct in zip(by_seed[s], results, strict=True):
            choice = q.answer if correct else (q.answer + 1) % len(q.choices)
            answers.append(
                Answer(
                    client_id=_uuid(rng),
                    attempt=attempt,
                    question_id=q.id,
                    point=q.point,
                    choice=choice,
                    correct=correct,
                )
            )
        if attempt.passed:
            passed_ids.add(learner.pk)
            code = _code(rng)
            while code in codes:
                code = _code(rng)
            codes.add(code)
            certificates.append(
                Certificate(
                    code=code,
                    learner=learner,
                    attempt=attempt,
                    name=learner.display_name,
                    unit_name=learner.unit.name if learner.unit else "",
                    pack_title=pack.title.vi,
                    score=attempt.score,
                    total=attempt.total,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    Learner.objects.filter(pk__in=passed_ids).update(passed_at=now)
    tallies_rebuild()
    print(
        f"demo learners: {len(learners)} learners, {len(attempts)} attempts, "
        f"{len(answers)} answers in {time.monotonic() - started:.1f}s"
    )
    return len(learners)


def _path(code: str) -> str:
    unit = Unit.objects.filter(code=code).only("path").first()
    return unit.path if unit else "/nothing/"


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)
