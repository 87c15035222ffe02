"""OCR with Tesseract's Vietnamese model (``-l vie``), called as a subprocess.

Always the Vietnamese model: the English one produces exactly the damage of seed
004 ("Sé" for "Số"). PDF pages are rasterised with poppler's ``pdftoppm``. Every
call has a timeout; a page that runs over is an error, not a hang.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from lantoa.core.extract.api import Extracted, ExtractError, Limits


@functools.cache
def tesseract_ready() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in out.stdout.split()


def ocr_png(path: Path, limits: Limits) -> str:
    if not tesseract_ready():
        raise ExtractError("ocr_unavailable")
    try:
        out = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "vie", "--psm", "4"],
            capture_output=True,
            timeout=limits.ocr_timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractError("timeout", limit=limits.ocr_timeout) from exc
    if out.returncode != 0:
        raise ExtractError("corrupt", what="image")
    return out.stdout.decode("utf-8", errors="replace")


def rasterise(pdf: Path, page: int, out_dir: Path, limits: Limits) -> Path:
    """Render one 1-based page of ``pdf`` to PNG with pdftoppm."""
    exe = shutil.which("pdftoppm")
    if not exe:
        raise ExtractError("ocr_unavailable")
    prefix = out_dir / f"p{page}"
    try:
        subprocess.run(
            [
                exe,
                "-r",
                str(limits.ocr_dpi),
                "-gray",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            capture_output=True,
            timeout=limits.ocr_timeout,
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractError("timeout", limit=limits.ocr_timeout) from exc
    except subprocess.CalledProcessError as exc:
        raise ExtractError("corrupt", what="PDF") from exc
    return prefix.with_suffix(".png")


def ocr_pdf_page(data: bytes, page: int, limits: Limits) -> str:
    with tempfile.TemporaryDirectory(prefix="lantoa-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        return ocr_png(rasterise(pdf, page, Path(tmp), limits), limits)


def read_image(data: bytes, limits: Limits) -> Extracted:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > limits.max_image_pixels:
                raise ExtractError(
                    "image_too_large", pixels=width * height, limit=limits.max_image_pixels
                )
            frames = getattr(image, "n_frames", 1)
            with tempfile.TemporaryDirectory(prefix="lantoa-ocr-") as tmp:
                texts: list[str] = []
                for index in range(min(frames, limits.ocr_max_pages)):
                    image.seek(index)
                    path = Path(tmp) / f"f{index}.png"
                    image.convert("L").save(path)
                    texts.append(ocr_png(path, limits))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExtractError("corrupt", what="image") from exc
    return Extracted(
        text="\n\n".join(texts),
        kind="image-ocr",
        pages=len(texts),
        ocr_pages=tuple(range(1, len(texts) + 1)),
    )
