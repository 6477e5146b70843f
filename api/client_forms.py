"""The form of a new machine client (office admins on an office host, platform operators on
the central host)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.scopes import scopes_for_host


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple, required=True
    )
    rate_limit_per_minute = forms.IntegerField(
        label=_("Calls per minute"), min_value=1, max_value=100_000, initial=600
    )

    def __init__(self, *args: Any, central: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            (scope.name, f"{scope.name} — {scope.label}")
            for scope in scopes_for_host(central=central)
        ]
