"""Read a document to verify: plain text, HTML, DOCX or PDF, bounded in size.

``read_document(path)`` is the one place that turns a file into text for
verification. Text and HTML are read here (HTML tables one cell per line); DOCX and
PDF — including scans, through OCR — go to :func:`lantoa.core.extract.extract_text`,
whose limits (size, pages, zip entries, OCR time) apply.
"""

from __future__ import annotations

import codecs
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from lantoa.core.extract.api import DEFAULT, ExtractError, Limits, extract_text, over_budget
from lantoa.core.text import nfc

MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
EXTRACTED_SUFFIXES = frozenset({".docx", ".pdf"})
LATER_SUFFIXES = frozenset({".doc", ".odt", ".rtf"})


class DocumentError(ValueError):
    """A document that cannot be verified, with the reason in Vietnamese and English."""

    def __init__(self, vi: str, en: str):
        self.vi = vi
        self.en = en
        super().__init__(f"{vi} / {en}")


class UnsupportedDocument(DocumentError):
    """A format this build does not read (yet)."""


def read_document(path: str | Path) -> str:
    """Return the text of a .txt or .html file (``"-"``: standard input), in NFC."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return document_text(data, "stdin")
    file = Path(path)
    suffix = file.suffix.lower()
    _check_suffix(suffix)
    if not file.is_file():
        raise DocumentError(f"không tìm thấy tệp {file}", f"no such file: {file}")
    if file.stat().st_size > MAX_BYTES:
        raise _too_big()
    with file.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    return document_text(data, file.name)


def document_text(data: bytes, name: str, *, limits: Limits = DEFAULT) -> str:
    """The text of a document given as bytes; ``name`` (a file name) gives its format.

    ``limits`` are the extraction budgets (:class:`lantoa.core.extract.Limits`): DOCX and
    PDF apply them all; text and HTML the decoded-size, character and element budgets.
    """
    if len(data) > MAX_BYTES:
        raise _too_big()
    suffix = Path(name).suffix.lower() if name != "stdin" else ""
    _check_suffix(suffix)
    try:
        if suffix in EXTRACTED_SUFFIXES:
            return nfc(extract_text(data, name, limits=limits).text)
        if len(data) > limits.max_decoded_bytes:
            raise over_budget("decoded", limits.max_decoded_bytes, unit="bytes")
        text = decode(data)
        if suffix in HTML_SUFFIXES or (suffix == "" and _looks_like_html(text)):
            text = html_to_text(text, max_elements=limits.max_elements)
        if len(text) > limits.max_chars:
            raise over_budget("chars", limits.max_chars)
    except ExtractError as exc:
        raise DocumentError(exc.message_vi, exc.message) from None
    return nfc(text)


def _check_suffix(suffix: str) -> None:
    if suffix in LATER_SUFFIXES:
        raise UnsupportedDocument(
            f"định dạng {suffix} chưa được hỗ trợ — hãy lưu thành .docx, .pdf, .txt hoặc .html",
            f"{suffix} is not supported — save it as .docx, .pdf, .txt or .html",
        )
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | EXTRACTED_SUFFIXES:
        raise UnsupportedDocument(
            f"không đọc được tệp {suffix}: chỉ nhận .txt, .html, .docx, .pdf",
            f"cannot read {suffix} files: only .txt, .html, .docx and .pdf are accepted",
        )


def _too_big() -> DocumentError:
    limit = MAX_BYTES // (1024 * 1024)
    return DocumentError(f"tệp lớn hơn {limit} MB", f"the file is larger than {limit} MB")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise DocumentError(
            "tệp không phải văn bản (có byte 0): hãy lưu thành .txt UTF-8",
            "this is not a text file (it has NUL bytes): save it as UTF-8 .txt",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"tệp không ở mã UTF-8 (byte lỗi ở vị trí {exc.start}): hãy lưu lại với mã UTF-8",
            f"the file is not UTF-8 (bad byte at {exc.start}): save it as UTF-8",
        ) from exc


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<body|<p[\s>]|<div[\s>])", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1000]))


_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
    ]
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})


class _TextParser(HTMLParser):
    """Visible text, with a line break around every block and every table cell, so a
    table reads one cell per line (as the flattened table of seed 003)."""

    def __init__(self, max_elements: int) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.elements = 0
        self.max_elements = max_elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise over_budget("elements", self.max_elements)
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str, *, max_elements: int = DEFAULT.max_elements) -> str:
    """The visible text of an HTML page (scripts, styles and the head dropped).

    More than ``max_elements`` elements raise ``ExtractError("over_budget")``."""
    parser = _TextParser(max_elements)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
