"""What is the same for every learner, as content-hashed immutable files.

- the **study shell**: the page a QR code opens (``/hoc/<unit code>``), one per language,
  the same bytes for every unit and every visitor: the join form, with the unit's name
  filled in by ``shell.js`` from a small cached JSON lookup (``/hoc/don-vi/<code>.json``);
- the **cards** of a pack version per language (``cards.<pack>-<version>.<lang>.<hash>.json``),
  which ``learn.js`` loads instead of carrying the 17 cards in every study page;
- the learning **scripts and styles**.

Each file's name carries the first 12 hex digits of its SHA-256, so it never changes under
its name and is served ``Cache-Control: public, max-age=31536000, immutable``. They are built
once per process on first use (``built()``) and served at ``/hoc/h/<name>`` by
``entry.hashed_file``, whose first reply for each name ``learning.front.HashedFiles`` keeps
and sends again from memory without entering Django. ``lantoa serve`` also writes them to
``STATIC_ROOT/h/`` (``learning_build``) for a proxy in front.

A point's card faces come from one function, ``_point_card`` (the integrator points it at the
kind-aware faces of the packs app).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from lantoa.core.packs import Pack, Point
from lantoa.core.packs.faces import point_faces

PREFIX = "h/"  # the folder under STATIC_ROOT
URL = "/hoc/h/"  # inside the service worker's scope; not under STATIC_URL, which a test
# server or a proxy may answer for alone
IMMUTABLE = "public, max-age=31536000, immutable"
_ASSETS = ("learning/learn.js", "learning/learn.css", "learning/shell.js")
_ASSETS += ("learning/examples.js",)  # "Ví dụ thực tế" on a card's back (stories app's JSON)


def _point_card(pack: Pack, point: Point, lang: str) -> dict[str, Any]:
    """One point's card, whatever the pack's kind (lantoa.core.packs.faces): the front
    (number, title) and the back; a key point or an answer has one section, shown in the
    "dx" slot."""
    faces = point_faces(pack, point, lang)
    first = faces.back[0] if len(faces.back) == 2 else None
    return {
        "point": point.number,
        "title": faces.title,
        "it_label": first.label if first else "",
        "dx_label": faces.main.label,
        "it": first.full if first else "",
        "dx": faces.main.full,
    }


def cards(pack: Pack, lang: str) -> list[dict[str, Any]]:
    return [_point_card(pack, p, lang) for p in pack.points]


def _hashed(stem: str, suffix: str, data: bytes) -> str:
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}{suffix}"


@dataclass
class Built:
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # name → (bytes, type)
    assets: dict[str, str] = field(default_factory=dict)  # "learning/learn.js" → hashed name
    shells: dict[str, str] = field(default_factory=dict)  # lang → hashed name
    cards: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (pack, ver, lang)

    def add(self, stem: str, suffix: str, data: bytes, content_type: str) -> str:
        name = _hashed(stem, suffix, data)
        self.files[name] = (data, content_type)
        return name

    def url(self, name: str) -> str:
        return f"{URL}{name}"


_lock = threading.Lock()
_built: Built | None = None
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def built() -> Built:
    """The hashed files of this process (scripts, styles and the shells; cards on demand)."""
    global _built
    with _lock:
        if _built is None:
            b = Built()
            for asset in _ASSETS:
                path = finders.find(asset)
                data = Path(str(path)).read_bytes()
                stem, _, suffix = asset.rpartition(".")
                b.assets[asset] = b.add(
                    stem.rsplit("/", 1)[-1], "." + suffix, data, TYPES["." + suffix]
                )
            for lang, _name in settings.LANGUAGES:
                b.shells[lang] = b.add(
                    f"shell.{lang}", ".html", _shell_html(b, lang), "text/html; charset=utf-8"
                )
            _built = b
        return _built


def asset_url(asset: str) -> str:
    b = built()
    return b.url(b.assets[asset])


def cards_url(pack: Pack, lang: str) -> str:
    b = built()
    key = (pack.id, pack.version, lang)
    with _lock:
        if key not in b.cards:
            data = json.dumps(
                {"pack": pack.id, "version": pack.version, "cards": cards(pack, lang)},
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()
            b.cards[key] = b.add(
                f"cards.{pack.id}-{pack.version}.{lang}", ".json", data, "application/json"
            )
    return b.url(b.cards[key])


def shell_bytes(lang: str) -> bytes:
    b = built()
    return b.files[b.shells.get(lang, b.shells[settings.LANGUAGE_CODE])][0]


def _shell_html(b: Built, lang: str) -> bytes:
    """The join page as an anonymous visitor sees it, without a unit or a token."""
    prefix = "" if lang == settings.LANGUAGE_CODE else f"/{lang}"
    with translation.override(lang):
        request = RequestFactory().get(f"{prefix}/hoc/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        html = render_to_string(
            "learning/shell.html",
            {
                "learn_js": b.url(b.assets["learning/learn.js"]),
                "learn_css": b.url(b.assets["learning/learn.css"]),
                "shell_js": b.url(b.assets["learning/shell.js"]),
                "lookup": f"{prefix}/hoc/don-vi/",
            },
            request=request,
        )
    return html.encode()


def learning_build(static_root: Path) -> list[Path]:
    """Write every hashed file (and the cards of each installed pack's current version,
    which ``?goi=`` study links may name) under ``static_root/h/``."""
    from lantoa.content.models import PackVersion
    from lantoa.content.selectors import PackNotInstalledError
    from lantoa.learning.selectors import pack_cached

    for pack_id in sorted(set(PackVersion.objects.values_list("pack_id", flat=True))):
        try:
            pack = pack_cached(pack_id)
        except PackNotInstalledError:
            continue
        for lang, _name in settings.LANGUAGES:
            cards_url(pack, lang)
    target = static_root / PREFIX.rstrip("/")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (data, _type) in built().files.items():
        path = target / name
        if not path.exists():
            path.write_bytes(data)
        written.append(path)
    return written
