"""The demo's kit: the unbranded kit of the default pack, rendered at once (about 3 s)."""

from __future__ import annotations

from lantoa.content.selectors import pack_get
from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.kits.services import kit_build_request, kit_build_run


def demo_kit_render() -> KitBuild:
    """Render the public kit now, without the queue, so the demo shows real thumbnails;
    a kit already rendered for this pack, branding and renderer is reused."""
    build = kit_build_request(actor=None, pack=pack_get(), enqueue=False)
    if build.status != BuildStatus.DONE:
        build = kit_build_run(build_id=build.pk)
    return build
