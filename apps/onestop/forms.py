"""Forms of the desk pages. They parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.onestop.models import ServiceType
from apps.onestop.selectors import desk_officers, service_type_list
from core.thai.forms import FiscalYearField, NationalIdField


class TicketForm(forms.Form):
    """A ticket for a walk-in: the service, and the person's national ID if known."""

    service_type = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceType.objects.none(), empty_label=None
    )
    # 13 digits with a right check digit (checked before the register is searched), or "".
    national_id = NationalIdField(
        label=_("National ID (optional)"),
        required=False,
        help_text=_("Leave empty for a walk-in not identified yet."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_type_list(active_only=True)  # type: ignore[attr-defined]


class CallNextForm(forms.Form):
    counter = forms.CharField(label=_("Counter"), max_length=30)
    service_types = forms.ModelMultipleChoiceField(
        label=_("Services I serve"),
        queryset=ServiceType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every service."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_types"].queryset = service_type_list(active_only=True)  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=1000, required=False)


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Officers by name (and position), as colleagues know them, not by username."""

    def label_from_instance(self, obj: Any) -> str:
        name = str(obj.display_name)
        return f"{name} ({obj.position})" if obj.position else name


class HandOverForm(forms.Form):
    to_officer = OfficerChoiceField(
        label=_("Hand over to"),
        queryset=desk_officers(),
        empty_label=_("Choose a colleague"),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ServiceTypeForm(forms.Form):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    standard_minutes = forms.IntegerField(
        label=_("Service standard (minutes)"), min_value=1, max_value=480
    )
    display_order = forms.IntegerField(label=_("Display order"), min_value=0, max_value=32767)
    is_active = forms.BooleanField(label=_("Offered at the desk"), required=False)


class FiscalYearForm(forms.Form):
    year = FiscalYearField(label=_("Fiscal year (B.E.)"))
