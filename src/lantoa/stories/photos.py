"""Check a story's photo by its content and re-encode it without metadata.

The type comes from the bytes (Pillow's reader), never from the file name; SVG is refused
(it can carry script). A photo is decoded once under a pixel budget, turned upright by its
EXIF orientation, shrunk to at most ``MAX_SIDE`` pixels and saved as a fresh JPEG, so
nothing of the original file — EXIF, GPS position, comments, trailing bytes — survives.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 1600  # what is kept; larger photos are shrunk
MIN_SIDE = 200
MAX_PIXELS = 40_000_000  # what is decoded at all
QUALITY = 82


class PhotoError(ValueError):
    """A photo that cannot be taken; the message names the problem for the user."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def _looks_like_svg(head: bytes) -> bool:
    sample = head[:1024].lstrip().lower()
    return sample.startswith(b"<?xml") or b"<svg" in sample


def photo_clean(data: bytes, *, filename: str = "") -> CleanPhoto:
    """The re-encoded JPEG of ``data``, or :class:`PhotoError` naming what is wrong."""
    label = filename or _("the photo")
    limit = settings.LANTOA_STORY_PHOTO_MAX_BYTES
    if len(data) > limit:
        raise PhotoError(
            _("%(name)s is %(size)s MB; a photo may be at most %(limit)s MB.")
            % {
                "name": label,
                "size": f"{len(data) / 1048576:.0f}",
                "limit": f"{limit / 1048576:.0f}",
            }
        )
    if _looks_like_svg(data):
        raise PhotoError(
            _("%(name)s is an SVG drawing; send a photo (JPEG, PNG or WebP).") % {"name": label}
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PhotoError(
            _("%(name)s is not a photo we can read; send a JPEG, PNG or WebP image.")
            % {"name": label}
        ) from None
    if kind not in ACCEPTED:
        raise PhotoError(
            _("%(name)s is a %(kind)s file; send a JPEG, PNG or WebP image.")
            % {"name": label, "kind": kind or "?"}
        )
    if width * height > MAX_PIXELS:
        raise PhotoError(
            _("%(name)s is %(w)s × %(h)s pixels; a photo may have at most 40 million pixels.")
            % {"name": label, "w": width, "h": height}
        )
    if min(width, height) < MIN_SIDE:
        raise PhotoError(
            _("%(name)s is %(w)s × %(h)s pixels; a photo needs at least %(min)s on each side.")
            % {"name": label, "w": width, "h": height, "min": MIN_SIDE}
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            rgb = upright.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        raise PhotoError(
            _("%(name)s is damaged and cannot be read; send the photo again.") % {"name": label}
        ) from None
    rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # A new image: no exif=, no icc_profile=, no comment — nothing of the original's metadata.
    rgb.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    return CleanPhoto(data=out.getvalue(), width=rgb.width, height=rgb.height)
