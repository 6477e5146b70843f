"""The claim forms of the desk: who claims, for whom, and the receipts line by line.

Dates are typed in B.E. (`BuddhistDateField`); amounts are Decimal. The forms only parse: the
services decide eligibility, caps, deadlines and duplicates, and their refusals come back as
form errors (`core.forms.apply_application_error`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.people.models import FamilyMember, Person
from apps.reimbursements.models import (
    MEDICAL_ITEM_KINDS,
    CareType,
    HospitalType,
    ItemKind,
    ScanKind,
    Semester,
)
from apps.reimbursements.services import (
    MAX_CHILD_EDUCATION_AMOUNT,
    MAX_CLAIM_AMOUNT,
    ItemInput,
    ReceiptInput,
)
from central.rates import EducationLevel, SchoolType
from core.thai.forms import AcademicYearField, BahtField, BuddhistDateField, NationalIdField

SELF = "self"
# Blank receipt lines offered on a new claim; "Add lines" offers this many more.
LINES = 6
MORE_LINES = 3


class ClaimantForm(forms.Form):
    """Step 1: whose claim it is."""

    national_id = NationalIdField(
        label=_("Claimant's national ID"), help_text=_("13 digits; dashes are fine.")
    )

    def clean_national_id(self) -> Person:
        # The field has checked the check digit: a typing mistake is told as one.
        value = self.cleaned_data["national_id"]
        person = Person.objects.filter(national_id=value).first()
        if person is None:
            raise ValidationError(
                _("No one with this national ID is in the register: add the person first."),
                code="unknown_person",
            )
        return person


def _member_label(member: FamilyMember) -> str:
    relation = member.get_relation_display()
    if member.relation == "child" and member.birth_order:
        return f"{member} ({relation} {member.birth_order})"
    return f"{member} ({relation})"


class MedicalClaimForm(forms.Form):
    beneficiary = forms.ChoiceField(label=_("Claim for"))
    hospital_name = forms.CharField(label=_("Hospital"), max_length=200)
    hospital_type = forms.ChoiceField(label=_("Hospital type"), choices=HospitalType.choices)
    care_type = forms.ChoiceField(label=_("Care"), choices=CareType.choices)
    admitted_on = BuddhistDateField(label=_("Admitted on (inpatients)"), required=False)
    discharged_on = BuddhistDateField(label=_("Discharged on"), required=False)

    def __init__(self, *args: Any, family: Sequence[FamilyMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = {str(m.pk): m for m in family}
        self.fields["beneficiary"].choices = [  # type: ignore[attr-defined]
            (SELF, _("The claimant")),
            *((key, _member_label(m)) for key, m in self.family.items()),
        ]

    def beneficiary_member(self) -> FamilyMember | None:
        return self.family.get(self.cleaned_data["beneficiary"])


class ChildEducationClaimForm(forms.Form):
    child = forms.ChoiceField(label=_("Child"))
    academic_year = AcademicYearField(label=_("Academic year (B.E.)"))
    semester = forms.TypedChoiceField(label=_("Semester"), choices=Semester.choices, coerce=int)
    school_name = forms.CharField(label=_("School"), max_length=200)
    school_type = forms.ChoiceField(label=_("School type"), choices=SchoolType.choices)
    level = forms.ChoiceField(label=_("Level"), choices=EducationLevel.choices)
    fee_notice_received = forms.BooleanField(
        label=_("The school's fee notice is attached"), required=False
    )

    def __init__(self, *args: Any, family: Sequence[FamilyMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = {str(m.pk): m for m in family if m.relation == "child"}
        self.fields["child"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((key, _member_label(m)) for key, m in self.children.items()),
        ]

    def child_member(self) -> FamilyMember:
        return self.children[self.cleaned_data["child"]]


class MedicalLineForm(forms.Form):
    """One line of a hospital receipt; lines with the same number and date are one receipt."""

    number = forms.CharField(label=_("Receipt number"), max_length=50)
    issued_on = BuddhistDateField(label=_("Receipt date"))
    kind = forms.ChoiceField(
        label=_("Item"), choices=[(k.value, k.label) for k in MEDICAL_ITEM_KINDS]
    )
    amount = BahtField(label=_("Amount (baht)"), max_value=MAX_CLAIM_AMOUNT)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def has_changed(self) -> bool:
        # The item kind always has a value; a line counts as filled when anything else is.
        return any(f in self.changed_data for f in self.fields if f != "kind")


class SchoolLineForm(forms.Form):
    number = forms.CharField(label=_("Receipt number"), max_length=50)
    issued_on = BuddhistDateField(label=_("Receipt date"))
    amount = BahtField(label=_("Amount (baht)"), max_value=MAX_CHILD_EDUCATION_AMOUNT)


def filled_lines(lines: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    """The cleaned lines the officer filled in (blank rows are skipped)."""
    return [f.cleaned_data for f in lines.forms if f.cleaned_data]


class _LineFormSet(forms.BaseFormSet[Any]):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not filled_lines(self):
            raise ValidationError(_("Enter at least one receipt."), code="no_receipts")


MedicalLineFormSet = forms.formset_factory(
    MedicalLineForm, formset=_LineFormSet, extra=LINES, max_num=60, validate_max=True
)
SchoolLineFormSet = forms.formset_factory(
    SchoolLineForm, formset=_LineFormSet, extra=LINES, max_num=60, validate_max=True
)


def medical_receipts(lines: Iterable[dict[str, Any]]) -> list[ReceiptInput]:
    """The receipts of the lines, in the order first seen: a number and date make a receipt."""
    grouped: dict[tuple[str, date], list[ItemInput]] = {}
    for line in lines:
        key = (" ".join(line["number"].split()), line["issued_on"])
        grouped.setdefault(key, []).append(
            ItemInput(
                kind=line["kind"],
                amount=line["amount"],
                days=line.get("days") if line["kind"] == ItemKind.SPECIAL_ROOM else None,
                description=line.get("description", ""),
            )
        )
    return [
        ReceiptInput(number=number, issued_on=issued_on, items=tuple(items))
        for (number, issued_on), items in grouped.items()
    ]


def school_receipts(lines: Iterable[dict[str, Any]]) -> list[ReceiptInput]:
    return [
        ReceiptInput(
            number=" ".join(line["number"].split()),
            issued_on=line["issued_on"],
            amount=line["amount"],
        )
        for line in lines
    ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning the claim"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ScanKind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."), allow_empty_file=True
    )


class SettingsForm(forms.Form):
    approval_threshold = BahtField(
        label=_("Amount above which the director approves (baht)"), min_value=Decimal("0")
    )
    payer_name = forms.CharField(
        label=_("Paying officer's name on receipts"), max_length=200, required=False
    )


class ClaimFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    fy = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int)

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        from apps.reimbursements.models import ClaimKind, ClaimStatus

        super().__init__(*args, **kwargs)
        everything = ("", _("All"))
        self.fields["kind"].choices = [everything, *ClaimKind.choices]  # type: ignore[attr-defined]
        self.fields["status"].choices = [everything, *ClaimStatus.choices]  # type: ignore[attr-defined]
        self.fields["fy"].choices = [everything, *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
