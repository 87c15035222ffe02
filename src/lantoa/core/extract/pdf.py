"""PDF through pypdf: the text layer when it is good, OCR when it is missing or poor.

A page with (almost) no text is a scan; a text layer where few words carry
Vietnamese marks came from an English-model OCR. Both are (re-)OCR'd from the page
image with the Vietnamese model, within ``Limits.ocr_max_pages``.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from lantoa.core.extract.api import Extracted, ExtractError, Limits, over_budget

_MIN_PAGE_CHARS = 25


def _poor(text: str) -> bool:
    from lantoa.core.dispatch.parser import diacritic_ratio

    ratio, words = diacritic_ratio(text)
    return words >= 20 and ratio < 0.3


def _check_decoded(reader: Any, count: int, limits: Limits) -> None:
    """Refuse before extracting any text when the pages' content streams decode past the
    budgets. A stream shared by many pages counts once per page: each page is extracted."""
    total = 0
    for index in range(count):
        try:
            contents = reader.pages[index].get_contents()
            size = len(contents.get_data()) if contents is not None else 0
        except Exception:  # a damaged stream: the page reads as empty later
            continue
        if size > limits.max_page_decoded_bytes:
            raise over_budget("page_decoded", limits.max_page_decoded_bytes, unit="bytes")
        total += size
        if total > limits.max_decoded_bytes:
            raise over_budget("decoded", limits.max_decoded_bytes, unit="bytes")


def read(data: bytes, limits: Limits) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from lantoa.core.extract import ocr

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise ExtractError("encrypted") from exc
            if not opened:
                raise ExtractError("encrypted")
        count = len(reader.pages)
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ExtractError("corrupt", what="PDF") from exc
    if count > limits.max_pages:
        raise ExtractError("too_many_pages", pages=count, limit=limits.max_pages)
    if count == 0:
        raise ExtractError("corrupt", what="PDF")
    _check_decoded(reader, count, limits)
    texts: list[str] = []
    warnings: list[str] = []
    ocr_pages: list[int] = []
    total = 0
    for index in range(count):
        try:
            text = reader.pages[index].extract_text() or ""
        except Exception:  # a damaged content stream on one page
            text = ""
            warnings.append(f"page {index + 1}: text layer unreadable")
        if len(text) > limits.max_page_chars:
            raise over_budget("page_chars", limits.max_page_chars)
        total += len(text)
        if total > limits.max_chars:
            raise over_budget("chars", limits.max_chars)
        scan = len(text.strip()) < _MIN_PAGE_CHARS
        if (scan or _poor(text)) and limits.ocr and len(ocr_pages) < limits.ocr_max_pages:
            if ocr.tesseract_ready():
                text = ocr.ocr_pdf_page(data, index + 1, limits)
                ocr_pages.append(index + 1)
            elif scan:
                raise ExtractError("ocr_unavailable")
            else:
                warnings.append(f"page {index + 1}: diacritic-poor text layer kept (no OCR)")
        elif scan and not limits.ocr and not text.strip() and count == 1:
            raise ExtractError("ocr_off")
        texts.append(text)
    kind = "pdf-ocr" if ocr_pages else "pdf"
    return Extracted(
        text="\n\n".join(texts),
        kind=kind,
        pages=count,
        warnings=tuple(warnings),
        ocr_pages=tuple(ocr_pages),
    )
