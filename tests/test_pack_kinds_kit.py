"""Every kit item for the key-points and Q&A kinds, opened with real readers (the
comparison kind is covered item by item in test_kit.py)."""

from __future__ import annotations

import html.parser
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from lantoa.core.kit import Unit, branding_make, kit_render, posters_render, study_url
from lantoa.core.kit.posters import poster_stem
from lantoa.core.kit.writing import WORDS_PER_MINUTE
from lantoa.core.packs import builtin_pack
from lantoa.core.packs.faces import pack_faces
from tests.packkinds import qa_pack

UNIT = "Công an tỉnh Quảng Ninh"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path: Path) -> str:
    return _flat(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


@pytest.fixture(scope="module", params=["nd13-quyen", "qa"])
def rendered(request, tmp_path_factory):
    pack = builtin_pack("nd13-quyen") if request.param == "nd13-quyen" else qa_pack()
    out = tmp_path_factory.mktemp("kit") / pack.id
    kit_render(pack, out=out, branding=branding_make(unit=UNIT))
    return pack, out


def test_flashcards_show_each_title_and_its_text_or_short_form(rendered):
    pack, out = rendered
    for folder, size in (("1080x1350", (1080, 1350)), ("1080x1080", (1080, 1080))):
        files = sorted((out / "flashcards" / folder).glob("*.png"))
        assert len(files) == 2 * len(pack.points)
        with Image.open(files[1]) as img:
            assert img.size == size
    text = _pdf_text(out / "flashcards" / "flashcards-a4-print.pdf")
    for faces in pack_faces(pack):
        assert _flat(faces.title) in text
        assert _flat(faces.main.full) in text or _flat(faces.main.short) in text
    label = "Trả lời" if pack.kind == "qa" else "Nội dung"
    assert label.upper() in text


def test_infographic_lists_every_point_with_its_short_form_and_no_sides_legend(rendered):
    pack, out = rendered
    text = _pdf_text(out / "infographic" / "infographic-a3.pdf")
    for faces in pack_faces(pack):
        assert _flat(faces.title) in text
        assert _flat(faces.main.short) in text
    assert "Chuyển đổi số" not in text
    with Image.open(out / "infographic" / "infographic-phone.png") as img:
        assert img.width == 1080


def test_slides_have_one_slide_a_point_with_its_full_text(rendered):
    pack, out = rendered
    prs = Presentation(str(out / "slides" / f"{pack.id}-slides.pptx"))
    slides = list(prs.slides)
    assert len(slides) == len(pack.points) + 2
    texts = [" ".join(s.text_frame.text for s in sl.shapes if s.has_text_frame) for sl in slides]
    for faces, text in zip(pack_faces(pack), texts[1:-1], strict=True):
        assert faces.title in text
        assert faces.main.full in text


def test_anki_deck_has_a_note_a_point_with_its_text(rendered, tmp_path):
    pack, out = rendered
    with zipfile.ZipFile(out / "anki" / f"{pack.id}.apkg") as zf:
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as con:
        notes = [r[0].split("\x1f") for r in con.execute("select flds from notes")]
    assert len(notes) == len(pack.points)
    by_title = {n[1]: n for n in notes}
    for faces in pack_faces(pack):
        fields = by_title[faces.title]
        assert fields[2:4] == ["", ""]  # no 'old way' section
        assert fields[5] == faces.main.full


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def handle_data(self, data):
        self.chunks.append(data)


def test_web_page_captions_and_radio_script_carry_every_point(rendered):
    pack, out = rendered
    parser = _Text()
    parser.feed((out / "web" / f"{pack.id}.html").read_text(encoding="utf-8"))
    page = " ".join(parser.chunks)
    facebook = (out / "captions" / "facebook.txt").read_text(encoding="utf-8")
    zalo = (out / "captions" / "zalo.txt").read_text(encoding="utf-8")
    script = (out / "captions" / "radio-script.txt").read_text(encoding="utf-8")
    for faces in pack_faces(pack):
        assert faces.title in page
        assert faces.main.full in page
        assert faces.title in facebook
        assert faces.main.short in zalo
        assert faces.title.rstrip(".?") in script
    word = "Câu hỏi" if pack.kind == "qa" else "Điểm"
    assert f"{word} thứ nhất" in script
    words = len(script.split("\n", 3)[-1].split())
    assert words <= 5 * WORDS_PER_MINUTE
    assert "Chuyển đổi số" not in script


def test_qr_posters_decode_to_the_units_study_page(rendered, tmp_path):
    pack, _ = rendered
    base = "https://lantoa.example.gov.vn"
    unit = Unit("QN-01", "Phường Hồng Gai")
    posters_render([unit], pack=pack, out=tmp_path / "p", base_url=base, processes=1)
    with Image.open(tmp_path / "p" / "posters" / f"{poster_stem(unit)}.png") as img:
        url = study_url(base, unit.code, pack.id)
        assert [r.text for r in zxingcpp.read_barcodes(img)] == [url]
        assert url.endswith(f"/hoc/QN-01?goi={pack.id}")
