"""The disk side of a build: thumbnails, the whole-kit ZIP and the renderer's fingerprint.

A build's folder holds ``files/`` (the kit exactly as the renderer wrote it, with its
``manifest.json``), ``thumbs/`` (small PNGs of the picture items, made once with Pillow)
and the ZIP of the whole kit. The folder is assembled under a hidden name and renamed into
place when complete, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image

from lantoa import __version__
from lantoa.core.kit import MANIFEST

THUMB_WIDTH = 240
THUMB_MAX_HEIGHT = 4 * THUMB_WIDTH
# Files that are already compressed are stored in the ZIP as they are (deflating them
# again costs time and saves nothing).
_STORED = {".png", ".pdf", ".pptx", ".apkg", ".jpg", ".zip"}


@cache
def renderer_version() -> str:
    """The package version and a digest of the Typst templates: a template edit is a new
    renderer, so stored builds made with the old one are not reused."""
    import lantoa.core.kit as kit_package

    templates = Path(kit_package.__file__).parent / "templates"
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def thumb_path(rel: str) -> str:
    """Where the thumbnail of the manifest path ``rel`` is stored, relative to ``thumbs/``."""
    return str(PurePosixPath(rel).with_suffix(".png"))


def _thumb_one(source: Path, target: Path) -> dict[str, Any]:
    with Image.open(source) as img:
        # Decoding is most of the cost; then a fast box reduction to about twice the
        # size, the colour conversion on the small image, and a good resample last.
        factor = max(1, img.width // (2 * THUMB_WIDTH))
        small = (img.reduce(factor) if factor > 1 else img).convert("RGB")
    small.thumbnail((THUMB_WIDTH, THUMB_MAX_HEIGHT), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A 256-colour palette keeps thumbnails small: the designs are flat, with few colours.
    small.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(target, format="PNG")
    return {"width": small.width, "height": small.height}


def thumbs_make(files_dir: Path, thumbs_dir: Path, paths: list[str]) -> list[dict[str, Any]]:
    """A small PNG of each picture in ``paths``; returns each one's path, width and height."""
    return [
        {"path": rel, **_thumb_one(files_dir / rel, thumbs_dir / thumb_path(rel))} for rel in paths
    ]


def zip_write(files_dir: Path, manifest: dict[str, Any], target: Path) -> tuple[str, int]:
    """Write every manifest file and the manifest into ``target``; return its SHA-256 and size."""
    paths = [f["path"] for f in manifest["files"]] + [MANIFEST]
    with zipfile.ZipFile(target, "w") as archive:
        for rel in paths:
            suffix = PurePosixPath(rel).suffix.lower()
            archive.write(
                files_dir / rel,
                arcname=rel,
                compress_type=zipfile.ZIP_STORED if suffix in _STORED else zipfile.ZIP_DEFLATED,
            )
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest(), target.stat().st_size


def folder_remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
