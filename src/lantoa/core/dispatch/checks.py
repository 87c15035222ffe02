"""Why a text gave nothing: empty, not Vietnamese, one word repeated, not a dispatch."""

from __future__ import annotations

import re

from lantoa.core.dispatch.layout import fast_fold
from lantoa.core.dispatch.model import Dispatch

_VI_WORDS = frozenset(
    [
        "cua",
        "va",
        "cac",
        "nhung",
        "trong",
        "duoc",
        "cho",
        "voi",
        "theo",
        "ve",
        "nay",
        "khong",
        "la",
        "co",
        "mot",
        "de",
        "tai",
        "tu",
        "den",
        "so",
        "ngay",
        "nam",
        "thang",
        "nguoi",
        "dan",
        "nhan",
        "uy",
        "ban",
        "tinh",
        "huyen",
        "xa",
        "thuc",
        "hien",
    ]
)


def input_warnings(text: str, d: Dispatch) -> list[str]:
    """Why a text gave nothing: empty, not Vietnamese, one word repeated, not a dispatch."""
    if not text.strip():
        return ["the text is empty"]
    sample = text[:50_000].lower()
    words = re.findall(r"[^\W\d_]+", sample)
    latin = re.findall(r"[a-zà-ỹ]+", sample)  # Vietnamese is written in Latin letters
    out: list[str] = []
    if not words:
        out.append("the text has no words (no Vietnamese text to read)")
    else:
        marked = sum(1 for w in latin if not w.isascii())
        common = sum(1 for w in latin if fast_fold(w) in _VI_WORDS)
        foreign = len(latin) < len(words) / 2 or (
            len(latin) >= 5 and marked / len(latin) < 0.05 and common / len(latin) < 0.08
        )
        if foreign:
            out.append("the text does not look like Vietnamese")
        if len(words) >= 50 and len(set(words[:5000])) <= 3:
            out.append("the text repeats the same word over and over")
    if d.kind == "unknown" and d.date is None and d.issuer is None and d.subject is None:
        out.append("not a dispatch: no letterhead, number, date or subject was found")
    return out
