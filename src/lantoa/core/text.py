"""Vietnamese text handling shared by every part of Lan Tỏa.

Vietnamese writes each syllable with a base letter, optional vowel-quality marks
(â ă ê ô ơ ư, and the separate letter đ) and at most one tone mark (huyền, hỏi,
ngã, sắc, nặng). The same word reaches us in many shapes: decomposed (NFD) from
macOS or some PDF extractors, with the tone on a different vowel ("hoá" against
"hóa"), or with no marks at all after an English-model OCR. This module turns
those shapes into one:

* :func:`nfc` is applied to every string that enters the system;
* :func:`normalize_tones` puts tone marks on one agreed vowel;
* :func:`fold` strips every mark *while keeping character positions*, so a match
  found in the folded text can be highlighted in the original;
* :func:`tokens` splits text into syllable/number tokens with their spans;
* :func:`sort_key` orders strings the Vietnamese way (a ă â b c d đ e ê …).

No Django here: plain functions over ``str``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Folded",
    "Token",
    "fold",
    "fold_key",
    "is_nfc",
    "nfc",
    "normalize_tones",
    "normalize_whitespace",
    "sort_key",
    "tokens",
]

# Combining tone marks, in the traditional order ngang < huyền < hỏi < ngã < sắc < nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_SET = frozenset(_TONES)
# Combining marks that change the vowel itself and stay when tones move.
_QUALITY = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn

_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode Normalization Form C (the form we store)."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


_WS = re.compile(r"\s+")


def normalize_whitespace(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


# ---------------------------------------------------------------------------
# Accent folding with position mapping


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    if ord(ch) < 0x80:
        return ch
    base = unicodedata.normalize("NFD", ch)
    # Keep the first non-combining code point; a lone combining mark folds to "".
    return "".join(c for c in base if not unicodedata.combining(c))[:1]


@dataclass(frozen=True, slots=True)
class Folded:
    """Accent-folded, lower-cased text with a map back to the original.

    ``offsets[i]`` is the index in the original string of ``text[i]``; one extra
    entry at the end equals the original length, so spans convert cleanly.
    """

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Convert a ``[start, end)`` span of the folded text to the original."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside folded text of {len(self.text)}")
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str, *, lower: bool = True) -> Folded:
    """Strip every diacritic (and đ → d) from ``text``, keeping positions.

    Works on NFC and NFD input alike: combining marks vanish and each remaining
    character records where it came from.
    """
    out: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        if lower:
            low = folded.lower()
            folded = low if len(low) == 1 else folded
        if folded:
            out.append(folded)
            offsets.append(index)
    offsets.append(len(text))
    return Folded("".join(out), tuple(offsets))


def fold_key(text: str) -> str:
    """A comparison key: folded, lower-cased, whitespace-collapsed."""
    return normalize_whitespace(fold(text).text)


# ---------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[Token]:
    """Split text into syllables and numbers, each with its character span.

    Vietnamese words are written as space-separated syllables, so a syllable is the
    natural unit for matching; punctuation and symbols separate tokens. Input
    should be NFC (a combining mark would split a syllable).
    """
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------------------
# Tone-mark placement

ToneStyle = Literal["old", "new"]
_SYLLABLE = re.compile(r"[^\W\d_]+", re.UNICODE)


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Remove the tone mark from a syllable; return the bare syllable and the mark."""
    tone: str | None = None
    kept: list[str] = []
    for c in unicodedata.normalize("NFD", syllable):
        if c in _TONE_SET:
            tone = c
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_index(bare: str, style: ToneStyle) -> int | None:
    """Index of the vowel that carries the tone in a tone-less syllable."""
    low = bare.lower()
    start = 0
    if low.startswith("qu") or (low.startswith("gi") and len(low) > 2 and low[2] in _VOWELS):
        start = 2
    while start < len(low) and low[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(low) and low[end] in _VOWELS:
        end += 1
    if start == end:
        # "gì", "quỳ": the i/y after gi/qu is the only vowel.
        if low.startswith(("gi", "qu")) and len(low) >= 2:
            return 1 if low[1] in _VOWELS else None
        return None
    cluster = low[start:end]
    has_final = end < len(low)
    marked = [i for i, c in enumerate(cluster) if c in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]  # ươ → ơ; otherwise the one marked vowel
    if len(cluster) == 1:
        return start
    if len(cluster) == 3:
        return start + 1
    if has_final:
        return start + 1
    if style == "new" and cluster in ("oa", "oe", "uy"):
        return start + 1
    return start


def _retone(syllable: str, style: ToneStyle) -> str:
    bare, tone = _split_tone(syllable)
    if tone is None:
        return bare
    index = _tone_index(bare, style)
    if index is None:
        return nfc(syllable)
    return nfc(bare[:index] + unicodedata.normalize("NFD", bare[index]) + tone + bare[index + 1 :])


def normalize_tones(text: str, *, style: ToneStyle = "old") -> str:
    """Place every tone mark on one agreed vowel and return NFC text.

    ``style="old"`` (the default, the usual choice of administrative documents)
    writes "hóa", "thủy", "khỏe"; ``style="new"`` writes "hoá", "thuỷ", "khoẻ".
    Only the vowel carrying the tone changes; letters and case stay as they are.
    """
    return _SYLLABLE.sub(lambda m: _retone(m.group(), style), nfc(text))


# ---------------------------------------------------------------------------
# Vietnamese collation

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}


def _letters(text: str) -> Iterator[tuple[int, int]]:
    for ch in nfc(text).lower():
        bare, tone = _split_tone(ch)
        tone_rank = 0 if tone is None else _TONES.index(tone) + 1
        if bare in _LETTER_RANK:
            yield _LETTER_RANK[bare] + 1000, tone_rank
        else:
            yield ord(bare[:1] or ch), tone_rank


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key for Vietnamese: letters in alphabet order (a < ă < â < b … đ …),
    then tones (ngang < huyền < hỏi < ngã < sắc < nặng) as a tie-breaker.

    ``sorted(names, key=sort_key)`` puts "Đà Nẵng" after "Dương" and before
    "Gia Lai", as a Vietnamese reader expects.
    """
    pairs = list(_letters(text))
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
