"""Link previews: a 1200 × 630 PNG per public page, from the ``share.typ`` template.

Pages build a :class:`ShareCard`; its :meth:`~ShareCard.digest` names the cached file, so a
card is rendered once per content. :func:`share_render` uses an in-process :class:`Engine`
(the worker, the benchmark); a web process calls :func:`share_render_fresh` instead, which
compiles in a new interpreter (see :mod:`lantoa.core.kit.fresh` on fork safety).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from lantoa.core.kit.branding import DEFAULT_ACCENT, DEFAULT_PRIMARY
from lantoa.core.kit.engine import Engine
from lantoa.core.kit.fresh import compile_fresh

WIDTH = 1200
HEIGHT = 630
TEMPLATE = "share.typ"
VERSION = 1  # bump when the template changes: every cached card is then redrawn


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"


@dataclass(frozen=True)
class ShareCard:
    kicker: str
    title: str
    subtitle: str = ""
    unit: str = "Lan Tỏa"
    number: int | None = None
    footer: str = "Lan Tỏa"

    def data(self) -> dict[str, Any]:
        return {
            "brand": {
                "primary": DEFAULT_PRIMARY,
                "accent": DEFAULT_ACCENT,
                "logo": None,
                "unit": None,
            },
            "pack": {"title": ""},
            "kicker": _cut(self.kicker, 60),
            "title": _cut(self.title, 140),
            "subtitle": _cut(self.subtitle, 200),
            "unit": _cut(self.unit or "Lan Tỏa", 90),
            "number": self.number,
            "footer": _cut(self.footer, 30),
        }

    def digest(self) -> str:
        blob = json.dumps({"v": VERSION, **asdict(self)}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def share_render(engine: Engine, card: ShareCard) -> bytes:
    """The PNG, compiled by ``engine`` in this process."""
    (png,) = engine.compile(TEMPLATE, card.data(), fmt="png", ppi=72.0, item="share")
    return png


def share_render_fresh(card: ShareCard) -> bytes:
    """The PNG, compiled by a new process (safe in a forked web worker)."""
    return compile_fresh(TEMPLATE, card.data(), item="share", fmt="png", ppi=72.0)
