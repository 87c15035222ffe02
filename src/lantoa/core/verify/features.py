"""Turn Vietnamese text into comparable features: folded syllables and syllable pairs.

Matching works on accent-folded, lower-cased syllables (``lantoa.core.text.fold``),
so text that lost its diacritics in an English-model OCR ("Chuyen doi so") still
matches the pack. Three repairs make common damage comparable:

* the abbreviations the documents use are expanded: CNTT → công nghệ thông tin,
  CĐS (and its OCR shapes CDS, CPS, CBS, CDBS) → chuyển đổi số;
* syllables where OCR put a digit for a letter ("1am", "s6", "x3") get the letter
  back; a pure number is left alone (it may be a point number);
* "+" is kept as a token: it is the whole point of point 17 ("CNTT +").

A feature is a syllable or a pair of adjacent syllables; pairs carry most of the
meaning of Vietnamese compound words ("điện toán", "đám mây").
"""

from __future__ import annotations

import itertools
import re

from lantoa.core.text import fold, nfc

_TOKEN = re.compile(r"[^\W_]+|\+", re.UNICODE)
_OCR_DIGITS = str.maketrans({"1": "l", "0": "o", "6": "o", "3": "a", "4": "a", "5": "s"})
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "cntt": ("cong", "nghe", "thong", "tin"),
    "cds": ("chuyen", "doi", "so"),
    "cps": ("chuyen", "doi", "so"),
    "cbs": ("chuyen", "doi", "so"),
    "cdbs": ("chuyen", "doi", "so"),
}


def normalize_token(token: str) -> tuple[str, ...]:
    """One folded token → the syllables it stands for."""
    if token in _ABBREVIATIONS:
        return _ABBREVIATIONS[token]
    if not token.isdigit() and not token.isalpha() and any(c.isalpha() for c in token):
        return (token.translate(_OCR_DIGITS),)
    return (token,)


def syllables(folded: str) -> list[str]:
    """Normalised syllables of already-folded text."""
    out: list[str] = []
    for match in _TOKEN.finditer(folded):
        out.extend(normalize_token(match.group()))
    return out


def features_of(words: list[str]) -> set[str]:
    """Syllables and adjacent pairs (joined with a space)."""
    feats = set(words)
    feats.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return feats


_CLAUSE = re.compile(r"[.!?;\n]+")


def text_features(text: str) -> set[str]:
    """Features of a pack string; pairs never cross a sentence end, as in a text's units."""
    out: set[str] = set()
    for clause in _CLAUSE.split(fold(nfc(text)).text):
        out |= features_of(syllables(clause))
    return out
