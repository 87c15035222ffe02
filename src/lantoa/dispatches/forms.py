"""Forms of the ingest page: the upload/paste form and the corrections form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.core.extract import DEFAULT
from lantoa.core.text import nfc

# A corrected field (a subject line, a list of recipients) is short; the dispatch's text is
# bounded by the extraction limit (DEFAULT.max_chars) on every path, ingest and save.
FIELD_CHARS = 10_000


class IngestForm(forms.Form):
    file = forms.FileField(
        label=_("Dispatch file"),
        required=False,
        help_text=_("Text, DOCX, PDF or a scan (PNG, JPEG, TIFF), at most 20 MB."),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=DEFAULT.max_chars,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > DEFAULT.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s."), params={"limit": "20 MB"}
            )
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the text of a dispatch."))
        return data


def _lines(value: str) -> list[str]:
    return [nfc(line).strip() for line in value.splitlines() if line.strip()]


class CorrectionForm(forms.Form):
    """The fields a clerk may correct; the rest (tasks, references, spans) come from the parse."""

    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=300)
    issuer_parent = forms.CharField(label=_("Parent body"), required=False, max_length=300)
    number = forms.CharField(label=_("Number"), required=False, max_length=20)
    symbol = forms.CharField(label=_("Symbol"), required=False, max_length=100)
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    subject = forms.CharField(
        label=_("Subject line (V/v)"),
        required=False,
        max_length=FIELD_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=FIELD_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    signer_name = forms.CharField(label=_("Signer"), required=False, max_length=200)
    signer_titles = forms.CharField(
        label=_("Signer's titles"),
        required=False,
        max_length=FIELD_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    cc = forms.CharField(
        label=_("Copies to"),
        required=False,
        max_length=FIELD_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    source_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=255)
    source_kind = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    # Which span each form field highlights on the review page.
    SPAN_KEYS = {
        "issuer": "issuer", "issuer_parent": "issuer_parent", "number": "number",
        "symbol": "symbol", "place": "place", "date": "date", "subject": "subject",
        "recipients": "recipients[0]", "signer_name": "signer.name",
        "signer_titles": "signer.titles[0]", "cc": "cc[0]",
    }  # fmt: skip

    @staticmethod
    def initial_from(data: dict[str, Any], *, source_name: str, source_kind: str) -> dict[str, Any]:
        return {
            "issuer": data["issuer"] or "",
            "issuer_parent": data["issuer_parent"] or "",
            "number": data["number"] or "",
            "symbol": data["symbol"] or "",
            "place": data["place"] or "",
            "date": data["date"] or None,
            "subject": data["subject"] or "",
            "recipients": "\n".join(data["recipients"]),
            "signer_name": data["signer"]["name"] or "",
            "signer_titles": "\n".join(data["signer"]["titles"]),
            "cc": "\n".join(data["cc"]),
            "source_name": source_name,
            "source_kind": source_kind,
        }


def apply_corrections(data: dict[str, Any], cleaned: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the corrected fields; records which fields the clerk changed."""
    out = dict(data)
    changed: list[str] = []

    def put(key: str, value: Any) -> None:
        if out.get(key) != value:
            changed.append(key)
            out[key] = value

    for key in ("issuer", "issuer_parent", "number", "symbol", "place", "subject"):
        put(key, nfc(cleaned[key]).strip() or None)
    put("date", cleaned["date"].isoformat() if cleaned["date"] else None)
    put("recipients", _lines(cleaned["recipients"]))
    put("cc", _lines(cleaned["cc"]))
    signer = {
        "name": nfc(cleaned["signer_name"]).strip() or None,
        "titles": _lines(cleaned["signer_titles"]),
    }
    if signer != out["signer"]:
        changed.append("signer")
        out["signer"] = signer
    if out["symbol"]:
        out["code"] = f"{out['number'] or ''}/{out['symbol']}"
    out["corrected"] = changed
    return out
