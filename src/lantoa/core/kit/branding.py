"""Branding of a kit: the issuing unit's name, its logo and two colours.

Everything here enters from a user (a command-line option or a web form), so it is
normalised to NFC and checked before any rendering starts: a logo that is missing,
not an image or huge is refused with a message naming the problem.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from lantoa.core.kit.errors import KitError
from lantoa.core.text import nfc, normalize_whitespace

DEFAULT_PRIMARY = "#a61b1b"
DEFAULT_ACCENT = "#1b5ea6"
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 4096
MAX_UNIT_CHARS = 300
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class Logo:
    """A checked logo image: its bytes, format ("png" or "jpg") and size in pixels."""

    data: bytes
    fmt: str
    width: int
    height: int

    @property
    def filename(self) -> str:
        return f"logo.{self.fmt}"


@dataclass(frozen=True, slots=True)
class Branding:
    unit: str | None = None
    logo: Logo | None = None
    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT

    def as_data(self) -> dict[str, object]:
        """The branding as JSON-ready data (the logo by its digest), for the manifest."""
        return {
            "unit": self.unit,
            "logo_sha256": hashlib.sha256(self.logo.data).hexdigest() if self.logo else None,
            "primary": self.primary,
            "accent": self.accent,
        }

    @property
    def digest(self) -> str:
        """A short fingerprint of the branding, used to reuse a stored render."""
        text = repr(sorted(self.as_data().items()))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def unit_name_clean(value: str | None) -> str | None:
    if value is None:
        return None
    name = normalize_whitespace(nfc(value))
    if not name:
        return None
    if len(name) > MAX_UNIT_CHARS:
        raise KitError(
            f"tên đơn vị dài {len(name)} ký tự, tối đa {MAX_UNIT_CHARS} / "
            f"the unit name has {len(name)} characters, at most {MAX_UNIT_CHARS}"
        )
    return name


def colors_parse(value: str | None) -> tuple[str, str]:
    """``"#a61b1b,#1b5ea6"`` → (primary, accent); one colour sets the primary only."""
    if not value:
        return DEFAULT_PRIMARY, DEFAULT_ACCENT
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not 1 <= len(parts) <= 2 or not all(_HEX.match(p) for p in parts):
        raise KitError(
            f"màu không hợp lệ: {value!r} (dạng #RRGGBB hoặc #RRGGBB,#RRGGBB) / "
            f"invalid colours: {value!r} (expected #RRGGBB or #RRGGBB,#RRGGBB)"
        )
    primary = parts[0].lower()
    accent = parts[1].lower() if len(parts) == 2 else DEFAULT_ACCENT
    return primary, accent


def logo_from_bytes(data: bytes, *, name: str = "logo") -> Logo:
    """Check that ``data`` is a PNG or JPEG of a reasonable size."""
    if len(data) > MAX_LOGO_BYTES:
        raise KitError(
            f"logo {name} quá lớn ({len(data) // 1024} KB, tối đa {MAX_LOGO_BYTES // 1024} KB)"
            f" / logo {name} is too large ({len(data) // 1024} KB, max {MAX_LOGO_BYTES // 1024} KB)"
        )
    import io

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt = (img.format or "").upper()
                width, height = img.size
                img.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as exc:
        raise KitError(
            f"logo {name} không phải là ảnh PNG hoặc JPEG / logo {name} is not a PNG or JPEG "
            f"image ({exc.__class__.__name__})"
        ) from None
    if fmt not in ("PNG", "JPEG"):
        raise KitError(
            f"logo {name} là ảnh {fmt}, chỉ nhận PNG hoặc JPEG / "
            f"logo {name} is a {fmt} image; only PNG or JPEG are accepted"
        )
    if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
        raise KitError(
            f"logo {name} quá lớn ({width}×{height} điểm ảnh, tối đa {MAX_LOGO_PIXELS}) / "
            f"logo {name} is too large ({width}×{height} pixels, max {MAX_LOGO_PIXELS})"
        )
    return Logo(data=data, fmt="png" if fmt == "PNG" else "jpg", width=width, height=height)


def logo_load(path: str | Path) -> Logo:
    path = Path(path)
    if not path.is_file():
        raise KitError(f"không tìm thấy logo: {path} / logo not found: {path}")
    if path.stat().st_size > MAX_LOGO_BYTES:
        size = path.stat().st_size // 1024
        raise KitError(
            f"logo {path} quá lớn ({size} KB, tối đa {MAX_LOGO_BYTES // 1024} KB) / "
            f"logo {path} is too large ({size} KB, max {MAX_LOGO_BYTES // 1024} KB)"
        )
    return logo_from_bytes(path.read_bytes(), name=str(path))


def branding_make(
    *,
    unit: str | None = None,
    logo: str | Path | None = None,
    colors: str | None = None,
) -> Branding:
    primary, accent = colors_parse(colors)
    return Branding(
        unit=unit_name_clean(unit),
        logo=logo_load(logo) if logo is not None else None,
        primary=primary,
        accent=accent,
    )


# --- Contrast (WCAG 2.1) -------------------------------------------------------------------
# The kit puts white text on the primary colour (title bands) and the primary colour as
# text on white paper, so a branded colour must reach 4.5:1 against white.

MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str = "#ffffff") -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken_to_contrast(colour: str, *, minimum: float = MIN_CONTRAST) -> str:
    """``colour`` darkened (same hue) just enough to reach ``minimum`` against white."""
    if contrast_ratio(colour) >= minimum:
        return colour.lower()
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(1, 101):
        k = 1 - step / 100
        candidate = f"#{round(r * k):02x}{round(g * k):02x}{round(b * k):02x}"
        if contrast_ratio(candidate) >= minimum:
            return candidate
    return "#000000"
