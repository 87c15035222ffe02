"""Compile the kit's Typst templates in-process with Be Vietnam Pro.

Templates are plain ``.typ`` files in ``templates/`` that a designer can edit; they
read one JSON document from ``sys.inputs.data``. Each render works in a scratch
folder (the Typst root) holding a copy of the templates and the logo, so a
template can refer to ``logo.png`` and nothing outside that folder.

Only the font folder of ``fontpkg-be-vietnam-pro`` is given to Typst (system fonts
are ignored): Typst's default font drops Vietnamese marks in bold, and the package
ships static weights, so bold is real bold, not a faked variable axis.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import typst

from lantoa.core.kit.branding import Branding
from lantoa.core.kit.errors import KitError, TextOverflowError

TEMPLATES = Path(str(resources.files("lantoa.core.kit") / "templates"))
OVERFLOW = "LANTOA-OVERFLOW|"


def font_dir() -> Path:
    return Path(str(resources.files("fontpkg_be_vietnam_pro") / "files"))


class Engine:
    """One Typst compiler over a scratch root; reuse it for every item of a render."""

    def __init__(self, root: Path, branding: Branding) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        for template in TEMPLATES.glob("*.typ"):
            shutil.copyfile(template, root / template.name)
        self.logo_name: str | None = None
        if branding.logo is not None:
            self.logo_name = branding.logo.filename
            (root / self.logo_name).write_bytes(branding.logo.data)
        self.compiler = typst.Compiler(
            root=str(root), font_paths=[str(font_dir())], ignore_system_fonts=True
        )

    def compile(
        self,
        template: str,
        data: dict[str, Any],
        *,
        fmt: Literal["pdf", "png", "svg"],
        ppi: float | None = None,
        item: str = "",
    ) -> list[bytes]:
        """Compile ``template`` with ``data``; PDFs come back as one element."""
        payload = json.dumps(data, ensure_ascii=False)
        try:
            out = self.compiler.compile(
                input=str(self.root / template),
                format=fmt,
                ppi=ppi,
                sys_inputs={"data": payload},
            )
        except typst.TypstError as exc:
            raise _translate(exc, item or template) from None
        if isinstance(out, bytes):
            return [out]
        if out is None:
            raise KitError(f"{item or template}: Typst trả về rỗng / Typst returned nothing")
        return list(out)

    def query(self, template: str, data: dict[str, Any], selector: str) -> list[dict[str, Any]]:
        payload = json.dumps(data, ensure_ascii=False)
        compiler = typst.Compiler(
            input=str(self.root / template),
            root=str(self.root),
            font_paths=[str(font_dir())],
            ignore_system_fonts=True,
            sys_inputs={"data": payload},
        )
        result = json.loads(compiler.query(selector, field="value"))
        return [r for r in result if isinstance(r, dict)]


def _translate(exc: Exception, item: str) -> KitError:
    message = str(exc)
    if OVERFLOW in message:
        tail = message.split(OVERFLOW, 1)[1]
        side, _, rest = tail.partition("|")
        number = rest.split()[0].strip("\"'") if rest else ""
        point = int(number) if number.isdigit() else None
        return TextOverflowError(item=item, point=point, side=side.strip())
    return KitError(f"{item}: không dựng được / could not render: {message}")
