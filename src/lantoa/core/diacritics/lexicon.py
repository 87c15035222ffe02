"""Words as the restoration model sees them: syllables, numbers, sentence chunks.

Training and restoration cut text the same way. A *chunk* is a run of text between sentence
punctuation or a line break; the model never looks across one. Inside a chunk every word
(`[^\\W_]+`) is one token: a number (any digit) is the single token ``<num>``, anything else
its lower-case form. A syllable's *key* is its folded form (no marks, đ → d): the marked
forms seen in training under a key are the candidates for an unmarked word.

Case tells something too: mid-sentence, "Sở" (a department) is written with a capital far
more often than "số" (a number). The model keeps, for every form, how often it was written
title-case rather than lower-case when not first in its chunk.

Tone placement is written two ways (hòa / hoà, thủy / thuỷ); the model learns and proposes
the traditional placement, the one most of its corpus uses (:func:`traditional_tone`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from lantoa.core.text import fold

WORD = re.compile(r"[^\W_]+", re.UNICODE)
SENTENCE_BREAK = re.compile(r"[.!?;:\n()\[\]\"“”|\t]")
MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")

# Syllable-final "oa", "oe", "uy" with the tone on the second vowel (hoà) → on the first
# (hòa). Not after q, where u belongs to the onset (quý).
_NEW_TO_OLD = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


def traditional_tone(word: str) -> str:
    """``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``; other words unchanged (case kept)."""
    low = word.lower()
    tail = low[-2:]
    old = _NEW_TO_OLD.get(tail)
    if old is None or (tail[0] == "u" and low[-3:-2] == "q"):
        return word
    if word[-2:].isupper():
        old = old.upper()
    elif word[-2:-1].isupper():
        old = old[0].upper() + old[1]
    return word[:-2] + old


# A Vietnamese syllable without its marks: onset, one to three vowels, a final consonant.
# Loose (it admits some sequences no one writes) but English words rarely pass.
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?"
)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Could the word be a Vietnamese syllable, marks aside? ("thong" yes, "brown" no)."""
    return _SYLLABLE.fullmatch(key(word)) is not None


@lru_cache(maxsize=65536)
def is_marked(word: str) -> bool:
    """Does the word carry any Vietnamese mark (tone, hat, horn, breve, đ)?"""
    if word.isascii():
        return False
    return "đ" in word or "Đ" in word or any(c in MARKS for c in unicodedata.normalize("NFD", word))


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The folded, lower-case form that groups a syllable's marked variants."""
    return fold(word).text


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) for each run between sentence breaks of an NFC text."""
    position = 0
    for match in SENTENCE_BREAK.finditer(text):
        if match.start() > position:
            yield position, text[position : match.start()]
        position = match.end()
    if position < len(text):
        yield position, text[position:]


LOWER, TITLE, OTHER = 0, 1, 2


def case_of(word: str) -> int:
    """LOWER (``sở``), TITLE (``Sở``) or OTHER (``SỞ``, ``TTg``, numbers)."""
    if word.islower():
        return LOWER
    if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):
        return TITLE
    return OTHER


def training_words(line: str) -> Iterator[list[tuple[str, int]]]:
    """Each chunk's words of a well-marked line: (lower case or ``<num>``, its case)."""
    for _, chunk in chunks(unicodedata.normalize("NFC", line)):
        words = [
            ("<num>", OTHER)
            if any(c.isdigit() for c in w)
            else (traditional_tone(w.lower()), case_of(w))
            for w in WORD.findall(chunk)
        ]
        if words:
            yield words
