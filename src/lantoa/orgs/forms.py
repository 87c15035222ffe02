from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    """The smallest account an official needs: a username, a display name, a password."""

    first_name = forms.CharField(label=_("Your name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name")
