"""Measure diacritic restoration: syllable accuracy on text the model never saw, and speed.

Each text is stripped of its marks (đ → d too), restored, and compared word by word with the
original (lower case, tone placement normalised: hoà = hòa). "As is" is the share right
without restoring anything. Texts:

- the held-out blocks of the vi-legal corpus, with ``--corpus DIR`` (the folder of its
  ``vi-legal-*.txt.gz``; the split is the one ``tools/train_diacritics.py`` uses);
- every ``.txt`` / ``.md`` file in the folders or files given (default: the seeds,
  ``tests/samples/seeds``), e.g. ``tests/samples/real``; a README is skipped, and so is a
  text under 60 % of whose syllables are marked (an OCR'd text is no truth to compare with).

    .venv/bin/python bench/diacritics.py [--corpus DIR] [--cli] [PATH ...]

``--cli`` restores through ``lantoa restore -`` (a subprocess per text) instead of the
function, to measure exactly what a user gets.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from lantoa.core.diacritics import Model, load_model, model_from_bytes, restore  # noqa: E402
from lantoa.core.diacritics.lexicon import (  # noqa: E402
    WORD,
    is_marked,
    is_syllable,
    traditional_tone,
)
from lantoa.core.text import fold, nfc  # noqa: E402


def words(text: str) -> list[str]:
    """Every word (letters or digits), lower case, tone placement normalised."""
    return [traditional_tone(w.lower()) for w in WORD.findall(nfc(text))]


def strip(text: str) -> str:
    return fold(nfc(text), lower=False).text


def restored_text(text: str, model: Model, *, cli: bool) -> str:
    if not cli:
        return restore(text, model, limit=len(text) + 1, confidence=False).text
    lantoa = Path(sys.executable).with_name("lantoa")
    run = subprocess.run(
        [str(lantoa), "restore", "-"], input=text, capture_output=True, text=True, check=True
    )
    return run.stdout.removesuffix("\n") if not text.endswith("\n") else run.stdout


def score(text: str, model: Model, *, cli: bool = False) -> tuple[int, int, int]:
    """(right after restoring, right as is, words) for one text."""
    truth = words(text)
    stripped = strip(text)
    guess = words(restored_text(stripped, model, cli=cli))
    as_is = words(stripped)
    if len(guess) != len(truth):
        raise SystemExit("restoration changed the number of words")
    # Syllables: the words of the original made of letters only (not numbers, not "1a").
    pairs = [(t, g, a) for t, g, a in zip(truth, guess, as_is, strict=True) if t.isalpha()]
    right = sum(t == g for t, g, _ in pairs)
    return right, sum(t == a for t, _, a in pairs), len(pairs)


def well_marked(text: str) -> float:
    syllables = [w for w in WORD.findall(nfc(text)) if w.isalpha() and is_syllable(w)]
    return sum(map(is_marked, syllables)) / max(len(syllables), 1)


def report(label: str, right: int, as_is: int, count: int) -> None:
    print(
        f"{label:<44} {right / max(count, 1):6.1%} restored "
        f"({as_is / max(count, 1):5.1%} as is)  {count:>7,} syllables"
    )


def texts(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in {".txt", ".md"}))
        else:
            found.append(path)
    return [p for p in found if p.name.lower() != "readme.md"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tests/samples/seeds"])
    parser.add_argument("--corpus", type=Path, help="folder of vi-legal-*.txt.gz")
    parser.add_argument("--cli", action="store_true", help="restore through `lantoa restore -`")
    parser.add_argument("--model", type=Path, help="a model file other than the shipped one")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    started = time.perf_counter()
    model = model_from_bytes(args.model.read_bytes()) if args.model else load_model()
    print(f"model loaded in {time.perf_counter() - started:.2f} s")
    if args.corpus:
        from train_diacritics import split

        _, held = split(args.corpus)
        text = "\n".join(held)
        report("vi-legal held out (10 blocks of 800 lines)", *score(text, model))
        stripped = strip(text)
        count = sum(1 for w in words(stripped) if w.isalpha())
        for confidence, label in ((False, "text only, as `lantoa restore`"), (True, "--json")):
            rates = []
            for _ in range(3):  # the best of three: the least disturbed by other processes
                started = time.process_time()
                restore(stripped, model, limit=len(stripped) + 1, confidence=confidence)
                rates.append(count / (time.process_time() - started))
            print(f"speed: {max(rates):,.0f} syllables/s of CPU time, one core ({label})")
    total = [0, 0, 0]
    for path in texts(args.paths):
        text = path.read_text(encoding="utf-8")
        marked = well_marked(text)
        if marked < 0.6:  # an OCR'd or unmarked text is no truth to compare with
            print(f"{path.name[:44]:<44} skipped: only {marked:.0%} of its syllables are marked")
            continue
        result = score(text, model, cli=args.cli)
        total = [t + r for t, r in zip(total, result, strict=True)]
        report(path.name[:44], *result)
    if total[2]:
        report("all files", *total)


if __name__ == "__main__":
    main()
