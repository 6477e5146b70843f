"""The loans' forms: parse and show Thai messages; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.payroll.forms import MonthField
from apps.revolvingfund.loans.services import MAX_AMOUNT
from apps.revolvingfund.models import PaymentSource
from core.thai.forms import BahtField, BuddhistDateField


class ContractForm(forms.Form):
    contract_signed_on = BuddhistDateField(label=_("Contract signed on"))
    borrower_signed = forms.BooleanField(label=_("The borrower has signed the contract"))
    guarantees_signed = forms.BooleanField(
        label=_("Every guarantor has signed the guarantee"), required=False
    )
    witness_1 = forms.CharField(label=_("Witness"), max_length=200, required=False)
    witness_2 = forms.CharField(label=_("Witness"), max_length=200, required=False)


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Signed for the office by"), max_length=200)


class DisbursementForm(forms.Form):
    creditor = forms.CharField(label=_("Creditor"), max_length=200)
    amount = BahtField(label=_("Amount (baht)"), max_value=MAX_AMOUNT)
    paid_on = BuddhistDateField(label=_("Paid on"))
    reference = forms.CharField(label=_("Transfer or cheque reference"), max_length=80)
    proof = forms.FileField(label=_("Proof of payment (PDF, JPEG or PNG)"))


class SettlementForm(forms.Form):
    on = BuddhistDateField(label=_("Paid on"))
    amount = BahtField(label=_("Amount received (baht)"), max_value=MAX_AMOUNT)
    source = forms.ChoiceField(
        label=_("Paid from"),
        choices=[
            (PaymentSource.CASH, PaymentSource.CASH.label),
            (PaymentSource.GRATUITY, PaymentSource.GRATUITY.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RestructureForm(forms.Form):
    months = forms.IntegerField(label=_("New term (months)"), min_value=1, max_value=600)
    from_month = MonthField(label=_("From month"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"))


class ImportForm(forms.Form):
    month = MonthField(label=_("Month deducted"))
    file = forms.FileField(label=_("File finance sent back (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 5 MB")
        return upload


class TransferOutForm(forms.Form):
    to_office = forms.CharField(label=_("Code of the new office"), max_length=40)
    from_month = MonthField(label=_("The new office collects from"))


class TransferInForm(forms.Form):
    package = forms.FileField(label=_("Hand-over file from the former office"))


class ExistingLoansForm(forms.Form):
    as_of = MonthField(label=_("Balances as at the end of"))
    file = forms.FileField(label=_("File of existing loans (CSV or XLSX)"))


class RemitForm(forms.Form):
    on = BuddhistDateField(label=_("Remitted on"))
    reference = forms.CharField(label=_("Remittance reference"), max_length=80)


class LoanRuleForm(forms.Form):
    """A new version of the loan rule; starts from the version in force (`initial`)."""

    valid_from = BuddhistDateField(label=_("In force from"))
    guarantor_after_months = forms.IntegerField(
        label=_("Months overdue before the guarantors are deducted"),
        min_value=1,
        max_value=24,
        error_messages={
            "invalid": "กรุณากรอกจำนวนเดือนเป็นตัวเลข",
            "min_value": "ต้องอยู่ระหว่าง 1 ถึง 24 เดือน",
            "max_value": "ต้องอยู่ระหว่าง 1 ถึง 24 เดือน",
        },
    )
    days_in_year = forms.TypedChoiceField(
        label=_("Days in a year for interest to the day"),
        choices=[(365, "365"), (366, "366"), (360, "360")],
        coerce=int,
        error_messages={"invalid_choice": "จำนวนวันต่อปีต้องเป็น 360 365 หรือ 366"},
    )
    max_restructure_months = forms.IntegerField(
        label=_("Longest term after restructuring (months)"),
        min_value=12,
        max_value=480,
        error_messages={
            "invalid": "กรุณากรอกจำนวนเดือนเป็นตัวเลข",
            "min_value": "ต้องอยู่ระหว่าง 12 ถึง 480 เดือน",
            "max_value": "ต้องอยู่ระหว่าง 12 ถึง 480 เดือน",
        },
    )
    creditor_name = forms.CharField(label=_("Creditor on the deduction file"), max_length=100)
    contract_form_name = forms.CharField(label=_("Name of the loan contract form"), max_length=120)
    guarantee_form_name = forms.CharField(
        label=_("Name of the guarantee contract form"), max_length=120
    )
    on_leaving_service = forms.CharField(label=_("On death or leaving service"), max_length=300)
    source = forms.CharField(label=_("Source (letter or resolution)"), max_length=300)
    confirmed = forms.BooleanField(label=_("Confirmed against the source"), required=False)
