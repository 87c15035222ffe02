"""Background work of stories (docs/tasks.md): draw an approved story's share card in the
worker, in process (the worker never forks after Typst starts), so the first visitor who
shares the link does not wait for a fresh process."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from lantoa.core.kit.branding import Branding
from lantoa.core.kit.engine import Engine
from lantoa.core.kit.share import share_render

_engine: Engine | None = None


def _worker_engine() -> Engine:
    """One engine per worker process, reused by every card it draws."""
    global _engine
    if _engine is None:
        _engine = Engine(Path(tempfile.mkdtemp(prefix="lantoa-share-")), Branding())
    return _engine


@task()
def story_share_image_task(story_id: int) -> dict[str, Any]:
    from lantoa.stories import selectors, sharing

    story = selectors.story_get_public(story_id)
    if story is None:
        return {"story": story_id, "drawn": False}
    card = sharing.story_card(story)
    name = sharing.share_image_name(card)
    if default_storage.exists(name):
        return {"story": story_id, "drawn": False, "name": name}
    default_storage.save(name, ContentFile(share_render(_worker_engine(), card)))
    return {"story": story_id, "drawn": True, "name": name}
