"""Jobs that every ``lantoa worker`` runs every N seconds (docs/tasks.md).

Register a function of no arguments in an app's ``tasks.py``::

    from lantoa.worker.periodic import periodic

    @periodic("learning.rollup", every=dt.timedelta(seconds=15))
    def rollup() -> dict[str, int]: ...

``every`` is a ``timedelta`` or a number of seconds. However many workers run, on however
many nodes, a job runs once per period: each worker's scheduler claims it with one
conditional ``UPDATE`` of its :class:`~lantoa.worker.models.PeriodicJob` row, so the
first one to see it due wins and pushes ``next_at`` on. A job that raises is logged and
recorded (``last_error``) and runs again at its next period; a job must be safe to run
again after a crash (the reminders and the tallies rollup are).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

log = logging.getLogger("lantoa.worker")


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    fn: Callable[[], Any]


JOBS: dict[str, Job] = {}


def periodic(
    name: str, *, every: dt.timedelta | float
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Run the decorated function every ``every`` (a ``timedelta`` or seconds, at least 1 s)
    in one of the workers."""
    period = every if isinstance(every, dt.timedelta) else dt.timedelta(seconds=every)
    if period < dt.timedelta(seconds=1):
        raise ValueError(f"periodic job {name!r}: every must be at least 1 second")

    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        JOBS[name] = Job(name=name, every=period, fn=fn)
        return fn

    return register


def jobs_import() -> dict[str, Job]:
    """Import every installed app's ``tasks`` module, so its jobs and tasks register."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("lantoa."):
            try:
                import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise
    return JOBS


def _claim(job: Job, now: dt.datetime) -> bool:
    from lantoa.worker.models import PeriodicJob

    try:
        with transaction.atomic():
            PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_at": now})
    except IntegrityError:  # another worker created the row a moment ago
        pass
    won = PeriodicJob.objects.filter(name=job.name, next_at__lte=now).update(
        next_at=now + job.every, last_started_at=now, runs=F("runs") + 1
    )
    return bool(won)


def periodic_run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Run each job that is due and that this process claims; return their names."""
    from lantoa.worker.models import PeriodicJob

    ran = []
    for job in list(jobs_import().values()):
        when = now or timezone.now()
        if not _claim(job, when):
            continue
        error = ""
        try:
            job.fn()
        except Exception as exc:
            log.exception("periodic job %s failed", job.name)
            error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        PeriodicJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=error
        )
        ran.append(job.name)
    return ran


def scheduler_loop(*, stop: Callable[[], bool], tick: float = 1.0) -> None:
    """Check the jobs once every ``tick`` seconds until ``stop()`` (the worker's thread)."""
    while not stop():
        try:
            periodic_run_due()
        except Exception:  # the database went away for a moment: try at the next tick
            log.exception("periodic scheduler")
        finally:
            close_old_connections()
        time.sleep(tick)
