"""The syllable trigram language model: counting, pruning, a compact file, look-ups.

Every syllable of the vocabulary has a 16-bit id, so a bigram is one 32-bit key (``a<<16|b``)
and a trigram one 64-bit key (``a<<32|b<<16|c``), kept sorted and looked up with
:func:`numpy.searchsorted`. A score is a log10 relative frequency (*stupid backoff*, Brants
et al. 2007): the trigram's if it was seen, else ``BACKOFF`` plus the bigram's, else twice
that plus the unigram's. Scores are quantised to one byte. That ranks candidate sequences
well, which is all restoration asks of it, at a fraction of the size of a smoothed model.

Ids 0–2 are reserved: 0 is the chunk boundary (start and end), 1 an unknown word, 2 a number.
"""

from __future__ import annotations

import json
import lzma
import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from lantoa.core.diacritics.lexicon import LOWER, OTHER, TITLE, is_marked, key, training_words

SCHEMA = 2
MAGIC = b"LTDM"
BOUNDARY, UNKNOWN, NUMBER = 0, 1, 2
RESERVED = ("<s>", "<unk>", "<num>")
MAX_VOCAB = 65_535
BACKOFF = float(np.log10(0.2))
STEP = 0.04  # log10 units per quantisation step: 255 steps reach 10^-10.2
FLOOR = -255 * STEP

U8 = npt.NDArray[np.uint8]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Pruning:
    """What training keeps: the smaller the counts kept, the larger the file."""

    min_word: int = 2  # a word seen fewer times is <unk>
    min_bigram: int = 1
    min_trigram: int = 2
    min_form_share: float = 0.0005  # a marked form rarer than this share of its key is dropped


