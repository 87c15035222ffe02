"""Read a document — text, DOCX, PDF, scanned PDF or image — to Vietnamese text.

One call, :func:`extract_text`, with hard limits (:class:`Limits`) on size, pages,
zip entries and OCR time. Bad input raises :class:`ExtractError` whose ``code``
names the problem and whose messages (English and Vietnamese) say it plainly.
The text comes back in NFC. See docs/ingest.md.
"""

from lantoa.core.extract.api import (
    DEFAULT,
    Extracted,
    ExtractError,
    Limits,
    extract_text,
    ocr_available,
)

__all__ = ["DEFAULT", "ExtractError", "Extracted", "Limits", "extract_text", "ocr_available"]
