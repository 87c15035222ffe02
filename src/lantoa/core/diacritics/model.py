"""The syllable model: accented forms per folded syllable, and syllable bigrams."""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lantoa.core.text import fold, nfc

MAX_CHARS = 200_000
BOUNDARY = "<s>"
ALPHA = 2.0  # weight of the unigram prior inside the bigram estimate
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n()\[\]\"“”]")
# Digits an English-model OCR puts for Vietnamese letters ("s6" for "số").
_OCR_DIGITS = str.maketrans({"0": "o", "6": "o", "1": "l", "3": "e"})


def _is_marked(word: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word)) or any(
        c in "đĐ" for c in word
    )


def _sentences(text: str) -> Iterable[list[str]]:
    for chunk in _SENTENCE_BREAK.split(nfc(text)):
        words = [w.lower() for w in _WORD.findall(chunk) if w.isalpha()]
        if words:
            yield words


@dataclass(frozen=True)
class Model:
    forms: dict[str, dict[str, int]]  # folded syllable -> accented form -> count
    bigrams: dict[str, int]  # "prev\tcur" -> count
    unigrams: dict[str, int]  # accented form -> count
    total: int

    def to_json(self) -> dict[str, object]:
        return {
            "schema": 1,
            "forms": self.forms,
            "bigrams": self.bigrams,
            "unigrams": self.unigrams,
            "total": self.total,
        }


def train(texts: Iterable[str]) -> Model:
    """Count syllables and syllable pairs of well-marked Vietnamese text."""
    forms: dict[str, Counter[str]] = {}
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for text in texts:
        for words in _sentences(text):
            previous = BOUNDARY
            for word in words:
                key = fold(word).text
                forms.setdefault(key, Counter())[word] += 1
                unigrams[word] += 1
                bigrams[f"{previous}\t{word}"] += 1
                previous = word
            bigrams[f"{previous}\t{BOUNDARY}"] += 1
    return Model(
        forms={k: dict(sorted(v.items())) for k, v in sorted(forms.items())},
        bigrams=dict(sorted(bigrams.items())),
        unigrams=dict(sorted(unigrams.items())),
        total=sum(unigrams.values()),
    )


def model_bytes(model: Model) -> bytes:
    """A deterministic gzip of the model (fixed mtime), so retraining reproduces it."""
    raw = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0)


@lru_cache(maxsize=1)
def load_model() -> Model:
    data = resources.files("lantoa.core.diacritics").joinpath("data/model.json.gz").read_bytes()
    raw = json.loads(gzip.decompress(data))
    if raw.get("schema") != 1:
        raise ValueError(f"diacritics model schema {raw.get('schema')} is not supported")
    return Model(raw["forms"], raw["bigrams"], raw["unigrams"], raw["total"])


@dataclass(frozen=True)
class Token:
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

    @property
    def changed(self) -> int:
        return sum(1 for t in self.tokens if t.original != t.restored)


def _with_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _candidates(model: Model, word: str) -> list[str]:
    low = word.lower()
    if _is_marked(word) and low in model.unigrams:
        return [low]
    key = fold(low).text
    if any(c.isdigit() for c in key) and any(c.isalpha() for c in key):
        key = key.translate(_OCR_DIGITS)
    options = model.forms.get(key)
    if not options:
        return [low]
    # A marked form never seen is likely OCR damage ("chuyén"): it competes with the known
    # forms of its folded syllable, and usually loses to them.
    return [*options, low] if _is_marked(word) and low not in options else list(options)


def _log_transition(model: Model, previous: str, word: str) -> float:
    prior = (model.unigrams.get(word, 0) + 0.1) / (model.total + 1.0)
    pair = model.bigrams.get(f"{previous}\t{word}", 0)
    seen = model.unigrams.get(previous, 0) if previous != BOUNDARY else model.total
    return math.log((pair + ALPHA * prior) / (seen + ALPHA))


def _decode(model: Model, words: list[str]) -> list[tuple[str, float]]:
    """Viterbi over each word's candidate forms; returns (form, confidence) per word."""
    lattice = [_candidates(model, w) for w in words]
    scores: list[dict[str, float]] = []
    back: list[dict[str, str]] = []
    for index, options in enumerate(lattice):
        current: dict[str, float] = {}
        pointers: dict[str, str] = {}
        for option in options:
            if index == 0:
                current[option] = _log_transition(model, BOUNDARY, option)
                continue
            best_prev, best = max(
                ((p, s + _log_transition(model, p, option)) for p, s in scores[-1].items()),
                key=lambda item: item[1],
            )
            current[option] = best
            pointers[option] = best_prev
        scores.append(current)
        back.append(pointers)
    final = {w: s + _log_transition(model, w, BOUNDARY) for w, s in scores[-1].items()}
    choice = max(final, key=lambda w: final[w])
    path = [choice]
    for index in range(len(words) - 1, 0, -1):
        choice = back[index][choice]
        path.append(choice)
    path.reverse()
    out = []
    for index, form in enumerate(path):
        column = scores[index]
        top = max(column.values())
        weight = sum(math.exp(v - top) for v in column.values())
        out.append((form, 1.0 / weight))
    return out


def restore(text: str, model: Model | None = None) -> Restored:
    """Propose diacritics for ``text``; positions of unchanged characters are kept."""
    model = model or load_model()
    truncated = len(text) > MAX_CHARS
    source = nfc(text[:MAX_CHARS])
    tokens: list[Token] = []
    cursor = 0
    for chunk in _SENTENCE_BREAK.split(source) if source else []:
        offset = source.index(chunk, cursor) if chunk else cursor
        matches = [m for m in _WORD.finditer(chunk) if not m.group().isdigit()]
        if matches:
            decoded = _decode(model, [m.group() for m in matches])
            for match, (form, confidence) in zip(matches, decoded, strict=True):
                original = match.group()
                restored = _with_case(original, form)
                tokens.append(
                    Token(
                        offset + match.start(), offset + match.end(), original, restored, confidence
                    )
                )
        cursor = offset + len(chunk)
    # Rebuild the text: unchanged spans copied, each token replaced by its restored form.
    out: list[str] = []
    position = 0
    for token in tokens:
        out.append(source[position : token.start])
        out.append(token.restored)
        position = token.end
    out.append(source[position:])
    return Restored(nfc("".join(out)), tuple(tokens), truncated)
