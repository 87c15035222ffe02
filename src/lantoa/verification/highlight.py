"""Cut a verified text into chunks, each marked with the points whose excerpt covers it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from lantoa.core.verify import VerifyResult


@dataclass
class Chunk:
    text: str
    points: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # points whose excerpt opens here
    anchor: int | None = None  # the point whose main excerpt opens here (link target)


def highlight_chunks(text: str, result: VerifyResult) -> list[Chunk]:
    spans: list[tuple[int, int, int, bool]] = []
    for point in result.points:
        for span in point.spans:
            spans.append((span[0], span[1], point.number, span == point.span))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    chunks: list[Chunk] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        chunk = Chunk(text[a:b])
        for start, end, number, main in spans:
            if start <= a and b <= end and number not in chunk.points:
                chunk.points.append(number)
            if start == a:
                chunk.starts.append(number)
                if main and chunk.anchor is None:
                    chunk.anchor = number
        chunk.points.sort()
        chunks.append(chunk)
    return chunks
