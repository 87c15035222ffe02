"""Restoring the marks of a text: candidates per word, a Viterbi search, a confidence each.

Each unmarked word whose key the model knows gets its marked forms as candidates; the
trigram model (:mod:`lantoa.core.diacritics.lm`) picks the most likely sequence over each
chunk with a second-order Viterbi search. A word is left exactly as written when it is a
number, part of a code (``4231/UBND-VHTT``), an acronym in running text, already carries
marks the model knows, or stands in a line that is well marked already (there an unmarked
word is meant unmarked) or not Vietnamese at all. Case is carried over; every character that
is not a restored word — spaces, punctuation, line breaks — is copied as it was.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np

from lantoa.core.diacritics.lexicon import (
    OTHER,
    TITLE,
    WORD,
    case_of,
    chunks,
    is_marked,
    is_syllable,
    key,
    traditional_tone,
)
from lantoa.core.diacritics.lm import BOUNDARY, NUMBER, UNKNOWN, Model, model_from_bytes
from lantoa.core.text import nfc

MODEL_FILE = "data/model.bin.xz"
MAX_CHARS = 200_000
MAX_CANDIDATES = 8
BEAM = 3.0  # log10: a state 1000 times less likely than the best is dropped
WINDOW = 200  # words decoded together at most; longer chunks are cut
WELL_MARKED = 0.5  # share of marked words from which a line counts as well marked
VIETNAMESE = 0.6  # share of words with a known key below which a line is left alone
# Digits an English-model OCR puts for Vietnamese letters ("1am" for "làm", "kh0ng").
_OCR_DIGITS = str.maketrans({"0": "o", "6": "o", "1": "l", "3": "e"})


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped model (trained by ``make diacritics-model``), loaded once."""
    data = resources.files("lantoa.core.diacritics").joinpath(MODEL_FILE).read_bytes()
    return model_from_bytes(data)


class Token(NamedTuple):
    """A word of the text: where it is, what it was, what it became, how sure that is."""

    start: int
    end: int
    original: str
    restored: str
    confidence: float


@dataclass(frozen=True)
class Restored:
    text: str
    tokens: tuple[Token, ...]
    truncated: bool = False
    vietnamese: bool = True  # False: the text does not read as Vietnamese, left as it was

    @property
    def changed(self) -> int:
        return sum(1 for t in self.tokens if t.original != t.restored)

    @property
    def changes(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.original != t.restored)


@dataclass
class _Word:
    start: int
    end: int
    text: str
    ids: list[int]  # candidates; UNKNOWN or a single id: the word as written
    emit: list[float] | None = None  # log10 P(written in this case | candidate)
    fixed: bool = False

    def spell(self, model: Model, choice: int) -> str:
        word_id = self.ids[choice]
        if self.fixed or word_id == UNKNOWN:
            return self.text
        return _with_case(self.text, model.vocab[word_id])


def _with_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# A code or number: a piece between spaces with a slash, or with a digit and a hyphen
# (4231/UBND-VHTT, 13/2023/NĐ-CP, 19/10/2022, QĐ-2024).
_PIECE = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")


