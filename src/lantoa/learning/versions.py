"""Points across versions of a pack. A new version may reorder the points (each keeps its
stable ``id``, lantoa.core.packs.schema): the learner's cards, and the per-point tallies,
follow each point to its number in the pack's **current** version (the newest installed).

- ``cards_follow``: a learner's cards, renumbered when the study page or a rating meets them
  (``cards_followed``: the same for cards the study page has read with the learner);
- ``point_now``: an answer's point (numbered in the version its attempt was drawn from) as
  the current version numbers it, for the tallies (None: the current version dropped it);
- ``tallies_renumber``: when a new version is installed, the pack's tallies and pending
  changes renumbered from the previous current version's numbering (``apps.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from lantoa.core.packs import Pack
from lantoa.learning import store
from lantoa.learning.models import Learner, PointTally, TallyDelta
from lantoa.learning.store import LearnerRef

RETIRED = 20000  # cards of points a newer version dropped are kept above this number


def cards_follow(*, learner: Learner | LearnerRef, pack: Pack) -> int:
    """Renumber the learner's cards to ``pack``'s version by their points' stable ids, so a
    version that reorders the points keeps each point's progress; a card whose point the
    version dropped is set aside (numbered from ``RETIRED``). Returns the cards moved; reads
    one small query when nothing moved."""
    return cards_follow_rows(store.cards_of(learner.pk), pack)


def cards_follow_rows(cards: list[store.CardRow], pack: Pack) -> int:
    """:func:`cards_follow` on cards already read (``store.cards_of``), which it updates in
    place."""
    moves = _cards_moves(((c.id, c.point, c.point_key) for c in cards if c.point_key), pack)
    for card in cards:
        card.point = moves.get(card.id, card.point)
    return _cards_move(moves)


def cards_followed(
    *, cards: list[tuple[int, int, str, dt.datetime, bool]], pack: Pack
) -> list[tuple[int, dt.datetime, bool]]:
    """:func:`cards_follow` for cards already read, as (id, number, point id, due, learned)
    (``selectors.studying_for_token``): the cards as (number, due, learned) once moved to
    ``pack``'s numbering, without those set aside as retired."""
    moves = _cards_moves(((pk, point, key) for pk, point, key, _d, _l in cards if key), pack)
    _cards_move(moves)
    return [
        (moves.get(pk, point), due, learned)
        for pk, point, _key, due, learned in cards
        if moves.get(pk, point) < RETIRED
    ]


def _cards_moves(rows: Iterable[tuple[int, int, str]], pack: Pack) -> dict[int, int]:
    """Card id → its number in ``pack``'s version, for the cards (id, number, point id)
    that must move."""
    numbers = {p.id: p.number for p in pack.points}
    rows = list(rows)
    moves: dict[int, int] = {}
    retired = max((point for _pk, point, _key in rows if point >= RETIRED), default=RETIRED - 1)
    for pk, point, key in rows:
        target = numbers.get(key)
        if target is None and point < RETIRED:
            retired += 1
            moves[pk] = retired
        elif target is not None and target != point:
            moves[pk] = target
    return moves


def _cards_move(moves: dict[int, int]) -> int:
    if not moves:
        return 0
    with transaction.atomic():
        store.card_renumber(moves, shift=RETIRED + 10000)
    return len(moves)


def point_now(pack_id: str, version: str, number: int) -> int | None:
    """Point ``number`` of ``pack_id`` at ``version`` (blank: the current one), numbered as
    in the current version; None when the current version no longer has that point."""
    from lantoa.learning.selectors import attempt_version, pack_cached

    current = pack_cached(pack_id)
    if not version or version == current.version:
        return number
    then = attempt_version(pack_id, version)
    if then is None:
        return number
    try:
        key = then.point(number).id
        return current.point_by_id(key).number
    except KeyError:
        return None


def _renumber(rows: object, moves: dict[int, int]) -> None:
    """Two steps, so that two rows swapping numbers never meet a unique constraint."""
    from django.db.models import QuerySet

    assert isinstance(rows, QuerySet)
    shift = RETIRED + 10000
    rows.filter(point__in=list(moves)).update(point=F("point") + shift)
    for old, new in moves.items():
        rows.filter(point=old + shift).update(point=new)


def tallies_renumber(*, old: Pack, new: Pack) -> int:
    """Renumber ``new``'s pack's per-point tallies and pending changes from ``old``'s
    numbering to ``new``'s by the points' ids; a point ``new`` dropped loses its figures.
    Takes the rollup's lock. Returns how many points moved or went."""
    from lantoa.learning.rollup import tallies_lock_for_move

    numbers = {p.id: p.number for p in new.points}
    moves: dict[int, int] = {}
    gone: list[int] = []
    for p in old.points:
        target = numbers.get(p.id)
        if target is None:
            gone.append(p.number)
        elif target != p.number:
            moves[p.number] = target
    if not moves and not gone:
        return 0
    with transaction.atomic():
        tallies_lock_for_move()
        for model in (PointTally, TallyDelta):
            rows = model.objects.filter(pack_id=new.id)
            if gone:
                rows.filter(point__in=gone).delete()
            if moves:
                _renumber(rows, moves)
    return len(moves) + len(gone)
