"""Spaced repetition with FSRS (the scheduler Anki uses), through the ``fsrs`` package.

A card's state is kept as the JSON-able dict ``fsrs.Card.to_dict()`` gives; fuzzing is off
so that the same reviews always give the same schedule (tests and offline replays agree).
A card counts as *learned* once FSRS has moved it into the review state: it was recalled
after its learning steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fsrs import Card, Rating, Scheduler, State

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = (AGAIN, HARD, GOOD, EASY)

_scheduler = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class CardReview:
    state: dict[str, Any]
    due: dt.datetime
    learned: bool


def card_review(state: dict[str, Any] | None, rating: int, now: dt.datetime) -> CardReview:
    """Apply one rating (1 again, 2 hard, 3 good, 4 easy) at ``now`` (aware) to a card."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1–4, not {rating!r}")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    # card_id=0: the id is ours (learner, point); fsrs would otherwise sleep 1 ms to make one.
    card = Card.from_dict(state) if state else Card(card_id=0, due=now)  # type: ignore[arg-type]
    card, _ = _scheduler.review_card(card, Rating(rating), now)
    return CardReview(card.to_dict(), card.due, card.state == State.Review)  # type: ignore[arg-type]
