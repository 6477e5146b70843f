"""The forms of the payroll pages: amounts as baht (Thai messages), months as B.E. months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.payroll.models import DeductionKind, IncomeKind, NetPayBase, NetPayMode
from apps.payroll.months import MonthError, format_be_month, parse_be_month
from apps.payroll.services import MAX_AMOUNT, LineData
from core.thai.forms import BahtField, BuddhistDateField

BANK_ROWS = 4
# The single-line kinds the entry form has one field each for, in the payslip's order.
INCOME_FIELDS = (
    IncomeKind.SALARY,
    IncomeKind.POSITION_ALLOWANCE,
    IncomeKind.ACADEMIC_STANDING,
    IncomeKind.COST_OF_LIVING,
    IncomeKind.OTHER_INCOME,
)
DEDUCTION_FIELDS = (
    DeductionKind.TAX,
    DeductionKind.GPF,
    DeductionKind.COOPERATIVE,
    DeductionKind.CPK,
    DeductionKind.CPS,
    DeductionKind.STUDENT_LOAN,
    DeductionKind.REVOLVING_FUND,
    DeductionKind.OTHER_DEDUCTION,
)


class MonthField(forms.CharField):
    """A B.E. month typed "09/2557" or "ก.ย. 2557"; cleans to the month's first day."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("Month and B.E. year, e.g. 09/2557"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "ดด/ปปปป"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_be_month(value, "abbr") if isinstance(value, date) else value

    def clean(self, value: Any) -> date | None:
        text: str = super().clean(value)
        if not text:
            return None
        try:
            return parse_be_month(text)
        except MonthError as error:
            raise ValidationError(error.message_th, code="invalid_month") from None


def _amount(label: Any) -> BahtField:
    return BahtField(label=label, required=False, min_value=0, max_value=MAX_AMOUNT)


class PayslipForm(forms.Form):
    """A person's month: one amount per kind, up to BANK_ROWS bank loans, a note."""

    month = MonthField(label=_("Month"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(IncomeKind.choices) | dict(DeductionKind.choices)
        for kind in (*INCOME_FIELDS, *DEDUCTION_FIELDS):
            self.fields[kind] = _amount(labels[kind])
            if kind in (IncomeKind.OTHER_INCOME, DeductionKind.OTHER_DEDUCTION):
                self.fields[f"{kind}_label"] = forms.CharField(
                    label=_("Description"), max_length=100, required=False
                )
        for i in range(1, BANK_ROWS + 1):
            self.fields[f"bank_{i}_creditor"] = forms.CharField(
                label=_("Bank"), max_length=100, required=False
            )
            self.fields[f"bank_{i}_reference"] = forms.CharField(
                label=_("Contract number"), max_length=50, required=False
            )
            self.fields[f"bank_{i}_amount"] = _amount(_("Monthly instalment"))
        self.fields["note"] = forms.CharField(label=_("Note"), max_length=200, required=False)

    @staticmethod
    def initial_from(month: date, lines: list[LineData]) -> dict[str, Any]:
        """The form's initial values from lines (the month's, or the copied earlier month's)."""
        initial: dict[str, Any] = {"month": month}
        banks = 0
        for line in lines:
            if line.kind == DeductionKind.BANK_LOAN and banks < BANK_ROWS:
                banks += 1
                initial[f"bank_{banks}_creditor"] = line.creditor
                initial[f"bank_{banks}_reference"] = line.reference
                initial[f"bank_{banks}_amount"] = line.amount
            elif line.kind in (*INCOME_FIELDS, *DEDUCTION_FIELDS):
                initial[line.kind] = (initial.get(line.kind) or Decimal(0)) + line.amount
                if line.label and line.kind in (
                    IncomeKind.OTHER_INCOME,
                    DeductionKind.OTHER_DEDUCTION,
                ):
                    initial[f"{line.kind}_label"] = line.label
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, BANK_ROWS + 1):
            if data.get(f"bank_{i}_amount") and not data.get(f"bank_{i}_creditor"):
                self.add_error(f"bank_{i}_creditor", _("Name the bank of this instalment."))
        return data

    def lines(self) -> list[LineData]:
        data = self.cleaned_data
        lines = []
        for kind in (*INCOME_FIELDS, *DEDUCTION_FIELDS):
            if data.get(kind):
                lines.append(LineData(kind, data[kind], label=data.get(f"{kind}_label", "")))
        for i in range(1, BANK_ROWS + 1):
            if data.get(f"bank_{i}_amount"):
                lines.append(
                    LineData(
                        DeductionKind.BANK_LOAN,
                        data[f"bank_{i}_amount"],
                        creditor=data[f"bank_{i}_creditor"],
                        reference=data.get(f"bank_{i}_reference", ""),
                    )
                )
        return lines


class InstructionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeductionKind.choices)
    creditor = forms.CharField(label=_("Creditor"), max_length=100)
    contract_number = forms.CharField(label=_("Contract number"), max_length=50, required=False)
    monthly_amount = BahtField(label=_("Monthly amount (baht)"), max_value=MAX_AMOUNT)
    first_month = MonthField(label=_("First month"))
    last_month = MonthField(label=_("Last month"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class InstructionEndForm(forms.Form):
    last_month = MonthField(label=_("Last month deducted"))


class CheckForm(forms.Form):
    month = MonthField(label=_("Payslip month"))
    new_instalment = BahtField(
        label=_("New monthly instalment (baht)"), min_value=0, max_value=MAX_AMOUNT
    )


class RuleForm(forms.Form):
    valid_from = BuddhistDateField(label=_("In force from"))
    floor_percent = forms.DecimalField(
        label=_("Floor (% of the base)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": "กรุณากรอกร้อยละเป็นตัวเลข เช่น 30",
            "max_value": "ร้อยละต้องไม่เกิน 100",
            "min_value": "ร้อยละต้องไม่ติดลบ",
            "max_digits": "ร้อยละต้องไม่เกิน 100",
            "max_whole_digits": "ร้อยละต้องไม่เกิน 100",
            "max_decimal_places": "ร้อยละมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง",
        },
    )
    base = forms.ChoiceField(label=_("Base"), choices=NetPayBase.choices)
    mode = forms.ChoiceField(label=_("When the check fails"), choices=NetPayMode.choices)
    source = forms.CharField(label=_("Source (letter or resolution)"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
