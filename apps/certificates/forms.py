from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.certificates.banking import programme_list
from apps.people.models import Person
from core.thai import is_valid_national_id, normalize_national_id
from core.thai.forms import BahtField, NationalIdField


def programme_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(str(p.pk), f"{p.bank.name_th}: {p.name_th}") for p in programme_list()]


class RequestForm(forms.Form):
    national_id = NationalIdField(
        label=_("Borrower's national ID"), help_text=_("13 digits; dashes are fine.")
    )
    programme = forms.TypedChoiceField(
        label=_("Bank and programme"), choices=programme_choices, coerce=int
    )
    amount = BahtField(label=_("Loan amount (baht)"))
    instalment = BahtField(label=_("Monthly instalment (baht)"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=600)
    purpose = forms.CharField(label=_("Purpose of the loan"), max_length=300)
    guarantors = forms.CharField(
        label=_("Guarantors' national IDs"),
        required=False,
        help_text=_("One per line, where the programme needs guarantors."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_national_id(self) -> Person:
        person = Person.objects.filter(national_id=self.cleaned_data["national_id"]).first()
        if person is None:
            raise ValidationError(
                _("No one with this national ID is in the register: add the person first."),
                code="unknown_person",
            )
        return person

    def clean_guarantors(self) -> list[Person]:
        found: list[Person] = []
        for raw in (self.cleaned_data.get("guarantors") or "").split():
            national_id = normalize_national_id(raw)
            if not is_valid_national_id(national_id):
                raise ValidationError(
                    _("%(value)s is not a national ID."), params={"value": raw[:20]}
                )
            person = Person.objects.filter(national_id=national_id).first()
            if person is None:
                raise ValidationError(
                    _("No guarantor with national ID %(value)s is in the register."),
                    params={"value": national_id},
                )
            found.append(person)
        return found


class RecheckForm(forms.Form):
    amount = BahtField(label=_("Loan amount (baht)"), required=False)
    instalment = BahtField(label=_("Monthly instalment (baht)"))
    term_months = forms.IntegerField(
        label=_("Term (months)"), min_value=1, max_value=600, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BankDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The bank's decision"),
        choices=[("approved", _("Approved by the bank")), ("declined", _("Declined by the bank"))],
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=50, required=False)
    first_month = forms.DateField(
        label=_("First month deducted"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
