"""Benchmark the campaign dashboard at national scale on PostgreSQL.

Generates the current administrative tree (34 provinces, 3,321 communes), about 700
departments and 20,000 schools and health stations, one campaign assigned to every unit
with 60 % reported, then times the campaign page of the root, of a province and of a
commune (median of repeated requests through Django, warm).

    .venv/bin/python bench/dashboard.py [--url postgres://postgres@127.0.0.1:5432/postgres]

A throw-away database is created and dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--schools-per-commune", type=int, default=6)
    args = parser.parse_args()
    import psycopg

    name = f"lantoa_bench_{os.getpid()}"
    admin = args.url.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        run(args.url.rsplit("/", 1)[0] + "/" + name, args.schools_per_commune)
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, per_commune: int) -> None:
    os.environ["LANTOA_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "lantoa.config.settings_test"
    os.environ.setdefault("LANTOA_DATA_DIR", tempfile.mkdtemp(prefix="lantoa-bench-"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lantoa.campaigns.models import Assignment, Campaign
    from lantoa.content.models import PackVersion
    from lantoa.core.adminunits import ROOT_CODE, current_units
    from lantoa.orgs.models import Unit
    from lantoa.orgs.services import UnitRow, unit_rows_from_admin, units_import

    call_command("migrate", verbosity=0)
    call_command("load_packs", verbosity=0)
    rng = random.Random(2023)
    started = time.perf_counter()
    admin_units = list(current_units())
    rows = unit_rows_from_admin(admin_units)
    provinces = [u for u in admin_units if u.kind == "province"]
    communes = [u for u in admin_units if u.kind == "commune"]
    for p in provinces:
        for i in range(21):
            rows.append(
                UnitRow(
                    code=f"{p.code}-S{i}",
                    name=f"Sở {i} {p.short_name}",
                    kind="department",
                    parent_code=p.code,
                )
            )
    for c in communes:
        for i in range(per_commune):
            kind = "school" if i < per_commune - 1 else "health_station"
            rows.append(
                UnitRow(
                    code=f"{c.code}-{i}",
                    name=f"Đơn vị {i} {c.short_name}",
                    kind=kind,
                    parent_code=c.code,
                )
            )
    units_import(actor=None, rows=rows, source="bench")
    units = list(Unit.objects.exclude(code=ROOT_CODE).only("id", "parent_id", "depth"))
    print(f"units: {len(units) + 1} generated in {time.perf_counter() - started:.1f} s")

    user = get_user_model().objects.create_superuser("bench", password="x")
    root = Unit.objects.get(code=ROOT_CODE)
    campaign = Campaign.objects.create(
        title="Bench", pack=PackVersion.objects.get(), issuer=root, created_by=user
    )
    deadline = timezone.now() - dt.timedelta(days=1)
    by_unit: dict[int, Assignment] = {}
    for depth in sorted({u.depth for u in units}):
        wave = [u for u in units if u.depth == depth]
        batch = []
        for u in wave:
            reported = rng.random() < 0.6
            when = deadline - dt.timedelta(days=rng.randint(-3, 5)) if reported else None
            staff = rng.randint(10, 200)
            batch.append(
                Assignment(
                    campaign=campaign,
                    unit_id=u.pk,
                    parent=by_unit.get(u.parent_id),
                    deadline=deadline,
                    reported_at=when,
                    received_at=when,
                    report_version=1 if reported else 0,
                    staff_count=staff if reported else 0,
                    staff_reached=int(staff * rng.uniform(0.5, 1)) if reported else 0,
                )
            )
        for a in Assignment.objects.bulk_create(batch, batch_size=5000):
            by_unit[a.unit_id] = a
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"assignments: {Assignment.objects.count()}")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    commune = Unit.objects.get(code=communes[100].code)
    python = platform.python_version()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}, "
        f"PostgreSQL {connection.pg_version // 10000}"
    )
    for label, unit in (
        ("root (Việt Nam)", root),
        ("province (Quảng Ninh)", Unit.objects.get(code="22")),
        (f"commune ({commune.name})", commune),
    ):
        url = f"/chien-dich/{campaign.pk}/don-vi/{unit.code}/"
        assert client.get(url).status_code == 200
        samples = []
        for _ in range(15):
            t = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - t)
        median, worst = statistics.median(samples) * 1000, max(samples) * 1000
        print(f"dashboard of {label}: median {median:.0f} ms, max {worst:.0f} ms")


if __name__ == "__main__":
    main()
