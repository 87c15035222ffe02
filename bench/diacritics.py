"""Measure diacritic restoration: syllable accuracy held out, against leaving the text as is.

Held-out groups of the training documents (the pack with seeds 000-002, which carry the same
speech; seed 003; the place names always stay in training): the held-out document is
stripped of its marks, restored by a model trained without it, and compared syllable by
syllable with the original. Also: restoration speed, and seed 004 (real English-model OCR)
restored for reading.

    .venv/bin/python bench/diacritics.py
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lantoa.core.diacritics.corpus import documents
from lantoa.core.diacritics.model import _WORD, restore, train
from lantoa.core.text import fold


def syllables(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.isalpha()]


def strip(text: str) -> str:
    return fold(text, lower=False).text


def evaluate(held_out: str, model) -> tuple[int, int, int]:
    truth = syllables(held_out)
    stripped = strip(held_out)
    restored = syllables(restore(stripped, model).text)
    baseline = syllables(stripped)
    assert len(truth) == len(restored) == len(baseline)
    right = sum(a == b for a, b in zip(truth, restored, strict=True))
    as_is = sum(a == b for a, b in zip(truth, baseline, strict=True))
    return right, as_is, len(truth)


def main() -> None:
    docs = documents()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    # The pack and seeds 000-002 carry the same speech: they are held out together.
    groups = {
        "speech (pack, 000-002)": ["pack", "seed-000.txt", "seed-001.txt", "seed-002.txt"],
        "seed 003 (table)": ["seed-003.txt"],
    }
    total_right = total_as_is = total = 0
    for label, names in groups.items():
        model = train(t for n, t in docs.items() if n not in names)
        right = as_is = count = 0
        for name in names:
            r, a, n = evaluate(docs[name], model)
            right, as_is, count = right + r, as_is + a, count + n
        total_right, total_as_is, total = total_right + right, total_as_is + as_is, total + count
        print(
            f"held out {label:<24} {right / count:6.1%} restored "
            f"({as_is / count:5.1%} as is)  {count} syllables"
        )
    print(
        f"{'all held out':<33} {total_right / total:6.1%} restored "
        f"({total_as_is / total:5.1%} as is)  {total} syllables"
    )
    model = train(docs.values())
    text = strip(docs["pack"]) * 3
    start = time.perf_counter()
    restore(text, model)
    seconds = time.perf_counter() - start
    print(f"speed: {len(syllables(text)) / seconds:,.0f} syllables/s")
    seed = Path(__file__).resolve().parent.parent / "tests" / "samples" / "seeds"
    (ocr,) = seed.glob("004_*.txt")
    sample = ocr.read_text(encoding="utf-8").splitlines()[:8]
    print("seed 004, first lines restored:")
    for line in sample:
        if line.strip():
            print("  " + restore(line, model).text)


if __name__ == "__main__":
    main()
