"""The communication kit, opened with real readers: Pillow, pypdf, python-pptx, SQLite,
an HTML parser and a QR decoder (zxing-cpp)."""

from __future__ import annotations

import hashlib
import html.parser
import io
import json
import sqlite3
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops
from pptx import Presentation
from pypdf import PdfReader

from lantoa.core.kit import (
    KitError,
    TextOverflowError,
    Unit,
    branding_make,
    kit_render,
    pack_load_file,
    posters_render,
    study_url,
)
from lantoa.core.kit.branding import Branding
from lantoa.core.kit.content import template_data
from lantoa.core.kit.engine import Engine
from lantoa.core.kit.posters import poster_stem
from lantoa.core.kit.writing import WORDS_PER_MINUTE
from lantoa.core.packs import Pack, builtin_pack_paths, pack_to_data
from tests.conftest import require_tool

UNIT = "Sở Khoa học và Công nghệ tỉnh Quảng Ninh"


@pytest.fixture(scope="module")
def kit(tmp_path_factory, pack):
    out = tmp_path_factory.mktemp("kit") / "cds17"
    result = kit_render(pack, out=out, branding=branding_make(unit=UNIT))
    return out, result


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path: Path) -> str:
    return _flat(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def test_flashcard_pngs_have_the_social_sizes(kit, pack):
    out, _ = kit
    for folder, size in (("1080x1350", (1080, 1350)), ("1080x1080", (1080, 1080))):
        files = sorted((out / "flashcards" / folder).glob("*.png"))
        assert len(files) == 2 * len(pack.points)
        for path in files:
            with Image.open(path) as img:
                assert img.size == size, path


def test_print_pdf_has_four_cards_a_sheet_and_every_title_in_nfc(kit, pack):
    out, _ = kit
    path = out / "flashcards" / "flashcards-a4-print.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 2 * 5  # 17 cards → 5 sheets of fronts and backs
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = _pdf_text(path)
    assert unicodedata.is_normalized("NFC", text)
    for point in pack.points:
        assert _flat(point.title.vi) in text, point.number


def test_print_backs_are_mirrored_for_long_edge_duplex(kit, pack):
    out, _ = kit
    reader = PdfReader(out / "flashcards" / "flashcards-a4-print.pdf")
    front, back = reader.pages[0], reader.pages[1]

    def where(page, needle: str) -> float:
        xs: list[float] = []

        def visit(text, cm, tm, font, size):
            if needle in text:
                xs.append(tm[4] * cm[0] + cm[4])

        page.extract_text(visitor_text=visit)
        return xs[0]

    # Card 1 sits on the left of the fronts sheet; its back (the "1." heading) on the right.
    assert where(front, "01") < 297
    assert where(back, "1. ") > 297


def test_infographic_is_an_a3_pdf_a_portal_png_and_a_tall_phone_png(kit, pack):
    out, _ = kit
    pdf = out / "infographic" / "infographic-a3.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)
    text = _pdf_text(pdf)
    for point in pack.points:
        assert _flat(point.title.vi) in text, point.number
        assert _flat(point.dx.short.vi) in text, point.number
    with Image.open(out / "infographic" / "infographic-portal.png") as img:
        assert img.width >= 1200
        assert img.height / img.width == pytest.approx(420 / 297, 0.01)
    with Image.open(out / "infographic" / "infographic-phone.png") as img:
        assert img.width == 1080
        assert img.height > 3 * img.width


def test_slides_have_a_title_slide_one_per_point_and_a_closing_slide(kit, pack):
    out, _ = kit
    prs = Presentation(str(out / "slides" / "cds17-slides.pptx"))
    slides = list(prs.slides)
    assert len(slides) == len(pack.points) + 2
    texts = [" ".join(s.text_frame.text for s in sl.shapes if s.has_text_frame) for sl in slides]
    assert pack.title.vi in texts[0]
    for point, text in zip(pack.points, texts[1:-1], strict=True):
        assert point.title.vi in text
        assert point.it.full.vi in text
        assert point.dx.full.vi in text
    fonts = {
        run.font.name
        for sl in slides
        for s in sl.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for run in p.runs
    }
    assert fonts == {"Arial"}


def _anki_notes(path: Path, work: Path) -> list[tuple[str, str]]:
    db_path = work / f"{hashlib.sha256(str(path).encode()).hexdigest()[:8]}.anki2"
    with zipfile.ZipFile(path) as zf:
        db_path.write_bytes(zf.read("collection.anki2"))
    with sqlite3.connect(db_path) as con:
        rows = con.execute("select guid, flds from notes order by sfld").fetchall()
    return [(guid, flds) for guid, flds in rows]


def test_anki_deck_has_one_note_per_point_with_ids_stable_across_renders(kit, pack, tmp_path):
    out, _ = kit
    first = _anki_notes(out / "anki" / "cds17.apkg", tmp_path)
    assert len(first) == len(pack.points) == 17
    again = kit_render(pack, out=tmp_path / "again", only="anki")
    second = _anki_notes(again.out / "anki" / "cds17.apkg", tmp_path)
    assert sorted(g for g, _ in first) == sorted(g for g, _ in second)
    assert len({g for g, _ in first}) == 17
    fields = " ".join(f for _, f in first)
    for point in pack.points:
        assert point.title.vi in fields


class _Titles(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_h2 = False
        self.titles: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.in_h2 = True
            self.titles.append("")
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2 = False

    def handle_data(self, data):
        if self.in_h2:
            self.titles[-1] += data


def test_web_page_is_self_contained_with_every_title(kit, pack):
    out, _ = kit
    page = (out / "web" / "cds17.html").read_text(encoding="utf-8")
    parser = _Titles()
    parser.feed(page)
    assert len(parser.titles) == 17
    for point in pack.points:
        assert any(point.title.vi in t for t in parser.titles)
    assert "http" not in page.lower()
    assert "@import" not in page
    assert all(u.startswith("data:") for u in parser.urls)
    assert "font/woff2;base64," in page


def test_captions_cover_every_card_and_the_radio_script_reads_in_three_to_five_minutes(kit, pack):
    out, _ = kit
    facebook = (out / "captions" / "facebook.txt").read_text(encoding="utf-8")
    zalo = (out / "captions" / "zalo.txt").read_text(encoding="utf-8")
    for point in pack.points:
        assert point.title.vi in facebook
        assert point.title.vi in zalo
    assert facebook.count("#ChuyểnĐổiSố") == 17
    assert zalo.count("#ChuyểnĐổiSố") == 17
    script = (out / "captions" / "radio-script.txt").read_text(encoding="utf-8")
    body = script.split("\n", 3)[-1]
    words = len(body.split())
    assert 3 * WORDS_PER_MINUTE <= words <= 5 * WORDS_PER_MINUTE, words
    assert "Điểm thứ nhất" in script
    assert "Điểm thứ mười bảy" in script


def test_manifest_lists_every_file_with_its_size_and_digest(kit, pack):
    out, _result = kit
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pack"] == {"id": "cds17", "version": pack.version, "title": pack.title.vi}
    assert manifest["branding"]["unit"] == UNIT
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    listed = {f["path"] for f in manifest["files"]}
    assert listed == on_disk - {"manifest.json"}
    for f in manifest["files"]:
        data = (out / f["path"]).read_bytes()
        assert f["size"] == len(data)
        assert f["sha256"] == hashlib.sha256(data).hexdigest()
        assert f["kind"]


def test_every_qr_poster_decodes_to_its_units_study_page(tmp_path, pack):
    pdftoppm = require_tool("pdftoppm", "renders the poster PDFs to read their QR codes")
    units = [Unit("QN-01", "Phường Hồng Gai"), Unit("DL-7", "Xã Ea Kao, tỉnh Đắk Lắk")]
    base = "https://lantoa.example.gov.vn"
    posters_render(units, pack=pack, out=tmp_path / "posters", base_url=base, processes=1)
    for unit in units:
        png = tmp_path / "posters" / "posters" / f"{poster_stem(unit)}.png"
        with Image.open(png) as img:
            assert img.size == (1080, 1080)
            assert [r.text for r in zxingcpp.read_barcodes(img)] == [study_url(base, unit.code)]
        pdf = tmp_path / "posters" / "posters" / f"{poster_stem(unit)}.pdf"
        assert len(PdfReader(pdf).pages) == 1
        assert _flat(unit.name) in _pdf_text(pdf)
        subprocess.run(
            [pdftoppm, "-r", "100", "-png", str(pdf), str(tmp_path / unit.code)], check=True
        )
        (page,) = tmp_path.glob(f"{unit.code}*.png")
        with Image.open(page) as img:
            assert [r.text for r in zxingcpp.read_barcodes(img)] == [f"{base}/hoc/{unit.code}"]


def test_a_title_of_stacked_marks_keeps_all_its_ink_inside_its_box(tmp_path, pack):
    """Clipped or overflowing diacritics: the title's ink (what changes when the title is
    drawn) must lie inside the title box the template reserves, top marks included."""
    title = "Chuyển đổi số ở Ủy ban Đắk Lắk"
    engine = Engine(tmp_path / "root", Branding())
    data = template_data(pack, Branding(), None)
    point = {**data["points"][0], "title": title}

    def render(text: str) -> Image.Image:
        d = {**data, "format": "portrait", "points": [{**point, "title": text}]}
        front = engine.compile("flashcards.typ", d, fmt="png", ppi=72)[0]
        return Image.open(io.BytesIO(front)).convert("RGB")

    d = {**data, "format": "portrait", "points": [point]}
    (box,) = engine.query("flashcards.typ", d, "<title-box>")
    ink = ImageChops.difference(render(title), render("\u00a0")).convert("L")
    left, top, right, bottom = ink.point(lambda v: 255 if v > 24 else 0).getbbox()
    assert box["x"] <= left
    assert right <= box["x"] + box["w"]
    assert box["y"] <= top
    assert bottom <= box["y"] + box["h"]
    # The marks are there: the ink of the top line reaches well above the capitals' height.
    assert bottom - top > 60


def _pack_with(pack: Pack, number: int, **changes: str) -> Pack:
    data = pack_to_data(pack)
    for point in data["points"]:
        if point["number"] == number:
            for key, value in changes.items():
                side, form = key.split("_")
                point[side][form]["vi"] = value
    return Pack.model_validate(data)


def test_a_side_too_long_even_at_the_smallest_size_fails_naming_point_and_side(tmp_path, pack):
    long = "Chuyển đổi số là một quá trình thay đổi toàn diện. " * 40
    bad = _pack_with(pack, 5, dx_full=long, dx_short=long)
    out = tmp_path / "kit"
    with pytest.raises(TextOverflowError) as caught:
        kit_render(bad, out=out, only="flashcards")
    assert caught.value.point == 5
    assert caught.value.side == "dx"
    assert "điểm 5" in str(caught.value)
    assert "point 5, DX side" in str(caught.value)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_long_full_side_falls_back_to_the_short_form(tmp_path, pack):
    long = "Chuyển đổi số là một quá trình thay đổi toàn diện. " * 12
    result = kit_render(_pack_with(pack, 2, it_full=long), out=tmp_path / "kit", only="flashcards")
    text = _pdf_text(result.out / "flashcards" / "flashcards-a4-print.pdf")
    assert _flat(pack.point(2).it.short.vi) in text
    assert long.strip()[:200] not in text


def test_a_failed_render_leaves_the_previous_kit_untouched(tmp_path, pack):
    out = tmp_path / "kit"
    kit_render(pack, out=out, only="web")
    before = (out / "manifest.json").read_bytes()
    long = "Rất dài. " * 400
    with pytest.raises(TextOverflowError):
        kit_render(_pack_with(pack, 1, it_full=long, it_short=long), out=out, only="flashcards")
    assert (out / "manifest.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


def test_a_folder_that_holds_something_else_is_not_overwritten(tmp_path, pack):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(KitError, match="not empty"):
        kit_render(pack, out=out, only="web")
    assert (out / "notes.txt").read_text() == "keep me"


def test_bad_logos_get_clear_errors(tmp_path):
    with pytest.raises(KitError, match="logo not found"):
        branding_make(logo=tmp_path / "missing.png")
    text = tmp_path / "logo.png"
    text.write_text("not an image")
    with pytest.raises(KitError, match="not a PNG or JPEG"):
        branding_make(logo=text)
    huge = tmp_path / "huge.png"
    Image.new("1", (5000, 300)).save(huge)
    with pytest.raises(KitError, match="too large"):
        branding_make(logo=huge)
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (20, 20)).save(gif)
    with pytest.raises(KitError, match="only PNG or JPEG"):
        branding_make(logo=gif)


def test_a_logo_appears_on_the_cards(tmp_path, pack):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (0, 160, 0)).save(logo)
    result = kit_render(
        pack, out=tmp_path / "kit", branding=branding_make(logo=logo), only="flashcards"
    )
    with Image.open(result.out / "flashcards" / "1080x1350" / "01-front.png") as img:
        colours = img.convert("RGB").getcolors(1_000_000)
    assert any(c == (0, 160, 0) and n > 1000 for n, c in colours)


def test_a_200_character_unit_name_wraps_on_the_poster_and_the_cards(tmp_path, pack):
    name = ("Ủy ban nhân dân xã Đắk Lắk thuộc tỉnh Quảng Ninh và " * 5)[:200].strip()
    assert 195 <= len(name) <= 200
    unit = Unit("LONG-1", name)
    result = posters_render([unit], pack=pack, out=tmp_path / "posters", processes=1)
    stem = poster_stem(unit)
    assert len(stem) <= 70  # the file name stays short however long the name
    assert _flat(name) in _pdf_text(result.out / "posters" / f"{stem}.pdf")
    kit_render(pack, out=tmp_path / "kit", branding=branding_make(unit=name), only="flashcards")


def test_a_pack_saved_in_nfd_is_normalised(tmp_path, pack):
    source = builtin_pack_paths()["cds17"].read_text(encoding="utf-8")
    nfd = tmp_path / "nfd.yaml"
    nfd.write_text(unicodedata.normalize("NFD", source), encoding="utf-8")
    loaded = pack_load_file(nfd)
    assert loaded.point(1).title.vi == pack.point(1).title.vi
    assert unicodedata.is_normalized("NFC", loaded.point(1).title.vi)


def test_unknown_items_and_bad_colours_are_refused(tmp_path, pack):
    with pytest.raises(KitError, match="unknown item: posterz"):
        kit_render(pack, out=tmp_path / "k", only="web,posterz")
    with pytest.raises(KitError, match="invalid colours"):
        branding_make(colors="red")
    assert not (tmp_path / "k").exists()


def test_the_kit_command_writes_the_kit_and_prints_a_summary(tmp_path):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    out = tmp_path / "kit"
    result = CliRunner().invoke(
        cli, ["kit", "--out", str(out), "--unit", UNIT, "--only", "web,captions"]
    )
    assert result.exit_code == 0, result.output
    assert "web-html" in result.output
    assert "radio-script" in result.output
    assert (out / "web" / "cds17.html").is_file()
    assert (out / "manifest.json").is_file()


def test_the_posters_command_reads_a_csv_and_refuses_bad_rows(tmp_path):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    csv = tmp_path / "units.csv"
    csv.write_text("code,name\nQN-01,Phường Hồng Gai\n", encoding="utf-8")
    out = tmp_path / "posters"
    args = ["kit", "posters", "--units", str(csv), "--out", str(out), "--processes", "1"]
    result = CliRunner().invoke(cli, [*args, "--base-url", "https://hoc.example.vn"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base_url"] == "https://hoc.example.vn"
    assert {f["path"] for f in manifest["files"]} == {
        "posters/phuong-hong-gai-QN-01.pdf",
        "posters/phuong-hong-gai-QN-01.png",
    }
    csv.write_text("code,name\nbad code!,Xã A\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args[:-4], "--out", str(tmp_path / "p2")])
    assert result.exit_code == 1
    assert "invalid unit code" in result.output
    assert not (tmp_path / "p2").exists()
