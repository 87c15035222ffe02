"""The database task queue: deduplication, one winner per claim, retries, progress."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from lantoa.tasks.models import Task, TaskStatus
from lantoa.tasks.services import (
    TaskContext,
    UnknownTaskError,
    task,
    task_claim,
    task_enqueue,
    task_run,
    task_run_pending,
)

pytestmark = pytest.mark.django_db
CALLS: list[int] = []


@task("test.add")
def add(ctx: TaskContext, *, a: int, b: int) -> dict[str, int]:
    ctx.progress(1, 2, "adding")
    CALLS.append(a + b)
    return {"sum": a + b}


@task("test.fail")
def fail(ctx: TaskContext) -> None:
    raise RuntimeError("the printer is on fire")


def test_a_task_runs_and_keeps_its_result():
    queued = task_enqueue(name="test.add", args={"a": 2, "b": 3})
    assert task_run_pending(worker="w1") == 1
    queued.refresh_from_db()
    assert queued.status == TaskStatus.DONE
    assert queued.result == {"sum": 5}
    assert queued.percent == 100


def test_the_same_key_reuses_the_queued_or_finished_task():
    first = task_enqueue(name="test.add", args={"a": 1, "b": 1}, key="k1")
    again = task_enqueue(name="test.add", args={"a": 1, "b": 1}, key="k1")
    assert first.pk == again.pk
    task_run_pending(worker="w1")
    assert task_enqueue(name="test.add", args={"a": 1, "b": 1}, key="k1").pk == first.pk
    assert Task.objects.count() == 1


def test_only_one_worker_wins_a_claim():
    task_enqueue(name="test.add", args={"a": 1, "b": 2})
    winner = task_claim(worker="w1")
    assert winner is not None
    assert task_claim(worker="w2") is None
    assert Task.objects.get().claimed_by == "w1"


def test_a_failing_task_is_retried_with_a_back_off_then_marked_failed():
    queued = task_enqueue(name="test.fail")
    task_run(task_claim(worker="w"))
    queued.refresh_from_db()
    assert queued.status == TaskStatus.QUEUED
    assert "the printer is on fire" in queued.error
    assert queued.run_after > timezone.now()
    for minutes in (2, 5):
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes)):
            task_run_pending(worker="w")
    queued.refresh_from_db()
    assert queued.status == TaskStatus.FAILED
    assert queued.attempts == 3
    # A failed task does not block a new one with the same key.
    assert task_enqueue(name="test.fail", key="x").pk != queued.pk


def test_a_task_whose_worker_died_goes_back_to_the_queue():
    task_enqueue(name="test.add", args={"a": 1, "b": 1})
    claimed = task_claim(worker="dead")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        again = task_claim(worker="alive")
    assert again is not None
    assert again.pk == claimed.pk
    assert again.claimed_by == "alive"


def test_unknown_task_names_are_refused_when_enqueued():
    with pytest.raises(UnknownTaskError):
        task_enqueue(name="no.such.task")


def test_the_worker_command_runs_what_is_due(capsys):
    CALLS.clear()
    task_enqueue(name="test.add", args={"a": 20, "b": 3})
    task_enqueue(name="test.add", args={"a": 1, "b": 1}, delay=dt.timedelta(hours=1))
    call_command("run_tasks", "--burst")
    assert CALLS == [23]
    # The periodic tasks (reminders, the learning rollup) were enqueued and ran too; the
    # delayed one waits.
    assert "ran 3 task(s)" in capsys.readouterr().out
    assert Task.objects.get(name="campaigns.remind").status == TaskStatus.DONE
    assert Task.objects.filter(status=TaskStatus.QUEUED).count() == 1
