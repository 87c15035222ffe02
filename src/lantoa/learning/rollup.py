"""Fold pending tally changes into the subtree tallies, off the request path.

A request that changes a unit's figures (a learner joins, passes, answers, is erased) inserts
one ``TallyDelta`` row for the learner's own unit in its own transaction: an INSERT that
contends with nothing. ``tallies_rollup`` then, in batches, takes the oldest pending rows,
adds them up per unit, pack and point, adds each sum to the unit's tallies and to each of
its ancestors' (read from the unit's current path, so a unit moved since is counted where it
is now), and deletes the rows it folded — all in one transaction, so every change is counted
exactly once. The campaign dashboard states how fresh the figures are
(``tallies_freshness``). Workers run the rollup every 10 s (``learning.tasks``); it is also
``lantoa manage rollup_tallies``.

The ``TallyRollup`` row is the lock: a rollup and a unit move (``tallies_move``) each take it
first, so a move never interleaves with a fold that read the old paths.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from lantoa.learning import store
from lantoa.learning.models import PointTally, TallyDelta, TallyRollup, UnitTally
from lantoa.learning.store import (
    DELTA_FIELDS,
    POINT_TALLY_FIELDS,
    UNIT_TALLY_FIELDS,
    delta_insert,
)
from lantoa.orgs.models import Unit, path_ids

UNIT_FIELDS = UNIT_TALLY_FIELDS
POINT_FIELDS = POINT_TALLY_FIELDS
BATCH = 5000


def delta_add(*, unit_id: int, pack_id: str, point: int = 0, **deltas: int) -> None:
    """Record a change to ``unit_id``'s figures (and so to its ancestors') for the rollup."""
    delta_insert(unit_id=unit_id, pack_id=pack_id, point=point, **deltas)


def _lock() -> TallyRollup:
    TallyRollup.objects.get_or_create(pk=1)
    return TallyRollup.objects.select_for_update().get(pk=1)


def _fold(rows: list[tuple[Any, ...]]) -> None:
    """Add the taken rows (``store.deltas_take``) to the tallies of each row's unit and of
    its ancestors."""
    paths = dict(Unit.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "path"))
    units: dict[tuple[int, str], Counter[str]] = {}
    points: dict[tuple[int, str, int], Counter[str]] = {}
    for unit_id, pack_id, point, *values in rows:
        if unit_id not in paths:  # the unit was deleted: its tallies went with it
            continue
        counts = dict(zip(DELTA_FIELDS, values, strict=True))
        for target in path_ids(paths[unit_id]):
            if point:
                c = points.setdefault((target, pack_id, point), Counter())
                c.update({f: counts[f] for f in POINT_FIELDS})
            else:
                c = units.setdefault((target, pack_id), Counter())
                c.update({f: counts[f] for f in UNIT_FIELDS})
    UnitTally.objects.bulk_create(
        [UnitTally(unit_id=u, pack_id=p) for u, p in units], ignore_conflicts=True
    )
    PointTally.objects.bulk_create(
        [PointTally(unit_id=u, pack_id=p, point=n) for u, p, n in points], ignore_conflicts=True
    )
    # One UPDATE per tally row touched (a batch touches each unit of the tree at most once),
    # sent together (executemany: pipelined on PostgreSQL).
    store.unit_tallies_add(
        [(unit_id, pack_id, [c[f] for f in UNIT_FIELDS]) for (unit_id, pack_id), c in units.items()]
    )
    store.point_tallies_add(
        [
            (unit_id, pack_id, point, c["asked"], c["wrong"])
            for (unit_id, pack_id, point), c in points.items()
        ]
    )


@dataclass(frozen=True)
class RollupResult:
    folded: int
    batches: int


def tallies_rollup(*, batch: int = BATCH, max_batches: int = 1000) -> RollupResult:
    """Fold every pending change into the tallies, ``batch`` rows per transaction."""
    folded = batches = 0
    while batches < max_batches:
        with transaction.atomic():
            state = _lock()
            rows = store.deltas_take(batch)  # deleted as they are read: counted once
            if rows:
                _fold(rows)
            state.finished_at = timezone.now()
            state.folded += len(rows)
            state.save(update_fields=["finished_at", "folded"])
        folded += len(rows)
        batches += 1
        if len(rows) < batch:
            break
    return RollupResult(folded, batches)


@dataclass(frozen=True)
class Freshness:
    """How old the dashboard's learning figures may be: every change made before ``as_of``
    is in them. ``pending`` changes made since are not yet."""

    as_of: dt.datetime
    pending: bool

    @property
    def seconds(self) -> int:
        return max(0, int((timezone.now() - self.as_of).total_seconds()))


def tallies_freshness() -> Freshness:
    """One indexed query: the oldest pending change (or now, when nothing is pending)."""
    oldest = TallyDelta.objects.aggregate(oldest=Min("created_at"))["oldest"]
    if oldest is None:
        return Freshness(timezone.now(), False)
    return Freshness(oldest, True)


def tallies_lock_for_move() -> None:
    """Taken by ``tallies_move`` inside the move's transaction (see the module's docstring)."""
    if connection.in_atomic_block:
        _lock()
