"""The ``lantoa`` command run where nothing is prepared: it says what to do, exit 2.

Each command runs as a real process in an empty directory with no ``LANTOA_*``
variable set, as a new user's first try would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

KEY = "k" * 50


def _lantoa(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LANTOA_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "lantoa", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [("orgs", "show", "22"), ("orgs", "import-admin", "--province", "22"), ("manage", "migrate")],
)
def test_a_command_without_a_secret_key_says_how_to_set_one_and_exits_2(tmp_path, args):
    run = _lantoa(tmp_path, *args)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "LANTOA_SECRET_KEY" in run.stderr
    assert "export LANTOA_SECRET_KEY=" in run.stderr
    assert "lantoa manage migrate" in run.stderr


def test_a_command_on_a_database_without_tables_says_to_migrate_and_exits_2(tmp_path):
    run = _lantoa(tmp_path, "orgs", "show", "22", LANTOA_SECRET_KEY=KEY)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "chưa có bảng" in run.stderr
    assert "lantoa manage migrate" in run.stderr


def test_after_the_advice_is_followed_the_command_works(tmp_path):
    assert _lantoa(tmp_path, "manage", "migrate", LANTOA_SECRET_KEY=KEY).returncode == 0
    run = _lantoa(tmp_path, "orgs", "show", "22", LANTOA_SECRET_KEY=KEY)
    # No tree loaded yet: a plain "no unit" answer, not a setup problem.
    assert run.returncode == 1, run.stderr
    assert "không có đơn vị" in run.stderr
    assert "Traceback" not in run.stderr


def test_orgs_template_writes_an_excel_template_on_a_fresh_directory(tmp_path):
    run = _lantoa(tmp_path, "orgs", "template", "don-vi.xlsx")
    assert run.returncode == 0, run.stderr
    book = load_workbook(tmp_path / "don-vi.xlsx")
    assert [c.value for c in book["Đơn vị"][1]][:3] == ["mã", "tên", "loại"]
    kinds = {row[0].value for row in book["Loại đơn vị"].iter_rows(min_row=2)}
    assert {"province", "commune", "media_centre"} <= kinds
    csv = _lantoa(tmp_path, "orgs", "template", "don-vi.csv")
    assert csv.returncode == 0, csv.stderr
    assert (tmp_path / "don-vi.csv").read_text(encoding="utf-8").startswith("mã,tên,loại")


@pytest.mark.parametrize(
    "args",
    [("pack", "show", "3"), ("verify", "-", "--pack", "3"), ("kit", "--pack", "3", "--out", "kit")],
)
def test_an_unknown_pack_id_is_named_with_the_ids_that_exist(tmp_path, args):
    run = _lantoa(tmp_path, *args)
    assert run.returncode == 2, run.stderr
    assert 'Không có bộ nội dung "3"' in run.stderr
    assert 'There is no pack "3"' in run.stderr
    assert "cds17" in run.stderr
    assert "3:1:1" not in run.stderr


def test_serve_on_a_database_without_tables_says_to_migrate_instead_of_serving(tmp_path):
    run = _lantoa(tmp_path, "serve", "--port", "8699", LANTOA_SECRET_KEY=KEY)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "lantoa manage migrate" in run.stderr
    assert "lantoa serve --migrate" in run.stderr
    assert "Lan Tỏa: http://" not in run.stdout
