"""``lantoa verify`` driven as a user would."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lantoa.cli.main import cli
from tests.conftest import SEEDS, seed_text


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _seed_path(key: str) -> str:
    (path,) = SEEDS.glob(f"{key}_*.txt")
    return str(path)


def test_verify_prints_a_table_coverage_and_verdict_in_both_languages(runner):
    result = runner.invoke(cli, ["verify", _seed_path("003")], terminal_width=140)
    assert result.exit_code == 0, result.output
    assert "rút gọn / condensed" in result.output
    assert "Độ phủ / Coverage: 100% (17/17)" in result.output
    assert "Đủ 17/17 điểm." in result.output
    assert "All 17 of 17 points are there." in result.output


def test_verify_json_has_the_documented_shape(runner):
    result = runner.invoke(cli, ["verify", _seed_path("001"), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["pack"] == "cds17@1.0.0"
    assert data["coverage"] == 1.0
    assert [p["number"] for p in data["points"]] == list(range(1, 18))
    assert {p["status"] for p in data["points"]} == {"present"}
    assert {p["how"] for p in data["points"]} == {"verbatim"}


def test_verify_reads_standard_input_and_exits_1_when_points_are_missing(runner):
    text = seed_text("001").split("Phụ lục")[0]  # the dispatch without its appendix
    result = runner.invoke(cli, ["verify", "-", "--json"], input=text.encode())
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["counts"]["missing"] == 17
    assert data["verdict"]["vi"] == "Không tìm thấy điểm nào trong 17 điểm của bộ nội dung."


def test_verify_refuses_an_old_word_file_with_exit_status_2(runner, tmp_path):
    path = tmp_path / "cong-van.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    result = runner.invoke(cli, ["verify", str(path)])
    assert result.exit_code == 2
    assert "chưa được hỗ trợ" in result.output
    assert "not supported" in result.output


def test_verify_names_a_missing_file_and_an_unknown_pack(runner, tmp_path):
    result = runner.invoke(cli, ["verify", str(tmp_path / "none.txt")])
    assert result.exit_code == 2
    assert "không tìm thấy tệp" in result.output
    result = runner.invoke(cli, ["verify", _seed_path("000"), "--pack", "nope"])
    assert result.exit_code == 2


def test_verify_reads_an_html_page(runner, tmp_path):
    body = "".join(f"<p>{line}</p>" for line in seed_text("002").splitlines() if line.strip())
    path = tmp_path / "bai-dang.html"
    path.write_text(f"<html><body><script>x()</script>{body}</body></html>", encoding="utf-8")
    result = runner.invoke(cli, ["verify", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["present"] == 17


def test_verify_has_help(runner):
    result = runner.invoke(cli, ["verify", "--help"])
    assert result.exit_code == 0
    assert "Kiểm tra nội dung" in result.output
