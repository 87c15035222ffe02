"""Benchmark the communication kit: the full kit of each built-in pack (cds17, nd13-quyen;
cold and warm) and a QR poster
for every one of the 3,321 communes of the 2025 administrative tree (lantoa.core.adminunits).

Run: .venv/bin/python bench/kit.py [--posters N]
Goals on the 2-core machine: the full kit in under 3 s warm; posters at 100/s or more.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from lantoa.core.kit import Unit, branding_make, kit_render, posters_render
from lantoa.core.packs import builtin_pack, builtin_pack_paths


def communes() -> list[Unit]:
    from lantoa.core.adminunits import current_units

    units = list(current_units())
    provinces = {u.code: u.name for u in units if u.kind == "province"}
    return [
        Unit(code=u.code, name=f"{u.name}, {provinces[u.parent_code or '']}")
        for u in units
        if u.kind == "commune"
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posters", type=int, default=0, help="Only the first N communes.")
    args = parser.parse_args()
    branding = branding_make(unit="Sở Khoa học và Công nghệ tỉnh Quảng Ninh")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for pack_id in builtin_pack_paths():
            pack = builtin_pack(pack_id)
            times = []
            for run in range(4):
                started = time.perf_counter()
                result = kit_render(pack, out=Path(tmp) / pack_id, branding=branding)
                times.append(time.perf_counter() - started)
                label = "cold" if run == 0 else "warm"
                print(f"{pack_id} full kit ({label}): {times[-1]:.2f} s, {len(result.files)} files")
            print(f"{pack_id} full kit, best warm: {min(times[1:]):.2f} s")

        pack = builtin_pack("cds17")
        units = communes()
        if args.posters:
            units = units[: args.posters]
        started = time.perf_counter()
        result = posters_render(units, pack=pack, out=Path(tmp) / "posters", branding=branding)
        seconds = time.perf_counter() - started
        print(
            f"posters: {len(units)} communes, {len(result.files)} files in {seconds:.1f} s "
            f"= {len(units) / seconds:.0f} posters/s ({os.cpu_count()} processes)"
        )


if __name__ == "__main__":
    main()
