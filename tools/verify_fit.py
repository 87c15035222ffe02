"""Fit the thresholds of verify (lantoa.core.verify.align.Params) on the seeds and
the synthetic variants.

Sweeps each threshold in turn around the current defaults and prints, for every
value, how many points get exactly their expected result and the precision and
recall of "found". Pick the middle of the widest range that stays perfect and
write it into ``Params``; the figures of the last run are in docs/verify.md.

    .venv/bin/python tools/verify_fit.py
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from lantoa.core.packs import builtin_pack
from lantoa.core.verify import Params
from lantoa.core.verify.synthetic import all_variants, evaluate

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "samples" / "seeds"

GRID = {
    "theta": [0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6],
    "switch": [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0],
    "present": [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8],
    "side": [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
    "verbatim": [0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
    "condensed": [0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
}


def main() -> None:
    pack = builtin_pack("cds17")
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))}
    variants = all_variants(pack, seeds)
    base = Params()
    print(f"{len(variants)} texts, {len(variants) * len(pack.points)} expected points")
    print(f"defaults: {base}")
    for name, values in GRID.items():
        print(f"\n{name}:")
        for value in values:
            params = dataclasses.replace(base, **{name: value})
            ev = evaluate(pack, variants, params)
            mark = " <- default" if value == getattr(base, name) else ""
            print(
                f"  {value:>5}: exact {ev.exact}/{ev.points}  "
                f"precision {ev.precision():.3f}  recall {ev.recall():.3f}{mark}"
            )


if __name__ == "__main__":
    main()
