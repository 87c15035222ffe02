"""Background work of the kit (docs/tasks.md): render a kit or a poster set, and queue again
the builds whose worker died."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from lantoa.kits.services import kit_build_run, kit_builds_requeue_stale
from lantoa.worker.periodic import periodic


@task()
def kit_build_task(build_id: int) -> dict[str, Any]:
    """Render the build ``build_id`` (a kit or a poster set) and publish its files."""
    build = kit_build_run(build_id=build_id)
    return {"build": build.pk, "status": build.status, "error": build.error}


@periodic("kits.requeue_stale", every=dt.timedelta(minutes=1))
def kits_requeue_stale() -> dict[str, int]:
    return {"requeued": kit_builds_requeue_stale()}
