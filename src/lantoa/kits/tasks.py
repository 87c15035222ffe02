"""Background tasks of the kit: render a kit, render a set of posters (docs/tasks.md)."""

from __future__ import annotations

from typing import Any

from lantoa.kits.services import kit_build_run
from lantoa.tasks.services import TaskContext, task


def _run(ctx: TaskContext, build_id: int) -> dict[str, Any]:
    build = kit_build_run(
        build_id=build_id,
        heartbeat=ctx.progress,
        last_try=ctx.task.attempts >= ctx.task.max_attempts,
    )
    return {"build": build.pk, "status": build.status, "error": build.error}


@task("kit.render")
def kit_render_task(ctx: TaskContext, *, build_id: int) -> dict[str, Any]:
    return _run(ctx, build_id)


@task("kit.posters")
def kit_posters_task(ctx: TaskContext, *, build_id: int) -> dict[str, Any]:
    return _run(ctx, build_id)
