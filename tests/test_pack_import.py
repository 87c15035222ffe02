"""`lantoa pack import`: a real DOCX table and a real PDF table (Article 9 of Decree
13/2023/NĐ-CP, written by tools/make_pack_import_samples.py), an HTML page, pasted numbered
points, and the bad input each gets a message at its field for."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx
import pytest

from lantoa.core.packs import builtin_pack, pack_to_yaml, parse_pack
from lantoa.core.packs.importer import ImportError_, draft_from_text, pack_import

SAMPLES = Path(__file__).parent / "samples" / "packs"


@pytest.mark.parametrize("name", ["nd13-dieu9.docx", "nd13-dieu9.pdf"])
def test_a_real_table_gives_every_point_word_for_word_with_its_source_cell(name):
    draft = pack_import((SAMPLES / name).read_bytes(), name, pack_id="nd13-thu")
    official = builtin_pack("nd13-quyen")
    assert draft.header == ["STT", "Tên quyền", "Nội dung"]
    assert draft.roles == ["number", "title", "text"]
    assert draft.data["kind"] == "key_points"
    assert [p["title"]["vi"] for p in draft.points] == [p.title.vi for p in official.points]
    assert [p["text"]["vi"] for p in draft.points] == [p.body.vi for p in official.points]
    assert draft.spans["points[5].text"].where == "bảng 1, hàng 7, cột 3"
    assert draft.spans["points[0].title"].text == "Quyền được biết"
    assert draft.points[0]["id"] == "quyen-duoc-biet"
    # Only the short forms are left to write: one problem per point, at its row.
    assert {p.field.rsplit(".", 1)[1] for p in draft.problems} == {"short"}
    assert draft.problems[0].where == "bảng 1, hàng 2"


def test_the_draft_becomes_a_valid_pack_once_its_short_forms_are_written():
    draft = pack_import((SAMPLES / "nd13-dieu9.docx").read_bytes(), "x.docx", pack_id="nd13-thu")
    for point in draft.points:
        point["short"]["vi"] = point["title"]["vi"].removeprefix("Quyền ")
    pack = parse_pack(pack_to_yaml(draft.data), name="draft.yaml")
    assert pack.count == 11


def test_confirmed_roles_replace_the_guess():
    draft = pack_import(
        (SAMPLES / "nd13-dieu9.docx").read_bytes(), "x.docx", roles=["ignore", "text", "title"]
    )
    assert draft.points[0]["title"]["vi"].startswith("Chủ thể dữ liệu được biết")


def _docx(rows: list[list[str]] | None, paragraphs: tuple[str, ...] = ()) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if rows:
        table = document.add_table(rows=0, cols=max(len(r) for r in rows))
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
            if len(row) < len(cells):  # a row that spans: merge its last cells
                cells[len(row) - 1].merge(cells[-1])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_rows_that_do_not_line_up_empty_cells_and_duplicate_titles_are_named():
    data = _docx(
        [
            ["STT", "Dấu hiệu", "Nội dung", "Tóm tắt"],
            ["1", "Gọi điện giả danh", "Công an không gọi điện đòi tiền.", "Không chuyển tiền"],
            ["2", "Đường link lạ", "", "Không bấm link lạ"],
            ["3", "Gọi điện giả danh", "Lặp lại.", "Lặp"],
            ["4", "Hàng bị gộp ô"],
        ]
    )
    draft = pack_import(data, "bang.docx")
    by_field = {p.field: p for p in draft.problems}
    assert "empty cell: the text is missing" in by_field["points[1].text"].message
    assert by_field["points[1].text"].where == "bảng 1, hàng 3, cột 3"
    assert "duplicate title (also point 1)" in by_field["points[2].title"].message
    assert "do not line up" in by_field["points[3]"].message
    assert by_field["points[3]"].where == "bảng 1, hàng 5"


def test_a_docx_without_a_table_or_numbered_points_is_a_clear_error():
    with pytest.raises(ImportError_) as caught:
        pack_import(_docx(None, ("Kính gửi các đơn vị.", "Nơi nhận: như trên.")), "cv.docx")
    assert "no table and no numbered points" in caught.value.message
    assert "không có bảng" in caught.value.message_vi


def test_script_tags_are_named_at_their_field_and_nfd_text_comes_out_nfc():
    text = (
        "1. Quyền được biết: Chủ thể dữ liệu được biết.\n"
        "2. Quyền đồng ý: <script>alert(1)</script>Được đồng ý.\n"
        + unicodedata.normalize("NFD", "3. Quyền truy cập: Được xem và sửa.\n")
    )
    draft = draft_from_text(text, pack_id="x", title="Thử")
    (markup,) = [p for p in draft.problems if "script" in p.message]
    assert markup.field == "points[1].text"
    assert markup.where == "dòng 2"
    assert draft.points[2]["title"]["vi"] == "Quyền truy cập"
    assert unicodedata.is_normalized("NFC", draft.points[2]["text"]["vi"])


def test_a_5000_point_paste_is_refused_whole():
    text = "\n".join(f"{n}. Điểm số {n}: nội dung {n}." for n in range(1, 5001))
    draft = draft_from_text(text, pack_id="x", title="Quá nhiều")
    assert draft.points == []
    (problem,) = draft.problems
    assert "5000 points, a pack holds at most 200" in problem.message


def test_an_html_page_table_is_read_and_its_scripts_ignored():
    page = (
        "<!doctype html><html><head><script>var x = '<td>no</td>';</script></head><body>"
        "<table><tr><th>Câu hỏi</th><th>Trả lời</th><th>Tóm tắt</th></tr>"
        "<tr><td>Đăng ký ở đâu?</td><td>Tại cơ quan <b>công an</b>.</td><td>Công an</td></tr>"
        "<tr><td>Mất mật khẩu?</td><td>Chọn Quên mật khẩu.</td><td>Quên mật khẩu</td></tr>"
        "</table></body></html>"
    ).encode()
    draft = pack_import(page, "hoi-dap.html", pack_id="hoi-dap", title="Hỏi đáp")
    assert draft.data["kind"] == "qa"
    assert draft.roles == ["title", "text", "short"]
    assert draft.points[0]["text"]["vi"] == "Tại cơ quan công an."
    assert draft.problems == []
    assert parse_pack(pack_to_yaml(draft.data), name="h.yaml").kind == "qa"


def test_the_import_command_writes_yaml_and_reports_spans(tmp_path):
    out = tmp_path / "draft.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "lantoa", "pack", "import", str(SAMPLES / "nd13-dieu9.pdf"),
         "--id", "nd13-thu", "--title", "Quyền của chủ thể dữ liệu", "-o", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1  # short forms still to write
    assert "points[0].title ← bảng 1, hàng 2, cột 2" in result.stderr
    assert "11 điểm / points (pdf-table)" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "id: nd13-thu" in text
    assert "Quyền tự bảo vệ" in text
    empty = tmp_path / "empty.txt"
    empty.write_text("Không có điểm nào ở đây.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lantoa", "pack", "import", str(empty)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no numbered points" in result.stderr
