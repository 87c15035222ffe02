"""DOCX through python-docx, after checking the zip cannot expand beyond the limits.

A zip bomb declares (or achieves) a huge uncompressed size from a small file; the
central directory is read first and the document is refused before any entry is
inflated. Paragraphs and table cells are read in body order, so a two-column
letterhead table comes out as lines like a flattened PDF.
"""

from __future__ import annotations

import io
import zipfile

from lantoa.core.extract.api import MB, Extracted, ExtractError, Limits, over_budget


def check_zip(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractError("corrupt", what="DOCX") from exc
    if len(infos) > limits.zip_max_entries:
        raise ExtractError("zip_bomb", detail=f"{len(infos)} entries")
    total = sum(info.file_size for info in infos)
    if total > limits.zip_max_uncompressed:
        raise ExtractError("zip_bomb", detail=f"{total / MB:.0f} MB uncompressed")
    for info in infos:
        if info.file_size > 1 * MB and info.file_size > limits.zip_max_ratio * max(
            1, info.compress_size
        ):
            raise ExtractError("zip_bomb", detail=f"{info.filename} compressed too well")
    body = next((i for i in infos if i.filename == "word/document.xml"), None)
    if body is None:
        raise ExtractError("corrupt", what="DOCX")
    if body.file_size > limits.max_decoded_bytes:
        raise over_budget("decoded", limits.max_decoded_bytes, unit="bytes")


def read(data: bytes, limits: Limits) -> Extracted:
    check_zip(data, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken parts
        raise ExtractError("corrupt", what="DOCX") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(p.text for p in cell.paragraphs)
    text = "\n".join(lines)
    if len(text) > limits.max_chars:
        raise over_budget("chars", limits.max_chars)
    return Extracted(text=text, kind="docx")
