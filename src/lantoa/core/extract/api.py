"""The extraction entry point: sniff the format, check the limits, dispatch to a reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from lantoa.core.text import nfc

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Hard limits; every reader checks them *before* doing the expensive work.

    The budgets on decoded content exist because a file's size says little about the work
    it causes: forty PDF pages can share one 12 KB stream that decodes to 1.3 million
    characters each. Decoded bytes are counted before any text is extracted; characters are
    counted per page and per document as they come. ``seconds`` is the wall-clock limit that
    :func:`lantoa.core.extract.sandbox.run` enforces by killing the reading process.
    """

    max_bytes: int = 20 * MB  # the upload itself
    max_pages: int = 100  # PDF pages (a 500-page PDF is refused before reading)
    max_chars: int = 2_000_000  # extracted text, whole document
    max_page_chars: int = 100_000  # extracted text of one PDF page (a dense A4 page: ~6,000)
    max_decoded_bytes: int = 10 * MB  # PDF content streams (per page, summed) / DOCX body XML
    max_page_decoded_bytes: int = 2 * MB  # one PDF page's content stream(s), decoded
    max_elements: int = 100_000  # HTML elements (a long government page has ~5,000)
    seconds: float = 60.0  # wall clock for one document, enforced in a separate process
    zip_max_uncompressed: int = 50 * MB  # DOCX: sum of the entries' declared sizes
    zip_max_entries: int = 2000
    zip_max_ratio: int = 200  # DOCX: uncompressed/compressed per entry (zip bombs exceed it)
    max_image_pixels: int = 60_000_000
    ocr: bool = True  # OCR scans and re-OCR diacritic-poor text layers
    ocr_max_pages: int = 20  # pages that may be OCR'd in one document
    ocr_timeout: float = 90.0  # seconds per page, rasterising and recognising
    ocr_dpi: int = 300


DEFAULT = Limits()


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str  # NFC
    kind: str  # "text" | "docx" | "pdf" | "pdf-ocr" | "image-ocr"
    pages: int = 1
    warnings: tuple[str, ...] = ()
    encoding: str | None = None  # for .txt
    ocr_pages: tuple[int, ...] = field(default=())  # 1-based pages that went through OCR


_MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("the file is empty", "tệp rỗng"),
    "too_large": ("the file is larger than {limit}", "tệp lớn hơn {limit}"),
    "binary": (
        "the file is not text, DOCX, PDF or an image",
        "tệp không phải văn bản, DOCX, PDF hay ảnh",
    ),
    "encrypted": (
        "the PDF is password-protected",
        "tệp PDF có mật khẩu bảo vệ",
    ),
    "corrupt": ("the {what} is damaged and cannot be read", "tệp {what} bị hỏng, không đọc được"),
    "too_many_pages": (
        "the PDF has {pages} pages; at most {limit} are accepted",
        "tệp PDF có {pages} trang; chỉ nhận tối đa {limit} trang",
    ),
    "zip_bomb": (
        "the DOCX expands to more than allowed ({detail}): refused as a possible zip bomb",
        "tệp DOCX giải nén vượt giới hạn ({detail}): bị từ chối vì có thể là bom zip",
    ),
    "ocr_unavailable": (
        "OCR is needed but Tesseract with the Vietnamese model is not installed",
        "cần nhận dạng chữ (OCR) nhưng chưa cài Tesseract với dữ liệu tiếng Việt",
    ),
    "ocr_off": (
        "the PDF is a scan without text and OCR is turned off",
        "tệp PDF là bản scan không có chữ và chức năng nhận dạng chữ (OCR) đang tắt",
    ),
    "timeout": ("OCR took longer than {limit} seconds", "nhận dạng chữ quá {limit} giây"),
    "image_too_large": (
        "the image has {pixels} pixels; at most {limit} are accepted",
        "ảnh có {pixels} điểm ảnh; chỉ nhận tối đa {limit}",
    ),
    "no_text": ("no text could be read from the file", "không đọc được chữ nào từ tệp"),
    "over_budget": (
        "the document is over the reading budget: {what} exceeds the limit of {limit}",
        "tài liệu vượt giới hạn đọc: {what_vi} vượt quá giới hạn {limit}",
    ),
    "too_slow": (
        "reading the document took longer than the limit of {limit} seconds; it was stopped",
        "đọc tài liệu quá giới hạn {limit} giây nên đã bị dừng",
    ),
}

# What each budget counts, for the over_budget message: (English, Vietnamese).
BUDGETS: dict[str, tuple[str, str]] = {
    "chars": ("the extracted text", "số ký tự của văn bản"),
    "page_chars": ("the text of one page", "số ký tự của một trang"),
    "decoded": ("the decoded content", "dung lượng nội dung sau giải nén"),
    "page_decoded": ("one page's decoded content", "nội dung sau giải nén của một trang"),
    "elements": ("the number of HTML elements", "số phần tử HTML"),
}


def over_budget(budget: str, limit: int, *, unit: str = "") -> ExtractError:
    """The error for a document over one of the budgets of :class:`Limits`."""
    en, vi = BUDGETS[budget]
    if unit == "bytes":
        shown = _human(limit)
    else:
        shown = f"{limit:,}".replace(",", ".") + (" ký tự" if budget.endswith("chars") else "")
    return ExtractError("over_budget", what=en, what_vi=vi, limit=shown, budget=budget)


class ExtractError(ValueError):
    """A document that cannot be read; ``code`` is one of the keys of ``_MESSAGES``."""

    def __init__(self, code: str, **params: object) -> None:
        en, vi = _MESSAGES[code]
        self.code = code
        self.params = params
        self.message = en.format(**params)
        self.message_vi = vi.format(**params)
        super().__init__(self.message)


def _human(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size} bytes"


def sniff(data: bytes, filename: str) -> str:
    """The reader for ``data``: "pdf", "docx", "image" or "text" (magic bytes first)."""
    name = filename.lower()
    if data.startswith(b"%PDF-") or (name.endswith(".pdf") and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if name.endswith((".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")):
        return name.rsplit(".", 1)[1].replace("jpeg", "image").replace("jpg", "image")
    return "text"


def extract_text(data: bytes, filename: str = "", *, limits: Limits = DEFAULT) -> Extracted:
    """Read ``data`` (the bytes of a file called ``filename``) to NFC text within ``limits``.

    Raises :class:`ExtractError` for empty, oversize, binary, encrypted, corrupt,
    too-long or bomb-like input before spending time on it.
    """
    from lantoa.core.extract import docx, ocr, pdf, plain

    if not data or not data.strip():
        raise ExtractError("empty")
    if len(data) > limits.max_bytes:
        raise ExtractError("too_large", limit=_human(limits.max_bytes))
    kind = sniff(data, filename)
    if kind == "pdf":
        result = pdf.read(data, limits)
    elif kind == "docx":
        result = docx.read(data, limits)
    elif kind in ("image", "png", "tif", "tiff"):
        result = ocr.read_image(data, limits)
    else:
        result = plain.read(data, limits)
    text = nfc(result.text)
    warnings = list(result.warnings)
    if len(text) > limits.max_chars:
        raise over_budget("chars", limits.max_chars)
    if not text.strip():
        raise ExtractError("no_text")
    return Extracted(
        text=text,
        kind=result.kind,
        pages=result.pages,
        warnings=tuple(warnings),
        encoding=result.encoding,
        ocr_pages=result.ocr_pages,
    )


def ocr_available() -> bool:
    from lantoa.core.extract.ocr import tesseract_ready

    return tesseract_ready()
