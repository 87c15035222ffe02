"""Points across versions of a pack. A new version may reorder the points (each keeps its
stable ``id``, lantoa.core.packs.schema): the learner's cards, and the per-point tallies,
follow each point to its number in the pack's **current** version (the newest installed).

- ``cards_follow``: a learner's cards, renumbered when the study page or a rating meets them;
- ``point_now``: an answer's point (numbered in the version its attempt was drawn from) as
  the current version numbers it, for the tallies (None: the current version dropped it);
- ``tallies_renumber``: when a new version is installed, the pack's tallies and pending
  changes renumbered from the previous current version's numbering (``apps.py``).
"""

from __future__ import annotations

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
    numbers = {p.id: p.number for p in pack.points}
    moves: dict[int, int] = {}
    retired = max((c.point for c in cards if c.point >= RETIRED), default=RETIRED - 1)
    for card in cards:
        if not card.point_key:
            continue
        target = numbers.get(card.point_key)
        if target is None and card.point < RETIRED:
            retired += 1
            moves[card.id] = retired
        elif target is not None and target != card.point:
            moves[card.id] = target
    if not moves:
        return 0
    with transaction.atomic():
        store.card_renumber(moves, shift=RETIRED + 10000)
    for card in cards:
        card.point = moves.get(card.id, card.point)
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
