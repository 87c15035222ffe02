"""Align a text's units to the points of a pack and decide each point's status.

1. Every unit (sentence, line, table cell) is scored against every point: the summed
   IDF weight of the point's features it contains (``profile``).
2. Units are labelled *globally* with one dynamic-programming pass (Viterbi) over
   the states "point 1..N" and "none": a unit earns a point's score minus ``theta``
   times its own weight (so a point must explain a good share of the unit), and
   changing state between two units costs ``switch``. This keeps a point's sentences
   together even when one of them, alone, looks more like a neighbour ("đầu tư" in
   point 7 looks like point 8), and gives every unit to one point only — one
   segment cannot prove two points.
3. Each point's runs of units (regions) are measured against its title and its two
   sides, full and short, as weighted coverage. The best region is the point's main
   evidence; a region holding only one side, inside another point's item, is a side
   attributed to the wrong point.
4. Layout items (numbered items, paragraphs) decide merges: two points whose main
   evidence shares one item were merged into it.

The thresholds live in :class:`Params`; their defaults are fitted by
``tools/verify_fit.py`` on the seeds and the synthetic variants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lantoa.core.verify.profile import PackProfile, PointProfile
from lantoa.core.verify.segment import Unit


@dataclass(frozen=True, slots=True)
class Params:
    """Decision thresholds (defaults fitted by tools/verify_fit.py)."""

    theta: float = 0.3  # share of a unit's weight a point must explain to claim it
    switch: float = 2.0  # cost of changing state between two units
    present: float = 0.4  # point score needed to count it as found
    side: float = 0.35  # side coverage needed to count a side as there
    verbatim: float = 0.85  # full-side coverage, both sides, for "verbatim"
    condensed: float = 0.6  # short-form coverage, both sides, for "condensed"


@dataclass(frozen=True, slots=True)
class Coverage:
    title: float
    it_full: float
    it_short: float
    dx_full: float
    dx_short: float

    @property
    def it(self) -> float:
        return max(self.it_full, self.it_short)

    @property
    def dx(self) -> float:
        return max(self.dx_full, self.dx_short)

    @property
    def score(self) -> float:
        return max(self.title, (self.it + self.dx) / 2)


@dataclass(frozen=True, slots=True)
class Region:
    point: int  # index into profile.points
    units: tuple[int, ...]  # evidence units (indices)
    coverage: Coverage


def emissions(profile: PackProfile, units: tuple[Unit, ...]) -> list[tuple[list[float], float]]:
    """Per unit: the weight each point explains, and the unit's own total weight."""
    n = len(profile.points)
    out = []
    for unit in units:
        scores = [0.0] * n
        total = 0.0
        for f in unit.features:
            hits = profile.index.get(f)
            if hits is None:
                total += profile.unknown_weight if f != "+" else 0.0
                continue
            total += hits[0][1]
            for i, w in hits:
                scores[i] += w
        out.append((scores, total))
    return out


def label_units(em: list[tuple[list[float], float]], n_points: int, params: Params) -> list[int]:
    """Viterbi labelling: state ``n_points`` means "no point"."""
    none = n_points
    if not em:
        return []
    prev = [0.0] * (n_points + 1)
    back: list[list[int]] = []
    for scores, total in em:
        best_state = max(range(n_points + 1), key=prev.__getitem__)
        best = prev[best_state] - params.switch
        cur = [0.0] * (n_points + 1)
        ptr = [0] * (n_points + 1)
        for s in range(n_points + 1):
            gain = 0.0 if s == none else scores[s] - params.theta * total
            if prev[s] >= best:
                cur[s], ptr[s] = prev[s] + gain, s
            else:
                cur[s], ptr[s] = best + gain, best_state
        back.append(ptr)
        prev = cur
    state = max(range(n_points + 1), key=prev.__getitem__)
    labels = [0] * len(em)
    for t in range(len(em) - 1, -1, -1):
        labels[t] = state
        state = back[t][state]
    return labels


def coverage(point: PointProfile, profile: PackProfile, features: set[str]) -> Coverage:
    def part(name: str) -> float:
        total = point.totals[name]
        if total <= 0:
            return 0.0
        got = sum(profile.weights[f] for f in point.components[name] & features)
        return got / total

    return Coverage(
        title=part("title"),
        it_full=part("it_full"),
        it_short=part("it_short"),
        dx_full=part("dx_full"),
        dx_short=part("dx_short"),
    )


def regions_of(
    profile: PackProfile,
    units: tuple[Unit, ...],
    em: list[tuple[list[float], float]],
    labels: list[int],
    params: Params,
) -> dict[int, list[Region]]:
    """Each point's runs of units, measured; runs holding no side nor title dropped."""
    out: dict[int, list[Region]] = {}
    n = len(profile.points)
    t = 0
    while t < len(labels):
        state = labels[t]
        end = t
        while end + 1 < len(labels) and labels[end + 1] == state:
            end += 1
        if state != n:
            evidence = tuple(i for i in range(t, end + 1) if em[i][0][state] > 0)
            point = profile.points[state]
            feats: set[str] = set()
            for i in evidence:
                feats |= units[i].features & point.vocabulary
            cov = coverage(point, profile, feats)
            if evidence and max(cov.title, cov.it, cov.dx) >= params.side:
                out.setdefault(state, []).append(Region(state, evidence, cov))
        t = end + 1
    return out


_LABEL = re.compile(
    r"^[\W\d_]*(?:(?P<it>cong nghe thong tin|cntt|ung dung cntt|ung dung cong nghe thong tin)"
    r"|(?P<dx>chuyen doi so|cds|cps|cbs|cdbs))\b\s*(?P<colon>[:–-])?"
)


def side_label(folded_unit: str) -> tuple[str, bool] | None:
    """("it" | "dx", explicit) when a unit opens with the name of a side.

    ``explicit`` is a name followed by a colon or dash ("Chuyển đổi số: …"), which
    labels everything up to the next explicit name; a plain sentence opening
    ("Chuyển đổi số tập trung …") labels only until the next sentence that opens
    with a side's name.
    """
    m = _LABEL.match(folded_unit.lower())
    if m is None:
        return None
    return ("it" if m.group("it") else "dx"), m.group("colon") is not None
