"""The form of the check page: pasted text or an uploaded .txt/.html file, bounded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lantoa.core.extract.sandbox import SandboxDocumentError
from lantoa.core.text import nfc
from lantoa.core.verify import MAX_CHARS
from lantoa.site.documents import upload_document_text

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class VerifyForm(forms.Form):
    text = forms.CharField(
        label=_("Text to check"),
        required=False,
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        strip=False,
    )
    file = forms.FileField(
        label=_("or a file (.txt, .html, .docx, .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.html,.htm,.docx,.pdf,text/plain,text/html,application/pdf"}
        ),
    )

    def __init__(self, *args: Any, max_chars: int = MAX_CHARS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_chars = max_chars
        field = self.fields["text"]
        field.max_length = max_chars
        field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
        field.validators.append(MaxLengthValidator(max_chars))
        field.widget.attrs["maxlength"] = str(max_chars)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}
                )
            try:
                text = upload_document_text(
                    upload.read(MAX_UPLOAD_BYTES + 1), nfc(upload.name or "upload.txt")
                )
            except SandboxDocumentError as exc:
                raise forms.ValidationError(
                    _("This file cannot be read: %(reason)s")
                    % {"reason": exc.en if (get_language() or "").startswith("en") else exc.vi}
                ) from exc
        if not text.strip():
            raise forms.ValidationError(_("Paste a text or choose a file to check."))
        if len(text) > self.max_chars:
            raise forms.ValidationError(
                _("The text is longer than %(limit)s characters.")
                % {"limit": f"{self.max_chars:,}".replace(",", ".")}
            )
        data["document"] = nfc(text)
        return data
