"""The claims' indicators: payments by claimant category, amounts, and the desk's share within
the standard, per fiscal year (a payment counts in the fiscal year of the day it was paid)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.people.models import FamilyMember, Person
from apps.reimbursements import report, selectors, services
from apps.reimbursements.models import ClaimKind
from apps.reimbursements.services import ItemInput
from core import indicators
from core.indicators import compute_all, indicator
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


def _paid_school(parent: Person, child: FamilyMember, semester: int, day: date, paid: date) -> None:
    """A child-education claim of academic year 2557 received on `day` and paid on `paid`."""
    at = bangkok(day, 9)
    claim = services.child_education_claim_create(
        claimant=parent,
        child=child,
        academic_year_be=2557,
        semester=semester,
        school_name="โรงเรียนบ้านควนขนุน",
        school_type="government",
        level="primary",
        receipts=[school_receipt(f"CE-{next(_receipts)}", day, "1000.00")],
        fee_notice_received=True,
        received_by=user("welfare_officer"),
        at=at,
    )
    claim = services.claim_check(claim=claim, officer=user("welfare_officer"), at=at)
    claim = services.claim_approve(claim=claim, approver=user("approver"), at=at)
    services.claim_pay(claim=claim, payer=user("finance_officer"), at=bangkok(paid, 10))


@pytest.fixture
def registers(in_alpha: object, rates: dict) -> None:
    """FY 2558: a child's two semesters of 2557 (one row of the child-education register), a
    child without a national ID (its own row, keyed by the family member), one medical payment.
    """
    parent = make_claimant()
    child = add_child(parent, 1, date(2006, 1, 1))
    _paid_school(parent, child, 1, date(2014, 6, 2), paid=date(2014, 10, 2))
    _paid_school(parent, child, 2, date(2014, 11, 3), paid=date(2014, 11, 4))
    other = make_claimant()
    unnumbered = add_child(other, 1, date(2007, 1, 1), national_id="")
    _paid_school(other, unnumbered, 1, date(2014, 6, 3), paid=date(2014, 10, 3))
    _paid_medical("teacher", date(2014, 10, 6), "120.00")


def test_report_counts_the_registers_rows(registers: None) -> None:
    year = fiscal_year(2558)
    results = report.results(year)

    rows = {evidence.code: evidence.rows for evidence in results.evidence}
    assert rows == {report.MEDICAL_CODE: 1, report.CHILD_EDUCATION_CODE: 2}
    # The same as the registers the evidence prints.
    medical = selectors.payment_register(kind=ClaimKind.MEDICAL, fiscal_year=year)
    assert rows[report.MEDICAL_CODE] == medical.count()
    assert rows[report.CHILD_EDUCATION_CODE] == len(
        selectors.child_education_register(fiscal_year=year)
    )
    assert "ค่าการศึกษาบุตร จำนวน 3 ครั้ง" in results.lines[0]
    assert {figure.code: figure.value for figure in results.figures}[
        "reimbursements.child_education.paid"
    ] == 3
    empty = report.results(fiscal_year(2557))
    assert [evidence.rows for evidence in empty.evidence] == [0, 0]


def test_the_indicators_and_the_report_read_one_payment_query_per_year(
    registers: None, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: object
) -> None:
    """While the collection runs, the six payment indicators and the report section (built
    there by the evidence-completeness indicator) share one query, the desk's share another."""
    only_claims = {
        code: item
        for code, item in indicators._registry.items()  # noqa: SLF001
        if code.startswith("reimbursements.")
    }
    monkeypatch.setattr(indicators, "_registry", only_claims)
    indicator("test.claims_report", label_th="x", label_en="x", unit="rows")(
        lambda year: sum(evidence.rows for evidence in report.results(year).evidence)
    )
    year = fiscal_year(2558)
    with django_assert_num_queries(2):  # type: ignore[operator]
        values = compute_all(year)
    assert values["test.claims_report"] == 3
    assert values["reimbursements.child_education.paid"] == 3
    assert values["reimbursements.child_education.amount"] == Decimal("3000.00")
    assert values["reimbursements.medical.paid.teacher"] == 1
