"""``lantoa parse`` on the seed files: readable output, JSON, the cascade, bad files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lantoa.cli.main import cli
from tests.conftest import SEEDS

SEED_FILES = sorted(str(p) for p in SEEDS.glob("0*.txt"))


def test_parse_prints_the_fields_in_vietnamese_and_english():
    result = CliRunner().invoke(cli, ["parse", SEED_FILES[0]])
    assert result.exit_code == 0, result.output
    assert "Số, ký hiệu / number and symbol: 488/STTTT-CNTT" in result.output
    assert "Người ký / signer: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Đinh Sỹ Nguyên" in result.output


def test_parse_json_gives_one_object_per_file_with_the_stable_keys():
    result = CliRunner().invoke(cli, ["parse", "--json", *SEED_FILES])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 5
    for item in data:
        for key in ("kind", "issuer", "number", "symbol", "place", "date", "subject",
                    "recipients", "references", "tasks", "signer", "cc", "appendices"):  # fmt: skip
            assert key in item
    assert data[4]["references"][0]["number"] == "2286"


def test_parse_graph_prints_the_cascade_of_the_seeds():
    result = CliRunner().invoke(cli, ["parse", "--graph", *SEED_FILES])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("244/CĐSQG-CSS"))
    assert lines[i + 1].startswith("└── 488/STTTT-CNTT")
    j = next(i for i, line in enumerate(lines) if line.startswith("2286/STTTT-CNTT"))
    assert lines[j + 1].startswith("└── 4231/UBND-VHTT")
    graph = json.loads(CliRunner().invoke(cli, ["parse", "--graph", "--json", *SEED_FILES]).output)
    assert ["413/STTTT-CNTT-BCVT", "/BCĐCĐSSYT"] in graph["edges"]


def test_parse_names_the_problem_of_a_bad_file_and_exits_1(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["parse", str(empty), SEED_FILES[0]])
    assert result.exit_code == 1
    assert "tệp rỗng / the file is empty" in result.output
