"""Benchmark kit files in an S3-compatible store (SeaweedFS on loopback) against local disk.

    .venv/bin/python bench/storage_s3.py

In-process through Django (SQLite in a temp folder, the test client). Renders the public kit
once into each storage, then measures: publishing it (upload of every file), the ZIP
download as the app answers it — a redirect to a signed link from the bucket, streamed by
the view from local disk — and fetching that signed link from the store.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
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
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from tests.servers import seaweedfs

    from lantoa.config.backends import storage_config
    from lantoa.content.selectors import pack_get
    from lantoa.kits.models import KitBuild
    from lantoa.kits.services import kit_build_request
    from lantoa.worker.run import tasks_run_pending

    call_command("migrate", verbosity=0)
    call_command("load_packs", verbosity=0)
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load[0]:.1f}"
    )
    with seaweedfs(Path(tempfile.mkdtemp(prefix="lantoa-bench-s3-"))) as s3:
        for label, url in (("local disk", None), ("S3 (SeaweedFS)", s3.url)):
            config = storage_config(url, Path(settings.DATA_DIR) / label.split()[0])
            with override_settings(STORAGES={**settings.STORAGES, "default": config}):
                KitBuild.objects.all().delete()
                build = kit_build_request(actor=None, pack=pack_get())
                start = time.perf_counter()
                tasks_run_pending()
                build.refresh_from_db()
                assert build.status == "done", build.error
                print(
                    f"{label}: cold build and publish {time.perf_counter() - start:.1f} s, "
                    f"{len(build.files()) + len(build.thumbs) + 1} files, "
                    f"ZIP {build.zip_size / 1e6:.1f} MB"
                )
                measure(
                    Client(HTTP_HOST="127.0.0.1"),
                    f"/bo-an-pham/{build.pk}/tron-bo.zip",
                    remote=bool(url),
                )


def measure(client, zip_url: str, *, remote: bool) -> None:  # type: ignore[no-untyped-def]
    def app() -> None:
        response = client.get(zip_url)
        assert response.status_code == (302 if remote else 200), response.status_code
        if not remote:
            b"".join(response.streaming_content)

    print(f"  ZIP download as the app answers it: {ms(timed(app, 20))}")
    if remote:
        link = client.get(zip_url)["Location"]

        def fetch() -> None:
            with urllib.request.urlopen(link) as response:
                response.read()

        print(f"  the signed link fetched from the store: {ms(timed(fetch, 10))}")


if __name__ == "__main__":
    main()
