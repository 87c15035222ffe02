"""Enqueue, claim and run background tasks.

Register a function with :func:`task` and enqueue it by name with JSON arguments; it runs
in a worker and reports progress through the context it receives::

    @task("kit.render")
    def kit_render(ctx: TaskContext, *, pack_id: str) -> dict: ...

    task_enqueue(name="kit.render", args={"pack_id": "cds17"}, key="kit:cds17:…")

Side effects leave a request only through ``transaction.on_commit`` — callers enqueue
inside their own transaction and the task becomes visible when it commits.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from lantoa.tasks.models import Task, TaskStatus

log = logging.getLogger("lantoa.tasks")
REGISTRY: dict[str, Callable[..., Any]] = {}
PERIODIC: dict[str, dt.timedelta] = {}
STALE_AFTER = dt.timedelta(minutes=10)
RETRY_BACKOFF = dt.timedelta(seconds=30)


def task(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` as the task ``name``."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = fn
        return fn

    return register


def periodic(
    name: str, *, every: dt.timedelta
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` as the task ``name`` and have workers enqueue it once per ``every``."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = fn
        PERIODIC[name] = every
        return fn

    return register


def task_enqueue_periodic() -> list[Task]:
    """Enqueue each periodic task once per period; the key makes repeats free."""
    _import_task_modules()
    now = timezone.now().timestamp()
    return [
        task_enqueue(name=name, key=f"periodic:{name}:{int(now // every.total_seconds())}")
        for name, every in PERIODIC.items()
    ]


class UnknownTaskError(LookupError):
    pass


def task_enqueue(
    *,
    name: str,
    args: dict[str, Any] | None = None,
    key: str = "",
    delay: dt.timedelta | None = None,
) -> Task:
    """Queue ``name``; with a ``key``, a queued, running or finished task of that key is
    reused instead (the same kit for the same pack and branding is rendered once)."""
    if name not in REGISTRY:
        _import_task_modules()
    if name not in REGISTRY:
        raise UnknownTaskError(name)
    if key:
        existing = (
            Task.objects.filter(key=key)
            .exclude(status=TaskStatus.FAILED)
            .order_by("-created_at")
            .first()
        )
        if existing is not None:
            return existing
    return Task.objects.create(
        name=name,
        args=args or {},
        key=key,
        run_after=timezone.now() + (delay or dt.timedelta()),
    )


@dataclass
class TaskContext:
    """What a running task may do: report progress (throttled to one write a second)."""

    task: Task
    _last: float = 0.0

    def progress(self, done: int, total: int, label: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last < 1.0:
            return
        self._last = now
        Task.objects.filter(pk=self.task.pk).update(
            progress_done=done,
            progress_total=total,
            progress_label=label[:200],
            heartbeat_at=timezone.now(),
        )


def _requeue_stale() -> int:
    """Running tasks whose worker stopped beating go back to the queue."""
    limit = timezone.now() - STALE_AFTER
    return Task.objects.filter(status=TaskStatus.RUNNING, heartbeat_at__lt=limit).update(
        status=TaskStatus.QUEUED, claimed_by=""
    )


def task_claim(*, worker: str) -> Task | None:
    """Claim the oldest due task; ``None`` when there is nothing to do."""
    _requeue_stale()
    now = timezone.now()
    for candidate in (
        Task.objects.filter(status=TaskStatus.QUEUED, run_after__lte=now)
        .order_by("run_after", "id")
        .values_list("id", flat=True)[:5]
    ):
        won = Task.objects.filter(pk=candidate, status=TaskStatus.QUEUED).update(
            status=TaskStatus.RUNNING,
            claimed_by=worker[:64],
            heartbeat_at=now,
            attempts=F("attempts") + 1,
        )
        if won:
            return Task.objects.get(pk=candidate)
    return None


def _import_task_modules() -> None:
    """Import every installed app's ``tasks`` module so its tasks register."""
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("lantoa."):
            try:
                import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise


def task_run(claimed: Task) -> Task:
    """Run a claimed task and record its result, retrying failures with a back-off."""
    if claimed.name not in REGISTRY:
        _import_task_modules()
    fn = REGISTRY.get(claimed.name)
    try:
        if fn is None:
            raise UnknownTaskError(claimed.name)
        result = fn(TaskContext(claimed), **claimed.args)
    except Exception as exc:
        log.exception("task %s failed", claimed)
        retry = claimed.attempts < claimed.max_attempts and not isinstance(exc, UnknownTaskError)
        Task.objects.filter(pk=claimed.pk).update(
            status=TaskStatus.QUEUED if retry else TaskStatus.FAILED,
            error="".join(traceback.format_exception_only(exc)).strip()[:2000],
            run_after=timezone.now() + RETRY_BACKOFF * claimed.attempts,
            finished_at=None if retry else timezone.now(),
        )
    else:
        Task.objects.filter(pk=claimed.pk).update(
            status=TaskStatus.DONE,
            result=result,
            error="",
            finished_at=timezone.now(),
            progress_done=F("progress_total"),
        )
    claimed.refresh_from_db()
    return claimed


def task_run_pending(*, worker: str, limit: int | None = None) -> int:
    """Run due tasks until none is left (or ``limit`` ran); return how many ran."""
    ran = 0
    while limit is None or ran < limit:
        claimed = task_claim(worker=worker)
        if claimed is None:
            break
        task_run(claimed)
        ran += 1
    return ran


def task_purge_finished(*, older_than: dt.timedelta) -> int:
    limit = timezone.now() - older_than
    deleted, _ = Task.objects.filter(
        Q(status=TaskStatus.DONE) | Q(status=TaskStatus.FAILED), finished_at__lt=limit
    ).delete()
    return deleted


__all__ = [
    "REGISTRY",
    "TaskContext",
    "UnknownTaskError",
    "periodic",
    "task",
    "task_claim",
    "task_enqueue",
    "task_enqueue_periodic",
    "task_purge_finished",
    "task_run",
    "task_run_pending",
]
