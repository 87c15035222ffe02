"""Run as a script (not ``-m``) by :mod:`lantoa.core.kit.fresh`: compile one Typst template.

Imports nothing from lantoa, so the fresh process starts in a fraction of a second. Reads
``{"templates", "fonts", "template", "data", "format", "ppi"}`` as JSON on standard input;
writes the PDF (or the PNG of a one-page document).
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

import typst


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    with tempfile.TemporaryDirectory(prefix="lantoa-fresh-") as scratch:
        root = Path(scratch)
        for template in Path(request["templates"]).glob("*.typ"):
            shutil.copyfile(template, root / template.name)
        compiler = typst.Compiler(
            root=str(root), font_paths=[request["fonts"]], ignore_system_fonts=True
        )
        pdf = compiler.compile(
            input=str(root / request["template"]),
            format=request.get("format", "pdf"),
            ppi=request.get("ppi"),
            sys_inputs={"data": json.dumps(request["data"], ensure_ascii=False)},
        )
    if not isinstance(pdf, bytes):
        return 1
    sys.stdout.buffer.write(pdf)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
