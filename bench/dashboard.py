"""Benchmark the campaign dashboard at national scale on PostgreSQL.

Generates the current administrative tree (34 provinces, 3,321 communes), about 700
departments and 20,000 schools and health stations, one campaign assigned to every unit
with 60 % reported, and 2.5 million learners spread over the units below the provinces
(with their per-unit and per-point tallies, as the study pages keep them), then times the
campaign page of the root, of a province and of a commune (median of repeated requests
through Django, warm) — each page shows its subtree's learners and understanding per point.

    .venv/bin/python bench/dashboard.py [--url postgres://postgres@127.0.0.1:5432/postgres]
                                        [--learners 2500000]

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
    parser.add_argument("--learners", type=int, default=2_500_000)
    args = parser.parse_args()
    import psycopg

    name = f"lantoa_bench_{os.getpid()}"
    admin = args.url.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        run(args.url.rsplit("/", 1)[0] + "/" + name, args.schools_per_commune, args.learners)
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, per_commune: int, learners: int) -> None:
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
    from lantoa.learning.selectors import unit_learning_summary
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
    print(f"assignments: {Assignment.objects.count()}")
    started = time.perf_counter()
    learners_generate(connection, campaign.pack.pack_id, learners)
    print(f"learners: {learners:,} with tallies in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

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
        samples = []
        for _ in range(15):
            t = time.perf_counter()
            summary = unit_learning_summary(unit=unit, pack_id=campaign.pack.pack_id)
            samples.append(time.perf_counter() - t)
        print(
            f"  of which the learning summary ({summary.learners:,} learners, "
            f"{summary.passed:,} passed): median {statistics.median(samples) * 1000:.0f} ms"
        )


# Error rate per point: a few points are clearly less understood than the rest.
POINT_ERROR = [0.08, 0.12, 0.35, 0.10, 0.15, 0.28, 0.09, 0.07, 0.11, 0.22, 0.31, 0.10, 0.26,
               0.13, 0.18, 0.33, 0.06]  # fmt: skip


def learners_generate(connection, pack_id: str, count: int) -> None:  # type: ignore[no-untyped-def]
    """Insert ``count`` learners in SQL (generate_series), spread over every unit below the
    provinces, 60 % officials, 15 % community team members, 25 % citizens, about 70 % passed;
    then the tallies the study pages would have kept: per unit (covering its subtree) and per
    point."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ids AS (SELECT array_agg(id ORDER BY id) AS a FROM orgs_unit WHERE depth >= 2)
            INSERT INTO learning_learner
              (token_hash, display_name, kind, unit_id, user_id, pack_id,
               created_at, last_seen_at, passed_at)
            SELECT md5(g::text) || md5((-g)::text), '',
                   CASE WHEN g %% 20 < 12 THEN 'official'
                        WHEN g %% 20 < 15 THEN 'team_member' ELSE 'citizen' END,
                   ids.a[1 + (hashint4(g) & 2147483647) %% cardinality(ids.a)], NULL, %s,
                   now(), now(), CASE WHEN (hashint4(g + 7) & 1023) < 717 THEN now() END
            FROM generate_series(1, %s) AS g, ids
            """,
            [pack_id, count],
        )
        # A unit's tallies cover its subtree: each unit's own counts are added to it and
        # to every ancestor (the ids in its path), as the study pages' services do.
        cursor.execute(
            """
            WITH own AS (
              SELECT unit_id, count(*) AS learners,
                     count(*) FILTER (WHERE kind = 'official') AS officials,
                     count(*) FILTER (WHERE kind = 'team_member') AS team_members,
                     count(*) FILTER (WHERE kind = 'citizen') AS citizens,
                     count(passed_at) AS passed,
                     count(passed_at) FILTER (WHERE kind = 'official') AS passed_officials
              FROM learning_learner GROUP BY unit_id)
            INSERT INTO learning_unittally
              (unit_id, pack_id, learners, officials, team_members, citizens, passed,
               passed_officials)
            SELECT up.id::int, %s, sum(learners), sum(officials), sum(team_members),
                   sum(citizens), sum(passed), sum(passed_officials)
            FROM own JOIN orgs_unit u ON u.id = own.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) up(id)
            GROUP BY up.id
            """,
            [pack_id],
        )
        # Every learner took about 1.3 quizzes of ten questions: 13 answers spread over the
        # 17 points; each point's wrong answers follow its error rate, varied per unit.
        cursor.execute(
            """
            WITH own AS (SELECT unit_id, (count(*) * 13 / 17)::int AS asked
                         FROM learning_learner GROUP BY unit_id),
            pts AS (
              SELECT own.unit_id, p.n AS point, own.asked,
                     least(own.asked, round(own.asked * (%s::float8[])[p.n] * (0.6 +
                           (hashint4((own.unit_id * 31 + p.n)::int) & 1023) / 1280.0)))::int
                       AS wrong
              FROM own CROSS JOIN generate_series(1, 17) AS p(n))
            INSERT INTO learning_pointtally (unit_id, pack_id, point, asked, wrong)
            SELECT up.id::int, %s, pts.point, sum(pts.asked), sum(pts.wrong)
            FROM pts JOIN orgs_unit u ON u.id = pts.unit_id
            CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) up(id)
            GROUP BY up.id, pts.point
            """,
            [POINT_ERROR, pack_id],
        )


if __name__ == "__main__":
    main()
