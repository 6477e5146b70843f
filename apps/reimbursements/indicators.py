"""The claims' numbers for the central benchmarks, per fiscal year: payments (by the
claimant's category when they claimed), amounts paid, and the desk's share of claim tickets
served within the standard. A payment counts in the fiscal year of the day it was paid.

The payment figures come from one summary query per year (`payment_figures`), shared with the
report section while the collection runs."""

from __future__ import annotations

from decimal import Decimal

from apps.onestop.selectors import desk_figures
from apps.reimbursements import selectors
from apps.reimbursements.services import CHILD_EDUCATION_SERVICE, MEDICAL_SERVICE
from core.indicators import indicator, shared
from core.thai import FiscalYear

# Read by six indicators and the report section: computed once per year while the collection
# runs (`core.indicators.shared`), a plain query anywhere else.
payment_figures = shared(selectors.payment_figures)


@indicator(
    "reimbursements.medical.paid.teacher",
    label_th="การจ่ายค่ารักษาพยาบาลแก่ข้าราชการครู",
    label_en="Medical payments to teacher civil servants",
    unit="payments",
    per_personnel=True,
)
def medical_paid_to_teachers(fiscal_year: FiscalYear) -> int:
    return payment_figures(fiscal_year).medical_to_teachers


@indicator(
    "reimbursements.medical.paid.pensioner",
    label_th="การจ่ายค่ารักษาพยาบาลแก่ข้าราชการบำนาญ",
    label_en="Medical payments to pensioners",
    unit="payments",
)
def medical_paid_to_pensioners(fiscal_year: FiscalYear) -> int:
    return payment_figures(fiscal_year).medical_to_pensioners


@indicator(
    "reimbursements.medical.paid.other",
    label_th="การจ่ายค่ารักษาพยาบาลแก่บุคลากรอื่น",
    label_en="Medical payments to other personnel",
    unit="payments",
    per_personnel=True,
)
def medical_paid_to_others(fiscal_year: FiscalYear) -> int:
    return payment_figures(fiscal_year).medical_to_others


@indicator(
    "reimbursements.medical.amount",
    label_th="จำนวนเงินค่ารักษาพยาบาลที่จ่าย",
    label_en="Medical expenses paid",
    unit="baht",
    per_personnel=True,
)
def medical_amount(fiscal_year: FiscalYear) -> Decimal:
    return payment_figures(fiscal_year).medical_amount


@indicator(
    "reimbursements.child_education.paid",
    label_th="การจ่ายค่าการศึกษาบุตร",
    label_en="Child-education payments",
    unit="payments",
    per_personnel=True,
)
def child_education_paid(fiscal_year: FiscalYear) -> int:
    return payment_figures(fiscal_year).child_education_payments


@indicator(
    "reimbursements.child_education.amount",
    label_th="จำนวนเงินค่าการศึกษาบุตรที่จ่าย",
    label_en="Child education allowance paid",
    unit="baht",
    per_personnel=True,
)
def child_education_amount(fiscal_year: FiscalYear) -> Decimal:
    return payment_figures(fiscal_year).child_education_amount


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
