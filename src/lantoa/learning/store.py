"""The learner path's hot reads and writes as fixed SQL statements.

Every learner's rating and answer goes through here: at national scale these are most of
the site's requests, and building each query through the ORM (a fresh compile of a few
hundred microseconds every time) cost more than the database's own work. Each statement
below is written once, against the tables the models define (names read from their
``_meta``), with the values adapted for the database by the model fields themselves, and
runs on both engines (SQLite ≥ 3.35 and PostgreSQL: ``INSERT … ON CONFLICT DO NOTHING
RETURNING``). The ORM stays for everything else; ``services`` decides, this module only
reads and writes rows (decision 0008).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lantoa.learning.models import (
    Answer,
    CardState,
    Learner,
    PointTally,
    QuizAttempt,
    Rating,
    TallyDelta,
    UnitTally,
)

_LEARNER = Learner._meta.db_table
_CARD = CardState._meta.db_table
_RATING = Rating._meta.db_table
_ATTEMPT = QuizAttempt._meta.db_table
_ANSWER = Answer._meta.db_table
_DELTA = TallyDelta._meta.db_table
_UNIT_TALLY = UnitTally._meta.db_table
_POINT_TALLY = PointTally._meta.db_table
# The figures of a unit's tally, and of a point's; a pending change carries both.
UNIT_TALLY_FIELDS = (
    "learners",
    "officials",
    "team_members",
    "citizens",
    "passed",
    "passed_officials",
    "verified_officials",
    "passed_verified",
)
POINT_TALLY_FIELDS = ("asked", "wrong")
DELTA_FIELDS = UNIT_TALLY_FIELDS + POINT_TALLY_FIELDS


@dataclass(frozen=True)
class LearnerRef:
    """What the event endpoint needs of a learner (the services take it or a ``Learner``)."""

    pk: int
    unit_id: int | None
    kind: str
    verified: bool
    pack_id: str

    @property
    def id(self) -> int:
        return self.pk


def _now_db(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _uuid_db(value: uuid.UUID) -> Any:
    return Rating._meta.get_field("client_id").get_db_prep_value(value, connection)


def _json_db(model: type, field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_value(value, connection)  # type: ignore[attr-defined]


def _json_load(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _datetime(value: Any) -> dt.datetime | None:
    """A datetime column as read by the raw cursor: aware on PostgreSQL, text on SQLite."""
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def _one(sql: str, params: list[Any] | tuple[Any, ...]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _all(sql: str, params: list[Any] | tuple[Any, ...]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _run(sql: str, params: list[Any] | tuple[Any, ...]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- learners ---------------------------------------------------------------------------

_LEARNER_COLUMNS = "l.id, l.unit_id, l.kind, l.verified, l.pack_id"


@dataclass
class LearnerRows:
    """A learner with what a batch of events needs of their rows, read together."""

    ref: LearnerRef
    cards: list[CardRow] | None  # None: not read
    attempts: dict[int, QuizAttempt] | None  # None: not read


def learner_with(
    digest: str, *, lock: bool = False, cards: bool = False, attempt_ids: Iterable[int] = ()
) -> LearnerRows | None:
    """The learner whose token hashes to ``digest`` with, in the same statement (one round
    trip), their cards (``cards``) or their attempts among ``attempt_ids`` (another learner's
    attempt is simply absent). With ``lock`` (inside a transaction, PostgreSQL), the
    learner's row is held until it ends, and only that row: every writer of a card or an
    attempt holds its learner's row first (``services``)."""
    ids = sorted(set(attempt_ids))
    head = f"SELECT {_LEARNER_COLUMNS}"
    params: list[Any] = []
    if cards:
        sql = (
            f"{head}, c.id, c.point, c.point_key, c.state, c.reps FROM {_LEARNER} l "
            f"LEFT JOIN {_CARD} c ON c.learner_id = l.id WHERE l.token_hash = %s ORDER BY c.id"
        )
    elif ids:
        marks = ", ".join(["%s"] * len(ids))
        columns = ", ".join(f"a.{c}" for c in _ATTEMPT_COLUMNS.split(", "))
        sql = (
            f"{head}, {columns} FROM {_LEARNER} l LEFT JOIN {_ATTEMPT} a "
            f"ON a.learner_id = l.id AND a.id IN ({marks}) WHERE l.token_hash = %s ORDER BY a.id"
        )
        params += ids
    else:
        sql = f"{head} FROM {_LEARNER} l WHERE l.token_hash = %s"
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE OF l"
    rows = _all(sql, [*params, digest])
    if not rows:
        return None
    first = rows[0]
    found = LearnerRows(
        LearnerRef(first[0], first[1], first[2], bool(first[3]), first[4]),
        [CardRow(r[5], r[6], r[7], r[8], r[9]) for r in rows if r[5] is not None]
        if cards
        else None,
        None,
    )
    if ids and not cards:
        found.attempts = {r[5]: _attempt(r[5:]) for r in rows if r[5] is not None}
    elif ids:
        found.attempts = attempts_of(found.ref.pk, set(ids))
    return found


