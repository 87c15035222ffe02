"""The file side of a build: thumbnails, the whole-kit ZIP, the storage, the fingerprint.

A build's folder holds ``files/`` (the kit exactly as the renderer wrote it, with its
``manifest.json``), ``thumbs/`` (small PNGs of the picture items, made once with Pillow)
and the ZIP of the whole kit. It is assembled in a local work folder, then published to the
default storage: on a local disk renamed into place, in an object store uploaded file by
file under the build's own random prefix. Either way the build is marked done only after
its files are all there, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
import zipfile
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
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


def storage_is_local(storage: Storage | None = None) -> bool:
    return isinstance(storage or default_storage, FileSystemStorage)


def work_folder(prefix: str) -> Path:
    """A fresh local folder to render ``prefix`` into: beside its final place on a local
    storage (so publishing is one rename), in the temporary folder otherwise."""
    if storage_is_local():
        final = Path(default_storage.path(prefix))
        final.parent.mkdir(parents=True, exist_ok=True)
        work = final.with_name(f".{final.name}.work-{secrets.token_hex(4)}")
        work.mkdir()
        return work
    return Path(tempfile.mkdtemp(prefix="lantoa-kit-"))


def publish(work: Path, prefix: str) -> None:
    """Put the work folder's files under ``prefix`` in the default storage."""
    if storage_is_local():
        final = Path(default_storage.path(prefix))
        folder_remove(final)  # a left-over of an interrupted earlier try
        os.replace(work, final)
        return
    try:
        for path in sorted(p for p in work.rglob("*") if p.is_file()):
            with path.open("rb") as handle:
                default_storage.save(f"{prefix}/{path.relative_to(work).as_posix()}", File(handle))
    finally:
        folder_remove(work)


def tree_remove(prefix: str, storage: Storage | None = None) -> None:
    """Delete everything under ``prefix`` in the storage."""
    storage = storage or default_storage
    if storage_is_local(storage):
        folder_remove(Path(storage.path(prefix)))
        return
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{prefix}/{name}")
    for folder in folders:
        tree_remove(f"{prefix}/{folder}", storage)
