"""``lantoa demo``, ``lantoa serve``, ``lantoa worker``, ``lantoa check`` and
``lantoa manage``: run the Django site and its background worker."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

DEMO_USER = "demo"
DEMO_PASSWORD = "lantoa-demo"


def _django_setup(*, demo: bool = False) -> None:
    """Load the settings; a malformed ``LANTOA_*`` variable stops here with its message."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
    if demo:
        os.environ["LANTOA_DEMO"] = "1"
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        from lantoa.cli.errors import setup_problem

        click.echo(f"✗ {setup_problem(exc)}", err=True)
        sys.exit(2)


def _engines_check() -> None:
    """Stop with every problem listed when an engine the configuration names is unreachable."""
    from lantoa.config.checks import config_problems

    problems = config_problems()
    if problems:
        click.echo("Cấu hình sai / configuration problems:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        click.echo("(docs/configuration.md; lantoa check lists them again)", err=True)
        sys.exit(2)


def _django_setup_offline() -> None:
    """Django for a command that only writes a file (no database, no signing): a fresh
    directory has no LANTOA_SECRET_KEY, and such a command must not need one, so this
    process alone gets a throwaway key."""
    if not os.environ.get("LANTOA_SECRET_KEY"):
        import secrets

        os.environ["LANTOA_SECRET_KEY"] = secrets.token_urlsafe(50)
    _django_setup()


def _call(*args: str, verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command(*args, verbosity=verbosity)


def _start_task_worker() -> None:
    """A background-task worker process beside the web server, stopped with it."""
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", "lantoa", "worker"], env=os.environ.copy())
    atexit.register(worker.terminate)


def _require_migrated() -> None:
    """Refuse to serve a database whose migrations are not all applied: every page would
    fail. Says what to run instead, exit status 2."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        click.echo(
            f"✗ Cơ sở dữ liệu còn {len(pending)} bước chuyển đổi (migration) chưa chạy.\n"
            f"  The database has {len(pending)} migrations to apply. Run:\n"
            "    lantoa manage migrate\n"
            "  or serve with: lantoa serve --migrate",
            err=True,
        )
        sys.exit(2)


SERVERS = ("granian", "gunicorn")
THREADS = 2  # granian's Python threads per worker process
# Chosen by measurement on 2 cores: docs/decisions/0005-app-server-granian.md.
DEFAULT_SERVER = "granian"


def _workers(value: int | None, server: str) -> int:
    """Worker processes from the machine's cores: granian runs one Python worker per core
    (its I/O runs in Rust threads beside it); gunicorn's threaded workers 2×cores+1, at
    most 9."""
    if value:
        return value
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 16)) if server == "granian" else min(9, cores * 2 + 1)


def _hashed_static() -> Any:
    """Write the learner path's content-hashed files under ``STATIC_ROOT/h/``, where a proxy
    in front may serve them (the site itself answers them from memory:
    ``lantoa.learning.front.HashedFiles``)."""
    from django.conf import settings

    from lantoa.learning.shell import PREFIX, learning_build

    learning_build(settings.STATIC_ROOT)
    return settings.STATIC_ROOT / PREFIX.rstrip("/")


def _run_granian(host: str, port: int, workers: int, *, access_log: bool) -> None:
    from granian.constants import Interfaces
    from granian.server import Server

    _hashed_static()
    Server(
        "lantoa.config.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        # Two Python threads a worker: one can wait on the database while the other runs.
        # More only queue on the GIL (and on SQLite's one writer): with four, the learner
        # flow ran 575 requests/s on SQLite against 690–810 with one or two (decision 0005).
        blocking_threads=THREADS,
        backlog=2048,
        log_access=access_log,
        respawn_failed_workers=True,
        workers_kill_timeout=30,
        # No static mount: the hashed files are answered from memory in front of Django,
        # twice as fast as the mount reads them from disk (decision 0009).
    ).serve()


def _run_gunicorn(host: str, port: int, workers: int, *, access_log: bool) -> None:
    from gunicorn.app.base import BaseApplication

    from lantoa.config.wsgi import application

    _hashed_static()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 60,
                "graceful_timeout": 20,
                "limit_request_line": 8190,
                "accesslog": "-" if access_log else None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "lantoa",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


def _run(server: str, host: str, port: int, workers: int, *, access_log: bool) -> None:
    runner = _run_granian if server == "granian" else _run_gunicorn
    runner(host, port, workers, access_log=access_log)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--server",
    type=click.Choice(SERVERS),
    envvar="LANTOA_SERVER",
    default=DEFAULT_SERVER,
    show_default=True,
    help="The app server (LANTOA_SERVER).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    envvar="LANTOA_WORKERS",
    help="Worker processes (default from the cores: granian one a core, gunicorn 2×cores+1).",
)
@click.option(
    "--migrate/--no-migrate", default=False, help="Apply database migrations before serving."
)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
@click.option(
    "--with-worker/--no-worker",
    default=False,
    help="Also run a background-task worker (else run 'lantoa worker' separately).",
)
def serve(
    host: str,
    port: int,
    server: str,
    workers: int | None,
    migrate: bool,
    access_log: bool,
    with_worker: bool,
) -> None:
    """Serve the site with a production app server (granian by default, or gunicorn).

    Configuration comes from LANTOA_* environment variables (see docs/configuration.md);
    LANTOA_SECRET_KEY is required outside demo mode. The background-task worker folds the
    learning tallies in every 10 s: run it (--with-worker or 'lantoa worker').
    """
    _django_setup()
    _engines_check()
    from django.conf import settings

    if not settings.DEMO and not settings.LANTOA_BASE_URL:
        from lantoa.site.addresses import BASE_URL_UNSET

        click.echo(f"⚠ {BASE_URL_UNSET}", err=True)
    if migrate:
        _call("migrate")
        _call("load_packs")
    else:
        _require_migrated()
    count = _workers(workers, server)
    click.echo(f"Lan Tỏa: http://{host}:{port}/ ({server}, {count} workers)")
    if with_worker:
        _start_task_worker()
    _run(server, host, port, count, access_log=access_log)


def demo_prepare() -> None:
    """Migrate the database, install the built-in packs and the demo account, and render
    the public kit so the "Bộ ấn phẩm" page shows real thumbnails."""
    from django.contrib.auth import get_user_model

    _call("migrate")
    _call("load_packs", verbosity=1)
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=DEMO_USER, defaults={"first_name": "Tài khoản", "last_name": "Demo"}
    )
    user.is_staff = True
    user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    _demo_tree()

    from lantoa.kits.demo import demo_kit_render

    demo_kit_render()


DEMO_UNIT_ADMIN = "quangninh"
# The seeds' provinces on the legacy tree (Quảng Ninh, Bắc Giang, An Giang, Thừa Thiên Huế).
DEMO_LEGACY_PROVINCES = {"22", "24", "89", "46"}


def _demo_tree() -> None:
    """The current administrative tree, the seeds' provinces on the legacy tree, and a
    unit admin of Quảng Ninh who sees only that province."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from lantoa.core.adminunits import current_units, legacy_units
    from lantoa.orgs.models import Role, Unit
    from lantoa.orgs.services import membership_grant, unit_rows_from_admin, units_import

    rows = unit_rows_from_admin(current_units())
    rows += unit_rows_from_admin(
        legacy_units(DEMO_LEGACY_PROVINCES), valid_until=dt.date(2025, 6, 30), with_root=False
    )
    units_import(actor=None, rows=rows, source="demo")
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_UNIT_ADMIN, defaults={"first_name": "Cán bộ", "last_name": "Quảng Ninh"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership_grant(actor=None, user=user, unit=Unit.objects.get(code="22"), role=Role.ADMIN)
    membership_grant(actor=None, user=user, unit=Unit.objects.get(code="cu-22"), role=Role.ADMIN)

    from lantoa.campaigns.demo import demo_campaigns_create

    demo_campaigns_create(actor=get_user_model().objects.get(username=DEMO_USER))

    from lantoa.learning.demo import demo_learners_create

    demo_learners_create()
    from lantoa.learning.demo import SECOND_HARD_POINTS, SECOND_PACK

    demo_learners_create(
        count=1500,
        seed=13,
        pack_id=SECOND_PACK,
        prefix="dnd1",
        hard_points=SECOND_HARD_POINTS,
        legacy=False,
    )

    from lantoa.stories.demo import demo_stories_create

    demo_stories_create(actor=get_user_model().objects.get(username=DEMO_USER))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--prepare-only", is_flag=True, help="Prepare the database and exit without serving.")
def demo(host: str, port: int, prepare_only: bool) -> None:
    """Prepare a demo database (SQLite in ./data), load the content and serve it.

    Chuẩn bị dữ liệu trình diễn và chạy trang web.
    """
    _django_setup(demo=True)
    from django.conf import settings

    click.echo("Lan Tỏa: chuẩn bị cơ sở dữ liệu / preparing the database …")
    demo_prepare()
    database = settings.DATABASES["default"]["NAME"]
    if prepare_only:
        click.echo(f"Sẵn sàng / ready: {database}")
        return
    bar = "─" * 60
    click.echo(
        f"\n{bar}\n"
        f"  Lan Tỏa đang chạy / is running at:  http://{host}:{port}/\n"
        f"  Đăng nhập / sign in:  {DEMO_USER} / {DEMO_PASSWORD}  (toàn quyền / superuser)\n"
        f"                        {DEMO_UNIT_ADMIN} / {DEMO_PASSWORD}  (quản trị tỉnh Quảng Ninh)\n"
        f"  Quản trị / admin:     http://{host}:{port}/admin/\n"
        f"  Dữ liệu / data:       {database}\n"
        f"  Dừng / stop:          Ctrl+C\n"
        f"{bar}\n"
    )
    _start_task_worker()
    _run(DEFAULT_SERVER, host, port, 2, access_log=False)


@click.command()
@click.option(
    "--burst", is_flag=True, help="Run the tasks and periodic jobs that are due, then exit."
)
def worker(burst: bool) -> None:
    """Run background tasks (kit renders, posters) and periodic jobs (reminders).

    The backend is the configured one: the site's database by default, RQ on Redis with
    LANTOA_TASKS_URL=redis://… (docs/tasks.md). Run as many as needed, on any node.
    """
    _django_setup()
    _engines_check()
    from lantoa.worker.run import backend_is_database, worker_run

    backend = "database" if backend_is_database() else "RQ (Redis)"
    click.echo(f"Lan Tỏa worker: tasks from {backend} (pid {os.getpid()})")
    ran = worker_run(burst=burst)
    if burst:
        click.echo(f"ran {ran} task(s)")


@click.command()
def check() -> None:
    """Check the configuration: the database, Redis, the object store, the folders.

    Lists each problem with the LANTOA_* variable to fix; exit status 2 when there is any.
    """
    _django_setup()
    from django.conf import settings

    from lantoa.config.checks import config_problems

    storage = settings.STORAGES["default"]
    click.echo(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    click.echo(f"tasks:    {settings.TASKS['default']['BACKEND']}")
    click.echo(f"cache:    {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    click.echo(f"files:    {storage['BACKEND'].rsplit('.', 1)[-1]}")
    problems = config_problems()
    for problem in problems:
        click.echo(f"problem:  {problem}", err=True)
    if problems:
        sys.exit(2)
    click.echo("ok")


@click.command(
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],
    }
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command: lantoa manage migrate, lantoa manage help, …"""
    if not args or args[0] in ("-h", "--help"):
        click.echo(click.get_current_context().get_help())
        click.echo("\nDjango's commands (lantoa manage help COMMAND for one):")
        args = ("help",)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lantoa manage", *args])
    sys.exit(0)