@dataclass(frozen=True)
class Model:
    vocab: tuple[str, ...]
    unigram: F32  # log10 P(w), by id
    bigram_keys: U32
    bigram_scores: F32
    trigram_keys: U64
    trigram_scores: F32
    forms: dict[str, tuple[int, ...]]  # key -> ids of its marked forms, most frequent first
    title: F32  # log10 P(written title-case | form), inside a chunk
    lower: F32  # log10 P(written lower-case | form), inside a chunk
    meta: dict[str, object] = field(default_factory=dict)
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {w: i for i, w in enumerate(self.vocab)})

    def word_id(self, word: str) -> int:
        return self.index.get(word, UNKNOWN)

    def score_keys(self, trigrams: U64) -> F32:
        """Scores of trigram keys ``a<<32 | b<<16 | c``: c after (a, b), backing off."""
        tri, tri_found = _find(self.trigram_keys, trigrams)
        bigrams = (trigrams & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        bi, bi_found = _find(self.bigram_keys, bigrams)
        uni = self.unigram[(trigrams & np.uint64(0xFFFF)).astype(np.intp)]
        lower = np.where(bi_found, self.bigram_scores[bi], BACKOFF + uni)
        return np.where(tri_found, self.trigram_scores[tri], BACKOFF + lower).astype(np.float32)


def _find(keys: npt.NDArray[np.integer], query: npt.NDArray[np.integer]) -> tuple[
    npt.NDArray[np.intp], npt.NDArray[np.bool_]
]:  # fmt: skip
    if len(keys) == 0:
        zero = np.zeros(query.shape, dtype=np.intp)
        return zero, np.zeros(query.shape, dtype=np.bool_)
    where = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return where, keys[where] == query


# ---------------------------------------------------------------------------
# Training


def _ids(lines: Iterable[str]) -> tuple[list[str], U64, U8]:
    """Every chunk's words as ids, chunks separated by the boundary id; and their case."""
    index: dict[str, int] = {w: i for i, w in enumerate(RESERVED)}
    stream = array("Q", [BOUNDARY])
    cases = array("B", [OTHER])
    for line in lines:
        for words in training_words(line):
            for word, case in words:
                i = index.get(word)
                if i is None:
                    i = index[word] = len(index)
                stream.append(i)
                cases.append(case)
            stream.append(BOUNDARY)
            cases.append(OTHER)
    return (
        list(index),
        np.frombuffer(stream, dtype=np.uint64).copy(),
        np.frombuffer(cases, dtype=np.uint8).copy(),
    )


def _log10_ratio(counts: npt.NDArray[np.int64], contexts: npt.NDArray[np.int64]) -> F32:
    return np.log10(counts / np.maximum(contexts, 1)).astype(np.float32)


def train(lines: Iterable[str], pruning: Pruning = Pruning()) -> Model:
    """Count the syllables, pairs and triples of well-marked text into a pruned model."""
    words, raw, cases = _ids(lines)
    counts = np.bincount(raw.astype(np.intp), minlength=len(words)).astype(np.int64)
    # Vocabulary: reserved ids, then words seen often enough, most frequent first.
    kept = [i for i in range(len(RESERVED), len(words)) if counts[i] >= pruning.min_word]
    kept.sort(key=lambda i: (-int(counts[i]), words[i]))
    kept = kept[: MAX_VOCAB - len(RESERVED)]
    remap = np.full(len(words), UNKNOWN, dtype=np.uint64)
    for i in range(len(RESERVED)):
        remap[i] = i
    remap[np.array(kept, dtype=np.intp)] = np.arange(len(RESERVED), len(RESERVED) + len(kept))
    vocab = (*RESERVED, *(words[i] for i in kept))
    x = remap[raw.astype(np.intp)]
    del raw

    uni = np.bincount(x[1:].astype(np.intp), minlength=len(vocab)).astype(np.int64)
    unigram = np.log10(np.maximum(uni, 1) / max(int(uni.sum()), 1)).astype(np.float32)
    unigram[uni == 0] = FLOOR
    context = np.bincount(x[:-1].astype(np.intp), minlength=len(vocab)).astype(np.int64)
    # How each form is written when it does not open its chunk: title-case or lower-case.
    inside = np.concatenate(([False], x[:-1] != BOUNDARY))
    titled = np.bincount(x[inside & (cases == TITLE)].astype(np.intp), minlength=len(vocab))
    lowered = np.bincount(x[inside & (cases == LOWER)].astype(np.intp), minlength=len(vocab))
    share = (titled + 0.5) / (titled + lowered + 1.0)

    pairs = (x[:-1] << np.uint64(16)) | x[1:]
    pair_keys, pair_counts = np.unique(pairs, return_counts=True)
    del pairs
    first = (pair_keys >> np.uint64(16)).astype(np.intp)
    keep = pair_counts >= pruning.min_bigram
    bigram_keys = pair_keys[keep].astype(np.uint32)
    bigram_scores = _log10_ratio(pair_counts[keep], context[first[keep]])

    triples = (x[:-2] << np.uint64(32)) | (x[1:-1] << np.uint64(16)) | x[2:]
    triples = triples[x[1:-1] != BOUNDARY]  # never across a chunk boundary
    triple_keys, triple_counts = np.unique(triples, return_counts=True)
    del triples
    keep = triple_counts >= pruning.min_trigram
    triple_keys, triple_counts = triple_keys[keep], triple_counts[keep]
    where = np.searchsorted(pair_keys, triple_keys >> np.uint64(16))
    trigram_scores = _log10_ratio(triple_counts, pair_counts[where])

    forms: dict[str, list[tuple[int, int]]] = {}
    for i, word in enumerate(vocab[len(RESERVED) :], start=len(RESERVED)):
        if word.isalpha():
            forms.setdefault(key(word), []).append((int(uni[i]), i))
    form_ids: dict[str, tuple[int, ...]] = {}
    for k, options in sorted(forms.items()):
        total = sum(c for c, _ in options)
        options.sort(key=lambda o: (-o[0], o[1]))
        form_ids[k] = tuple(
            i for c, i in options if c >= pruning.min_form_share * total or not is_marked(vocab[i])
        )
    return Model(
        vocab=vocab,
        unigram=_quantised(unigram),
        bigram_keys=bigram_keys,
        bigram_scores=_quantised(bigram_scores),
        trigram_keys=triple_keys,
        trigram_scores=_quantised(trigram_scores),
        forms=form_ids,
        title=_quantised(np.log10(share).astype(np.float32)),
        lower=_quantised(np.log10(1.0 - share).astype(np.float32)),
        meta={
            "words": int(uni[len(RESERVED) :].sum()),  # in the vocabulary, numbers aside
            "tokens": int(uni.sum()),  # every word and number, and each chunk's end
            "pruning": pruning.__dict__,
        },
    )


def _quantised(scores: F32) -> F32:
    return _dequantise(_quantise(scores))


def _quantise(scores: F32) -> U8:
    quantised: U8 = np.clip(np.rint(-scores / STEP), 0, 255).astype(np.uint8)
    return quantised


def _dequantise(q: U8) -> F32:
    return (q.astype(np.float32) * np.float32(-STEP)).astype(np.float32)


# ---------------------------------------------------------------------------
# The file: MAGIC, header length, JSON header, arrays; all xz-compressed.


def model_bytes(model: Model) -> bytes:
    """The model as a deterministic xz file (retraining the same text gives the same bytes)."""
    arrays: list[tuple[str, npt.NDArray[np.generic]]] = [
        ("unigram", _quantise(model.unigram)),
        ("bigram_keys", np.diff(model.bigram_keys, prepend=np.uint32(0)).astype(np.uint32)),
        ("bigram_scores", _quantise(model.bigram_scores)),
        ("trigram_keys", np.diff(model.trigram_keys, prepend=np.uint64(0)).astype(np.uint64)),
        ("trigram_scores", _quantise(model.trigram_scores)),
        ("title", _quantise(model.title)),
        ("lower", _quantise(model.lower)),
    ]
    header = {
        "schema": SCHEMA,
        "vocab": list(model.vocab),
        "forms": {k: list(v) for k, v in model.forms.items()},
        "meta": model.meta,
        "arrays": [[name, a.dtype.str, len(a)] for name, a in arrays],
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    body = b"".join(a.tobytes() for _, a in arrays)
    raw = MAGIC + struct.pack("<I", len(head)) + head + body
    return lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME)


def model_from_bytes(data: bytes) -> Model:
    raw = lzma.decompress(data)
    if raw[:4] != MAGIC:
        raise ValueError("not a diacritics model file")
    (size,) = struct.unpack("<I", raw[4:8])
    header = json.loads(raw[8 : 8 + size])
    if header.get("schema") != SCHEMA:
        raise ValueError(f"diacritics model schema {header.get('schema')} is not supported")
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    offset = 8 + size
    for name, dtype, length in header["arrays"]:
        kind = np.dtype(dtype)
        arrays[name] = np.frombuffer(raw, dtype=kind, count=length, offset=offset)
        offset += kind.itemsize * length
    return Model(
        vocab=tuple(header["vocab"]),
        unigram=_dequantise(arrays["unigram"].astype(np.uint8)),
        bigram_keys=np.cumsum(arrays["bigram_keys"], dtype=np.uint32),
        bigram_scores=_dequantise(arrays["bigram_scores"].astype(np.uint8)),
        trigram_keys=np.cumsum(arrays["trigram_keys"], dtype=np.uint64),
        trigram_scores=_dequantise(arrays["trigram_scores"].astype(np.uint8)),
        forms={k: tuple(v) for k, v in header["forms"].items()},
        title=_dequantise(arrays["title"].astype(np.uint8)),
        lower=_dequantise(arrays["lower"].astype(np.uint8)),
        meta=header["meta"],
    )
