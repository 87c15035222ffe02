# ruff: noqa: F811  (the cascade fixture is imported from test_campaigns)
"""Exports opened by their real readers: LibreOffice for the Word and Excel reports and
the slides, SQLite for the Anki collection, the HTML itself for the web page.

One LibreOffice run converts the three office files to PDF (a few seconds), then
pdftotext and pdfinfo say what a reader would see.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from fontTools.ttLib import TTFont
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR

from lantoa.campaigns.exports import LETTERHEAD_RIGHT_MM, MOTTO
from lantoa.core.kit import kit_render
from tests.conftest import require_tool
from tests.test_campaigns import cascade, vn  # noqa: F401  (fixture)

LIBERATION_BOLD = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf")
CELL_MARGIN_PT = 2 * 5.4  # Word's default left and right cell margins, 0.19 cm each


def _width_pt(text: str, font: Path, size: float) -> float:
    """Advance width of ``text`` from the font's own metrics; a Vietnamese letter the
    font lacks takes its base letter's advance, as stacked marks do not widen it."""
    ttf = TTFont(font)
    cmap, metrics, units = ttf.getBestCmap(), ttf["hmtx"], ttf["head"].unitsPerEm

    def advance(ch: str) -> int:
        if ord(ch) not in cmap:
            ch = unicodedata.normalize("NFD", ch)[0]
        return metrics[cmap[ord(ch)]][0]

    return sum(advance(ch) for ch in text) * size / units


def test_the_national_motto_fits_its_cell_on_one_line():
    if not LIBERATION_BOLD.exists():
        require_tool(str(LIBERATION_BOLD), "Times New Roman's metrics (fonts-liberation)")
    needed = _width_pt(MOTTO, LIBERATION_BOLD, 12)
    assert 245 < needed < 255  # ≈ 249 pt, as Word measures it in Times New Roman
    available = LETTERHEAD_RIGHT_MM / 25.4 * 72 - CELL_MARGIN_PT
    assert needed < available - 10


@pytest.fixture
def converted(cascade, tmp_path, pack):
    """The province's Word and Excel reports and the kit's slides, as LibreOffice prints them."""
    soffice = require_tool("soffice", "opens the Word, Excel and PowerPoint exports")
    client = Client()
    client.force_login(cascade.olivia)
    files = []
    with time_machine.travel(vn(2023, 3, 26), tick=False):
        for fmt in ("docx", "xlsx"):
            response = client.get(f"/chien-dich/{cascade.campaign.pk}/don-vi/QN/bao-cao.{fmt}")
            assert response.status_code == 200
            path = tmp_path / f"report-{fmt}.{fmt}"
            path.write_bytes(response.content)
            files.append(path)
    kit = kit_render(pack, out=tmp_path / "kit", only="slides")
    slides = kit.out / "slides" / "cds17-slides.pptx"
    files.append(slides)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return {p.suffix[1:]: tmp_path / "pdf" / f"{p.stem}.pdf" for p in files} | {"pptx_file": slides}


def _text(pdf: Path) -> str:
    pdftotext = require_tool("pdftotext", "reads the converted PDFs")
    out = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return unicodedata.normalize("NFC", out)


def _pages(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    pdfinfo = require_tool("pdfinfo", "counts the converted pages")
    info = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE)
    return [(float(w), float(h)) for w, h in sizes]


def test_office_exports_open_in_libreoffice_as_a_reader_expects(converted):
    word = _text(converted["docx"])
    assert any(MOTTO in line for line in word.splitlines())  # the motto on ONE line
    flat = " ".join(word.split())
    assert "ỦY BAN NHÂN DÂN TỈNH" in flat  # the body's name may wrap in its narrower cell
    assert "Số:" in word
    assert "/BC-UBND" in word
    assert "VIỆT NAM\n" not in word.split(MOTTO)[0]  # no "VIỆT NAM" as the parent agency
    assert len(_pages(converted["docx"])) == 1

    summary, *units = _pages(converted["xlsx"])
    assert summary[0] < summary[1]  # the summary sheet: portrait
    assert units
    assert all(w > h for w, h in units)  # the unit sheet: landscape
    sheet = _text(converted["xlsx"])
    assert "Đơn vị cấp trên" in sheet  # the last columns are on the page, not cut off
    assert "Bài đăng" in sheet
    assert len(units) == 1  # one page wide (and, for three units, one page tall)

    slides = _text(converted["pptx"])
    assert len(_pages(converted["pptx"])) == 19
    assert "1. Chuyển trọng tâm" in slides


def test_point_slide_titles_sit_in_the_middle_of_their_band(converted):
    prs = Presentation(str(converted["pptx_file"]))
    for slide in list(prs.slides)[1:-1]:
        band = slide.shapes[0]
        title = slide.shapes[1]
        assert title.top == band.top
        assert title.height == band.height
        assert title.text_frame.vertical_anchor == MSO_ANCHOR.MIDDLE


@pytest.fixture(scope="module")
def kit(tmp_path_factory, pack):
    return kit_render(pack, out=tmp_path_factory.mktemp("kit"), only="anki,web").out


def test_the_anki_browser_sorts_the_notes_1_to_17_and_shows_no_raw_id(kit, tmp_path):
    collection = tmp_path / "collection.anki2"
    with zipfile.ZipFile(kit / "anki" / "cds17.apkg") as deck:
        collection.write_bytes(deck.read("collection.anki2"))
    with sqlite3.connect(collection) as con:
        import json

        (models,) = con.execute("select models from col").fetchone()
        (model,) = json.loads(models).values()
        names = [f["name"] for f in model["flds"]]
        assert names[model["sortf"]] == "Sort"
        assert "{{Sort}}" not in model["tmpls"][0]["qfmt"] + model["tmpls"][0]["afmt"]
        stored = [
            int(flds.split("\x1f")[0])
            for (flds,) in con.execute("select flds from notes order by sfld collate nocase")
        ]
        notes = [f.split("\x1f") for (f,) in con.execute("select flds from notes")]
        flds = " ".join("\x1f".join(n) for n in notes)
    assert stored == list(range(1, 18))
    # Whether Anki keeps the sort field as a number or as text, the order is the same.
    as_text = sorted(notes, key=lambda n: n[model["sortf"]].casefold())
    assert [int(n[0]) for n in as_text] == list(range(1, 18))
    assert "cds17@" not in flds
    assert "(phiên bản 1.0.0)" in flds


def test_the_web_page_cites_its_sources_in_full_and_shows_no_raw_id(kit):
    page = (kit / "web" / "cds17.html").read_text(encoding="utf-8")
    assert "cds17@" not in page
    assert "(phiên bản 1.0.0)</p></footer>" in page
    assert "Công văn số 244/CĐSQG-CSS ngày 05/03/2023 của Cục Chuyển đổi số quốc gia" in page
    assert "Công văn số …/UBND-KGVX (bản không ghi số) của Ủy ban nhân dân tỉnh Bắc Giang" in page
    assert "<li> /UBND-KGVX" not in page


def test_the_infographic_and_radio_script_name_the_source_and_version_in_words(tmp_path, pack):
    out = kit_render(pack, out=tmp_path / "kit", only="infographic,captions").out
    text = " ".join(_text(out / "infographic" / "infographic-a3.pdf").split())
    assert "Nguồn: Công văn số 244/CĐSQG-CSS của Cục Chuyển đổi số quốc gia" in text
    assert "phiên bản 1.0.0" in text
    assert "cds17" not in text
    radio = next((out / "captions").glob("*radio*")).read_text(encoding="utf-8")
    assert "cds17@" not in radio
    assert re.search(r"khoảng \d+,\d phút", radio)
