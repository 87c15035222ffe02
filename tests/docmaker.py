"""Build real documents from the seeds for the extraction tests and the benchmark."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import fontpkg_be_vietnam_pro

FONT_DIR = Path(fontpkg_be_vietnam_pro.__file__).parent / "files"
FONT = FONT_DIR / "BeVietnamPro-Regular.ttf"
# Decree 30 sets dispatches in Times New Roman, a serif face; DejaVu Serif has the
# precomposed Vietnamese glyphs (Debian fonts-dejavu-core). Be Vietnam Pro is the fallback.
TIMES = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258: base letters (with â ê ô ơ ư ă đ) plus a combining tone byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
        tones = "".join(c for c in nfd if c in _TONES)
        out += (base + tones).encode("cp1258")
    return bytes(out)


def make_docx(text: str, *, letterhead: tuple[list[str], list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    if letterhead:
        left, right = letterhead
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "\n".join(left)
        table.cell(0, 1).text = "\n".join(right)
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_text_pdf(text: str) -> bytes:
    """A PDF with a real text layer, typeset by Typst in Be Vietnam Pro."""
    import typst

    escaped = "".join(f"\\{c}" if c in "\\#*_`$<>@[]=-+/~\"'" else c for c in text)
    body = escaped.replace("\n\n", "\n\n").replace("\n", " \\\n")
    source = (
        '#set page(paper: "a4", margin: 2cm)\n'
        '#set text(font: "Be Vietnam Pro", size: 11pt, lang: "vi")\n' + body
    )
    return typst.compile(source.encode("utf-8"), font_paths=[str(FONT_DIR)])


def render_page(lines: list[str], *, width: int = 2480, size: int = 42) -> bytes:
    """A 300-dpi A4-wide PNG of ``lines`` in Be Vietnam Pro, as a scanner would see it."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(TIMES if TIMES.exists() else FONT), size)
    line_h = int(size * 1.6)
    image = Image.new("L", (width, 200 + line_h * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((160, 100 + i * line_h), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def png_to_pdf(png: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").save(out, format="PDF", resolution=300)
    return out.getvalue()
