"""Read learning figures: a unit subtree's summary from the tallies, a learner's progress.

Summaries never touch ``Learner`` or ``Answer`` rows: a unit's tallies already cover its
whole subtree (the rollup adds each change to the unit and its ancestors), so a summary is
one row and the 17 point rows of that unit, at any level of the tree, with any number of
learners. They are as fresh as the last rollup (``tallies_freshness``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q

from lantoa.core.learn import pass_rate, understanding
from lantoa.core.packs import Pack
from lantoa.learning import store
from lantoa.learning.models import (
    CardState,
    Certificate,
    Learner,
    LearnerKind,
    PointTally,
    QuizAttempt,
    UnitTally,
)
from lantoa.orgs.models import Unit


@dataclass(frozen=True)
class PointUnderstanding:
    point: int
    title: str
    asked: int
    wrong: int
    error_rate: float | None

    @property
    def percent_wrong(self) -> int | None:
        return None if self.error_rate is None else round(self.error_rate * 100)


@dataclass(frozen=True)
class LearningSummary:
    learners: int = 0
    officials: int = 0
    team_members: int = 0
    citizens: int = 0
    passed: int = 0
    passed_officials: int = 0
    verified_officials: int = 0
    passed_verified: int = 0
    points: list[PointUnderstanding] = field(default_factory=list)

    @property
    def self_declared_officials(self) -> int:
        """Learners who said they are officials of the unit, with nothing to prove it."""
        return self.officials - self.verified_officials

    @property
    def pass_rate(self) -> float | None:
        return pass_rate(self.learners, self.passed)

    @property
    def pass_percent(self) -> int | None:
        rate = self.pass_rate
        return None if rate is None else round(rate * 100)


TALLY_FIELDS = store.UNIT_TALLY_FIELDS


def _point_titles(pack_id: str, lang: str) -> dict[int, str]:
    from lantoa.content.selectors import PackNotInstalledError, pack_get

    try:
        pack = pack_get(pack_id)
    except PackNotInstalledError:
        return {}
    return {p.number: p.title.get(lang) for p in pack.points}


def unit_learning_summary(*, unit: Unit, pack_id: str, lang: str = "vi") -> LearningSummary:
    """Learners, passes and per-point understanding of ``unit`` and everything below it.

    Three small queries: the unit's tally row, its point rows, and the pack (for the points'
    titles). The caller checks that the user may see ``unit``.
    """
    sums = UnitTally.objects.filter(unit=unit, pack_id=pack_id).values(*TALLY_FIELDS).first() or {}
    rows = PointTally.objects.filter(unit=unit, pack_id=pack_id).values_list(
        "point", "asked", "wrong"
    )
    titles = _point_titles(pack_id, lang)
    # Points never asked still show, as "no answers yet", after the others.
    stats = understanding([*rows, *((n, 0, 0) for n in titles)])
    points = [
        PointUnderstanding(s.point, titles.get(s.point, ""), s.asked, s.wrong, s.error_rate)
        for s in stats
    ]
    return LearningSummary(**{k: v or 0 for k, v in sums.items()}, points=points)


@dataclass(frozen=True)
class UnitLearning:
    learners: int
    passed: int

    @property
    def pass_percent(self) -> int | None:
        return round(100 * self.passed / self.learners) if self.learners else None


def units_learning(*, units: list[Unit], pack_id: str) -> dict[int, UnitLearning]:
    """Learners and passes of each unit's subtree, by unit id, in one query (for the rows of
    a dashboard's sub-unit table)."""
    rows = UnitTally.objects.filter(unit__in=units, pack_id=pack_id).values_list(
        "unit_id", "learners", "passed"
    )
    return {unit_id: UnitLearning(learners, passed) for unit_id, learners, passed in rows}


def unit_staff_reached(*, unit: Unit, pack_id: str) -> int:
    """*Verified* officials of the unit's subtree who studied the pack (the starting figure of
    the report's "staff reached"; self-declared officials never count in it)."""
    total = (
        UnitTally.objects.filter(unit=unit, pack_id=pack_id)
        .values_list("verified_officials", flat=True)
        .first()
    )
    return total or 0


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def learner_for_token(token: str | None, *, with_unit: bool = True) -> Learner | None:
    if not token or len(token) > 100:
        return None
    rows = Learner.objects.filter(token_hash=token_hash(token))
    return (rows.select_related("unit") if with_unit else rows).first()


def learner_rows(
    token: str | None, *, lock: bool = False, cards: bool = False, attempt_ids: Iterable[int] = ()
) -> store.LearnerRows | None:
    """The cookie's learner with their cards or some of their attempts, in one statement
    (``store.learner_with``)."""
    if not token or len(token) > 100:
        return None
    return store.learner_with(token_hash(token), lock=lock, cards=cards, attempt_ids=attempt_ids)


@dataclass(frozen=True)
class Studying:
    """A learner as the study page needs them, read with their cards in one query."""

    learner_id: int
    pack_id: str
    unit_code: str
    last_seen_at: dt.datetime
    cards: list[tuple[int, int, str, dt.datetime, bool]]  # id, point, point id, due, learned


def studying_for_token(token: str | None) -> Studying | None:
    """The learner whose cookie holds ``token`` and their cards (one row per card, joined)."""
    if not token or len(token) > 100:
        return None
    rows = Learner.objects.filter(token_hash=token_hash(token)).values_list(
        "pk",
        "pack_id",
        "unit__code",
        "last_seen_at",
        "cards__pk",
        "cards__point",
        "cards__point_key",
        "cards__due",
        "cards__learned",
    )
    first = None
    cards = []
    for pk, pack_id, unit_code, seen, card, point, key, due, learned in rows:
        first = first or (pk, pack_id, unit_code or "", seen)
        if card is not None:
            cards.append((card, point, key, due, learned))
    return None if first is None else Studying(*first, cards=cards)


