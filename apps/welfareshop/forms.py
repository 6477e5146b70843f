from __future__ import annotations

from datetime import date, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Person, School
from apps.welfareshop.models import (
    ApprovalBy,
    Consent,
    EntryKind,
    FeeKind,
    PaymentMethod,
    Resource,
    ResourceKind,
)
from core.thai.forms import BahtField, BuddhistDateField, NationalIdField

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _upload(field: str):  # type: ignore[no-untyped-def]
    def clean(self: forms.Form) -> Any:
        upload = self.cleaned_data.get(field)
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload

    return clean


class MemberForm(forms.Form):
    national_id = NationalIdField(
        label=_("National ID"), help_text=_("13 digits; dashes are fine.")
    )
    payment = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    consent_scan = forms.FileField(
        label=_("Signed consent to salary deduction (PDF, JPEG or PNG)"), required=False
    )

    clean_consent_scan = _upload("consent_scan")

    def clean_national_id(self) -> Person:
        person = Person.objects.filter(national_id=self.cleaned_data["national_id"]).first()
        if person is None:
            raise ValidationError(
                _("No one with this national ID is in the register: add the person first."),
                code="unknown_person",
            )
        return person


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Do not approve"))]
    )
    reason = forms.CharField(label=_("Reason (if not approved)"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    on = BuddhistDateField(label=_("Date"), required=False)


class BookingForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("Room or area"), queryset=Resource.objects.filter(is_active=True), empty_label=None
    )
    day = BuddhistDateField(label=_("Date"))
    starts = forms.TimeField(
        label=_("Starts at (time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends at (time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=1000, initial=1)
    school = forms.ModelChoiceField(
        label=_("For a school (at the desk)"),
        queryset=School.objects.filter(is_active=True),
        required=False,
    )
    contact = forms.CharField(
        label=pgettext_lazy("welfare shop", "Contact"), max_length=200, required=False
    )
    weekly_until = BuddhistDateField(label=_("Repeat weekly until (optional)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts: time | None = data.get("starts")
        ends: time | None = data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("It must end after it starts."))
        until: date | None = data.get("weekly_until")
        if until and data.get("day") and until < data["day"]:
            self.add_error("weekly_until", _("The last day is before the first."))
        return data


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    purpose = forms.CharField(label=_("What it is for"), max_length=500, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    equipment = forms.CharField(label=_("Equipment"), max_length=500, required=False)
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG or PNG)"))
    taken_on = BuddhistDateField(label=_("Taken on"))
    caption = forms.CharField(label=_("Caption"), max_length=300)
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices)
    resource = forms.ModelChoiceField(
        label=_("Room or area"), queryset=Resource.objects.all(), required=False
    )

    clean_image = _upload("image")


class EntryForm(forms.Form):
    on = BuddhistDateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    amount = BahtField(label=_("Amount (baht)"))
    description = forms.CharField(
        label=pgettext_lazy("welfare shop", "Description"), max_length=300
    )
    reference = forms.CharField(label=_("Receipt or voucher"), max_length=50, required=False)


class FeeRuleForm(forms.Form):
    valid_from = BuddhistDateField(label=_("In force from"))
    kind = forms.ChoiceField(label=_("Kind"), choices=FeeKind.choices)
    amount = BahtField(label=_("Amount (baht)"))
    source = forms.CharField(
        label=_("Source (regulation or resolution)"), max_length=300, required=False
    )
    confirmed = forms.BooleanField(label=_("Confirmed"), required=False)


class SettingsForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=200)
    creditor_name = forms.CharField(label=_("Creditor on payslips"), max_length=100)
    approval_by = forms.ChoiceField(label=_("Applications decided by"), choices=ApprovalBy.choices)
    internal_regulation = forms.CharField(
        label=_("Office's internal welfare regulation"), max_length=300, required=False
    )
