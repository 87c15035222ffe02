"""Cut the source text into plain and highlighted pieces for the review page."""

from __future__ import annotations

from dataclasses import dataclass

from lantoa.core.dispatch import Span

# Whole tasks and appendices are long and would hide the fields inside them.
_SKIP_PREFIXES = ("appendices[",)


@dataclass(frozen=True)
class Segment:
    text: str
    field: str | None = None

    @property
    def anchor(self) -> str:
        return "src-" + "".join(c if c.isalnum() else "-" for c in (self.field or ""))


def _wanted(key: str) -> bool:
    if key.startswith(_SKIP_PREFIXES):
        return False
    return not (key.startswith("tasks[") and key.endswith("]"))


def segments(text: str, spans: dict[str, Span]) -> list[Segment]:
    """Non-overlapping highlighted spans (shorter ones win) between plain text."""
    chosen: list[tuple[int, int, str]] = []
    for key, (start, end) in sorted(spans.items(), key=lambda kv: kv[1][1] - kv[1][0]):
        if not _wanted(key) or not 0 <= start < end <= len(text):
            continue
        if any(start < e and s < end for s, e, _ in chosen):
            continue
        chosen.append((start, end, key))
    chosen.sort()
    out: list[Segment] = []
    pos = 0
    for start, end, key in chosen:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], key))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
