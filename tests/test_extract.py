"""Reading real files to text: encodings, DOCX, PDF, scans, and bad input within limits."""

from __future__ import annotations

import io
import os
import subprocess
import textwrap
import time
import zipfile

import pytest

from lantoa.core.dispatch import diacritic_ratio, parse_dispatch
from lantoa.core.extract import ExtractError, Limits, extract_text
from lantoa.core.text import fold_key
from tests.conftest import require_tool, seed_text
from tests.docmaker import make_docx, make_text_pdf, png_to_pdf, render_page, to_cp1258


@pytest.fixture(scope="module")
def seed000():
    return seed_text("000")


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (to_cp1258, "cp1258"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "windows-1258"],
)
def test_text_files_in_every_vietnamese_encoding_read_back_identically(seed000, encode, encoding):
    got = extract_text(encode(seed000), "cv.txt")
    assert got.kind == "text"
    assert got.encoding == encoding
    assert got.text == seed000.replace("\r\n", "\n")


def test_a_docx_with_a_letterhead_table_parses_like_the_text():
    text = seed_text("002")
    _, _, rest = text.partition("Số:")
    left = ["SỞ Y TẾ TỈNH AN GIANG", "BAN CHỈ ĐẠO", "CHUYÊN ĐỔI SỐ Y TẾ"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    got = extract_text(make_docx("Số:" + rest, letterhead=(left, right)), "cv.docx")
    assert got.kind == "docx"
    d, want = parse_dispatch(got.text), parse_dispatch(text)
    assert (d.issuer, d.issuer_parent, d.code, d.subject) == (
        want.issuer,
        want.issuer_parent,
        want.code,
        want.subject,
    )
    assert [r.code for r in d.references] == ["413/STTTT-CNTT-BCVT"]


def test_a_pdf_with_a_text_layer_parses_to_the_seed_fields(seed000):
    pdf = make_text_pdf(seed000.split("BÀI PHÁT BIỂU")[0])
    got = extract_text(pdf, "cv.pdf", limits=Limits(ocr=False))
    assert got.kind == "pdf"
    assert got.pages >= 1
    d = parse_dispatch(got.text)
    assert (d.code, d.date, d.place) == ("488/STTTT-CNTT", "2023-03-09", "Quảng Ninh")
    assert [r.code for r in d.references] == ["244/CĐSQG-CSS"]
    assert d.signer.name == "Đinh Sỹ Nguyên"
    assert len(d.tasks) == 3


def test_empty_and_blank_files_are_refused():
    for data in (b"", b"   \n\t  "):
        with pytest.raises(ExtractError) as err:
            extract_text(data, "cv.txt")
        assert err.value.code == "empty"
        assert err.value.message_vi == "tệp rỗng"


def test_binary_garbage_is_refused_as_not_a_document():
    with pytest.raises(ExtractError) as err:
        extract_text(os.urandom(64 * 1024), "cv.txt")
    assert err.value.code == "binary"


def test_an_oversize_upload_is_refused_before_reading():
    limits = Limits(max_bytes=1024 * 1024)
    with pytest.raises(ExtractError) as err:
        extract_text(b"a" * (limits.max_bytes + 1), "cv.txt", limits=limits)
    assert err.value.code == "too_large"
    assert "1 MB" in err.value.message


def test_a_password_protected_pdf_is_refused(seed000):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_text_pdf(seed000[:500]))).pages:
        writer.add_page(page)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractError) as err:
        extract_text(out.getvalue(), "cv.pdf")
    assert err.value.code == "encrypted"
    assert "mật khẩu" in err.value.message_vi


def test_a_corrupt_pdf_is_refused():
    with pytest.raises(ExtractError) as err:
        extract_text(b"%PDF-1.7\n" + os.urandom(4000), "cv.pdf")
    assert err.value.code == "corrupt"


def test_a_500_page_pdf_is_refused_quickly():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(500):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    started = time.monotonic()
    with pytest.raises(ExtractError) as err:
        extract_text(out.getvalue(), "cv.pdf")
    assert err.value.code == "too_many_pages"
    assert err.value.params == {"pages": 500, "limit": 100}
    assert time.monotonic() - started < 30  # bounded, not a benchmark


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(60):
                entry.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ExtractError) as err:
        extract_text(bomb, "cv.docx")
    assert err.value.code == "zip_bomb"
    assert "bom zip" in err.value.message_vi


def test_a_zip_that_is_not_a_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ExtractError) as err:
        extract_text(out.getvalue(), "cv.docx")
    assert err.value.code == "corrupt"


# --- OCR: real Tesseract with the Vietnamese model ---------------------------------------


def _first_page_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.startswith("Sở Thông tin và Truyền thông nhận được"):
            lines.extend(textwrap.wrap(line, 75))
            break
        if line.strip():
            lines.extend(textwrap.wrap(line, 75))
    return lines


@pytest.fixture(scope="module")
def page_png(seed000):
    return render_page(_first_page_lines(seed000))


def _assert_header_read(text: str) -> None:
    d = parse_dispatch(text)
    assert d.code == "488/STTTT-CNTT"
    assert (d.date, d.place) == ("2023-03-09", "Quảng Ninh")
    assert fold_key(d.subject or "").startswith("xay dung an pham thong nhat nhan thuc chung")
    assert [fold_key(r) for r in d.recipients] == [
        "trung tam truyen thong tinh",
        "cac so, ban, nganh",
        "ubnd cac huyen, thi xa, thanh pho",
    ]
    (ref,) = d.references
    assert (ref.number, ref.date) == ("244", "2023-03-05")
    assert ref.symbol.endswith("SQG-CSS")  # OCR sometimes doubles the Đ of CĐSQG


def test_a_rendered_seed_page_round_trips_through_ocr_and_parses(page_png):
    require_tool("tesseract", "OCR of scans")
    got = extract_text(page_png, "scan.png")
    assert got.kind == "image-ocr"
    assert diacritic_ratio(got.text)[0] > 0.5  # the Vietnamese model keeps the marks
    _assert_header_read(got.text)


def test_a_scanned_pdf_is_rasterised_and_ocrd(page_png):
    require_tool("tesseract", "OCR of scans")
    require_tool("pdftoppm", "rasterising scanned PDFs")
    got = extract_text(png_to_pdf(page_png), "scan.pdf")
    assert (got.kind, got.ocr_pages) == ("pdf-ocr", (1,))
    _assert_header_read(got.text)


def test_an_english_model_text_layer_is_re_ocrd_with_the_vietnamese_model(page_png, tmp_path):
    tesseract = require_tool("tesseract", "OCR of scans")
    require_tool("pdftoppm", "rasterising scanned PDFs")
    (tmp_path / "page.png").write_bytes(page_png)
    subprocess.run(
        [tesseract, "page.png", "english", "-l", "eng", "pdf"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "english.pdf").read_bytes()
    layer = extract_text(pdf, "scan.pdf", limits=Limits(ocr=False))
    assert diacritic_ratio(layer.text)[0] < 0.3  # the damage of seed 004
    got = extract_text(pdf, "scan.pdf")
    assert got.ocr_pages == (1,)
    assert diacritic_ratio(got.text)[0] > 0.5
    _assert_header_read(got.text)


def test_a_scan_without_ocr_allowed_is_refused_with_a_clear_message(page_png):
    with pytest.raises(ExtractError) as err:
        extract_text(png_to_pdf(page_png), "scan.pdf", limits=Limits(ocr=False))
    assert err.value.code == "ocr_off"
