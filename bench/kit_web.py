"""Benchmark the kit in the site: a cold build through the task queue, a repeated
(deduplicated) request, the "Bộ ấn phẩm" page, the ZIP download and a poster set.

    .venv/bin/python bench/kit_web.py

In-process through Django (SQLite in a temp folder, the test client); the worker is the
real task runner (``tasks_run_pending``, django-tasks-db's worker), as ``lantoa worker
--burst`` runs it.
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


def ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, max {max(samples) * 1000:.1f} ms"


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lantoa.content.selectors import pack_get
    from lantoa.kits.models import KitBuild
    from lantoa.kits.services import kit_build_request, posters_build_request
    from lantoa.orgs.services import unit_create
    from lantoa.worker.run import tasks_run_pending

    call_command("migrate", verbosity=0)
    call_command("load_packs", verbosity=0)
    pack = pack_get()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )

    # A cold build: request, then one worker pass renders, makes thumbnails and the ZIP.
    start = time.perf_counter()
    build = kit_build_request(actor=None, pack=pack)
    queued = time.perf_counter() - start
    start = time.perf_counter()
    assert tasks_run_pending() == 1
    cold = time.perf_counter() - start
    build.refresh_from_db()
    assert build.status == "done", build.error
    print(f"request (queue a build): {queued * 1000:.1f} ms")
    print(
        f"cold build through the task: {cold:.2f} s "
        f"({len(build.files())} files, {len(build.thumbs)} thumbnails, "
        f"ZIP {build.zip_size / 1e6:.1f} MB)"
    )

    reused = timed(lambda: kit_build_request(actor=None, pack=pack), 200)
    assert KitBuild.objects.count() == 1
    print(f"repeated request (deduplicated, reused): {ms(reused)}")

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/bo-an-pham/").status_code == 200
    queries: list[str] = []

    def count(run, sql, *args):
        queries.append(sql)
        return run(sql, *args)

    with connection.execute_wrapper(count):
        client.get("/bo-an-pham/")
    pages = timed(lambda: client.get("/bo-an-pham/"), 100)
    print(
        f"page /bo-an-pham/ ({len(build.thumbs)} thumbnails, {len(queries)} queries): {ms(pages)}"
    )

    def download() -> int:
        response = client.get(f"/bo-an-pham/{build.pk}/tron-bo.zip")
        return sum(len(chunk) for chunk in response.streaming_content)

    size = download()
    zips = timed(download, 20)
    rate = size / statistics.median(zips) / 1e6
    print(f"ZIP download ({size / 1e6:.1f} MB): {ms(zips)} = {rate:.0f} MB/s")

    root = unit_create(
        actor=None, code="BENCH", name="Tỉnh Thử nghiệm", kind="province", parent=None
    )
    for i in range(99):
        unit_create(
            actor=None,
            code=f"BENCH-{i:02d}",
            name=f"Xã Thử nghiệm {i + 1}",
            kind="commune",
            parent=root,
        )
    posters = posters_build_request(actor=None, unit=root, depth=1, pack=pack)
    start = time.perf_counter()
    tasks_run_pending()
    seconds = time.perf_counter() - start
    posters.refresh_from_db()
    assert posters.status == "done", posters.error
    print(
        f"posters for 100 units through the task (one process): {seconds:.1f} s, "
        f"ZIP {posters.zip_size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