def _code_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the pieces of ``text`` that are codes, in order."""
    starts: list[int] = []
    ends: list[int] = []
    for match in _PIECE.finditer(text):
        piece = match.group()
        if "/" in piece or ("-" in piece and _DIGIT.search(piece)):
            starts.append(match.start())
            ends.append(match.end())
    return starts, ends


def _in_code(spans: tuple[list[int], list[int]], start: int) -> bool:
    where = bisect_right(spans[0], start) - 1
    return where >= 0 and start < spans[1][where]


@dataclass
class _Line:
    words: int = 0
    marked: int = 0
    known: int = 0
    upper: int = 0

    def add(self, other: _Line) -> None:
        self.words += other.words
        self.marked += other.marked
        self.known += other.known
        self.upper += other.upper


def _plan(model: Model, source: str) -> tuple[list[list[_Word]], bool]:
    """Candidates for every word, chunk by chunk; and whether the text reads as Vietnamese."""
    codes = _code_spans(source)
    found: list[tuple[int, _Line, list[tuple[int, int, str]]]] = []
    lines: dict[int, _Line] = {}
    line = 0
    position = 0
    for offset, chunk in chunks(source):
        line += source.count("\n", position, offset)
        position = offset
        stats = lines.setdefault(line, _Line())
        own = _Line()
        words = []
        for match in WORD.finditer(chunk):
            word = match.group()
            start, end = offset + match.start(), offset + match.end()
            words.append((start, end, word))
            # Codes and acronyms (UBND, VHTT) say nothing of the language or the marking.
            if word.isalpha() and _has_vowel(word) and not _in_code(codes, start):
                own.words += 1
                own.marked += is_marked(word)
                own.known += is_syllable(word) and key(word) in model.forms
                own.upper += word.isupper()
        stats.add(own)
        found.append((line, own, words))
    total = _Line()
    for stats in lines.values():
        total.add(stats)
    vietnamese = total.words == 0 or total.known >= VIETNAMESE * total.words
    poor_text = total.marked < WELL_MARKED * total.words
    planned: list[list[_Word]] = []
    for line, own, words in found:
        stats = lines[line]
        # A sentence in another language is left alone; a short one is judged by its line.
        judged = own if own.words >= 3 else stats
        foreign = not vietnamese or (judged.words >= 3 and judged.known < VIETNAMESE * judged.words)
        poor = stats.marked < WELL_MARKED * stats.words if stats.words >= 4 else poor_text
        caps = stats.upper >= 0.5 * stats.words
        # An upper-case word next to another one is a heading (THANH PHO CAM PHA), not an
        # acronym in running text (Công an (CA) xã).
        upper = [len(w) > 1 and w.isupper() for _, _, w in words]
        sentence = [
            _candidates(
                model,
                codes,
                start,
                end,
                word,
                restore=poor and not foreign,
                caps=caps or (i > 0 and upper[i - 1]) or (i + 1 < len(words) and upper[i + 1]),
            )
            for i, (start, end, word) in enumerate(words)
        ]
        for candidate in sentence[1:]:  # inside a chunk, a capital tells "Sở" from "số"
            case = case_of(candidate.text) if len(candidate.ids) > 1 else OTHER
            if case != OTHER:
                table = model.title if case == TITLE else model.lower
                candidate.emit = [float(table[i]) for i in candidate.ids]
        planned.append(sentence)
    return planned, vietnamese


def _candidates(
    model: Model,
    codes: tuple[list[int], list[int]],
    start: int,
    end: int,
    word: str,
    *,
    restore: bool,
    caps: bool,
) -> _Word:
    def fixed(word_id: int) -> _Word:
        return _Word(start, end, word, [word_id], fixed=True)

    if any(c.isdigit() for c in word):
        if not restore or not _ocr_digit(word) or _in_code(codes, start):
            return fixed(NUMBER)
        folded = key(word).translate(_OCR_DIGITS)
        if not folded.isalpha() or folded not in model.forms:
            return fixed(NUMBER)
        return _Word(start, end, word, list(model.forms[folded][:MAX_CANDIDATES]))
    low = traditional_tone(word.lower())
    known = model.index.get(low, UNKNOWN)
    marked = is_marked(word)
    if (marked and known != UNKNOWN) or not restore:
        return fixed(known)
    if _in_code(codes, start):
        return fixed(known)
    if word.isupper() and len(word) > 1 and not caps and _has_vowel(word):
        return fixed(known)  # an acronym in running text (TU, CA); HDND may become HĐND
    if not (word.islower() or word.isupper() or word[1:].islower()):  # mixed case: a name
        return fixed(known)
    known_forms = model.forms.get(key(word))
    if not known_forms:
        return fixed(known)
    ids = list(known_forms[:MAX_CANDIDATES])
    if marked:  # marks the model never saw: OCR damage ("chuyén") competes with known forms
        ids.append(UNKNOWN)
    return _Word(start, end, word, ids)


def _has_vowel(word: str) -> bool:
    return any(c in "aeiouy" for c in key(word))


def _ocr_digit(word: str) -> bool:
    """Could a digit in this word be a letter an OCR misread ("1am" for "làm")?

    Only in lower case, one digit and at least two letters: "1a", "B2", "A1" are numbers
    of clauses, classes and codes.
    """
    digits = sum(c.isdigit() for c in word)
    return digits == 1 and len(word) - digits >= 2 and word == word.lower()


def _decode(model: Model, words: list[_Word], *, confidence: bool) -> list[tuple[int, float]]:
    """Second-order Viterbi: (candidate index, confidence) for each word.

    The scores of every (a, b, c) triple of candidates are looked up at once; the search
    itself runs in plain Python, faster than array calls on lattices this small (mostly a
    few candidates a word). Confidence is the share of the best complete path through the
    chosen form among the best paths through each form (max-marginals, base 10).
    """
    n = len(words)
    seq: list[list[int]] = [[BOUNDARY], [BOUNDARY], *(w.ids for w in words), [BOUNDARY]]
    keys: list[int] = []
    offsets = []
    for i in range(n + 1):
        offsets.append(len(keys))
        third = seq[i + 2]
        for pair in [(a << 32) | (b << 16) for a in seq[i] for b in seq[i + 1]]:
            keys.extend([pair | c for c in third])
    flat: list[float] = model.score_keys(np.array(keys, dtype=np.uint64)).tolist()
    # forward[i][b][c]: best score of words 0..i with word i-1 = b, word i = c.
    forward: list[list[list[float]]] = []
    pointers: list[list[list[int]]] = []
    previous = [[0.0]]
    floor = -1e30
    for i in range(n):
        na, nb, nc, base = len(seq[i]), len(seq[i + 1]), len(seq[i + 2]), offsets[i]
        emit = words[i].emit
        scores = []
        backs = []
        for b in range(nb):
            row: list[float] = []
            back = [0] * nc
            for a in range(na):
                p = previous[a][b]
                if p < floor:  # out of the beam: no path through it can win
                    continue
                start = base + (a * nb + b) * nc
                if not row:
                    row = [p + t for t in flat[start : start + nc]]
                    back = [a] * nc
                    continue
                for c, t in enumerate(flat[start : start + nc]):
                    if p + t > row[c]:
                        row[c] = p + t
                        back[c] = a
            if emit and row:
                row = [v + e for v, e in zip(row, emit, strict=True)]
            scores.append(row or [-1e30] * nc)
            backs.append(back)
        floor = max(max(row) for row in scores) - BEAM
        forward.append(scores)
        pointers.append(backs)
        previous = scores
    # The end of the chunk, then back along the pointers.
    na, nb, base = len(seq[n]), len(seq[n + 1]), offsets[n]
    backward = [[flat[base + a * nb + b] for b in range(nb)] for a in range(na)]
    best, b, c = -1e30, 0, 0
    for a in range(na):
        for bb in range(nb):
            value = previous[a][bb] + backward[a][bb]
            if value > best:
                best, b, c = value, a, bb
    path = [c]
    for i in range(n - 1, 0, -1):
        b, c = pointers[i][b][c], b
        path.append(c)
    path.reverse()
    if not confidence:
        return [(c, 1.0) for c in path]
    out: list[tuple[int, float]] = [(0, 1.0)] * n
    for i in range(n - 1, -1, -1):
        nb, nc = len(seq[i + 1]), len(seq[i + 2])
        if nc > 1:
            scores = forward[i]
            marginal = [max(scores[b][c] + backward[b][c] for b in range(nb)) for c in range(nc)]
            top = max(marginal)
            share = 10.0 ** (marginal[path[i]] - top) / sum(10.0 ** (m - top) for m in marginal)
            out[i] = (path[i], share)
        else:
            out[i] = (0, 1.0)
        if i:
            na, base = len(seq[i]), offsets[i]
            emitted = words[i].emit
            ahead = (
                [[v + e for v, e in zip(row, emitted, strict=True)] for row in backward]
                if emitted is not None
                else backward
            )
            backward = [
                [
                    max(flat[base + (a * nb + b) * nc + c] + ahead[b][c] for c in range(nc))
                    for b in range(nb)
                ]
                for a in range(na)
            ]
    return out


def restore(
    text: str, model: Model | None = None, *, limit: int = MAX_CHARS, confidence: bool = True
) -> Restored:
    """Propose diacritics for ``text`` (NFC); every character that is not a word is kept.

    Reads at most ``limit`` characters (``truncated`` says so). A text that does not read
    as Vietnamese comes back unchanged with ``vietnamese`` False. ``confidence=False``
    skips the backward pass that computes each word's confidence (all 1.0): about a third
    faster, for callers that only want the text.
    """
    model = model or load_model()
    truncated = len(text) > limit
    source = nfc(text[:limit])
    planned, vietnamese = _plan(model, source)
    tokens: list[Token] = []
    seen: dict[tuple[tuple[int, ...], ...], list[tuple[int, float]]] = {}
    for words in planned:
        for begin in range(0, len(words), WINDOW):
            window = words[begin : begin + WINDOW]
            if all(len(w.ids) == 1 for w in window):
                tokens.extend(Token(w.start, w.end, w.text, w.spell(model, 0), 1.0) for w in window)
                continue
            lattice = tuple(tuple(w.ids) for w in window)
            decoded = seen.get(lattice) or _decode(model, window, confidence=confidence)
            seen[lattice] = decoded  # a text that repeats itself is decoded once
            for word, (choice, share) in zip(window, decoded, strict=True):
                tokens.append(
                    Token(word.start, word.end, word.text, word.spell(model, choice), share)
                )
    out: list[str] = []
    position = 0
    for token in tokens:
        out.append(source[position : token.start])
        out.append(token.restored)
        position = token.end
    out.append(source[position:])
    return Restored("".join(out), tuple(tokens), truncated, vietnamese)
