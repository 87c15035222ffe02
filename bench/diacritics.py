"""Measure diacritic restoration: syllable accuracy on text the model never saw, and speed.

Each text is stripped of its marks (đ → d too), restored, and compared word by word with the
original (lower case, tone placement normalised: hoà = hòa). "As is" is the share right
without restoring anything. Texts:

- the held-out blocks of the vi-legal corpus, with ``--corpus DIR`` (the folder of its
  ``vi-legal-*.txt.gz``; the split is the one ``tools/train_diacritics.py`` uses);
- every ``.txt`` / ``.md`` file in the folders or files given (default: the seeds,
  ``tests/samples/seeds``), e.g. ``tests/samples/real``.

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

from lantoa.core.diacritics import load_model, restore  # noqa: E402
from lantoa.core.diacritics.lexicon import WORD, traditional_tone  # noqa: E402
from lantoa.core.text import fold, nfc  # noqa: E402


def words(text: str) -> list[str]:
    return [traditional_tone(w.lower()) for w in WORD.findall(nfc(text)) if w.isalpha()]


def strip(text: str) -> str:
    return fold(nfc(text), lower=False).text


def restored_text(text: str, *, cli: bool) -> str:
    if not cli:
        return restore(text, limit=len(text) + 1).text
    lantoa = Path(sys.executable).with_name("lantoa")
    run = subprocess.run(
        [str(lantoa), "restore", "-"], input=text, capture_output=True, text=True, check=True
    )
    return run.stdout.removesuffix("\n") if not text.endswith("\n") else run.stdout


def score(text: str, *, cli: bool = False) -> tuple[int, int, int]:
    """(right after restoring, right as is, words) for one text."""
    truth = words(text)
    stripped = strip(text)
    guess = words(restored_text(stripped, cli=cli))
    as_is = words(stripped)
    if len(guess) != len(truth):
        raise SystemExit("restoration changed the number of words")
    right = sum(a == b for a, b in zip(truth, guess, strict=True))
    return right, sum(a == b for a, b in zip(truth, as_is, strict=True)), len(truth)


def report(label: str, right: int, as_is: int, count: int) -> None:
    print(
        f"{label:<44} {right / max(count, 1):6.1%} restored "
        f"({as_is / max(count, 1):5.1%} as is)  {count:>7,} words"
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
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    started = time.perf_counter()
    model = load_model()
    print(f"model loaded in {time.perf_counter() - started:.2f} s")
    if args.corpus:
        from train_diacritics import split

        _, held = split(args.corpus)
        text = "\n".join(held)
        report("vi-legal held out (10 blocks of 800 lines)", *score(text))
        stripped = strip(text)
        started = time.perf_counter()
        restore(stripped, model, limit=len(stripped) + 1)
        seconds = time.perf_counter() - started
        print(f"speed: {len(words(stripped)) / seconds:,.0f} words/s on one core")
    total = [0, 0, 0]
    for path in texts(args.paths):
        result = score(path.read_text(encoding="utf-8"), cli=args.cli)
        total = [t + r for t, r in zip(total, result, strict=True)]
        report(path.name[:44], *result)
    if total[2]:
        report("all files", *total)


if __name__ == "__main__":
    main()
