"""Synthetic damage built from the seeds: what PDF extraction and OCR do to a dispatch.

Used by the tests and by bench/parse.py. Each function takes and returns text.
"""

from __future__ import annotations

import re
import textwrap

from lantoa.core.dispatch import patterns
from lantoa.core.text import fold, fold_key


def strip_diacritics(text: str) -> str:
    """What an English-model OCR leaves: every mark gone, đ → d, case kept."""
    return fold(text, lower=False).text


def hard_wrap(text: str, width: int = 60) -> str:
    """Wrap every long line at ``width`` characters, as PDF text extraction does."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def page_breaks(text: str, every: int = 120) -> str:
    """Split long paragraphs in the middle by a page break with a page number."""
    out: list[str] = []
    page = 2
    for line in text.split("\n"):
        if len(line) > every and not line.lstrip().startswith(("-", "+")):
            words = line.split(" ")
            half = len(words) // 2
            out.append(" ".join(words[:half]))
            out.extend(["", "\f", str(page), ""])
            out.append(" ".join(words[half:]))
            page += 1
        else:
            out.append(line)
    return "\n".join(out)


def flatten_letterhead(text: str) -> str:
    """Put the two letterhead columns side by side on one line each, like seed 004.

    Left column: the issuing body's lines, then "Số: …"; right column: the motto,
    then "Place, ngày …". Rows are paired top-aligned, number beside date.
    """
    lines = text.split("\n")
    folded = [fold(line).text for line in lines]
    number_i = next((i for i, f in enumerate(folded) if patterns.NUMBER_LABEL.search(f)), None)
    date_i = next((i for i, f in enumerate(folded) if patterns.DATE_WORDS.search(f)), None)
    if number_i is None or date_i is None:
        return text
    header_end = max(number_i, date_i)
    motto = [i for i in range(header_end) if patterns.MOTTO.search(folded[i])]
    issuer = [
        i
        for i in range(min(number_i, date_i))
        if lines[i].strip() and i not in motto and fold_key(lines[i]) != ""
    ]
    rows = [
        "   ".join(
            part
            for part in (lines[a] if a is not None else "", lines[b] if b is not None else "")
            if part
        )
        for a, b in _zip_longest(issuer, motto)
    ]
    rows.append(f"{lines[number_i].strip()}   {lines[date_i].strip()}")
    used = set(issuer) | set(motto) | {number_i, date_i}
    rest = [
        line for i, line in enumerate(lines[: header_end + 1]) if i not in used and line.strip()
    ]
    return "\n".join(rows + rest + lines[header_end + 1 :])


def _zip_longest(a: list[int], b: list[int]) -> list[tuple[int | None, int | None]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


DAMAGES = {
    "strip_diacritics": strip_diacritics,
    "hard_wrap_60": hard_wrap,
    "page_breaks": page_breaks,
    "flatten_letterhead": flatten_letterhead,
    "all": lambda t: strip_diacritics(page_breaks(hard_wrap(flatten_letterhead(t)))),
}


def core_fields(data: dict) -> dict:
    """The fields damage must not change, compared on folded forms."""

    def k(value: object) -> object:
        if isinstance(value, str):
            return re.sub(r"\s+", "", fold_key(value))
        if isinstance(value, list):
            return [k(v) for v in value]
        if isinstance(value, dict):
            return {key: k(v) for key, v in value.items()}
        return value

    return {
        "kind": data["kind"],
        "issuer": k(data["issuer"]),
        "issuer_parent": k(data["issuer_parent"]),
        "code": k(data["code"]),
        "place": k(data["place"]),
        "date": data["date"],
        "date_parts": data["date_parts"],
        "subject": k(data["subject"]),
        "recipients": k(data["recipients"]),
        "references": [
            k({f: r[f] for f in ("code", "kind", "date", "issuer", "subject")})
            for r in data["references"]
        ],
        "tasks": [
            k({f: t[f] for f in ("number", "assignees", "action", "deadline", "report_to")})
            for t in data["tasks"]
        ],
        "signer": k(data["signer"]),
        "cc": k(data["cc"]),
        "appendices": [k(a["title"]) for a in data["appendices"]],
    }
