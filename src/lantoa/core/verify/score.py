"""What a point's score and the overall coverage say: how much of the point a text
conveys *correctly*, so the number agrees with the checklist.

Detection (``api.verify_text``) takes title and sides as independent evidence that the
point is *there*; a title alone proves that, but it does not convey the point. The score
a reader sees weighs the content — the two sides — and gives the title a small share:

* both sides, in whatever words: up to 1.00;
* one side missing: at most 0.50; the title alone: at most 0.25;
* sides swapped: the content is wrong, only the title counts (at most 0.25);
* a side placed under another point: at most 0.50.

A point is *conveyed* when it is present or merged with at least one of its sides; a
title alone is found but not conveyed. The verdict names title-only and one-sided points.
"""

from __future__ import annotations

from lantoa.core.verify.align import Coverage
from lantoa.core.verify.model import How, PointResult, Status

TITLE_SHARE = 0.25
PARTIAL_CAP = 0.5
NOT_CONVEYED: frozenset[str] = frozenset({"title-only"})


def point_score(cov: Coverage, status: Status, how: How | None) -> float:
    # Coverages are sums of float weights: clamp the last ulp (1.0000000000000002).
    title = min(max(cov.title, 0.0), 1.0)
    sides = min(max((cov.it + cov.dx) / 2, 0.0), 1.0)
    content = 1 - (1 - sides) * (1 - TITLE_SHARE * title)
    if how == "sides-swapped":
        return TITLE_SHARE * title
    if how == "title-only":
        return min(content, TITLE_SHARE)
    if how in ("partial", "side-elsewhere"):
        return min(content, PARTIAL_CAP)
    return content


def is_conveyed(point: PointResult) -> bool:
    return point.status in ("present", "merged") and point.how not in NOT_CONVEYED
