"""Benchmark verify: documents per second and precision/recall per point.

    .venv/bin/python bench/verify.py

Speed is measured on one core for a full 17-point text (the seed 000 dispatch and
the pack rendered in full) and the OCR seed 004; quality is the precision and
recall of "found" per point over the synthetic variants (lantoa.core.verify.synthetic).
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from lantoa.core.packs import Pack, builtin_pack
from lantoa.core.verify import verify_text
from lantoa.core.verify.synthetic import all_variants, evaluate, render_full

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "samples" / "seeds"


def docs_per_second(text: str, pack: Pack, seconds: float = 2.0) -> float:
    """Documents per second of this process's CPU time (the machine is shared)."""
    verify_text(text, pack)  # warm the pack profile cache
    n = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        verify_text(text, pack)
        n += 1
    return n / (time.process_time() - start)


def main() -> None:
    pack = builtin_pack("cds17")
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))}
    print(f"python {platform.python_version()}, {platform.machine()}")
    for name, text in (
        ("seed 000 (dispatch + full speech)", seeds["000"]),
        ("pack rendered in full", render_full(pack)),
        ("seed 003 (condensed table)", seeds["003"]),
        ("seed 004 (OCR, no diacritics)", seeds["004"]),
    ):
        rate = docs_per_second(text, pack)
        print(f"{name:<36} {len(text):>6} chars  {rate:6.1f} documents/s")

    variants = all_variants(pack, seeds)
    start = time.perf_counter()
    ev = evaluate(pack, variants)
    elapsed = time.perf_counter() - start
    print(f"\nsynthetic set: {len(variants)} texts, {ev.points} points, {elapsed:.1f} s")
    print(f"exact per-point results: {ev.exact}/{ev.points}")
    print(f"found: precision {ev.precision():.3f}, recall {ev.recall():.3f}")
    print("point  precision  recall")
    for point in pack.points:
        n = point.number
        print(f"{n:>5}  {ev.precision(n):9.3f}  {ev.recall(n):6.3f}")
    for failure in ev.failures[:20]:
        print("  ✗", failure)
    from tests.republications import cases, measure

    real = cases(pack)
    m = measure(real)
    print(
        f"\nreal republications: {len(real)} texts, conveyed points: precision "
        f"{m.precision:.3f}, recall {m.recall:.3f} (tp {m.tp}, fp {m.fp}, fn {m.fn})"
    )


if __name__ == "__main__":
    main()
