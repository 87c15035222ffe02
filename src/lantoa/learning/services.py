"""Write learning data: join, rate a card, answer a question, issue a certificate, erase.

Every write that changes a unit's figures inserts one pending change (``TallyDelta``) for the
learner's unit in the same transaction; the rollup (``lantoa.learning.rollup``) folds them
into the ``UnitTally`` / ``PointTally`` of the unit and each of its ancestors (a tally covers
its unit's whole subtree) off the request path. A unit
moved or merged elsewhere in the tree carries its subtree's figures with it
(``tallies_move``, called by the organisation services). Ratings and
answers carry the client's UUID: the unique constraint makes a resend a no-op that still
answers "recorded".

Ratings and answers are not audited row by row (millions of them, and they are the learner's
own); issuing a certificate and erasing a learner are.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lantoa.audit.services import audit_record
from lantoa.core.learn import PASS_MARK, QUIZ_SIZE, card_review, question_get, quiz_draw
from lantoa.core.packs import Pack
from lantoa.core.text import nfc, normalize_whitespace
from lantoa.learning import store
from lantoa.learning.models import (
    Answer,
    Certificate,
    Learner,
    LearnerKind,
    PointTally,
    QuizAttempt,
    UnitTally,
)
from lantoa.learning.rollup import delta_add, tallies_lock_for_move
from lantoa.learning.selectors import KIND_FIELD, TALLY_FIELDS, token_hash
from lantoa.learning.store import LearnerRef
from lantoa.learning.versions import cards_follow_rows, point_now
from lantoa.orgs.models import Unit, path_ids

# No 0/O, 1/I/L: a code is read off paper and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_POINTS = 200  # a pack's upper bound (callers check the point against their pack)


class LearningError(ValueError):
    """The request cannot be applied (unknown question, finished attempt …)."""


def _unit_tally_add_to(ids: list[int], pack_id: str, **deltas: int) -> None:
    UnitTally.objects.bulk_create(
        [UnitTally(unit_id=i, pack_id=pack_id) for i in ids], ignore_conflicts=True
    )
    UnitTally.objects.filter(unit_id__in=ids, pack_id=pack_id).update(
        **{name: F(name) + delta for name, delta in deltas.items()}
    )


def _point_tally_add_to(
    ids: list[int], pack_id: str, point: int, *, asked: int, wrong: int
) -> None:
    PointTally.objects.bulk_create(
        [PointTally(unit_id=i, pack_id=pack_id, point=point) for i in ids], ignore_conflicts=True
    )
    PointTally.objects.filter(unit_id__in=ids, pack_id=pack_id, point=point).update(
        asked=F("asked") + asked, wrong=F("wrong") + wrong
    )


def _unit_tally_add(*, unit_id: int, pack_id: str, **deltas: int) -> None:
    """Queue ``deltas`` for the unit and its ancestors (folded in by the rollup)."""
    delta_add(unit_id=unit_id, pack_id=pack_id, **deltas)


def _point_tally_add(*, unit_id: int, pack_id: str, point: int, asked: int, wrong: int) -> None:
    delta_add(unit_id=unit_id, pack_id=pack_id, point=point, asked=asked, wrong=wrong)


def clean_name(value: str) -> str:
    return normalize_whitespace(nfc(value or ""))[:80]


@transaction.atomic
def learner_join(
    *,
    pack_id: str,
    kind: str,
    unit: Unit | None = None,
    display_name: str = "",
    user: AbstractBaseUser | None = None,
) -> tuple[Learner, str]:
    """A new learner and the token for their cookie (only its hash is stored).

    ``user`` is given only when the caller checked that the signed-in account is a member of
    ``unit``: an official joining with it is a *verified* official; any other official is
    self-declared."""
    if kind not in LearnerKind.values:
        raise LearningError(kind)
    linked = user if user is not None and user.is_authenticated else None
    verified = bool(linked and unit is not None and kind == LearnerKind.OFFICIAL)
    token = secrets.token_urlsafe(32)
    learner = Learner.objects.create(
        token_hash=token_hash(token),
        display_name=clean_name(display_name),
        kind=kind,
        unit=unit,
        user=linked,
        verified=verified,
        pack_id=pack_id,
    )
    if unit is not None:
        deltas = {"learners": 1, KIND_FIELD[kind]: 1}
        if verified:
            deltas["verified_officials"] = 1
        _unit_tally_add(unit_id=unit.pk, pack_id=pack_id, **deltas)
    return learner, token


@dataclass(frozen=True)
class Recorded:
    created: bool
    learned: bool = False
    due: dt.datetime | None = None


def card_rate(
    *,
    learner: Learner | LearnerRef,
    point: int,
    rating: int,
    client_id: uuid.UUID,
    now: dt.datetime | None = None,
    pack: Pack | None = None,
    locked: bool = False,
    cards: list[store.CardRow] | None = None,
) -> Recorded:
    """Apply one rating; the same ``client_id`` again changes nothing. With ``pack`` (the
    learner's pack, current version), the card also records the point's stable id, and the
    learner's cards first follow their points into that version (:func:`cards_follow`).
    ``locked``: the caller already holds the learner's row (the event endpoint does);
    ``cards``: and has read the learner's cards with it (``store.learner_with``), a list this
    keeps current for the batch's next rating.

    Fixed statements (``store``): the learner's row lock (PostgreSQL) and cards, unless given,
    then the rating with the card's insert or update (one statement on PostgreSQL)."""
    now = now or timezone.now()
    if rating not in (1, 2, 3, 4) or not 1 <= point <= MAX_POINTS:
        raise LearningError("rating")
    point_key = ""
    if pack is not None:
        try:
            point_key = pack.point(point).id
        except KeyError:
            raise LearningError("point") from None
    with transaction.atomic(savepoint=False):  # inside a batch: no savepoint
        # One learner's ratings in turn, so two first ratings of a card cannot both insert it
        # (SQLite's IMMEDIATE transactions already hold the database's one write lock).
        if not locked:
            store.learner_lock(learner.pk)
        if cards is None:
            cards = store.cards_of(learner.pk)
        if pack is not None:
            cards_follow_rows(cards, pack)
        card = next((c for c in cards if c.point == point), None)
        review = card_review(card.state if card else None, rating, now)
        # "Đã thuộc" as a learner means it: rated Good or Easy (FSRS may still hold the card
        # in its learning steps), or already in review and not forgotten ("Again").
        learned = rating >= 3 or (review.learned and rating != 1)
        card_id = store.rating_with_card(
            client_id=client_id,
            learner_id=learner.pk,
            point=point,
            rating=rating,
            now=now,
            point_key=point_key,
            state=review.state,
            due=review.due,
            learned=learned,
        )
        if card_id is None:  # a resend: nothing was written
            return Recorded(created=False)
        if card is None:
            cards.append(store.CardRow(card_id, point, point_key, review.state, 1))
        else:
            card.point_key = card.point_key or point_key
            card.raw_state, card.reps = review.state, card.reps + 1
    return Recorded(created=True, learned=learned, due=review.due)


class QuizLimitError(LearningError):
    """The learner has started as many attempts today as a day allows."""


def quiz_start(
    *,
    learner: Learner | LearnerRef,
    pack: Pack,
    lang: str = "vi",
    client_id: uuid.UUID | None = None,
) -> QuizAttempt:
    """A new attempt (the same ``client_id`` again returns the first one), at most
    ``LANTOA_QUIZ_ATTEMPTS_PER_DAY`` a day (Vietnam's day) per learner."""
    if client_id is not None:
        existing = store.attempt_by_client(client_id)
        if existing is not None:
            if existing.learner_id != learner.pk:
                raise LearningError("client id")
            return existing
    limit: int = settings.LANTOA_QUIZ_ATTEMPTS_PER_DAY
    if limit:
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        if store.attempts_since(learner.pk, today) >= limit:
            raise QuizLimitError("attempts")
    seed = secrets.randbits(48)
    questions = quiz_draw(pack, seed=seed, n=QUIZ_SIZE, lang=lang)
    return store.attempt_insert(
        learner_id=learner.pk,
        client_id=client_id,
        pack_id=pack.id,
        pack_version=pack.version,
        seed=seed,
        question_ids=[q.id for q in questions],
        now=timezone.now(),
    )


@dataclass(frozen=True)
class AnswerResult:
    created: bool
    correct: bool
    answer: int
    explanation: str
    finished: bool
    passed: bool


def quiz_answer(
    *,
    attempt: QuizAttempt,
    pack: Pack,
    question_id: str,
    choice: int,
    client_id: uuid.UUID,
    lang: str = "vi",
    learner: Learner | LearnerRef | None = None,
    locked: bool = False,
) -> AnswerResult:
    """Record one answer (once per client id and per question) and close a full attempt.

    ``learner`` is the attempt's learner when the caller has it; ``locked``: the caller
    already holds the learner's and the attempt's rows (the event endpoint locks them once
    for a whole batch)."""
    if question_id not in attempt.question_ids:
        raise LearningError("question")
    question = question_get(pack, question_id, lang=lang)
    if not 0 <= choice < len(question.choices):
        raise LearningError("choice")
    correct = choice == question.answer
    if learner is None:
        learner = attempt.learner
    with transaction.atomic(savepoint=False):  # inside a batch: no savepoint
        # The learner first (as ratings and erasure do: an erasure never misses an answer
        # committed beside it), then the attempt, so that one attempt's answers go in turn
        # and the last one always sees the others and closes it.
        if not locked:
            store.learner_lock(learner.pk)
            store.attempt_lock(attempt.pk)
        now = timezone.now()
        # The tallies number points as the pack's current version does.
        now_point = point_now(attempt.pack_id, attempt.pack_version, question.point)
        counted = store.answer_with_count(
            client_id=client_id,
            attempt_id=attempt.pk,
            question_id=question_id,
            point=question.point,
            choice=choice,
            correct=correct,
            now=now,
            tally=(learner.unit_id, attempt.pack_id, now_point)
            if learner.unit_id is not None and now_point is not None
            else None,
        )
        if counted is None:
            # A resend of this answer, or this question answered again: say what was
            # recorded. A client id already used for another question is refused — answering
            # with it must not reveal this question's right choice.
            reused = Answer.objects.filter(client_id=client_id).first()
            if reused is not None and (
                reused.attempt_id != attempt.pk or reused.question_id != question_id
            ):
                raise LearningError("client id")
            prior = Answer.objects.filter(attempt=attempt, question_id=question_id).first()
            if prior is None:
                raise LearningError("answer")
            attempt.refresh_from_db()
            return AnswerResult(
                False,
                prior.correct,
                question.answer,
                question.explanation,
                attempt.finished_at is not None,
                attempt.passed,
            )
        finished = _attempt_close_if_complete(
            attempt=attempt, learner=learner, now=now, counted=counted
        )
    return AnswerResult(
        True, correct, question.answer, question.explanation, finished, attempt.passed
    )


def _attempt_close_if_complete(
    *,
    attempt: QuizAttempt,
    learner: Learner | LearnerRef,
    now: dt.datetime,
    counted: tuple[int, int] | None = None,
) -> bool:
    """Close the attempt once every question is answered; ``counted``: its answers (all,
    right) when the caller has just counted them."""
    answered, right = counted or store.answers_count(attempt.pk)
    if answered < len(attempt.question_ids):
        return False
    # Only the transaction that closes it moves the tallies (a conditional UPDATE).
    score = right
    passed = score >= PASS_MARK * attempt.total // QUIZ_SIZE
    closed = store.attempt_close(attempt_id=attempt.pk, score=score, passed=passed, now=now)
    attempt.score, attempt.passed, attempt.finished_at = score, passed, now
    if closed and passed:
        first = store.learner_passed(learner.pk, now)
        if first and learner.unit_id is not None:
            deltas = {"passed": 1}
            if learner.kind == LearnerKind.OFFICIAL:
                deltas["passed_officials"] = 1
            if learner.verified:
                deltas["passed_verified"] = 1
            _unit_tally_add(unit_id=learner.unit_id, pack_id=attempt.pack_id, **deltas)
    return True


def _certificate_code() -> str:
    part = lambda: "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"LT-{part()}-{part()}"


@transaction.atomic
def certificate_issue(*, attempt: QuizAttempt, name: str, pack_title: str) -> Certificate:
    """The certificate of a passed attempt (one per attempt; issuing again returns it)."""
    if not attempt.passed:
        raise LearningError("not passed")
    # Two clicks at once: the second waits here and then finds the first one's certificate.
    QuizAttempt.objects.select_for_update().filter(pk=attempt.pk).values_list("pk").first()
    existing = Certificate.objects.filter(attempt=attempt).first()
    if existing is not None:
        return existing
    learner = attempt.learner
    name = clean_name(name) or learner.display_name
    for _ in range(5):
        try:
            with transaction.atomic():
                cert = Certificate.objects.create(
                    code=_certificate_code(),
                    learner=learner,
                    attempt=attempt,
                    name=name,
                    unit_name=learner.unit.name if learner.unit else "",
                    official_verified=learner.verified,
                    pack_title=pack_title,
                    score=attempt.score,
                    total=attempt.total,
                )
            break
        except IntegrityError:
            continue
    else:
        raise LearningError("code")
    audit_record(
        actor=None, action="learning.certificate_issue", obj=cert, after={"code": cert.code}
    )
    return cert


@transaction.atomic
def learner_erase(*, learner: Learner) -> None:
    """Delete a learner and everything recorded of them, taking them out of the tallies."""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if learner.unit_id is not None:
        deltas = {"learners": -1, KIND_FIELD[learner.kind]: -1}
        if learner.verified:
            deltas["verified_officials"] = -1
        if learner.passed_at is not None:
            deltas["passed"] = -1
            if learner.kind == LearnerKind.OFFICIAL:
                deltas["passed_officials"] = -1
            if learner.verified:
                deltas["passed_verified"] = -1
        _unit_tally_add(unit_id=learner.unit_id, pack_id=learner.pack_id, **deltas)
        per_point: Counter[tuple[str, int]] = Counter()
        wrong: Counter[tuple[str, int]] = Counter()
        for pack_id, version, number, correct in Answer.objects.filter(
            attempt__learner=learner
        ).values_list("attempt__pack_id", "attempt__pack_version", "point", "correct"):
            point = point_now(pack_id, version, number)
            if point is None:  # a point the current version dropped: no figure left
                continue
            per_point[(pack_id, point)] += 1
            wrong[(pack_id, point)] += 0 if correct else 1
        for (pack_id, point), asked in per_point.items():
            _point_tally_add(
                unit_id=learner.unit_id,
                pack_id=pack_id,
                point=point,
                asked=-asked,
                wrong=-wrong[(pack_id, point)],
            )
    learner.display_name = ""  # the audit row names the object: keep no trace of the name
    audit_record(actor=None, action="learning.learner_erase", obj=learner)
    learner.delete()


def learner_name_set(*, learner: Learner | LearnerRef, name: str) -> None:
    """The name the learner wants printed on their certificate (self-declared)."""
    cleaned = clean_name(name)
    Learner.objects.filter(pk=learner.pk).update(display_name=cleaned)
    if isinstance(learner, Learner):
        learner.display_name = cleaned


def learner_touch(*, learner: Learner) -> None:
    """Note the visit, at most once an hour (one UPDATE, not on every request)."""
    now = timezone.now()
    if now - learner.last_seen_at > dt.timedelta(hours=1):
        Learner.objects.filter(pk=learner.pk).update(last_seen_at=now)


@transaction.atomic
def tallies_rebuild() -> None:
    """Recompute every tally from the raw rows (for bulk loads and as a consistency check).

    Counts each unit's own learners and answers, then adds them to the unit and to each of
    its ancestors. Scans ``Learner`` and ``Answer``: an offline maintenance step, never a
    page's work.
    """
    from django.db.models import Count, Q

    paths = dict(Unit.objects.values_list("pk", "path"))

    def up(unit_id: int) -> list[int]:
        return path_ids(paths[unit_id])

    official = Q(kind=LearnerKind.OFFICIAL)
    passed = Q(passed_at__isnull=False)
    own = (
        Learner.objects.filter(unit__isnull=False)
        .values("unit_id", "pack_id")
        .annotate(
            learners=Count("id"),
            officials=Count("id", filter=official),
            team_members=Count("id", filter=Q(kind=LearnerKind.TEAM_MEMBER)),
            citizens=Count("id", filter=Q(kind=LearnerKind.CITIZEN)),
            passed=Count("id", filter=passed),
            passed_officials=Count("id", filter=passed & official),
            verified_officials=Count("id", filter=Q(verified=True)),
            passed_verified=Count("id", filter=passed & Q(verified=True)),
        )
    )
    fields = TALLY_FIELDS
    units: dict[tuple[int, str], Counter[str]] = {}
    for row in own:
        for unit_id in up(row["unit_id"]):
            units.setdefault((unit_id, row["pack_id"]), Counter()).update(
                {f: row[f] for f in fields}
            )
    answers = (
        Answer.objects.filter(attempt__learner__unit__isnull=False)
        .values("attempt__learner__unit_id", "attempt__pack_id", "attempt__pack_version", "point")
        .annotate(asked=Count("id"), wrong=Count("id", filter=Q(correct=False)))
        .order_by()
    )
    points: dict[tuple[int, str, int], Counter[str]] = {}
    for row in answers:
        point = point_now(row["attempt__pack_id"], row["attempt__pack_version"], row["point"])
        if point is None:
            continue
        for unit_id in up(row["attempt__learner__unit_id"]):
            key = (unit_id, row["attempt__pack_id"], point)
            points.setdefault(key, Counter()).update(asked=row["asked"], wrong=row["wrong"])
    from lantoa.learning.models import TallyDelta

    tallies_lock_for_move()
    TallyDelta.objects.all().delete()  # the rows are the truth: pending changes are in them
    UnitTally.objects.all().delete()
    PointTally.objects.all().delete()
    UnitTally.objects.bulk_create(
        (
            UnitTally(unit_id=u, pack_id=pack_id, **{f: c[f] for f in fields})
            for (u, pack_id), c in units.items()
        ),
        batch_size=5000,
    )
    PointTally.objects.bulk_create(
        (
            PointTally(unit_id=u, pack_id=pack_id, point=n, asked=c["asked"], wrong=c["wrong"])
            for (u, pack_id, n), c in points.items()
        ),
        batch_size=5000,
    )


def tallies_move(*, unit: Unit, old_path: str) -> None:
    """Carry a moved (or merged) unit's subtree figures from its old ancestors to its new
    ones. Called by the organisation services in the move's transaction, after the paths
    were rewritten; ``unit.path`` is the new path."""
    # Pending changes of the subtree are not in these rows: the rollup adds them where the
    # units are when it runs. The rollup's lock keeps it from folding with the old paths.
    tallies_lock_for_move()
    old, new = path_ids(old_path)[:-1], path_ids(unit.path)[:-1]
    leave = [i for i in old if i not in new]
    join = [i for i in new if i not in old]
    fields = TALLY_FIELDS
    for targets, sign in ((leave, -1), (join, 1)):
        if not targets:
            continue
        for tally in UnitTally.objects.filter(unit=unit):
            _unit_tally_add_to(
                targets, tally.pack_id, **{f: sign * getattr(tally, f) for f in fields}
            )
        for pt in PointTally.objects.filter(unit=unit):
            _point_tally_add_to(
                targets, pt.pack_id, pt.point, asked=sign * pt.asked, wrong=sign * pt.wrong
            )
