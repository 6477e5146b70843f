"""The claims' indicators: payments by claimant category, amounts, and the desk's share within
the standard, per fiscal year (a payment counts in the fiscal year of the day it was paid)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.reimbursements import services
from apps.reimbursements.services import ItemInput
from core.indicators import compute_all
from core.thai import fiscal_year
from tests.reimbursements.conftest import (
    add_child,
    bangkok,
    make_claimant,
    medical_receipt,
    school_receipt,
    user,
)

pytestmark = pytest.mark.django_db

_receipts = iter(range(1, 10_000))


def _paid_medical(category: str, day: date, amount: str, minutes: int = 8) -> None:
    status = "retired" if category == "pensioner" else "active"
    at = bangkok(day, 9)
    claim = services.medical_claim_create(
        claimant=make_claimant(category=category, status=status),
        beneficiary=None,
        hospital_name="โรงพยาบาลพัทลุง",
        hospital_type="government",
        care_type="outpatient",
        receipts=[
            medical_receipt(f"I-{next(_receipts)}", day, ItemInput("medicine", Decimal(amount)))
        ],
        received_by=user("welfare_officer"),
        at=at,
    )
    claim = services.claim_check(claim=claim, officer=user("welfare_officer"), at=at)
    claim = services.claim_approve(claim=claim, approver=user("approver"), at=at)
    services.claim_pay(
        claim=claim, payer=user("finance_officer"), at=at + timedelta(minutes=minutes)
    )


def test_payments_count_by_category_in_the_fiscal_year_paid(in_alpha: object, rates: dict) -> None:
    _paid_medical("teacher", date(2013, 10, 1), "100.10")  # first day of FY 2557
    _paid_medical("teacher", date(2014, 9, 30), "200.20")  # last day of FY 2557
    _paid_medical("teacher", date(2014, 10, 1), "999.00")  # FY 2558
    _paid_medical("pensioner", date(2014, 3, 3), "300.30", minutes=16)  # over the standard
    _paid_medical("permanent_employee", date(2014, 3, 4), "50.00")
    # Submitted and approved but not paid: not counted.
    services.medical_claim_create(
        claimant=make_claimant(),
        beneficiary=None,
        hospital_name="โรงพยาบาลพัทลุง",
        hospital_type="government",
        care_type="outpatient",
        receipts=[medical_receipt("UNPAID", date(2014, 3, 5))],
        received_by=user("welfare_officer"),
        at=bangkok(date(2014, 3, 5), 9),
    )
    parent = make_claimant()
    child = add_child(parent, 1, date(2006, 1, 1))
    at = bangkok(date(2014, 6, 2), 9)
    claim = services.child_education_claim_create(
        claimant=parent,
        child=child,
        academic_year_be=2557,
        semester=1,
        school_name="โรงเรียนบ้านควนขนุน",
        school_type="government",
        level="primary",
        receipts=[school_receipt("CE-1", date(2014, 6, 1), "1500.25")],
        fee_notice_received=True,
        received_by=user("welfare_officer"),
        at=at,
    )
    claim = services.claim_check(claim=claim, officer=user("welfare_officer"), at=at)
    claim = services.claim_approve(claim=claim, approver=user("approver"), at=at)
    services.claim_pay(claim=claim, payer=user("finance_officer"), at=at + timedelta(minutes=5))

    values = compute_all(fiscal_year(2557))
    assert values["reimbursements.medical.paid.teacher"] == 2
    assert values["reimbursements.medical.paid.pensioner"] == 1
    assert values["reimbursements.medical.paid.other"] == 1
    assert values["reimbursements.medical.amount"] == Decimal("650.60")
    assert values["reimbursements.child_education.paid"] == 1
    assert values["reimbursements.child_education.amount"] == Decimal("1500.25")
    # Five claim tickets completed in FY 2557 (the unpaid one is open), one over 15 minutes.
    assert values["reimbursements.share_within_standard"] == Decimal("80.00")
    later = compute_all(fiscal_year(2558))
    assert later["reimbursements.medical.paid.teacher"] == 1
    assert later["reimbursements.child_education.paid"] == 0
