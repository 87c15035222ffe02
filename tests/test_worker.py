"""Periodic jobs, and builds that failed or lost their worker (docs/tasks.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.kits.services import kit_build_request, kit_builds_requeue_stale
from lantoa.worker.models import PeriodicJob
from lantoa.worker.periodic import JOBS, periodic, periodic_run_due
from lantoa.worker.run import tasks_run_pending

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_jobs():
    ran: list[str] = []

    @periodic("test.tick", every=dt.timedelta(seconds=10))
    def tick() -> None:
        ran.append("tick")

    @periodic("test.broken", every=30)
    def broken() -> None:
        ran.append("broken")
        raise RuntimeError("the mail server is down")

    yield ran
    JOBS.pop("test.tick")
    JOBS.pop("test.broken")


def test_a_periodic_job_runs_once_per_period_however_many_workers_ask(test_jobs):
    now = timezone.now()
    assert {"test.tick", "test.broken"} <= set(periodic_run_due(now=now))
    # A second worker asking at the same moment (or a moment later) finds nothing due.
    assert "test.tick" not in periodic_run_due(now=now)
    assert "test.tick" not in periodic_run_due(now=now + dt.timedelta(seconds=9))
    assert test_jobs.count("tick") == 1
    assert "test.tick" in periodic_run_due(now=now + dt.timedelta(seconds=10))
    assert test_jobs.count("tick") == 2
    job = PeriodicJob.objects.get(name="test.tick")
    assert job.runs == 2
    assert job.next_at == now + dt.timedelta(seconds=20)
    assert job.last_error == ""


def test_a_failing_periodic_job_is_recorded_and_does_not_stop_the_others(test_jobs):
    ran = periodic_run_due()
    assert "test.broken" in ran
    assert "test.tick" in ran
    broken = PeriodicJob.objects.get(name="test.broken")
    assert broken.last_error == "RuntimeError: the mail server is down"
    assert broken.last_finished_at is not None


def test_every_must_be_at_least_a_second():
    with pytest.raises(ValueError, match="at least 1 second"):
        periodic("test.fast", every=0.5)


def test_a_build_whose_worker_died_is_queued_again_and_rendered(installed_pack, pack):
    build = kit_build_request(actor=None, pack=pack)
    # A worker claimed it, reported some progress, then was killed (no more heartbeats).
    long_ago = timezone.now() - dt.timedelta(minutes=6)
    KitBuild.objects.filter(pk=build.pk).update(
        status=BuildStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago, progress_done=3
    )
    DBTaskResult.objects.all().delete()  # its task is gone with the worker
    # Four minutes after its last heartbeat it may still be working: left alone.
    assert kit_builds_requeue_stale(now=long_ago + dt.timedelta(minutes=4)) == 0
    assert kit_builds_requeue_stale() == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.QUEUED
    assert build.progress_done == 0
    assert tasks_run_pending() == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert "kits.requeue_stale" in JOBS


def test_a_failed_build_is_tried_again_from_its_page(installed_pack, pack, tree):
    build = kit_build_request(actor=tree.alice, pack=pack)
    KitBuild.objects.filter(pk=build.pk).update(
        status=BuildStatus.FAILED, error="lỗi thử / a test error", finished_at=timezone.now()
    )
    DBTaskResult.objects.all().delete()
    alice = Client()
    alice.force_login(tree.alice)
    page = alice.get(reverse("kit_build", args=[build.pk])).content.decode()
    assert "Làm lại" in page
    assert Client().post(reverse("kit_retry", args=[build.pk])).status_code == 302  # sign-in
    assert DBTaskResult.objects.count() == 0
    response = alice.post(reverse("kit_retry", args=[build.pk]))
    assert response["Location"] == reverse("kit_build", args=[build.pk])
    build.refresh_from_db()
    assert build.status == BuildStatus.QUEUED
    assert build.error == ""
    assert "<progress" in alice.get(reverse("kit_build", args=[build.pk])).content.decode()
    assert tasks_run_pending() == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    # A done build is left as it is.
    alice.post(reverse("kit_retry", args=[build.pk]))
    assert tasks_run_pending() == 0
