"""Swapped sides inside one sentence or one table row.

``api._sides_swapped`` compares whole units (sentences, lines, cells). A short text often
puts both sides in one unit — "Công nghệ thông tin thì …, còn chuyển đổi số thì …", or a
table row under a header "Công nghệ thông tin | Chuyển đổi số" — where no unit leans to one
side. This pass walks the words instead: a side's name labels the words after it; a unit
holding only the two names is a header that gives the columns' order.
"""

from __future__ import annotations

from collections.abc import Sequence

from lantoa.core.verify.profile import PointProfile
from lantoa.core.verify.segment import Unit

_NAMES: dict[tuple[str, ...], str] = {
    ("cong", "nghe", "thong", "tin"): "it",
    ("chuyen", "doi", "so"): "dx",
}


def _names_at(words: Sequence[str]) -> dict[int, tuple[str, int]]:
    """Word index → (side, length) where a side's name starts."""
    found: dict[int, tuple[str, int]] = {}
    for k in range(len(words)):
        for name, side in _NAMES.items():
            if tuple(words[k : k + len(name)]) == name:
                found[k] = (side, len(name))
    return found


def swapped_within(
    point: PointProfile, weights: dict[str, float], units: Sequence[Unit], unit_ids: list[int]
) -> bool:
    comps = point.components
    it_words = comps["it_full"] | comps["it_short"]
    dx_words = comps["dx_full"] | comps["dx_short"]
    only = {"it": it_words - dx_words, "dx": dx_words - it_words}
    totals = {"it": 0.0, "dx": 0.0}
    misplaced = {"it": 0.0, "dx": 0.0}
    positions: dict[str, list[tuple[int, float]]] = {"it": [], "dx": []}
    header: list[str] | None = None
    labelled = False
    pos = 0
    for i in unit_ids:
        words = units[i].words
        names = _names_at(words)
        covered = {k + j for k, (_, n) in names.items() for j in range(n)}
        content = [k for k in range(len(words)) if k not in covered]
        if len(names) >= 2 and len(content) <= 2:
            header = [side for _, (side, _) in sorted(names.items())]
            continue
        current: str | None = None
        evidence_since_name = True
        for k, word in enumerate(words):
            pos += 1
            if k in names:
                side = names[k][0]
                if current is not None and current != side and not evidence_since_name:
                    # Two names in a row: a table's header ("CNTT | CĐS"), not a label.
                    header, current = [current, side], None
                else:
                    current = side
                evidence_since_name = False
            if k in covered:
                continue
            feats = {word}
            if k + 1 < len(words) and k + 1 not in covered:
                feats.add(f"{word} {words[k + 1]}")
            s_it = sum(weights.get(f, 0.0) for f in feats & only["it"])
            s_dx = sum(weights.get(f, 0.0) for f in feats & only["dx"])
            if s_it == s_dx:
                continue
            side, strength = ("it", s_it - s_dx) if s_it > s_dx else ("dx", s_dx - s_it)
            evidence_since_name = True
            totals[side] += strength
            positions[side].append((pos, strength))
            if current is not None:
                labelled = True
                if current != side:
                    misplaced[side] += strength
    if not positions["it"] or not positions["dx"]:
        return False
    if labelled:
        return misplaced["it"] > totals["it"] / 2 and misplaced["dx"] > totals["dx"] / 2

    def centre(side: str) -> float:
        pairs = positions[side]
        return sum(p * w for p, w in pairs) / sum(w for _, w in pairs)

    first, second = header if header and len(set(header)) == 2 else ["it", "dx"]
    return centre(second) < centre(first)
