"""Forms of the pack authoring pages. The services check and clean the values (NFC,
markup, duplicates); these forms only bound their sizes and shapes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.content.authoring import MAX_TEXT, MAX_TITLE
from lantoa.core.packs.importer import ROLES
from lantoa.orgs.models import Unit

IMPORT_MAX_BYTES = 2 * 1024 * 1024
PASTE_MAX_CHARS = 400_000


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.name


def _area(rows: int, limit: int, *, required: bool = False, label: object = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DraftNewForm(forms.Form):
    unit = UnitField(label=_("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("key_points", _("Key points")), ("qa", _("Questions and answers"))],
    )
    pack_id = forms.CharField(
        label=_("Pack id"),
        max_length=40,
        help_text=_("Lower-case letters without marks, digits and '-', e.g. lua-dao-truc-tuyen."),
    )
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), max_length=255)
    title_en = forms.CharField(label=_("Title (English, optional)"), max_length=255, required=False)

    def __init__(self, *args: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class DraftForm(forms.Form):
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), max_length=255)
    title_en = forms.CharField(label=_("Title (English, optional)"), max_length=255, required=False)
    summary_vi = _area(3, MAX_TEXT, label=_("Summary (Vietnamese)"))
    summary_en = _area(3, MAX_TEXT, label=_("Summary (English, optional)"))


class PointForm(forms.Form):
    title_vi = _area(2, MAX_TITLE, label=_("Title (Vietnamese)"))
    title_en = _area(2, MAX_TITLE, label=_("Title (English, optional)"))
    text_vi = _area(5, MAX_TEXT, label=_("Official text (Vietnamese)"))
    text_en = _area(5, MAX_TEXT, label=_("Official text (English, optional)"))
    short_vi = _area(2, MAX_TITLE, label=_("Short form (Vietnamese)"))
    short_en = _area(2, MAX_TITLE, label=_("Short form (English, optional)"))
    keywords_vi = forms.CharField(
        label=_("Keywords (Vietnamese, separated by commas)"), max_length=500, required=False
    )
    keywords_en = forms.CharField(
        label=_("Keywords (English, optional)"), max_length=500, required=False
    )

    def __init__(self, *args: object, kind: str = "key_points", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if kind == "qa":
            self.fields["title_vi"].label = _("Question (Vietnamese)")
            self.fields["title_en"].label = _("Question (English, optional)")
            self.fields["text_vi"].label = _("Answer (Vietnamese)")
            self.fields["text_en"].label = _("Answer (English, optional)")


class SourceForm(forms.Form):
    kind = forms.CharField(label=_("Kind of document"), max_length=100, initial="công văn")
    number = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Issuer"), max_length=300)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class PublishForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=20)


class ImportForm(forms.Form):
    unit = UnitField(label=_("Unit"), queryset=Unit.objects.none())
    pack_id = forms.CharField(label=_("Pack id"), max_length=40)
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), max_length=255)
    file = forms.FileField(
        label=_("A file: a table in Word or PDF, or a web page"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,.pdf,.html,.htm,.txt,application/pdf,text/html,text/plain"}
        ),
    )
    text = _area(8, PASTE_MAX_CHARS, label=_("or numbered points pasted here (1. …, 2. …)"))

    def __init__(self, *args: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > IMPORT_MAX_BYTES:  # type: ignore[attr-defined]
            self.add_error(
                "file", _("The file is larger than %(mb)d MB.") % {"mb": IMPORT_MAX_BYTES // 2**20}
            )
        elif upload is None and not str(data.get("text") or "").strip():
            self.add_error("text", _("Choose a file or paste the numbered points."))
        return data


ROLE_CHOICES = [
    ("number", _("number")),
    ("title", _("title / question")),
    ("text", _("official text / answer")),
    ("short", _("short form")),
    ("keywords", _("keywords")),
    ("ignore", _("leave out")),
]
assert {r for r, _label in ROLE_CHOICES} <= set(ROLES)
