"""The result of verifying a text against a pack: plain, frozen dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["present", "missing", "merged", "distorted"]
How = Literal[
    "verbatim",  # the full sides, word for word (allowing typos and OCR damage)
    "paraphrased",  # both sides, in other words
    "condensed",  # both sides in their short form (a table, a poster)
    "title-only",  # the title of the point and nothing of its sides
    "partial",  # the title or one side, the other side absent
    "sides-swapped",  # the IT side's content presented as the DX side and vice versa
    "side-elsewhere",  # one of its sides appears inside another point
]
STATUSES: tuple[Status, ...] = ("present", "merged", "distorted", "missing")

JSON_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class PointResult:
    """What the text says about one point of the pack.

    ``span`` is the excerpt's ``[start, end)`` in the ORIGINAL text (after NFC), so a
    page can highlight it; ``spans`` lists every piece of evidence (a point whose side
    sits inside another point has two). ``score`` is in [0, 1]: how much of the
    point's distinctive wording the text carries (title, or both sides).
    """

    number: int
    status: Status
    how: How | None
    score: float
    excerpt: str
    span: tuple[int, int] | None
    spans: tuple[tuple[int, int], ...] = ()
    merged_with: tuple[int, ...] = ()
    title_score: float = 0.0
    it_score: float = 0.0
    dx_score: float = 0.0


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """Point-by-point result, overall coverage and a one-line verdict."""

    pack: str
    count: int
    points: tuple[PointResult, ...]
    coverage: float
    verdict_vi: str
    verdict_en: str
    chars: int
    truncated: bool = False
    notes: tuple[str, ...] = field(default=())

    def by_status(self, status: Status) -> list[int]:
        return [p.number for p in self.points if p.status == status]

    @property
    def conveyed(self) -> int:
        """Points present or merged with at least one side (a title alone is not enough)."""
        return sum(
            1 for p in self.points if p.status in ("present", "merged") and p.how != "title-only"
        )

    @property
    def found(self) -> int:
        return sum(1 for p in self.points if p.status != "missing")

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in docs/verify.md (schema 1)."""
        return {
            "schema": JSON_SCHEMA_VERSION,
            "pack": self.pack,
            "count": self.count,
            "coverage": round(self.coverage, 4),
            "counts": {s: len(self.by_status(s)) for s in STATUSES},
            "verdict": {"vi": self.verdict_vi, "en": self.verdict_en},
            "chars": self.chars,
            "truncated": self.truncated,
            "points": [_point_json(p) for p in self.points],
        }


def _point_json(point: PointResult) -> dict[str, Any]:
    data = asdict(point)
    data["score"] = round(point.score, 4)
    for key in ("title_score", "it_score", "dx_score"):
        data[key] = round(data[key], 4)
    data["span"] = list(point.span) if point.span else None
    data["spans"] = [list(s) for s in point.spans]
    data["merged_with"] = list(point.merged_with)
    return data
