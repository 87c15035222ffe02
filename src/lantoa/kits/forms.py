"""The branded-kit form and the posters form (their values are checked by the services)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.core.kit.branding import (
    DEFAULT_ACCENT,
    DEFAULT_PRIMARY,
    MAX_UNIT_CHARS,
    contrast_ratio,
    darken_to_contrast,
)
from lantoa.kits.services import MAX_DEPTH


class BrandedKitForm(forms.Form):
    unit_name = forms.CharField(
        label=_("Unit name on the kit"), max_length=MAX_UNIT_CHARS, required=False
    )
    primary = forms.CharField(
        label=_("Main colour"),
        initial=DEFAULT_PRIMARY,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color", "class": "contrast-check"}),
    )
    accent = forms.CharField(
        label=_("Second colour"),
        initial=DEFAULT_ACCENT,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo (PNG or JPEG, at most 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def clean(self) -> dict[str, object]:
        """A main colour too light for white text (title bands; it is also text on white)
        is darkened to reach 4.5:1 (WCAG AA); ``adjusted`` lists what was changed, for the
        page to say so. The second colour only draws lines and arrows, so it is left."""
        data = super().clean() or {}
        self.adjusted: list[tuple[str, str, str, float]] = []
        for name in ("primary",):
            value = str(data.get(name) or "")
            if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
                continue
            fixed = darken_to_contrast(value)
            if fixed != value.lower():
                label = str(self.fields[name].label)
                self.adjusted.append((label, value, fixed, contrast_ratio(value)))
                data[name] = fixed
        return data


class PostersForm(forms.Form):
    depth = forms.TypedChoiceField(
        label=_("Levels below"),
        coerce=int,
        choices=[(n, n) for n in range(MAX_DEPTH + 1)],
        initial=1,
    )
