"""Benchmark the ingest path: dispatches/second (text, DOCX), seconds/page (scans), accuracy.

Run: .venv/bin/python bench/parse.py   (figures go into docs/benchmarks.md by hand)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.damage import DAMAGES, core_fields  # noqa: E402
from tests.docmaker import make_docx, render_page  # noqa: E402
from tests.real_corpus import REAL, expected_fields, score_corpus, score_seeds  # noqa: E402

from lantoa.core.dispatch import dispatch_to_data, parse_dispatch  # noqa: E402
from lantoa.core.extract import extract_text, ocr_available  # noqa: E402

SEEDS = sorted((ROOT / "tests/samples/seeds").glob("0*.txt"))
EXPECTED = ROOT / "tests/samples/expected"


def rate(fn, items, seconds: float = 3.0) -> float:
    """Items per second of this process's CPU time: on a shared, loaded machine the
    wall-clock rate says more about the neighbours than about the code."""
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for item in items:
            fn(item)
        done += len(items)
    return done / (time.process_time() - started)


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    raw = [t.encode("utf-8") for t in texts]
    docx = [make_docx(t) for t in texts]
    print(f"text, parse only:       {rate(parse_dispatch, texts):7.0f} dispatches/s")
    real = [
        (REAL / name).read_text(encoding="utf-8")
        for name in sorted(expected_fields())
        if name.endswith((".txt", ".md"))
    ]
    print(
        f"real corpus, parse only:{rate(parse_dispatch, real):7.0f} dispatches/s "
        f"({len(real)} texts)"
    )
    print(
        "text, read + parse:     "
        f"{rate(lambda b: parse_dispatch(extract_text(b, 'a.txt').text), raw):7.0f} dispatches/s"
    )
    print(
        "DOCX, read + parse:     "
        f"{rate(lambda b: parse_dispatch(extract_text(b, 'a.docx').text), docx):7.0f} dispatches/s"
    )
    if ocr_available():
        lines = [line for line in texts[0].splitlines() if line.strip()][:30]
        png = render_page(lines)
        started = time.perf_counter()
        runs = 2
        for _ in range(runs):
            parse_dispatch(extract_text(png, "scan.png").text)
        print(f"scan (OCR -l vie) page: {(time.perf_counter() - started) / runs:7.2f} s/page")
    right = total = 0
    for path in SEEDS:
        got = dispatch_to_data(parse_dispatch(path.read_text(encoding="utf-8")))
        want = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
        for key in want:
            total += 1
            right += got[key] == want[key]
    print(f"seed fields right:      {right}/{total}")
    right = total = 0
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        want = core_fields(dispatch_to_data(parse_dispatch(text)))
        for damage in DAMAGES.values():
            got = core_fields(dispatch_to_data(parse_dispatch(damage(text))))
            for key in want:
                total += 1
                right += got[key] == want[key]
    print(f"damaged fields right:   {right}/{total} ({len(DAMAGES)} damages x {len(SEEDS)} seeds)")
    real_score, seed_score = score_corpus(), score_seeds()
    print(f"real corpus fields:     {real_score.right}/{real_score.total}")
    print(f"seed fields (5 fields): {seed_score.right}/{seed_score.total}")


if __name__ == "__main__":
    main()
