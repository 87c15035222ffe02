"""Condensed table rows: a point written as one row whose two sides are short phrases.

Provincial portals republish the 17 differences as a comparison table: "09 | Mua sản
phẩm | Sử dụng dịch vụ" with pipes, the same with tabs, or an HTML table that reads
one cell per line ("09" / "Mua sản phẩm" / "Sử dụng dịch vụ"). Such a row carries few
words — often no more than the two halves of the point's title ("Chuyển từ sản phẩm
sang dịch vụ") — so the sentence-level alignment can miss it.

Here a row is matched cell by cell: its first side cell against the point's IT side
(its full and short forms and the "từ …" half of its title), its second side cell
against the DX side (the "sang …" half). Both cells must be explained by the same
point, together for at least :data:`CELL_MATCH` of their weight and each for at
least :data:`CELL_FLOOR`, and better than by any other point. A row read the other
way round is a table with the sides swapped; a row whose title cell names another
point carries its sides under the wrong title.

Rows only count inside a table of the pack: at least :data:`MIN_TABLE_ROWS` rows must
match distinct points. Two words in one row of an unrelated table prove nothing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from lantoa.core.packs import Pack
from lantoa.core.text import Folded, fold, nfc
from lantoa.core.verify.features import features_of, syllables, text_features
from lantoa.core.verify.profile import PackProfile

CELL_MATCH = 0.45  # share of a row's weight (mean of its two cells) its point must explain
CELL_FLOOR = 0.3  # and of each cell alone: a row needs both sides
MARGIN = 0.1  # the row's point must beat every other point by this much
MIN_TABLE_ROWS = 3
MAX_CELL_WORDS = 40

_MARKER = re.compile(r"^\W*\(?(\d{1,2})[.)]?\W*$")
_SPLIT = re.compile(r"\s*\|\s*|\t+")
_HALVES = re.compile(r"\btu (.+?) sang (.+?)(?=,? tu |$)")
_SIDE_NAMES = frozenset(
    {"cong nghe thong tin", "cntt", "ung dung cntt", "ung dung cong nghe thong tin"}
    | {"chuyen doi so", "cds", "stt", "tt", "noi dung", "tieu chi"}
)


@dataclass(frozen=True, slots=True)
class Row:
    start: int  # [start, end) of the whole row in the text given to find_rows
    end: int
    title: str | None
    it: str
    dx: str


@dataclass(frozen=True, slots=True)
class RowMatch:
    point: int  # index into the pack's points
    kind: str  # "straight" | "swapped" | "wrong-title"
    row: Row
    score: float


@dataclass(frozen=True, slots=True)
class _Sides:
    """Per feature, the points whose IT side, DX side, title use it."""

    n: int
    it: dict[str, tuple[int, ...]]
    dx: dict[str, tuple[int, ...]]
    title: dict[str, tuple[int, ...]]


def _invert(sets: list[frozenset[str]]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for k, features in enumerate(sets):
        for f in features:
            out.setdefault(f, []).append(k)
    return {f: tuple(ks) for f, ks in out.items()}


_CACHE: dict[str, _Sides] = {}


def _sides(pack: Pack) -> _Sides:
    cached = _CACHE.get(pack.key)
    if cached is not None:
        return cached
    its, dxs, titles = [], [], []
    for point in pack.points:
        title_key = fold(nfc(point.title.vi)).text
        halves = _HALVES.findall(title_key)
        it_half = set().union(*(text_features(a) for a, _ in halves)) if halves else set()
        dx_half = set().union(*(text_features(b) for _, b in halves)) if halves else set()
        it = text_features(point.it.full.vi) | text_features(point.it.short.vi) | it_half
        dx = text_features(point.dx.full.vi) | text_features(point.dx.short.vi) | dx_half
        # The halves of the title are what the two sides are about: a word of one half
        # never speaks for the other side, even where the full text uses it there too.
        its.append(frozenset(it - (dx_half - it_half)))
        dxs.append(frozenset(dx - (it_half - dx_half)))
        titles.append(frozenset(text_features(point.title.vi)))
    sides = _Sides(len(its), _invert(its), _invert(dxs), _invert(titles))
    _CACHE[pack.key] = sides
    return sides


def _cells_of_line(line: str) -> list[str]:
    return [c.strip(" *_") for c in _SPLIT.split(line.strip().strip("|")) if c.strip(" *_")]


def _row(cells: list[str], start: int, end: int) -> Row | None:
    """A row from its cells (folded text: no marks, any case)."""
    if cells and _MARKER.match(cells[0]):
        cells = cells[1:]
    if len(cells) not in (2, 3):
        return None
    if any(len(c.split()) > MAX_CELL_WORDS for c in cells):
        return None
    if sum(c.lower().strip(" :") in _SIDE_NAMES for c in cells) >= 2:
        return None  # the header row: "STT | Công nghệ thông tin | Chuyển đổi số"
    title = cells[0] if len(cells) == 3 else None
    return Row(start, end, title, cells[-2], cells[-1])


def find_rows(text: str) -> list[Row]:
    """Table rows in folded ``text``: lines of cells split by "|" or tabs, and rows read
    one cell per line under a number alone on its line (an HTML or PDF table flattened).
    Cells are returned as they stand in ``text``; spans are offsets into it."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    rows: list[Row] = []
    for start, end, raw in lines:
        if "|" in raw or "\t" in raw.strip():
            row = _row(_cells_of_line(raw), start, end)
            if row:
                rows.append(row)
    # One cell per line: "09" / "Mua sản phẩm" / "Sử dụng dịch vụ" / "10" / …
    markers = [i for i, (_, _, raw) in enumerate(lines) if _MARKER.match(raw)]
    widths = [b - a - 1 for a, b in itertools.pairwise(markers)]
    width = max(set(widths), key=widths.count) if widths else 0
    if width in (2, 3):
        for n, i in enumerate(markers):
            stop = markers[n + 1] if n + 1 < len(markers) else i + 1 + width
            cells = lines[i + 1 : stop]
            if len(cells) != width or any("|" in c[2] for c in cells):
                continue
            row = _row([c[2].strip() for c in cells], lines[i][0], cells[-1][1])
            if row:
                rows.append(row)
    return sorted(rows, key=lambda r: r.start)


