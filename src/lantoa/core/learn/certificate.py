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
        "facts_verified": "Họ tên do người học tự khai · Là công chức của đơn vị: đã xác minh "
        "qua tài khoản của đơn vị",
        "facts_self": "Họ tên và đơn vị do người học tự khai, chưa được xác minh",
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
        "facts_verified": "Name self-declared · Official of the unit: verified through an "
        "account of the unit",
        "facts_self": "Name and unit self-declared, not verified",
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
    verified: bool = False,
) -> bytes:
    """The certificate PDF (A4 landscape, one page). ``verified``: the learner is a verified
    official of ``unit``; the certificate says which facts were verified and which were only
    declared by the learner."""
    labels = _LABELS.get(lang, _LABELS["vi"])
    data = {
        "lang": lang,
        "labels": labels,
        "name": nfc(name.strip()) or labels["anonymous"],
        "unit": nfc(unit.strip()),
        "facts": labels["facts_verified" if verified else "facts_self"],
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
