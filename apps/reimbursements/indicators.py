"""The claims' numbers for the central benchmarks, per fiscal year: payments (by the
claimant's category when they claimed), amounts paid, and the desk's share of claim tickets
served within the standard. A payment counts in the fiscal year of the day it was paid."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from apps.onestop.selectors import desk_figures
from apps.people.models import PersonCategory
from apps.reimbursements.models import ClaimKind, Payment
from apps.reimbursements.services import CHILD_EDUCATION_SERVICE, MEDICAL_SERVICE
from core.indicators import indicator
from core.thai import FiscalYear, quantize_baht


def _paid(kind: str, fiscal_year: FiscalYear) -> QuerySet[Payment]:
    return Payment.objects.filter(kind=kind, fiscal_year=fiscal_year.be_year)


def _amount(payments: QuerySet[Payment]) -> Decimal:
    return quantize_baht(payments.aggregate(total=Sum("amount"))["total"] or 0)


@indicator(
    "reimbursements.medical.paid.teacher",
    label_th="การจ่ายค่ารักษาพยาบาลแก่ข้าราชการครู",
    label_en="Medical payments to teacher civil servants",
    unit="payments",
    per_personnel=True,
)
def medical_paid_to_teachers(fiscal_year: FiscalYear) -> int:
    return (
        _paid(ClaimKind.MEDICAL, fiscal_year)
        .filter(claim__claimant_category=PersonCategory.TEACHER)
        .count()
    )


@indicator(
    "reimbursements.medical.paid.pensioner",
    label_th="การจ่ายค่ารักษาพยาบาลแก่ข้าราชการบำนาญ",
    label_en="Medical payments to pensioners",
    unit="payments",
)
def medical_paid_to_pensioners(fiscal_year: FiscalYear) -> int:
    return (
        _paid(ClaimKind.MEDICAL, fiscal_year)
        .filter(claim__claimant_category=PersonCategory.PENSIONER)
        .count()
    )


@indicator(
    "reimbursements.medical.paid.other",
    label_th="การจ่ายค่ารักษาพยาบาลแก่บุคลากรอื่น",
    label_en="Medical payments to other personnel",
    unit="payments",
    per_personnel=True,
)
def medical_paid_to_others(fiscal_year: FiscalYear) -> int:
    return (
        _paid(ClaimKind.MEDICAL, fiscal_year)
        .exclude(claim__claimant_category__in=[PersonCategory.TEACHER, PersonCategory.PENSIONER])
        .count()
    )


@indicator(
    "reimbursements.medical.amount",
    label_th="จำนวนเงินค่ารักษาพยาบาลที่จ่าย",
    label_en="Medical expenses paid",
    unit="baht",
    per_personnel=True,
)
def medical_amount(fiscal_year: FiscalYear) -> Decimal:
    return _amount(_paid(ClaimKind.MEDICAL, fiscal_year))


@indicator(
    "reimbursements.child_education.paid",
    label_th="การจ่ายค่าการศึกษาบุตร",
    label_en="Child-education payments",
    unit="payments",
    per_personnel=True,
)
def child_education_paid(fiscal_year: FiscalYear) -> int:
    return _paid(ClaimKind.CHILD_EDUCATION, fiscal_year).count()


@indicator(
    "reimbursements.child_education.amount",
    label_th="จำนวนเงินค่าการศึกษาบุตรที่จ่าย",
    label_en="Child education allowance paid",
    unit="baht",
    per_personnel=True,
)
def child_education_amount(fiscal_year: FiscalYear) -> Decimal:
    return _amount(_paid(ClaimKind.CHILD_EDUCATION, fiscal_year))


@indicator(
    "reimbursements.share_within_standard",
    label_th="ร้อยละของคำขอเบิกที่แล้วเสร็จภายในเวลามาตรฐาน",
    label_en="Share of claims served within the desk's standard",
    unit="percent",
)
def share_within_standard(fiscal_year: FiscalYear) -> Decimal | None:
    return desk_figures(
        fiscal_year=fiscal_year, service_type_codes=[MEDICAL_SERVICE, CHILD_EDUCATION_SERVICE]
    ).share_within_standard
