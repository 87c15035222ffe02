"""Fill Vietnamese translations into the catalogue from a JSON map (msgid -> msgstr).

    .venv/bin/python tools/translate_fill.py translations.json

For plural entries give a one-element list (Vietnamese has one plural form). Entries that
were fuzzy are cleared of the flag once translated. Run `make messages` afterwards to compile.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/lantoa/locale/vi/LC_MESSAGES/django.po"


def main(path: str) -> None:
    mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(PO))
    filled = 0
    for entry in catalogue:
        if entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0] if isinstance(value, list) else value}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        filled += 1
    catalogue.save()
    left = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    print(f"filled {filled}; still missing {len(left)}: {left}")


if __name__ == "__main__":
    main(sys.argv[1])
