"""Place names in a document checked against the administrative units the project ships.

A place written without its diacritics (an English-model OCR: "Cam Pha") or with
OCR damage in them ("Quéang Ninh") is restored from the current and legacy trees of
:mod:`lantoa.core.adminunits` ("Cẩm Phả", "Quảng Ninh"). A well-marked name is left
as written. Names that match nothing are left alone: the data decide, never a guess.
"""

from __future__ import annotations

import re

from lantoa.core.adminunits import PlaceName, match_place, place_index
from lantoa.core.text import fold_key

# Words of unit names and bodies as an unmarked letterhead writes them.
_WORDS = {
    "uy ban nhan dan": "ủy ban nhân dân",
    "hoi dong nhan dan": "hội đồng nhân dân",
    "thanh pho": "thành phố",
    "thi xa": "thị xã",
    "thi tran": "thị trấn",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "quan": "quận",
    "phuong": "phường",
    "xa": "xã",
    "dac khu": "đặc khu",
}
_LEVEL = re.compile(r"\b(thanh pho|thi xa|thi tran|tinh|huyen|quan|phuong|xa|dac khu)\s+(.+)$")
_WORD_RX = re.compile(r"\b(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b")


def _unmarked(text: str) -> bool:
    return text.isascii()


def _case_like(model: str, value: str) -> str:
    if model.isupper():
        return value.upper()
    if model[:1].isupper():
        return value[:1].upper() + value[1:]
    return value


def exact_place(written: str) -> bool:
    """True when ``written`` (folded) is exactly the name of a unit: no fuzzy matching."""
    return fold_key(written) in place_index()


def restore_place(written: str, *, level: str | None = None) -> tuple[str, PlaceName | None]:
    """The place as it should be written, and the unit it names (None: not found)."""
    unit = match_place(written, level=level)
    if unit is None:
        return written, None
    same_letters = fold_key(unit.name) == fold_key(written)
    if same_letters and not _unmarked(written):
        return written, unit  # well marked (or marked another accepted way): keep it
    words = written.split()
    restored = " ".join(_case_like(w, r) for w, r in zip(words, unit.name.split(), strict=False))
    if len(unit.name.split()) != len(words):
        restored = unit.name.upper() if written.isupper() else unit.name
    return restored, unit


def restore_unit_names(text: str) -> str:
    """An unmarked letterhead or recipient ("UY BAN NHAN DAN THANH PHO CAM PHA") with its
    unit words and the place name after the last level word restored; marked text as is."""
    if not _unmarked(text) or not text.strip():
        return text
    key = text.lower()
    m = _LEVEL.search(key)
    if not m:
        return text
    name = text[m.start(2) : m.end(2)]
    restored, unit = restore_place(name, level=_WORDS[m.group(1)])
    if unit is None:
        return text
    out = text[: m.start(2)] + restored
    pieces: list[str] = []
    last = 0
    for w in _WORD_RX.finditer(out.lower()):
        if w.start() >= m.start(2):
            break
        pieces.append(out[last : w.start()])
        pieces.append(_case_like(out[w.start() : w.end()], _WORDS[w.group(1)]))
        last = w.end()
    pieces.append(out[last:])
    return "".join(pieces)
