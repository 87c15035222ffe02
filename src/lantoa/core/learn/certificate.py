"""A learner's certificate as a PDF, set by the kit's Typst engine (``certificate.typ``)."""

from __future__ import annotations

import datetime as dt

from lantoa.core.kit.branding import Branding
from lantoa.core.kit.content import brand_data
from lantoa.core.kit.fresh import compile_pdf_fresh
from lantoa.core.kit.posters import qr_svg
from lantoa.core.text import nfc

_LABELS = {
    "vi": {
        "kicker": "Lan Tỏa · Học và kiểm tra",
        "heading": "GIẤY CHỨNG NHẬN",
        "certifies": "Chứng nhận",
        "passed": "đã học và vượt qua bài kiểm tra",
        "score": "Kết quả",
        "date": "Ngày",
        "verify": "Mã xác minh",
        "issuer": "Cấp tự động bởi nền tảng Lan Tỏa",
        "anonymous": "Người học",
    },
    "en": {
        "kicker": "Lan Tỏa · Learn and test",
        "heading": "CERTIFICATE",
        "certifies": "This certifies that",
        "passed": "has studied and passed the test on",
        "score": "Score",
        "date": "Date",
        "verify": "Verification code",
        "issuer": "Issued automatically by the Lan Tỏa platform",
        "anonymous": "Learner",
    },
}


def certificate_render(
    *,
    name: str,
    unit: str,
    date: dt.date,
    score: int,
    total: int,
    code: str,
    verify_url: str,
    pack_title: str,
    lang: str = "vi",
) -> bytes:
    """The certificate PDF (A4 landscape, one page)."""
    labels = _LABELS.get(lang, _LABELS["vi"])
    data = {
        "lang": lang,
        "labels": labels,
        "name": nfc(name.strip()) or labels["anonymous"],
        "unit": nfc(unit.strip()),
        "title": nfc(pack_title),
        "score": score,
        "total": total,
        "date": date.strftime("%d/%m/%Y"),
        "code": code,
        "url": verify_url,
        "qr": qr_svg(verify_url),
        "brand": brand_data(Branding(), None),
        "pack": {"title": nfc(pack_title)},
    }
    # A fresh process, never the caller's: see lantoa.core.kit.fresh (forked web workers).
    return compile_pdf_fresh("certificate.typ", data, item="certificate")
