"""The kit items that are not Typst documents: slides (PPTX) and the Anki deck (.apkg)."""

from __future__ import annotations

import hashlib
import html
import io
import tempfile
from pathlib import Path

import genanki
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

from lantoa.core.kit.branding import Branding
from lantoa.core.kit.writing import pack_label
from lantoa.core.packs import Pack
from lantoa.core.packs.faces import pack_faces

# A font every office suite and operating system has, with full Vietnamese coverage:
# the slides stay editable and correct on a machine without Be Vietnam Pro.
SLIDE_FONT = "Arial"


def _rgb(hex_color: str) -> RGBColor:
    value = hex_color.lstrip("#")
    return RGBColor(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))  # type: ignore[no-untyped-call]


def _text_box(
    slide: object,
    left: int,
    top: int,
    width: int,
    height: int,
    text: str,
    *,
    size: int,
    bold: bool = False,
    color: str = "#1d1d1f",
    fill: str | None = None,
    middle: bool = False,
) -> None:
    shape = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))  # type: ignore[attr-defined]
    if fill is not None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    frame = shape.text_frame
    frame.word_wrap = True
    if middle:  # a one-line title sits in the middle of its band, not at its top
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    margin = Emu(Pt(10))
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = margin
    for index, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.name = SLIDE_FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(color)


def slides_build(pack: Pack, branding: Branding) -> bytes:
    """A 16:9 deck: a title slide, one slide per point with editable text, a closing slide."""
    prs = Presentation()
    w, h = 12192000, 6858000  # 16:9
    prs.slide_width = Emu(w)
    prs.slide_height = Emu(h)
    blank = prs.slide_layouts[6]
    m = int(Emu(Pt(36)))

    def band(slide: object, height: int) -> None:
        shape = slide.shapes.add_shape(1, 0, 0, Emu(w), Emu(height))  # type: ignore[attr-defined]
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(branding.primary)
        shape.line.fill.background()

    def logo(slide: object, top: int, height: int) -> None:
        if branding.logo is not None:
            slide.shapes.add_picture(  # type: ignore[attr-defined]
                io.BytesIO(branding.logo.data), Emu(m), Emu(top), height=Emu(height)
            )

    # Title slide.
    slide = prs.slides.add_slide(blank)
    band(slide, h)
    logo(slide, m, int(Emu(Pt(60))))
    if branding.unit:
        _text_box(slide, m, h // 4, w - 2 * m, h // 8, branding.unit, size=22, color="#ffffff")
    _text_box(
        slide, m, h // 3, w - 2 * m, h // 3, pack.title.vi, size=40, bold=True, color="#ffffff"
    )
    if pack.title.en:
        _text_box(slide, m, h - h // 5, w - 2 * m, h // 8, pack.title.en, size=18, color="#ffffff")

    head = int(Emu(Pt(110)))
    col_w = (w - 3 * m) // 2
    for faces in pack_faces(pack):
        slide = prs.slides.add_slide(blank)
        band(slide, head)
        _text_box(
            slide, m, 0, w - 2 * m, head, f"{faces.number}. {faces.title}",
            size=26, bold=True, color="#ffffff", middle=True,
        )  # fmt: skip
        top = head + m
        body_top = top + int(Emu(Pt(40)))
        body_h = h - body_top - m
        if len(faces.back) == 2:
            old, new = faces.back
            _text_box(slide, m, top, col_w, int(Emu(Pt(30))), old.label.upper(), size=16, bold=True)
            _text_box(
                slide, 2 * m + col_w, top, col_w, int(Emu(Pt(30))), new.label.upper(),
                size=16, bold=True, color=branding.primary,
            )  # fmt: skip
            _text_box(slide, m, body_top, col_w, body_h, old.full, size=20, fill="#ecebe8")
            _text_box(
                slide, 2 * m + col_w, body_top, col_w, body_h, new.full, size=20,
                fill="#f6e8e8",
            )  # fmt: skip
        else:
            main = faces.main
            _text_box(
                slide, m, top, w - 2 * m, int(Emu(Pt(30))), main.label.upper(),
                size=16, bold=True, color=branding.primary,
            )  # fmt: skip
            _text_box(slide, m, body_top, w - 2 * m, body_h, main.full, size=24, fill="#f6e8e8")

    # Closing slide.
    slide = prs.slides.add_slide(blank)
    band(slide, h)
    closing = "Cùng lan tỏa chuyển đổi số!"
    _text_box(slide, m, h // 3, w - 2 * m, h // 4, closing, size=40, bold=True, color="#ffffff")
    if branding.unit:
        _text_box(slide, m, h // 2 + m, w - 2 * m, h // 6, branding.unit, size=22, color="#ffffff")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def stable_id(*parts: str) -> int:
    """A stable 31-bit positive id (Anki model and deck ids) from ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (int.from_bytes(digest[:8], "big") % (1 << 30)) + (1 << 30)


def note_guid(pack_id: str, number: int) -> str:
    """The note's Anki guid: the same for a point across versions, so re-import updates it."""
    guid: str = genanki.guid_for("lantoa", pack_id, number)
    return guid


_CARD_CSS = """
.card { font-family: "Be Vietnam Pro", Arial, sans-serif; font-size: 20px; color: #1d1d1f;
  background: #fbf8f3; text-align: left; line-height: 1.5; padding: 8px; }
.n { color: #a61b1b; font-weight: 700; }
.side { border-radius: 8px; padding: 10px 14px; margin: 10px 0; }
.it { background: #ecebe8; } .dx { background: #f6e8e8; border-left: 4px solid #a61b1b; }
.label { font-size: 13px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
"""


def anki_build(pack: Pack) -> bytes:
    """An Anki deck, one note per point (front: title; back: the sections in full)."""
    model = genanki.Model(
        stable_id("lantoa-model", pack.id),
        f"Lan Tỏa — {pack.id}",
        fields=[
            {"name": "Number"},
            {"name": "Title"},
            {"name": "ITLabel"},
            {"name": "IT"},
            {"name": "DXLabel"},
            {"name": "DX"},
            {"name": "Pack"},
            # The number again, zero-padded and never shown: Anki's browser sorts by it,
            # and "01" … "17" sorts the same as text and as a number.
            {"name": "Sort"},
        ],
        sort_field_index=7,
        templates=[
            {
                "name": "Điểm → hai vế",
                "qfmt": '<div class="n">{{Number}}</div><div class="t">{{Title}}</div>',
                "afmt": (
                    '{{FrontSide}}<hr id="answer">'
                    # A key point or an answer has one section, in the DX slot.
                    '{{#IT}}<div class="side it"><div class="label">{{ITLabel}}</div>{{IT}}'
                    "</div>{{/IT}}"
                    '<div class="side dx"><div class="label">{{DXLabel}}</div>{{DX}}</div>'
                    '<div class="label">{{Pack}}</div>'
                ),
            }
        ],
        css=_CARD_CSS,
    )
    deck = genanki.Deck(stable_id("lantoa-deck", pack.id), pack.title.vi)
    for faces in pack_faces(pack):
        old = faces.back[0] if len(faces.back) == 2 else None
        new = faces.main
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    html.escape(value)
                    for value in (
                        str(faces.number),
                        faces.title,
                        old.label if old else "",
                        old.full if old else "",
                        new.label,
                        new.full,
                        pack_label(pack),
                        f"{faces.number:0{len(str(pack.count))}d}",
                    )
                ],
                guid=note_guid(pack.id, faces.number),
                tags=[pack.id, f"{pack.id}::{faces.number:02d}"],
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
