"""Physical lines and logical paragraphs of a dispatch, with their spans.

PDF extraction hard-wraps lines (often with blank lines between them, as in seed
001) and page breaks split paragraphs (seed 000, points 5 and 10). A paragraph
here joins a line to the previous one when the previous line does not end a
sentence and either reached the wrap margin or the new line starts in lower
case. Web-page chrome lines and lone page numbers are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lantoa.core.dispatch import patterns as p
from lantoa.core.text import fold, normalize_whitespace

_END = tuple(".;:!?)”\"'’/")
_MARGIN = 40  # a line at least this long that ends mid-sentence was wrapped
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:\d{1,3}|trang\s+\d+(?:/\d+)?)\s*(?:-\s*)?$", re.I)


class _FoldTable(dict[int, str]):
    """``str.translate`` table computing :func:`fold` one character at a time, cached."""

    def __missing__(self, key: int) -> str:
        ch = chr(key)
        folded = fold(ch).text
        value = folded if len(folded) == 1 else ch
        self[key] = value
        return value


_FOLD = _FoldTable()


def fast_fold(text: str) -> str:
    """``fold(text).text`` for text without lone combining marks, at ``str.translate`` speed."""
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # stripped, markdown emphasis removed
    start: int
    end: int
    folded: str

    @property
    def bullet(self) -> bool:
        return self.text[:1] in "-+•"


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return normalize_whitespace(" ".join(line.text for line in self.lines))

    @property
    def folded(self) -> str:
        return normalize_whitespace(" ".join(line.folded for line in self.lines))

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


def clean(value: str) -> str:
    """Whitespace-collapsed, without markdown emphasis or trailing list punctuation."""
    value = normalize_whitespace(value.replace("*", "")).strip(" ;,")
    return value.removesuffix("./.").rstrip(" ;,")


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Non-blank lines of ``text[start:end]`` with their spans (chrome and page numbers dropped)."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    for raw in text[start:end].splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip().replace("\f", "")
        if stripped and not _PAGE_NUMBER.match(stripped):
            lead = len(body) - len(body.lstrip())
            cleaned = stripped.replace("*", "").strip()
            folded = fast_fold(cleaned)
            if cleaned and not p.CHROME.match(normalize_whitespace(folded)):
                s = pos + lead
                out.append(Line(cleaned, s, s + len(body.strip()), folded))
        pos += len(raw)
    return out


def _continues(group: list[Line], line: Line) -> bool:
    prev = group[-1]
    if prev.text.endswith(_END):
        return False
    if re.match(r"^\s*\d{1,2}[.)]\s", line.text):
        return False
    if line.text[:1].islower():
        return True
    if prev.text.isupper():
        return False
    # A wrapped line reaches the margin; a re-wrapped one may leave a short tail
    # ("…tỉnh; Chủ tịch") inside a paragraph that is already wrapping.
    return len(prev.text) >= _MARGIN or len(group) >= 2


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _continues(groups[-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Paragraph(tuple(g)) for g in groups]
