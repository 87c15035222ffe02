"""Verify: which points of a pack a text really contains.

``verify_text(text, pack)`` returns, for every point, whether the text has it
(``present``), lacks it (``missing``), folded it into another point (``merged``)
or got it wrong (``distorted``: sides swapped, a side under another point), how it
is written (verbatim, paraphrased, condensed, title only …), a score, the excerpt
and its span in the original text, plus the overall coverage and a verdict.
It is used by ``lantoa verify``, the "Kiểm tra nội dung" page, ingest (on a
dispatch's appendix) and campaigns (on every publication a unit records).
See docs/verify.md.
"""

from lantoa.core.verify.align import Params
from lantoa.core.verify.api import MAX_CHARS, verify_text
from lantoa.core.verify.model import (
    JSON_SCHEMA_VERSION,
    STATUSES,
    How,
    PointResult,
    Status,
    VerifyResult,
)

__all__ = [
    "JSON_SCHEMA_VERSION",
    "MAX_CHARS",
    "STATUSES",
    "How",
    "Params",
    "PointResult",
    "Status",
    "VerifyResult",
    "verify_text",
]
