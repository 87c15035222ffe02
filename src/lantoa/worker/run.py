"""Run the configured backend's worker, with the periodic scheduler beside it.

``lantoa worker`` calls :func:`worker_run`: with the database backend it is
django-tasks-db's worker, with RQ it is RQ's, both in this process; a daemon thread runs
the periodic jobs (:mod:`lantoa.worker.periodic`). ``--burst`` runs what is due and exits.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connections

from lantoa.config.backends import TASK_BACKEND_DB
from lantoa.worker.periodic import jobs_import, periodic_run_due, scheduler_loop

log = logging.getLogger("lantoa.worker")
# RQ's job class that runs a Django task (and records its result for django-tasks-rq).
RQ_JOB = "django_tasks_rq.Job"


def backend_is_database() -> bool:
    return bool(settings.TASKS["default"]["BACKEND"] == TASK_BACKEND_DB)


def tasks_run_pending(*, max_tasks: int | None = None) -> int:
    """Run the database queue's ready tasks in this process until none is left; return how
    many ran (``--burst`` and tests). The claim is django-tasks-db's (a locked select, then
    the worker's id on the row); unlike its worker loop this leaves the connection open, so
    it also runs inside a test's transaction."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    jobs_import()
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"burst-{get_random_string(12)}",
        excluded_queue_names=[],
    )
    ran = 0
    while max_tasks is None or ran < max_tasks:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(ready.db):
            claimed = ready.get_locked()
            if claimed is not None:
                claimed.claim(worker.worker_id)
        if claimed is None:
            return ran
        worker.run_task(claimed)
        ran += 1
    return ran


def worker_run(*, burst: bool = False, tick: float = 1.0) -> int:
    """Run tasks (and periodic jobs) until stopped; with ``burst``, what is due, then return."""
    from django.core.management import call_command

    jobs_import()
    if burst:
        periodic_run_due()
        if backend_is_database():
            return tasks_run_pending()
        connections.close_all()
        call_command("rqworker", "default", burst=True, job_class=RQ_JOB)
        return 0
    stopping = threading.Event()
    scheduler = threading.Thread(
        target=scheduler_loop,
        kwargs={"stop": stopping.is_set, "tick": tick},
        name="lantoa-periodic",
        daemon=True,
    )
    scheduler.start()
    try:
        if backend_is_database():
            call_command("db_worker", queue_name="*", interval=1.0, verbosity=1, reload=False)
        else:
            # RQ forks a child per job: it must not inherit this process's open connection.
            connections.close_all()
            call_command("rqworker", "default", with_scheduler=True, job_class=RQ_JOB)
    finally:
        stopping.set()
    return 0
