"""Check and store report attachments: bounded in number, size and type.

A file's type is decided by its first bytes, not its name: PDF, Office Open XML
(DOCX, XLSX — a zip whose entries are checked), PNG or JPEG. Files are stored in the
default storage (``STORAGES``: the data folder, or an S3 bucket) under ``uploads/reports/``
with a random name and served back only through a view that checks the reader's unit.
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from lantoa.core.text import nfc

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 200
TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


class AttachmentError(ValueError):
    pass


@dataclass(frozen=True)
class CheckedFile:
    name: str
    suffix: str
    data: bytes
    sha256: str


def _magic_ok(suffix: str, data: bytes) -> bool:
    if suffix == ".pdf":
        return data.startswith(b"%PDF-")
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if suffix in (".docx", ".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                entries = archive.infolist()
                total = sum(e.file_size for e in entries)
                names = {e.filename for e in entries}
        except zipfile.BadZipFile:
            return False
        if len(entries) > MAX_ZIP_ENTRIES or total > MAX_ZIP_RATIO * max(len(data), 1):
            return False  # a zip bomb in Office clothing
        return "[Content_Types].xml" in names
    return False


def attachment_check(name: str, data: bytes) -> CheckedFile:
    clean = nfc(Path(name).name).strip() or "tep"
    suffix = Path(clean).suffix.lower()
    if suffix not in TYPES:
        raise AttachmentError(
            _("%(name)s: only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files are accepted.")
            % {"name": clean}
        )
    if len(data) > MAX_BYTES:
        raise AttachmentError(
            _("%(name)s is larger than %(mb)d MB.") % {"name": clean, "mb": MAX_BYTES // 2**20}
        )
    if not data or not _magic_ok(suffix, data):
        raise AttachmentError(
            _("%(name)s is not a valid %(kind)s file.")
            % {"name": clean, "kind": suffix[1:].upper()}
        )
    return CheckedFile(clean[:255], suffix, data, hashlib.sha256(data).hexdigest())


STORE = "uploads/reports"


def stored_name(stored: str) -> str:
    """The storage name of an attachment stored as ``stored``."""
    return f"{STORE}/{stored}"


def attachment_write(checked: CheckedFile) -> str:
    """Store the file under a random name; return that name (relative to ``STORE``)."""
    stored = secrets.token_hex(16) + checked.suffix
    default_storage.save(stored_name(stored), ContentFile(checked.data))
    return stored
