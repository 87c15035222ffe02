"""Understanding per point: error rates from per-point tallies of quiz answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PointStat:
    point: int
    asked: int
    wrong: int
    error_rate: float | None  # None when the point was never asked

    @property
    def percent_wrong(self) -> int | None:
        return None if self.error_rate is None else round(self.error_rate * 100)


def understanding(rows: Iterable[tuple[int, int, int]]) -> list[PointStat]:
    """``(point, asked, wrong)`` rows (several per point are summed) → one stat per point,
    least understood first (highest error rate; then most asked; never-asked points last)."""
    totals: dict[int, list[int]] = {}
    for point, asked, wrong in rows:
        if asked < 0 or wrong < 0 or wrong > asked:
            raise ValueError(
                f"point {point}: wrong ({wrong}) must be between 0 and asked ({asked})"
            )
        t = totals.setdefault(point, [0, 0])
        t[0] += asked
        t[1] += wrong
    stats = [PointStat(p, a, w, (w / a) if a else None) for p, (a, w) in totals.items()]
    return sorted(
        stats, key=lambda s: (s.error_rate is None, -(s.error_rate or 0.0), -s.asked, s.point)
    )


def pass_rate(learners: int, passed: int) -> float | None:
    """Share of learners who passed, or None when nobody studied."""
    if passed > learners:
        raise ValueError("passed cannot exceed learners")
    return passed / learners if learners else None
