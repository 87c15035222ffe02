"""Uploaded documents are read in a separate process, within the site's budgets.

The one place the web layer turns an untrusted file into text: the budgets of
:class:`lantoa.core.extract.Limits` with the wall-clock limit from ``LANTOA_EXTRACT_SECONDS``,
enforced by :mod:`lantoa.core.extract.sandbox` (the reading process is killed when it runs
over, so the web worker is free at once). See docs/security.md.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.utils.translation import gettext as _

from lantoa.core.extract import DEFAULT, Extracted, ExtractError, Limits
from lantoa.core.extract.sandbox import SandboxDocumentError, run


def site_limits() -> Limits:
    return dataclasses.replace(DEFAULT, seconds=float(settings.LANTOA_EXTRACT_SECONDS))


def upload_extract(data: bytes, filename: str) -> Extracted:
    """A dispatch file read by :func:`lantoa.core.extract.extract_text`, sandboxed."""
    result: Extracted = run(data, filename, limits=site_limits(), reader="extract")
    return result


def upload_document_text(data: bytes, filename: str) -> str:
    """A document to check read by :func:`lantoa.core.verify.io.document_text`, sandboxed.

    Raises :class:`SandboxDocumentError` (with ``vi``/``en`` reasons) for any refusal."""
    try:
        text: str = run(data, filename, limits=site_limits(), reader="document")
    except ExtractError as exc:  # over time, or the process died
        raise SandboxDocumentError(exc.message_vi, exc.message) from None
    return text


def budget_message(exc: ExtractError) -> str:
    """The translated message for the two budget errors, naming the limit."""
    if exc.code == "too_slow":
        return _(
            "Reading this document took longer than the limit of %(limit)s seconds, so it "
            "was stopped. Split it or send a smaller file."
        ) % {"limit": exc.params["limit"]}
    what = {
        "chars": _("the extracted text"),
        "page_chars": _("the text of one page"),
        "decoded": _("the decoded content"),
        "page_decoded": _("one page's decoded content"),
        "elements": _("the number of HTML elements"),
    }.get(str(exc.params.get("budget")), str(exc.params.get("what")))
    return _(
        "This document is over the reading limit: %(what)s exceeds %(limit)s. "
        "Split it or send a smaller file."
    ) % {"what": what, "limit": exc.params["limit"]}
