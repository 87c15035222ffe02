"""Benchmark the foundation: loading and validating the built-in pack, and serving the
first page in-process through Django (SQLite in a temp folder).

    .venv/bin/python bench/site.py
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "lantoa.config.settings_test"
os.environ.setdefault("LANTOA_DATA_DIR", tempfile.mkdtemp(prefix="lantoa-bench-"))


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    from lantoa.core.packs import builtin_pack_paths, load_pack

    path = builtin_pack_paths()["cds17"]
    load = timed(lambda: load_pack(path), 50)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_packs", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get("/")  # warm caches
    assert response.status_code == 200, response.status_code
    n = 300
    pages = timed(lambda: client.get("/"), n)

    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    print(f"load+validate cds17.yaml: median {statistics.median(load) * 1000:.1f} ms")
    print(
        "first page (Django test client, SQLite): "
        f"median {statistics.median(pages) * 1000:.2f} ms, "
        f"p99 {sorted(pages)[int(n * 0.99) - 1] * 1000:.2f} ms, "
        f"{n / sum(pages):.0f} pages/s on one core"
    )


if __name__ == "__main__":
    main()
