"""Benchmark the share images (Open Graph / Twitter cards, 1200 × 630 PNG): rendered in
process by one Typst engine (the worker's path), and through a fresh process (what a web
worker does on a cache miss), and a cached read from the storage.

Run: .venv/bin/python bench/share.py [--count N]
Goal on the 2-core machine: at least 50 share images a second in process.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from lantoa.core.kit import branding_make
from lantoa.core.kit.engine import Engine
from lantoa.core.kit.share import ShareCard, share_render, share_render_fresh
from lantoa.core.packs import builtin_pack

UNITS = ["Phường Mông Dương, Thành phố Cẩm Phả", "Xã Đầm Hà, Tỉnh Quảng Ninh", "Tỉnh An Giang"]


def cards(count: int) -> list[ShareCard]:
    pack = builtin_pack("cds17")
    out = []
    for i in range(count):
        point = pack.points[i % len(pack.points)]
        out.append(
            ShareCard(
                kicker=f"Điểm {point.number}/{pack.count}",
                title=point.title.vi,
                subtitle=f"{point.it.short.vi} → {point.dx.short.vi}",
                unit=f"{UNITS[i % len(UNITS)]} ({i})",  # every card different: no reuse
                number=point.number,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    todo = cards(args.count)
    with tempfile.TemporaryDirectory() as scratch:
        engine = Engine(Path(scratch), branding_make())
        share_render(engine, todo[0])  # fonts loaded once
        started = time.perf_counter()
        sizes = [len(share_render(engine, card)) for card in todo]
        took = time.perf_counter() - started
        print(
            f"in process: {args.count} images in {took:.2f} s = {args.count / took:.0f}/s "
            f"(mean {sum(sizes) / len(sizes) / 1024:.0f} KB)"
        )
        started = time.perf_counter()
        for card in todo[:10]:
            share_render_fresh(card)
        took = time.perf_counter() - started
        print(f"fresh process (web cache miss): {took / 10 * 1000:.0f} ms per image")
        path = Path(scratch) / "cached.png"
        path.write_bytes(share_render(engine, todo[0]))
        started = time.perf_counter()
        for _ in range(1000):
            path.read_bytes()
        took = time.perf_counter() - started
        print(f"cached read from a local storage: {took:.3f} ms per image")


if __name__ == "__main__":
    main()
