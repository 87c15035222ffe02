"""The branded-kit form and the posters form (their values are checked by the services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.core.kit.branding import DEFAULT_ACCENT, DEFAULT_PRIMARY, MAX_UNIT_CHARS
from lantoa.kits.services import MAX_DEPTH


class BrandedKitForm(forms.Form):
    unit_name = forms.CharField(
        label=_("Unit name on the kit"), max_length=MAX_UNIT_CHARS, required=False
    )
    primary = forms.CharField(
        label=_("Main colour"),
        initial=DEFAULT_PRIMARY,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
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


class PostersForm(forms.Form):
    depth = forms.TypedChoiceField(
        label=_("Levels below"),
        coerce=int,
        choices=[(n, n) for n in range(MAX_DEPTH + 1)],
        initial=1,
    )