@dataclass(frozen=True)
class AttemptResult:
    """A finished or unfinished quiz attempt as its result page shows it, read in one query
    with the learner's name, the certificate's code and the points answered wrong."""

    attempt_id: int
    pack_id: str
    pack_version: str
    score: int
    total: int
    passed: bool
    finished: bool
    display_name: str
    certificate_code: str
    wrong_points: set[int]


def attempt_result_for_token(token: str | None, attempt_id: int) -> AttemptResult | None:
    """Attempt ``attempt_id`` when it is the learner's whose cookie holds ``token``."""
    if not token or len(token) > 100:
        return None
    rows = (
        QuizAttempt.objects.filter(pk=attempt_id, learner__token_hash=token_hash(token))
        .annotate(wrong=FilteredRelation("answers", condition=Q(answers__correct=False)))
        .values_list(
            "pack_id",
            "pack_version",
            "score",
            "total",
            "passed",
            "finished_at",
            "learner__display_name",
            "certificate__code",
            "wrong__point",
        )
    )
    first = None
    wrong = set()
    for pack_id, version, score, total, passed, finished, name, code, point in rows:
        first = first or (
            pack_id,
            version,
            score,
            total,
            passed,
            finished is not None,
            name,
            code or "",
        )
        if point is not None:
            wrong.add(point)
    return None if first is None else AttemptResult(attempt_id, *first, wrong_points=wrong)


@dataclass(frozen=True)
class Progress:
    learned: int
    seen: int
    total: int


def learner_progress(*, learner: Learner, total: int) -> Progress:
    counts = CardState.objects.filter(learner=learner).aggregate(
        seen=Count("id"), learned=Count("id", filter=Q(learned=True))
    )
    return Progress(counts["learned"], counts["seen"], total)


def learner_attempts(*, learner: Learner) -> list[QuizAttempt]:
    return list(
        QuizAttempt.objects.filter(learner=learner)
        .select_related("certificate")
        .order_by("-started_at", "-id")[:20]
    )


def certificate_get(code: str) -> Certificate | None:
    code = code.strip().upper()
    if len(code) > 16:
        return None
    return Certificate.objects.filter(code=code).first()


KIND_FIELD = {
    LearnerKind.OFFICIAL: "officials",
    LearnerKind.TEAM_MEMBER: "team_members",
    LearnerKind.CITIZEN: "citizens",
}


def unit_join_bursts(*, unit: Unit, since_hours: int = 24) -> list[tuple[str, str, int]]:
    """Unusual bursts of joins recorded in the unit's subtree lately, newest first, as
    (unit name, local time dd/mm/yyyy HH:MM, joins counted) — for the unit's admins."""
    import datetime as dt

    from django.utils import timezone

    from lantoa.audit.selectors import audit_recent

    events = audit_recent(
        action="learning.join_burst",
        object_type="orgs.unit",
        since=timezone.now() - dt.timedelta(hours=since_hours),
    )
    if not events:
        return []
    names = dict(
        Unit.objects.filter(
            pk__in={int(e.object_id) for e in events}, path__startswith=unit.path
        ).values_list("pk", "name")
    )
    return [
        (
            names[int(e.object_id)],
            timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M"),
            int((e.after or {}).get("joins", 0)),
        )
        for e in events
        if int(e.object_id) in names
    ]


_packs: dict[str, tuple[float, Pack]] = {}


def pack_cached(pack_id: str | None = None) -> Pack:
    """The pack, kept a minute per process so the hot endpoints skip its query."""
    import time

    from django.conf import settings

    from lantoa.content.selectors import pack_get

    key = pack_id or settings.LANTOA_DEFAULT_PACK
    hit = _packs.get(key)
    if hit and time.monotonic() - hit[0] < 60:
        return hit[1]
    pack = pack_get(key)
    _packs[key] = (time.monotonic(), pack)
    return pack


def pack_forget() -> None:
    """Forget the packs kept by :func:`pack_cached` (a version was published or removed), and
    the study pages rendered from them (lantoa.site.stencil)."""
    from lantoa.site import stencil

    _packs.clear()
    stencil.forget()


_versions: dict[tuple[str, str], Pack] = {}


def attempt_version(pack_id: str, version: str) -> Pack | None:
    """Version ``version`` of the pack (a stored version never changes, so it is kept for
    the process's life), or None when it is not installed."""
    from lantoa.content.selectors import PackNotInstalledError, pack_get

    key = (pack_id, version)
    if key not in _versions:
        try:
            found = pack_get(pack_id, version)
        except PackNotInstalledError:
            return None
        if len(_versions) > 1000:
            _versions.clear()
        _versions[key] = found
    return _versions[key]


def attempt_pack(attempt: QuizAttempt) -> Pack:
    """The pack version a quiz attempt was drawn from; the current version for attempts
    that predate the field or whose version was removed."""
    return version_or_current(attempt.pack_id, attempt.pack_version)


def version_or_current(pack_id: str, version: str) -> Pack:
    """Version ``version`` of the pack, or the current version when ``version`` is blank or
    no longer installed."""
    if version:
        found = attempt_version(pack_id, version)
        if found is not None:
            return found
    return pack_cached(pack_id)
