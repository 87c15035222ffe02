"""Plain text: UTF-8, UTF-16 (with or without BOM) and Windows-1258, detected.

Windows-1258 writes Vietnamese tones as combining marks after the base letter; NFC
(applied by the caller) composes them. Bytes that decode to many control
characters are refused as binary, not guessed at.
"""

from __future__ import annotations

import codecs
import unicodedata

from lantoa.core.extract.api import Extracted, ExtractError, Limits

_VIET = frozenset("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")


def _controls(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(
        1
        for c in text
        if unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c not in "\n\r\t\f"
    )
    return bad / len(text)


def _vietnamese_score(text: str) -> float:
    decomposed = unicodedata.normalize("NFD", text)
    return sum(1 for c in decomposed if c in _VIET) / max(1, len(text))


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return the text and the encoding used."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ExtractError("corrupt", what="text") from exc
    guess = _utf16_guess(data)
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ExtractError("binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[str, str]] = [(data.decode("cp1258", errors="replace"), "cp1258")]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in ("utf_8", "cp1258"):
        candidates.append((data.decode(best.encoding, errors="replace"), best.encoding))
    text, name = max(candidates, key=lambda c: _vietnamese_score(c[0]) - c[0].count("\ufffd"))
    return text, name


def read(data: bytes, limits: Limits) -> Extracted:
    text, encoding = decode(data)
    if _controls(text) > 0.05 or text.count("\ufffd") > max(10, len(text) // 50):
        raise ExtractError("binary")
    warnings = () if encoding.startswith("utf") else (f"decoded as {encoding}",)
    return Extracted(
        text=text.replace("\r\n", "\n"), kind="text", warnings=warnings, encoding=encoding
    )
