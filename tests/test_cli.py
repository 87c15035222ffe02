"""The ``lantoa`` command, driven as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from lantoa.cli.main import cli
from lantoa.core.packs import builtin_pack_paths

CDS17 = builtin_pack_paths()["cds17"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    "command",
    [[], ["demo"], ["serve"], ["manage"], ["pack"], ["pack", "validate"], ["pack", "show"]],
)
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_top_level_help_lists_the_subcommands(runner):
    result = runner.invoke(cli, ["--help"])
    for name in ("demo", "serve", "manage", "pack"):
        assert name in result.output


def test_pack_validate_accepts_the_builtin_pack(runner):
    result = runner.invoke(cli, ["pack", "validate", str(CDS17)])
    assert result.exit_code == 0, result.output
    assert "cds17@1.0.0" in result.output


def test_pack_validate_names_file_line_and_field_and_exits_non_zero(runner, tmp_path: Path):
    text = CDS17.read_text(encoding="utf-8")
    title = "Chuyển từ sản phẩm sang dịch vụ"
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(title, unicodedata.normalize("NFD", title)), encoding="utf-8")
    result = runner.invoke(cli, ["pack", "validate", str(broken)])
    assert result.exit_code == 1
    line = text[: text.index(title)].count("\n") + 1
    assert f"{broken}:{line}:" in result.output
    assert "points[8].title.vi" in result.output
    assert "NFC" in result.output


def test_pack_validate_json_lists_problems(runner, tmp_path: Path):
    broken = tmp_path / "v2.yaml"
    broken.write_text(
        CDS17.read_text(encoding="utf-8").replace("schema: 2", "schema: 9"), encoding="utf-8"
    )
    result = runner.invoke(cli, ["pack", "validate", "--json", str(broken)])
    assert result.exit_code == 1
    (report,) = json.loads(result.output)
    assert report["valid"] is False
    assert report["problems"][0]["field"] == "schema"


def test_pack_validate_on_a_missing_file_is_a_clear_error(runner, tmp_path: Path):
    result = runner.invoke(cli, ["pack", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_pack_show_prints_every_title(runner, pack):
    result = runner.invoke(cli, ["pack", "show", "cds17"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for point in pack.points[:3]:
        assert point.title.vi.split()[0] in flat
    assert "Công nghệ thông tin" in result.output


def test_pack_show_json_round_trips_the_pack(runner, pack):
    result = runner.invoke(cli, ["pack", "show", "--json"])
    data = json.loads(result.output)
    assert data["schema"] == 2
    assert data["kind"] == "comparison"
    assert len(data["points"]) == 17
    assert data["points"][0]["title"]["vi"] == pack.points[0].title.vi


def test_pack_show_unknown_id_is_a_clear_error(runner):
    result = runner.invoke(cli, ["pack", "show", "nope"])
    assert result.exit_code == 2
    assert 'There is no pack "nope". Built-in packs: cds17' in result.output


def test_the_installed_console_script_runs():
    exe = Path(sys.executable).with_name("lantoa")
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("lantoa, version")
