"""Forms of the cascade pages. Dates are entered the Vietnamese way (dd/mm/yyyy)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.campaigns.models import Channel
from lantoa.content.models import PackVersion
from lantoa.core.text import sort_key
from lantoa.orgs.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class VietnameseOrderIterator(forms.models.ModelChoiceIterator):
    """Units by depth, then in Vietnamese alphabetical order (a < ă < â … d < đ), not by
    code point: "Đông Triều" after "Dương", "Ảnh" beside "An"."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = sorted(
            self.queryset, key=lambda u: (u.depth, sort_key(u.name), u.valid_until is not None)
        )
        for unit in units:
            yield self.choice(unit)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    iterator = VietnameseOrderIterator

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.label


class IssuerChoiceField(forms.ModelChoiceField):
    iterator = VietnameseOrderIterator

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.label


class PackChoiceField(forms.ModelChoiceField):
    """A pack by its title and version in the page's language, not its raw id."""

    def label_from_instance(self, obj: PackVersion) -> str:  # type: ignore[override]
        from django.utils.translation import get_language

        english = (get_language() or "vi").startswith("en")
        title = (obj.title_en if english else obj.title_vi) or obj.title_vi or obj.pack_id
        return f"{title} ({obj.version})"


class AccessibleErrorsMixin:
    """Tie each field's error message to its input (``aria-describedby``, ``aria-invalid``)
    so a screen reader announces it; the template gives the message ``id="<id>_error"``."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            bound = self[name]  # type: ignore[index]
            field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"

    def error_summary(self) -> list[tuple[str, str]]:
        """(label, message) of every error, so a message names the field it is about."""
        out = []
        for name, errors in self.errors.items():  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            label = str(field.label) if field is not None and field.label else ""
            out.extend((label, str(e)) for e in errors)
        return out


class CampaignForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    issuer = IssuerChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    pack = PackChoiceField(label=_("Content pack"), queryset=PackVersion.objects.all())
    dispatch_number = forms.CharField(label=_("Dispatch number"), max_length=64, required=False)
    dispatch_date = forms.DateField(
        label=_("Dispatch date"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source_dispatch = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(
        self, *args: object, issuers: object, packs: object = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        if packs is not None:  # the published packs visible to the user (content.selectors)
            self.fields["pack"].queryset = packs  # type: ignore[attr-defined]
        self.fields["pack"].label_from_instance = (  # type: ignore[attr-defined]
            lambda row: f"{row.title_vi} ({row.pack_id} {row.version})"
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        issuer, pack = data.get("issuer"), data.get("pack")
        if issuer is not None and pack is not None:
            from lantoa.content.selectors import packs_for_unit

            if not packs_for_unit(issuer).filter(pk=pack.pk).exists():  # type: ignore[attr-defined]
                self.add_error(
                    "pack",
                    _("This pack belongs to another unit: the issuing unit cannot use it."),
                )
        return data


class ExtendForm(AccessibleErrorsMixin, forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"), input_formats=DATE_FORMATS, widget=DateInput()
    )


class ForwardForm(AccessibleErrorsMixin, forms.Form):
    units = UnitChoiceField(label=_("Units"), queryset=Unit.objects.none())
    deadline = forms.DateField(label=_("Deadline"), input_formats=DATE_FORMATS, widget=DateInput())
    task = forms.CharField(
        label=_("Task"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, candidates: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["units"].queryset = candidates  # type: ignore[attr-defined]


PUBLICATION_ROWS = 4


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"})
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(AccessibleErrorsMixin, forms.Form):
    staff_count = forms.IntegerField(
        label=_("Staff in the unit"), min_value=0, max_value=10_000_000
    )
    staff_reached = forms.IntegerField(label=_("Staff reached"), min_value=0, max_value=10_000_000)
    meeting_date = forms.DateField(
        label=_("Meeting date"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    meeting_attendees = forms.IntegerField(label=_("Attendees"), required=False, min_value=0)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=_(
            "Attachments (PDF, Word, Excel, PNG, JPEG; up to 5 files of 10 MB, "
            "20 MB in all per submission)"
        ),
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for i in range(PUBLICATION_ROWS):
            self.fields[f"pub_{i}_channel"] = forms.ChoiceField(
                label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False
            )
            self.fields[f"pub_{i}_url"] = forms.URLField(
                label=_("Address (URL)"), required=False, assume_scheme="https"
            )
            self.fields[f"pub_{i}_date"] = forms.DateField(
                label=_("Date"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
            )
            self.fields[f"pub_{i}_text"] = forms.CharField(
                label=_("Published text (paste it to check it against the official points)"),
                required=False,
                max_length=200_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        count, reached = data.get("staff_count"), data.get("staff_reached")
        if isinstance(count, int) and isinstance(reached, int) and reached > count:
            self.add_error("staff_reached", _("Staff reached cannot exceed the staff count."))
        for i in range(PUBLICATION_ROWS):
            if data.get(f"pub_{i}_url") and not data.get(f"pub_{i}_channel"):
                self.add_error(f"pub_{i}_channel", _("Choose the channel of this publication."))
        return data

    def publication_rows(self) -> list[list[forms.BoundField]]:
        return [
            [
                self[f"pub_{i}_channel"],
                self[f"pub_{i}_url"],
                self[f"pub_{i}_date"],
                self[f"pub_{i}_text"],
            ]
            for i in range(PUBLICATION_ROWS)
        ]

    def publications(self) -> list[dict[str, object]]:
        out = []
        for i in range(PUBLICATION_ROWS):
            channel = self.cleaned_data.get(f"pub_{i}_channel")
            if channel:
                out.append(
                    {
                        "channel": channel,
                        "url": self.cleaned_data.get(f"pub_{i}_url") or "",
                        "date": self.cleaned_data.get(f"pub_{i}_date"),
                        "text": self.cleaned_data.get(f"pub_{i}_text") or "",
                    }
                )
        return out

    def meetings(self) -> list[dict[str, object]]:
        if self.cleaned_data.get("meeting_date"):
            return [
                {
                    "date": self.cleaned_data["meeting_date"],
                    "attendees": self.cleaned_data.get("meeting_attendees") or 0,
                }
            ]
        return []