def _shares(
    features: set[str], index: dict[str, tuple[int, ...]], n: int, profile: PackProfile
) -> list[float]:
    """For every point, the share of a cell's weight that its side's vocabulary explains."""
    got = [0.0] * n
    total = 0.0
    for f in features:
        w = profile.weights.get(f, profile.unknown_weight)
        total += w
        for k in index.get(f, ()):
            got[k] += w
    return [g / total for g in got] if total else got


def _features(cell: str, profile: PackProfile) -> set[str]:
    """A (folded) cell's syllables, and the pairs of them the pack knows (a pair the
    pack never uses, "cho chinh" across a comma, is no evidence against the cell)."""
    words = syllables(cell.lower())
    return {f for f in features_of(words) if " " not in f or f in profile.weights}


def _in_text(rows: list[Row], folded: Folded) -> list[Row]:
    """The rows with their spans moved from the folded text into the original."""
    offsets = folded.offsets
    return [
        Row(offsets[r.start], offsets[r.end - 1] + 1, r.title, r.it, r.dx)
        for r in rows
        if r.end > r.start
    ]


def _pair(it: float, dx: float) -> float:
    return (it + dx) / 2 if min(it, dx) >= CELL_FLOOR else 0.0


def _best(scores: list[float]) -> tuple[int, float] | None:
    ranked = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
    if not ranked or scores[ranked[0]] < CELL_MATCH:
        return None
    if len(ranked) > 1 and scores[ranked[0]] - scores[ranked[1]] < MARGIN:
        return None
    return ranked[0], scores[ranked[0]]


def match_rows(
    text: str, pack: Pack, profile: PackProfile, *, folded: Folded | None = None
) -> list[RowMatch]:
    """The rows of ``text`` that carry a point of ``pack``, in a table of the pack.

    ``folded`` is ``fold(text, lower=False)`` when the caller has it already; the rows'
    spans are offsets into ``text``.
    """
    folded = folded or fold(nfc(text), lower=False)
    sides = _sides(pack)
    n = sides.n
    found: list[RowMatch] = []
    for row in _in_text(find_rows(folded.text), folded):
        it_f, dx_f = _features(row.it, profile), _features(row.dx, profile)
        first_it = _shares(it_f, sides.it, n, profile)
        first_dx = _shares(it_f, sides.dx, n, profile)
        second_it = _shares(dx_f, sides.it, n, profile)
        second_dx = _shares(dx_f, sides.dx, n, profile)
        straight = [_pair(first_it[k], second_dx[k]) for k in range(n)]
        swapped = [_pair(first_dx[k], second_it[k]) for k in range(n)]
        best = _best(straight)
        kind = "straight"
        if best is None or max(swapped) > best[1]:
            other = _best(swapped)
            if other is not None:
                best, kind = other, "swapped"
        if best is None:
            continue
        point, score = best
        if row.title is not None and kind == "straight":
            title_f = _features(row.title, profile)
            named = _best(_shares(title_f, sides.title, n, profile))
            if named is not None and named[0] != point:
                kind = "wrong-title"
        found.append(RowMatch(point, kind, row, score))
    if len({m.point for m in found}) < MIN_TABLE_ROWS:
        return []
    return found
