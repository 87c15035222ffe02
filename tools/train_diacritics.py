"""Train the diacritics model from the vi-legal corpus and write it into the package.

    make diacritics-model CORPUS=/path/to/vi-legal
    .venv/bin/python tools/train_diacritics.py --corpus /path/to/vi-legal

The corpus (about 14 million syllables of Vietnamese legal text, see docs/corpora.md) is read
from its six gzip parts, checked against their published sha256. Ten contiguous blocks of 800
lines, spread evenly over it, are held out for evaluation (``bench/diacritics.py``); the rest,
without the codification's repetitive citation and cross-reference lines, plus the names of
the administrative units the project ships, is what the model learns from. Writes
``src/lantoa/core/diacritics/data/model.bin.xz`` (byte for byte the same on every run) and a
small committed sample of the held-out text, ``tests/samples/diacritics/heldout-sample.txt``,
on which the tests check an accuracy floor. Takes about 5 minutes and 3 GB on one core.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lantoa.core.diacritics.lm import Pruning, model_bytes, train  # noqa: E402

MODEL = ROOT / "src" / "lantoa" / "core" / "diacritics" / "data" / "model.bin.xz"
SAMPLE = ROOT / "tests" / "samples" / "diacritics" / "heldout-sample.txt"
PARTS = {
    "vi-legal-00.txt.gz": "de78d905a2344f68e4d5834b42def33b04ed4b78381fba8bbd1f7725b4959b90",
    "vi-legal-01.txt.gz": "c3d18b3b3ad2909a18cc1c0a4d687a336e34394492cd1dbfc08d8a2471ddc68b",
    "vi-legal-02.txt.gz": "c0b750190a292ab27505344500061e8ae3b0db61aaa2dc3e5e34a5f1e08f8523",
    "vi-legal-03.txt.gz": "5ecf855a37c8bf06eac43565e4e275035e9ec65a32af089c56d51d82c2234d99",
    "vi-legal-04.txt.gz": "30f9f12d2d924e7c7b8cac9392b12c4e7df418e6ba48151eba1077b31300886e",
    "vi-legal-05.txt.gz": "94f301e7f32b885f200628e5f6d923137fcffa9a7c6605b7e505963f1e52a751",
}
LINES = 420_058
BLOCKS, BLOCK = 10, 800
# The codification's own boilerplate (see the corpus README): thousands of near-identical
# lines that would teach the model citation formulas rather than Vietnamese.
BOILERPLATE = re.compile(
    r"^\(Điều \d+[a-z]? .*hiệu lực thi hành kể từ ngày|^\(Điều này có nội dung liên quan đến"
)
PRUNING = Pruning(min_trigram=1)
SAMPLE_EVERY = 40  # every 40th held-out line goes into the committed sample


def held_out(number: int) -> bool:
    """Is line ``number`` (0-based, over the whole corpus) in a held-out block?"""
    stride = LINES // BLOCKS
    return number % stride >= stride // 2 and number % stride < stride // 2 + BLOCK


def corpus_lines(folder: Path) -> Iterator[str]:
    for name, digest in PARTS.items():
        data = (folder / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise SystemExit(f"{name}: sha256 differs from the published corpus")
        yield from gzip.decompress(data).decode("utf-8").splitlines()


def split(folder: Path) -> tuple[list[str], list[str]]:
    train_lines, test_lines = [], []
    for number, line in enumerate(corpus_lines(folder)):
        (test_lines if held_out(number) else train_lines).append(line)
    return train_lines, test_lines


def place_names() -> list[str]:
    from lantoa.core.adminunits import current_units, legacy_units

    return [u.name for u in current_units()] + [u.name for u in legacy_units()]


def pack_texts() -> list[str]:
    """The Vietnamese of the built-in pack: the vocabulary of the campaign itself."""
    from lantoa.core.packs import builtin_pack

    pack = builtin_pack("cds17")
    texts = [pack.title.vi, pack.summary.vi]
    for point in pack.points:
        texts += [point.title.vi, point.it.full.vi, point.dx.full.vi]
        texts += [point.it.short.vi, point.dx.short.vi, ", ".join(point.keywords.vi)]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of vi-legal-*.txt.gz")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument(
        "--no-pack",
        action="store_true",
        help="leave the pack out (to measure seeds 000-002, which quote it, as unseen text)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    train_lines, test_lines = split(args.corpus)
    kept = [line for line in train_lines if not BOILERPLATE.match(line)]
    print(f"corpus: {len(train_lines):,} lines to train on ({len(kept):,} without boilerplate),")
    print(f"        {len(test_lines):,} held out in {BLOCKS} blocks of {BLOCK}")
    extra = [] if args.no_pack else pack_texts()
    model = train([*kept, *place_names(), *extra], PRUNING)
    data = model_bytes(model)
    args.out.write_bytes(data)
    print(
        f"model: {len(model.vocab):,} words, {len(model.bigram_keys):,} bigrams, "
        f"{len(model.trigram_keys):,} trigrams; {args.out.name}: {len(data):,} bytes, "
        f"sha256 {hashlib.sha256(data).hexdigest()[:16]}"
    )
    if args.out != MODEL:
        print(f"took {time.perf_counter() - started:.0f} s")
        return
    sample = [line for i, line in enumerate(test_lines) if i % SAMPLE_EVERY == 0]
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE.write_text("\n".join(sample) + "\n", encoding="utf-8")
    print(f"held-out sample: {len(sample)} lines -> {SAMPLE.relative_to(ROOT)}")
    print(f"took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
