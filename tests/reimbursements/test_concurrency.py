"""Officers paying and claiming at the same instant, on real threads and connections against
PostgreSQL (committed outside the test transaction; removed afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.onestop.models import ServiceRequest, TicketCounter
from apps.people.models import Person
from apps.reimbursements import services
from apps.reimbursements.models import Claim, Payment, PaymentCounter, Receipt
from audit.models import AuditEvent
from central.rates import ChildEducationRate
from core.errors import ApplicationError
from tests.onestop.test_concurrency import SCHEMA, run_at_once
from tests.reimbursements.conftest import (
    add_child,
    bangkok,
    make_claimant,
    medical_receipt,
    school_receipt,
    user,
)

DAY = date(2034, 4, 4)  # fiscal year 2577: no other test pays in it
FISCAL_YEAR = 2577
ACADEMIC_YEAR = 2577  # 16 May 2034 onwards
RATE_SOURCE = "ทดสอบการทำงานพร้อมกัน"


def _clean() -> None:
    ChildEducationRate.objects.filter(source_letter=RATE_SOURCE).delete()
    with schema_context(SCHEMA):
        claims = Claim.objects.filter(submitted_at__date__gte=DAY - timedelta(days=1))
        ids = [str(pk) for pk in claims.values_list("pk", flat=True)]
        people = list(claims.values_list("claimant_id", flat=True))
        tickets = list(claims.values_list("service_request_id", flat=True))
        Payment.objects.filter(claim__in=claims).delete()
        claims.delete()
        ServiceRequest.objects.filter(pk__in=tickets).delete()
        TicketCounter.objects.filter(day__gte=DAY).delete()
        PaymentCounter.objects.filter(year__in=[FISCAL_YEAR, ACADEMIC_YEAR]).delete()
        Person.objects.filter(pk__in=people).delete()
        Person.objects.filter(first_name_th="พร้อมกัน").delete()
        AuditEvent.objects.filter(target_type="reimbursements.claim", target_id__in=ids).delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _clean()
        try:
            yield
        finally:
            _clean()


def _approved_claim() -> int:
    with schema_context(SCHEMA):
        claimant = make_claimant()
        at = bangkok(DAY, 9)
        claim = services.medical_claim_create(
            claimant=claimant,
            beneficiary=None,
            hospital_name="โรงพยาบาลพร้อมกัน",
            hospital_type="government",
            care_type="outpatient",
            receipts=[medical_receipt("P-1", DAY)],
            received_by=user("welfare_officer"),
            at=at,
        )
        claim = services.claim_check(claim=claim, officer=user("welfare_officer"), at=at)
        claim = services.claim_approve(claim=claim, approver=user("approver"), at=at)
        return claim.pk


def test_paying_one_claim_from_four_sessions_at_once_pays_once(committed: None) -> None:
    claim_id = _approved_claim()

    def pay(index: int) -> tuple[int, str]:
        claim = Claim.objects.get(pk=claim_id)
        payment = services.claim_pay(
            claim=claim, payer=user("finance_officer"), at=bangkok(DAY, 9, 10, index)
        )
        return payment.pk, payment.number

    results = run_at_once(4, pay)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert results[0][1] == f"0001/{FISCAL_YEAR}"
    with schema_context(SCHEMA):
        assert Payment.objects.filter(claim_id=claim_id).count() == 1
        counter = PaymentCounter.objects.get(kind="medical", year=FISCAL_YEAR)
        assert counter.last_number == 1
        paid = AuditEvent.objects.filter(action="reimbursements.paid", target_id=str(claim_id))
        assert paid.count() == 1


def test_one_receipt_claimed_by_two_officers_at_once_is_taken_once(committed: None) -> None:
    with schema_context(SCHEMA):
        claimants = [make_claimant().pk for _ in range(2)]

    def claim(index: int) -> int:
        return services.medical_claim_create(
            claimant=Person.objects.get(pk=claimants[index]),
            beneficiary=None,
            hospital_name="โรงพยาบาลพร้อมกัน",
            hospital_type="government",
            care_type="outpatient",
            receipts=[medical_receipt("SAME-1", DAY)],
            received_by=user("welfare_officer"),
            at=bangkok(DAY, 10, index),
        ).pk

    results = run_at_once(2, claim)
    made = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert refused[0].code == "reimbursements.duplicate_receipt"
    with schema_context(SCHEMA):
        assert Receipt.objects.filter(number_key="same-1", issued_on=DAY).count() == 1


def test_both_semesters_claimed_at_once_stay_within_the_cap(committed: None) -> None:
    ChildEducationRate.objects.create(
        effective_academic_year=ACADEMIC_YEAR,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("4000.00"),
        source_letter=RATE_SOURCE,
    )
    with schema_context(SCHEMA):
        parent = make_claimant()
        parent.first_name_th = "พร้อมกัน"
        parent.save()
        child = add_child(parent, 1, date(2026, 1, 1))
    paid_on = date(2035, 3, 1)  # semester 2 of 2577 is under way: both may be claimed

    def claim(index: int) -> Decimal:
        return services.child_education_claim_create(
            claimant=Person.objects.get(pk=parent.pk),
            child=child,
            academic_year_be=ACADEMIC_YEAR,
            semester=index + 1,
            school_name="โรงเรียนพร้อมกัน",
            school_type="government",
            level="primary",
            receipts=[school_receipt(f"SEM-{index}", paid_on, "3000.00")],
            fee_notice_received=True,
            received_by=user("welfare_officer"),
            at=bangkok(paid_on, 11, index),
        ).payable_amount

    results = run_at_once(2, claim)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [Decimal("1000.00"), Decimal("3000.00")]
