"""Split a text into units (sentences, lines, table cells) and layout items.

A *unit* is the smallest piece that is scored against the points: a line, cut
further at sentence ends. A flattened table (seed 003) has one cell per line, so a
cell is a unit; a hard-wrapped dispatch (seed 001) has a sentence spread over lines,
which costs nothing because consecutive units are aligned together.

An *item* is how the text itself groups its content: numbered items ("3." or "3"
alone on its line, as in a flattened table), or — in a text without numbering —
paragraphs. Items only decide whether two points were *merged* into one; numbers are
never taken as proof of which point an item is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lantoa.core.text import Folded
from lantoa.core.verify.features import features_of, syllables

_MARKER = re.compile(r"^[ \t*_>#-]*\(?(\d{1,2})(?:[.)]\s|[.)]?[ \t*_]*$)")
_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"”’*_)]*\s+")
_PARAGRAPH_END = (".", "!", "?", ":", ";")


@dataclass(frozen=True, slots=True)
class Unit:
    start: int  # [start, end) in the folded text
    end: int
    item: int
    words: tuple[str, ...]
    features: frozenset[str]
    marker: int | None  # the number, when this unit opens a numbered item


@dataclass(frozen=True, slots=True)
class Segmentation:
    units: tuple[Unit, ...]
    numbered: bool


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def segment(folded: Folded, *, min_markers: int = 3) -> Segmentation:
    """Cut folded text (``fold(text, lower=False)``: case tells a new paragraph from
    a hard-wrapped continuation) into units grouped into items."""
    text = folded.text
    lines = _lines(text)
    markers = {}
    for i, (a, b) in enumerate(lines):
        m = _MARKER.match(text[a:b])
        if m:
            markers[i] = int(m.group(1))
    numbered = len(markers) >= min_markers

    # Logical lines: a hard-wrapped sentence ("… cho khách hàng,\n\ncho người dân.")
    # continues on a line that starts in lower case after a line that ended open.
    logical: list[tuple[int, int, int | None]] = []  # start, end, marker
    prev_open = False
    for i, (a, b) in enumerate(lines):
        stripped = text[a:b].strip()
        if not stripped:
            continue
        marker = markers.get(i)
        if logical and marker is None and prev_open and stripped[0].islower():
            start, _, first_marker = logical[-1]
            logical[-1] = (start, b, first_marker)
        else:
            logical.append((a, b, marker))
        prev_open = not stripped.endswith(_PARAGRAPH_END)

    units: list[Unit] = []
    item = 0
    for a, b, marker in logical:
        if units and (marker is not None or not numbered):
            # Without numbering every paragraph is an item.
            item += 1
        first = True
        offset = a
        for piece in _SENTENCE_END.split(text[a:b]):
            start = text.find(piece, offset, b + 1) if piece else -1
            if start < 0 or not piece.strip():
                continue
            offset = start + len(piece)
            words = syllables(piece.lower())
            if not words:
                continue
            lead = len(piece) - len(piece.lstrip())
            units.append(
                Unit(
                    start=start + lead,
                    end=start + len(piece.rstrip()),
                    item=item,
                    words=tuple(words),
                    features=frozenset(features_of(words)),
                    marker=marker if first else None,
                )
            )
            first = False
    return Segmentation(units=tuple(units), numbered=numbered)