def learner_lock(learner_id: int) -> None:
    """Hold the learner's row until the transaction ends (PostgreSQL; SQLite's one writer
    already serialises every write transaction)."""
    if connection.features.has_select_for_update:
        _one(f"SELECT id FROM {_LEARNER} WHERE id = %s FOR UPDATE", [learner_id])


def learner_passed(learner_id: int, now: dt.datetime) -> bool:
    """Mark the learner's first pass; False when they had passed before."""
    return (
        _run(
            f"UPDATE {_LEARNER} SET passed_at = %s WHERE id = %s AND passed_at IS NULL",
            [_now_db(now), learner_id],
        )
        == 1
    )


# --- ratings and cards ------------------------------------------------------------------


_RATING_INSERT = (
    f"INSERT INTO {_RATING} (client_id, learner_id, point, rating, created_at) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)


@dataclass
class CardRow:
    id: int
    point: int
    point_key: str
    raw_state: Any  # as read: parsed only for the card being rated
    reps: int

    @property
    def state(self) -> dict[str, Any]:
        return _json_load(self.raw_state)  # type: ignore[no-any-return]


def cards_of(learner_id: int) -> list[CardRow]:
    """Every card of the learner (at most the pack's points, plus retired ones)."""
    return [
        CardRow(r[0], r[1], r[2], r[3], r[4])
        for r in _all(
            f"SELECT id, point, point_key, state, reps FROM {_CARD} WHERE learner_id = %s",
            [learner_id],
        )
    ]


_CARD_UPSERT = (
    f"INSERT INTO {_CARD} AS c (learner_id, point, point_key, state, due, reps, learned) "
    "{source} ON CONFLICT (learner_id, point) DO UPDATE SET "
    "point_key = CASE WHEN c.point_key = '' THEN excluded.point_key ELSE c.point_key END, "
    "state = excluded.state, due = excluded.due, learned = excluded.learned, reps = c.reps + 1 "
    "RETURNING id"
)


def rating_with_card(
    *,
    client_id: uuid.UUID,
    learner_id: int,
    point: int,
    rating: int,
    now: dt.datetime,
    point_key: str,
    state: dict[str, Any],
    due: dt.datetime,
    learned: bool,
) -> int | None:
    """Store one rating and, when it is new, the card's new state (inserted, or updated in
    place: its point id kept once known, one more repetition); the card's id, or None when
    the rating's client id is already stored (a resend: nothing changes). One statement on
    PostgreSQL (the card's write reads the rating's), two on SQLite."""
    rating_row = [_uuid_db(client_id), learner_id, point, rating, _now_db(now)]
    card = [point, point_key, _json_db(CardState, "state", state), _now_db(due), learned]
    if connection.vendor == "postgresql":
        row = _one(
            f"WITH r AS ({_RATING_INSERT} RETURNING learner_id) "
            + _CARD_UPSERT.format(source="SELECT learner_id, %s, %s, %s, %s, 1, %s FROM r"),
            [*rating_row, *card],
        )
        return row[0] if row else None
    if _one(f"{_RATING_INSERT} RETURNING id", rating_row) is None:
        return None
    # "WHERE true": SQLite's parser needs it between a SELECT and ON CONFLICT.
    row = _one(
        _CARD_UPSERT.format(source="SELECT %s, %s, %s, %s, %s, 1, %s WHERE true"),
        [learner_id, *card],
    )
    assert row is not None
    return int(row[0])


def card_renumber(moves: dict[int, int], *, shift: int) -> None:
    """Give cards new numbers in two steps, so two cards swapping never meet the unique
    constraint on (learner, point)."""
    sql = f"UPDATE {_CARD} SET point = %s WHERE id = %s"
    for i, card_id in enumerate(moves):
        _run(sql, [shift + i, card_id])
    for card_id, target in moves.items():
        _run(sql, [target, card_id])


# --- quiz attempts and answers ----------------------------------------------------------

_ATTEMPT_COLUMNS = (
    "id, learner_id, client_id, pack_id, pack_version, seed, question_ids, score, total, "
    "passed, started_at, finished_at"
)


def _attempt(row: tuple[Any, ...]) -> QuizAttempt:
    attempt = QuizAttempt(
        id=row[0],
        learner_id=row[1],
        client_id=row[2],
        pack_id=row[3],
        pack_version=row[4],
        seed=row[5],
        question_ids=_json_load(row[6]),
        score=row[7],
        total=row[8],
        passed=bool(row[9]),
        started_at=_datetime(row[10]),
        finished_at=_datetime(row[11]),
    )
    attempt._state.adding = False
    attempt._state.db = connection.alias
    return attempt


def attempts_of(learner_id: int, ids: set[int]) -> dict[int, QuizAttempt]:
    """The learner's attempts among ``ids`` (another learner's attempt is simply absent)."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT {_ATTEMPT_COLUMNS} FROM {_ATTEMPT} WHERE learner_id = %s AND id IN ({marks})"
        " ORDER BY id"
    )
    return {r[0]: _attempt(r) for r in _all(sql, [learner_id, *sorted(ids)])}


def attempt_lock(attempt_id: int) -> None:
    """Hold the attempt's row until the transaction ends (PostgreSQL; see
    :func:`learner_lock`)."""
    if connection.features.has_select_for_update:
        _one(f"SELECT id FROM {_ATTEMPT} WHERE id = %s FOR UPDATE", [attempt_id])


def attempt_by_client(client_id: uuid.UUID) -> QuizAttempt | None:
    row = _one(
        f"SELECT {_ATTEMPT_COLUMNS} FROM {_ATTEMPT} WHERE client_id = %s", [_uuid_db(client_id)]
    )
    return _attempt(row) if row else None


def attempts_since(learner_id: int, since: dt.datetime) -> int:
    row = _one(
        f"SELECT COUNT(*) FROM {_ATTEMPT} WHERE learner_id = %s AND started_at >= %s",
        [learner_id, _now_db(since)],
    )
    return int(row[0]) if row else 0


def attempt_insert(
    *,
    learner_id: int,
    client_id: uuid.UUID | None,
    pack_id: str,
    pack_version: str,
    seed: int,
    question_ids: list[str],
    now: dt.datetime,
) -> QuizAttempt:
    row = _one(
        f"INSERT INTO {_ATTEMPT} (learner_id, client_id, pack_id, pack_version, seed, "
        "question_ids, score, total, passed, started_at, finished_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, 0, %s, %s, %s, NULL) RETURNING id",
        [
            learner_id,
            _uuid_db(client_id) if client_id else None,
            pack_id,
            pack_version,
            seed,
            _json_db(QuizAttempt, "question_ids", question_ids),
            len(question_ids),
            False,
            _now_db(now),
        ],
    )
    assert row is not None
    return _attempt(
        (
            row[0],
            learner_id,
            client_id,
            pack_id,
            pack_version,
            seed,
            question_ids,
            0,
            len(question_ids),
            False,
            now,
            None,
        )
    )


_ANSWER_INSERT = (
    f"INSERT INTO {_ANSWER} (client_id, attempt_id, question_id, point, choice, correct, "
    "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)


def answer_with_count(
    *,
    client_id: uuid.UUID,
    attempt_id: int,
    question_id: str,
    point: int,
    choice: int,
    correct: bool,
    now: dt.datetime,
    tally: tuple[int, str, int] | None,
) -> tuple[int, int] | None:
    """Store one answer (nothing when its client id, or an answer to that question of the
    attempt, is already stored) and, when it is new, its pending change to the point's
    tally (``tally``: unit, pack, point as the pack numbers it now; None: no tally) and the
    attempt's answers counted with it (all, right); None for a resend or a question already
    answered (nothing written). One statement on PostgreSQL, three on SQLite."""
    answer = [_uuid_db(client_id), attempt_id, question_id, point, choice, correct, _now_db(now)]
    if connection.vendor == "postgresql":
        insert = f"WITH a AS ({_ANSWER_INSERT} RETURNING correct)"
        params: list[Any] = list(answer)
        if tally is not None:
            zeros = ", ".join(["0"] * len(UNIT_TALLY_FIELDS))
            insert += (
                f", d AS (INSERT INTO {_DELTA} (unit_id, pack_id, point, "
                f"{', '.join(DELTA_FIELDS)}, created_at) SELECT %s, %s, %s, {zeros}, 1, "
                "CASE WHEN correct THEN 0 ELSE 1 END, %s FROM a)"
            )
            params += [*tally, _now_db(timezone.now())]
        # The main query does not see the CTE's row: the new answer is added to its count.
        row = _one(
            f"{insert} SELECT (SELECT COUNT(*) FROM a), COUNT(*), "
            f"COALESCE(SUM(CASE WHEN correct THEN 1 ELSE 0 END), 0) FROM {_ANSWER} "
            "WHERE attempt_id = %s",
            [*params, attempt_id],
        )
        assert row is not None
        if not row[0]:
            return None
        return int(row[1]) + 1, int(row[2]) + (1 if correct else 0)
    if _one(f"{_ANSWER_INSERT} RETURNING id", answer) is None:
        return None
    if tally is not None:
        delta_insert(
            unit_id=tally[0], pack_id=tally[1], point=tally[2], asked=1, wrong=0 if correct else 1
        )
    return answers_count(attempt_id)


def answers_count(attempt_id: int) -> tuple[int, int]:
    """How many answers the attempt has, and how many of them are right."""
    row = _one(
        f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN correct THEN 1 ELSE 0 END), 0) "
        f"FROM {_ANSWER} WHERE attempt_id = %s",
        [attempt_id],
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


def attempt_close(*, attempt_id: int, score: int, passed: bool, now: dt.datetime) -> bool:
    """Close the attempt; False when another transaction closed it first."""
    return (
        _run(
            f"UPDATE {_ATTEMPT} SET score = %s, passed = %s, finished_at = %s "
            "WHERE id = %s AND finished_at IS NULL",
            [score, passed, _now_db(now), attempt_id],
        )
        == 1
    )


# --- pending tally changes --------------------------------------------------------------


def delta_insert(*, unit_id: int, pack_id: str, point: int = 0, **deltas: int) -> None:
    """One pending change for the rollup (``learning.rollup``)."""
    values = [deltas.get(f, 0) for f in DELTA_FIELDS]
    marks = ", ".join(["%s"] * (len(DELTA_FIELDS) + 4))
    _run(
        f"INSERT INTO {_DELTA} (unit_id, pack_id, point, {', '.join(DELTA_FIELDS)}, created_at) "
        f"VALUES ({marks})",
        [unit_id, pack_id, point, *values, _now_db(timezone.now())],
    )


def deltas_take(batch: int) -> list[tuple[Any, ...]]:
    """Delete the ``batch`` oldest pending changes and return them, as (unit_id, pack_id,
    point, *DELTA_FIELDS): one statement, so exactly the rows returned are gone (a change
    committed meanwhile stays for the next batch)."""
    return _all(
        f"DELETE FROM {_DELTA} WHERE id IN (SELECT id FROM {_DELTA} ORDER BY id LIMIT %s) "
        f"RETURNING unit_id, pack_id, point, {', '.join(DELTA_FIELDS)}",
        [batch],
    )


def unit_tallies_add(rows: list[tuple[int, str, list[int]]]) -> None:
    """Add each row's counts (in ``UNIT_TALLY_FIELDS`` order) to the unit's existing tally."""
    if not rows:
        return
    sets = ", ".join(f"{f} = {f} + %s" for f in UNIT_TALLY_FIELDS)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {_UNIT_TALLY} SET {sets} WHERE unit_id = %s AND pack_id = %s",
            [[*counts, unit_id, pack_id] for unit_id, pack_id, counts in rows],
        )


def point_tallies_add(rows: list[tuple[int, str, int, int, int]]) -> None:
    """Add (asked, wrong) to each point's existing tally."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {_POINT_TALLY} SET asked = asked + %s, wrong = wrong + %s "
            "WHERE unit_id = %s AND pack_id = %s AND point = %s",
            [
                [asked, wrong, unit_id, pack_id, point]
                for unit_id, pack_id, point, asked, wrong in rows
            ],
        )
