"""Render a kit (or a set of per-unit posters) from a pack into a folder.

The render is an explicit ordered list of steps, one per kind of item. Everything is
written into a scratch folder beside the output folder and moved into place only
when every step has succeeded, so a failure leaves nothing half-written; the
manifest (``manifest.json``) lists every file with its kind, size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lantoa import __version__
from lantoa.core.kit.branding import Branding
from lantoa.core.kit.content import template_data
from lantoa.core.kit.engine import Engine
from lantoa.core.kit.errors import KitError
from lantoa.core.kit.office import anki_build, slides_build
from lantoa.core.kit.writing import captions_build, radio_script_build, webpage_build
from lantoa.core.packs import Pack, PackError, parse_pack
from lantoa.core.text import nfc

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = 1
ITEMS = ("flashcards", "infographic", "slides", "anki", "web", "captions")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class KitFile:
    path: str
    kind: str
    size: int
    sha256: str


@dataclass
class KitResult:
    out: Path
    files: list[KitFile] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Context:
    pack: Pack
    branding: Branding
    engine: Engine
    stage: Path
    files: list[KitFile] = field(default_factory=list)
    base_url: str | None = None  # the site's address: captions link to the points' pages

    def write(self, rel: str, kind: str, data: bytes) -> None:
        path = self.stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files.append(
            KitFile(path=rel, kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        )

    def data(self, **extra: Any) -> dict[str, Any]:
        return {**template_data(self.pack, self.branding, self.engine.logo_name), **extra}


def _flashcards(ctx: _Context) -> None:
    for fmt, folder in (("portrait", "1080x1350"), ("square", "1080x1080")):
        pages = ctx.engine.compile(
            "flashcards.typ", ctx.data(format=fmt), fmt="png", ppi=72, item="flashcards"
        )
        numbers = sorted(p.number for p in ctx.pack.points)
        for index, page in enumerate(pages):
            point = numbers[index // 2]
            side = "front" if index % 2 == 0 else "back"
            ctx.write(f"flashcards/{folder}/{point:02d}-{side}.png", "flashcard-png", page)
    (pdf,) = ctx.engine.compile(
        "flashcards.typ", ctx.data(format="print"), fmt="pdf", item="flashcards"
    )
    ctx.write("flashcards/flashcards-a4-print.pdf", "flashcards-print-pdf", pdf)


def _infographic(ctx: _Context) -> None:
    data = ctx.data(format="a3")
    (pdf,) = ctx.engine.compile("infographic.typ", data, fmt="pdf", item="infographic")
    ctx.write("infographic/infographic-a3.pdf", "infographic-pdf", pdf)
    (png,) = ctx.engine.compile("infographic.typ", data, fmt="png", ppi=110, item="infographic")
    ctx.write("infographic/infographic-portal.png", "infographic-png", png)
    (tall,) = ctx.engine.compile(
        "infographic.typ", ctx.data(format="phone"), fmt="png", ppi=72, item="infographic"
    )
    ctx.write("infographic/infographic-phone.png", "infographic-phone-png", tall)


def _slides(ctx: _Context) -> None:
    ctx.write(
        f"slides/{ctx.pack.id}-slides.pptx", "slides-pptx", slides_build(ctx.pack, ctx.branding)
    )


def _anki(ctx: _Context) -> None:
    ctx.write(f"anki/{ctx.pack.id}.apkg", "anki-apkg", anki_build(ctx.pack))


def _web(ctx: _Context) -> None:
    page = webpage_build(ctx.pack, ctx.branding)
    ctx.write(f"web/{ctx.pack.id}.html", "web-html", page.encode("utf-8"))


def _captions(ctx: _Context) -> None:
    for channel, text in captions_build(ctx.pack, ctx.branding, base_url=ctx.base_url).items():
        ctx.write(f"captions/{channel}.txt", f"caption-{channel}", text.encode("utf-8"))
    script = radio_script_build(ctx.pack, ctx.branding)
    ctx.write("captions/radio-script.txt", "radio-script", script.encode("utf-8"))


STEPS: dict[str, Callable[[_Context], None]] = {
    "flashcards": _flashcards,
    "infographic": _infographic,
    "slides": _slides,
    "anki": _anki,
    "web": _web,
    "captions": _captions,
}


def only_parse(value: str | Iterable[str] | None) -> list[str]:
    """``"flashcards,web"`` → the items in kit order; unknown names are an error."""
    if value is None:
        return list(ITEMS)
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value)]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in ITEMS]
    if unknown or not names:
        known = ", ".join(ITEMS)
        raise KitError(
            f"ấn phẩm không rõ: {', '.join(unknown) or '(trống)'} (có: {known}) / "
            f"unknown item: {', '.join(unknown) or '(empty)'} (known: {known})"
        )
    return [n for n in ITEMS if n in names]


def pack_load_file(path: str | Path) -> Pack:
    """Load a pack file, normalising its text to NFC first (a pack saved in NFD is fine)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise KitError(f"không đọc được gói {path}: {exc.strerror} / cannot read pack") from None
    except UnicodeDecodeError:
        raise KitError(f"gói {path} không phải UTF-8 / pack {path} is not UTF-8") from None
    try:
        return parse_pack(nfc(text), name=str(path))
    except PackError as exc:
        raise KitError(str(exc)) from None


def manifest_build(
    pack: Pack, branding: Branding, files: list[KitFile], *, what: str
) -> dict[str, Any]:
    return {
        "schema": MANIFEST_SCHEMA,
        "generator": f"lantoa {__version__}",
        "what": what,
        "pack": {"id": pack.id, "version": pack.version, "title": pack.title.vi},
        "branding": branding.as_data(),
        "files": [
            {"path": f.path, "kind": f.kind, "size": f.size, "sha256": f.sha256}
            for f in sorted(files, key=lambda f: f.path)
        ],
    }


def _publish(stage: Path, out: Path) -> None:
    """Move the finished ``stage`` folder to ``out``; replace ``out`` only if it is a kit."""
    if out.exists():
        if not out.is_dir():
            raise KitError(f"{out} không phải là thư mục / {out} is not a folder")
        if any(out.iterdir()) and not (out / MANIFEST).is_file():
            raise KitError(
                f"thư mục {out} đã có tệp khác, không ghi đè / "
                f"folder {out} is not empty and holds no kit; not overwriting it"
            )
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        try:
            stage.rename(out)
        except OSError:
            old.rename(out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        stage.rename(out)


def _stage_dir(out: Path) -> Path:
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))


def kit_render(
    pack: Pack,
    *,
    out: str | Path,
    branding: Branding | None = None,
    only: str | Iterable[str] | None = None,
    progress: Progress | None = None,
    base_url: str | None = None,
) -> KitResult:
    """Render the kit of ``pack`` into the folder ``out`` and return what was written."""
    out = Path(out)
    branding = branding or Branding()
    items = only_parse(only)
    stage = _stage_dir(out)
    scratch = Path(tempfile.mkdtemp(prefix="lantoa-typst-"))
    try:
        ctx = _Context(
            pack=pack,
            branding=branding,
            engine=Engine(scratch, branding),
            stage=stage / "kit",
            base_url=base_url,
        )
        ctx.stage.mkdir()
        for index, name in enumerate(items):
            if progress:
                progress(name, index, len(items))
            STEPS[name](ctx)
        manifest = manifest_build(pack, branding, ctx.files, what="kit")
        (ctx.stage / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if progress:
            progress("manifest", len(items), len(items))
        _publish(ctx.stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return KitResult(out=out, files=ctx.files, manifest=manifest)
