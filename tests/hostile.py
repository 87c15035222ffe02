"""Small hostile documents that decode to far more than their size (issue 19, item 1).

Each is a few kilobytes to a few megabytes on the wire and would keep a reader busy for
minutes without a budget: the PDF's forty pages share one compressed content stream that
decodes to ~1.3 million characters each; the DOCX's body and the HTML page hold millions of
characters in tiny paragraphs.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib


def shared_stream_pdf(pages: int = 40, chars_per_page: int = 1_300_000) -> bytes:
    """``pages`` pages drawing the same Flate stream of ``chars_per_page`` characters."""
    line = b"BT /F1 8 Tf 20 800 Td (" + b"chu viet " * 10 + b") Tj ET\n"
    repeat = chars_per_page // 90 + 1
    content = zlib.compress(line * repeat, 9)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{5 + i} 0 R".encode() for i in range(pages))
        + f"] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode()
        + content
        + b"\nendstream",
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def many_paragraphs_docx(paragraphs: int = 300_000) -> bytes:
    """A DOCX whose body is ``paragraphs`` short paragraphs: ~20 MB of XML in a few MB of zip.

    Each paragraph carries a different number, so the XML compresses like a real document
    (a ratio the zip-bomb check accepts) and only a budget on decoded content refuses it.
    """
    rng = random.Random(19)
    words = ["chữ", "viết", "tiếng", "việt", "chuyển", "đổi", "số", "công", "nghệ", "thông", "tin"]
    paras = "".join(
        f"<w:p><w:r><w:t>{rng.choice(words)} {rng.getrandbits(40):x} {rng.choice(words)}</w:t>"
        "</w:r></w:p>"
        for _ in range(paragraphs)
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + paras + "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def many_elements_html(elements: int = 200_000) -> bytes:
    """An HTML page of ``elements`` tiny table cells (~3 MB): a parser's worst day."""
    return (
        "<!doctype html><html><body><table><tr>" + "<td>Chữ</td>" * elements + "</tr></table>"
    ).encode()
