"""A card as it will print, for the authoring form: front and back side by side.

Rendered by the kit's own flashcard template from plain values (the draft need not be a
valid pack yet), on a phone-sized card (1080×1350, shown scaled) or on the A4 print sheet
(four cards a sheet, so the card is seen at its printed size among the crop marks).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Literal

from PIL import Image

from lantoa.core.kit.branding import Branding
from lantoa.core.kit.content import brand_data
from lantoa.core.kit.engine import Engine
from lantoa.core.packs.faces import label

Format = Literal["phone", "a4"]


def card_preview(
    *,
    kind: str,
    number: int,
    count: int,
    title: str,
    sections: list[dict[str, str]],
    pack_title: str,
    pack_id: str,
    fmt: Format = "phone",
    branding: Branding | None = None,
    width: int = 900,
) -> bytes:
    """A PNG ``width`` pixels wide: the card's front and back side by side (``phone``), or
    the A4 sheets of fronts and backs side by side (``a4``).

    ``sections`` are the back's sections: ``{"key", "label", "full", "short"}`` each.
    Raises :class:`~lantoa.core.kit.errors.KitError` when a text cannot fit its box.
    """
    branding = branding or Branding()
    data = {
        "pack": {
            "id": pack_id,
            "kind": kind,
            "version": "nháp",
            "title": pack_title,
            "count": max(count, number),
            "sections": [],
            "sides": None,
        },
        "brand": brand_data(branding, None),
        "points": [{"number": number, "title": title, "sections": sections}],
        "labels": {"point": label(kind)},
        "source": pack_title,
        "format": "portrait" if fmt == "phone" else "print",
    }
    with tempfile.TemporaryDirectory(prefix="lantoa-preview-") as tmp:
        engine = Engine(Path(tmp), branding)
        ppi = 36.0 if fmt == "phone" else 40.0
        pages = engine.compile("flashcards.typ", data, fmt="png", ppi=ppi, item="preview")
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pages[:2]]
    gap = 16
    w = sum(i.width for i in images) + gap * (len(images) - 1)
    h = max(i.height for i in images)
    sheet = Image.new("RGB", (w, h), (255, 255, 255))
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    if sheet.width > width:
        sheet = sheet.resize((width, round(sheet.height * width / sheet.width)))
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()
