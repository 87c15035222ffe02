"""``lantoa restore``: standard input or a file in, the text with its marks back out."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lantoa.cli.main import cli
from lantoa.cli.restore import MAX_BYTES
from tests.conftest import seed_text

STRIPPED = (
    "UY BAN NHAN DAN\nTHANH PHO CAM PHA\n\nSo: 4231/UBND-VHTT\n"
    "Cam Pha, ngay 19 thang 10 nam 2022\n\n"
    "Kinh gui: cac phong, ban, nganh.\n"
)
RESTORED = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẨM PHẢ\n\nSố: 4231/UBND-VHTT\n"
    "Cẩm Phả, ngày 19 tháng 10 năm 2022\n\n"
    "Kính gửi: các phòng, ban, ngành.\n"
)


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, ["restore", *args], input=input)


def test_standard_input_comes_back_restored_with_its_line_breaks():
    result = run("-", input=STRIPPED)
    assert result.exit_code == 0, result.output
    assert result.stdout == RESTORED


def test_a_file_comes_back_restored_and_restoring_again_changes_nothing(tmp_path):
    path = tmp_path / "stripped.txt"
    path.write_text(STRIPPED, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == RESTORED
    again = tmp_path / "restored.txt"
    again.write_text(result.stdout, encoding="utf-8")
    assert run(str(again)).stdout == RESTORED


def test_json_lists_each_changed_word_with_its_position_and_confidence():
    result = run("--json", "-", input=STRIPPED)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"file", "vietnamese", "words", "changed", "text", "changes"}
    assert data["text"] == RESTORED
    assert data["vietnamese"] is True
    assert data["changed"] == len(data["changes"]) == 18  # all but BAN, ban
    first = data["changes"][0]
    assert first == {
        "start": 0,
        "end": 2,
        "line": 1,
        "column": 1,
        "original": "UY",
        "restored": "ỦY",
        "confidence": first["confidence"],
    }
    lines = data["text"].split("\n")
    for change in data["changes"]:
        assert data["text"][change["start"] : change["end"]] == change["restored"]
        line = lines[change["line"] - 1]
        column = change["column"] - 1
        assert line[column : column + len(change["restored"])] == change["restored"]
        assert 0 < change["confidence"] <= 1
    place = next(c for c in data["changes"] if c["original"] == "Pha" and c["line"] == 5)
    assert place["restored"] == "Phả"
    assert place["confidence"] > 0.5


def test_a_well_marked_text_is_printed_unchanged():
    text = seed_text("000")
    result = run("-", input=text.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout == text
    assert json.loads(run("--json", "-", input=text.encode("utf-8")).stdout)["changes"] == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "văn bản rỗng"),
        (b"  \n\n ", "văn bản rỗng"),
        (bytes(range(256)) * 40, "không phải văn bản"),
        (b"%PDF-1.7\n\x00\x01\x02binary" * 100, "không phải văn bản"),
        (b"a" * (MAX_BYTES + 1), "quá lớn"),
    ],
)
def test_unreadable_input_gets_a_clear_message_and_status_2(data, message):
    result = run("-", input=data)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_a_missing_file_is_named():
    result = run("/nonexistent/cong-van.txt")
    assert result.exit_code == 2
    assert "không tìm thấy tệp" in result.stderr


def test_text_in_another_language_is_printed_as_it_was_with_a_note():
    text = "Digital transformation is not the same thing as information technology.\n"
    result = run("-", input=text)
    assert result.exit_code == 0
    assert result.stdout == text
    assert "không phải tiếng Việt" in result.stderr


def test_a_megabyte_of_one_syllable_is_restored_whole():
    text = "cong " * (1024 * 1024 // 5)
    result = run("-", input=text)
    assert result.exit_code == 0
    assert len(result.stdout) == len(text)
    assert set(result.stdout.split()) <= {"công", "cộng", "cong", "cổng"}


@pytest.mark.django_db
def test_parse_restore_uses_the_same_model(tmp_path):
    path = tmp_path / "004.txt"
    path.write_text(seed_text("004"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "--restore", str(path)])
    assert result.exit_code == 0, result.output
    assert "khôi phục dấu" in result.output
    assert "Cẩm Phả" in result.output
    result = CliRunner().invoke(cli, ["parse", "--restore", "--json", str(path)])
    assert "Cẩm Phả" in result.output
