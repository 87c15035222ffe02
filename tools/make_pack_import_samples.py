"""Write the import test documents from a real public text: Article 9 of Decree
13/2023/NĐ-CP (the eleven rights of a data subject), as a dispatch's appendix would carry it.

- tests/samples/packs/nd13-dieu9.docx: a Word table "STT | Tên quyền | Nội dung" with a
  paragraph before and after, as python-docx writes it;
- tests/samples/packs/nd13-dieu9.pdf: the same table typeset by Typst (a text PDF).

Run: .venv/bin/python tools/make_pack_import_samples.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import docx
import typst

from lantoa.core.kit.engine import font_dir
from lantoa.core.packs import builtin_pack

OUT = Path(__file__).resolve().parent.parent / "tests" / "samples" / "packs"
INTRO = (
    "Phụ lục: Quyền của chủ thể dữ liệu theo Điều 9 Nghị định số 13/2023/NĐ-CP ngày "
    "17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân"
)


def rows() -> list[tuple[str, str, str]]:
    pack = builtin_pack("nd13-quyen")
    return [(str(p.number), p.title.vi, p.body.vi) for p in pack.points]


def write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(INTRO)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Tên quyền", "Nội dung"), strict=True):
        cell.text = text
    for row in rows():
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph("Nơi nhận: như trên.")
    document.core_properties.author = "Lan Tỏa (mẫu thử)"
    document.save(str(path))


def write_pdf(path: Path) -> None:
    def lit(text: str) -> str:  # a Typst string literal (JSON's escapes are Typst's)
        return json.dumps(text, ensure_ascii=False)

    cells = ", ".join(f"{lit(n)}, {lit(t)}, {lit(b)}" for n, t, b in rows())
    source = f"""
#set page(paper: "a4", margin: 2cm)
#set text(font: "Be Vietnam Pro", size: 10pt, lang: "vi")
#par({json.dumps(INTRO, ensure_ascii=False)})
#table(columns: (1.2cm, 4.2cm, 1fr), inset: 5pt,
  [*STT*], [*Tên quyền*], [*Nội dung*],
  {cells})
"""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.typ"
        src.write_text(source, encoding="utf-8")
        data = typst.compile(str(src), font_paths=[str(font_dir())], ignore_system_fonts=True)
    path.write_bytes(data)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write_docx(OUT / "nd13-dieu9.docx")
    write_pdf(OUT / "nd13-dieu9.pdf")
    print("wrote", OUT / "nd13-dieu9.docx", OUT / "nd13-dieu9.pdf")
