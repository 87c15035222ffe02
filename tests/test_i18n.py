"""Every interface string has a Vietnamese translation; the compiled catalogue is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import require_tool

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "lantoa"
PO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_string_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert len(catalogue) > 20


def test_the_compiled_catalogue_matches_the_source():
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)) if not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO))}
    compiled.pop((None, ""), None)
    assert compiled == source, "run: make messages"


@pytest.mark.gettext
def test_no_interface_string_is_missing_from_the_catalogue(tmp_path):
    """Extract strings from the code as makemessages does and compare with the catalogue."""
    require_tool("xgettext", "GNU gettext extracts the interface strings")
    copy = tmp_path / "lantoa"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale",
            "vi",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "lantoa.config.settings",
            "LANTOA_DEMO": "1",
            "LANTOA_DATA_DIR": str(tmp_path / "data"),
            "PYTHONPATH": str(PACKAGE.parent),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert len(fresh) > 20
    assert fresh - committed == set(), "new strings: run make messages and translate them"
