"""A claim at the desk, step by step (server time of each service call), and the documents and
pages of a fiscal year with a few hundred payments.

Rows are committed in office `alpha` in fiscal year 2580 (no other test uses it), through the
real services, and removed afterwards. Nothing here asserts on time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.onestop.models import ServiceRequest, TicketCounter
from apps.people.models import Person
from apps.reimbursements import documents, selectors, services
from apps.reimbursements.models import Claim, ClaimKind, Payment, PaymentCounter
from apps.reimbursements.services import ItemInput, ReceiptInput
from audit.models import AuditEvent
from core.thai import FiscalYear
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row
from tests.conftest import office_client
from tests.onestop.conftest import bangkok, user
from tests.reimbursements.conftest import make_claimant

pytestmark = pytest.mark.benchmark

SCHEMA = "esa_alpha"
FISCAL_YEAR = FiscalYear(2580)  # 1 Oct 2036 – 30 Sep 2037
CLAIMS = 200
REPEATS = 15
FIRST_DAY = date(2036, 10, 6)


def _clean() -> None:
    with schema_context(SCHEMA):
        claims = Claim.objects.filter(submitted_at__date__gte=FISCAL_YEAR.start)
        ids = [str(pk) for pk in claims.values_list("pk", flat=True)]
        people = list(claims.values_list("claimant_id", flat=True))
        tickets = list(claims.values_list("service_request_id", flat=True))
        Payment.objects.filter(claim__in=claims).delete()
        claims.delete()
        ServiceRequest.objects.filter(pk__in=tickets).delete()
        TicketCounter.objects.filter(day__gte=FISCAL_YEAR.start).delete()
        PaymentCounter.objects.filter(year=FISCAL_YEAR.be_year).delete()
        Person.objects.filter(pk__in=people).delete()
        AuditEvent.objects.filter(target_type="reimbursements.claim", target_id__in=ids).delete()


@pytest.fixture(scope="module")
def steps(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, list[float]]]:
    """`CLAIMS` medical claims served at the desk, with each step's server time."""
    timings: dict[str, list[float]] = {"create": [], "check": [], "approve": [], "pay": []}
    with django_db_blocker.unblock():
        _clean()
        with schema_context(SCHEMA):
            officer, director = user("welfare_officer"), user("approver")
            finance = user("finance_officer")
            for n in range(CLAIMS):
                day = FIRST_DAY + timedelta(days=n // 4)
                at = bangkok(day, 9, n % 4 * 10)
                receipt = ReceiptInput(
                    number=f"B-{n}",
                    issued_on=day - timedelta(days=3),
                    items=[
                        ItemInput("medicine", Decimal("812.25")),
                        ItemInput("diagnostics", Decimal("430.00")),
                        ItemInput("card_fee", Decimal("50.00")),
                    ],
                )
                claimant = make_claimant()
                with Timer() as t:
                    claim = services.medical_claim_create(
                        claimant=claimant,
                        beneficiary=None,
                        hospital_name="โรงพยาบาลพัทลุง",
                        hospital_type="government",
                        care_type="outpatient",
                        receipts=[receipt],
                        received_by=officer,
                        at=at,
                    )
                timings["create"].append(t.seconds)
                with Timer() as t:
                    claim = services.claim_check(claim=claim, officer=officer, at=at)
                timings["check"].append(t.seconds)
                with Timer() as t:
                    claim = services.claim_approve(claim=claim, approver=director, at=at)
                timings["approve"].append(t.seconds)
                with Timer() as t:
                    services.claim_pay(claim=claim, payer=finance, at=at + timedelta(minutes=7))
                timings["pay"].append(t.seconds)
        try:
            yield timings
        finally:
            _clean()


def _repeat(call: Any) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_a_claim_step_by_step_and_the_registers(
    steps: dict[str, list[float]], django_db_blocker: Any
) -> None:
    rows = [(f"{name} (service call)", Summary.of(values)) for name, values in steps.items()]
    with django_db_blocker.unblock(), schema_context(SCHEMA):
        payments = selectors.payment_register(kind=ClaimKind.MEDICAL, fiscal_year=FISCAL_YEAR)
        assert payments.count() == CLAIMS
        first = payments.first()
        assert first is not None
        rows += [
            (
                f"register PDF, {CLAIMS} payments",
                _repeat(
                    lambda: documents.medical_register_pdf(
                        list(payments),
                        office_name="ทดสอบ",
                        fiscal_year=FISCAL_YEAR,
                        thai_digits=True,
                        full_ids=True,
                    )
                ),
            ),
            (
                f"register XLSX, {CLAIMS} payments",
                _repeat(
                    lambda: documents.medical_register_xlsx(
                        list(payments), office_name="ทดสอบ", fiscal_year=FISCAL_YEAR, full_ids=True
                    )
                ),
            ),
            (
                "receipt PDF",
                _repeat(
                    lambda: documents.payment_receipt_pdf(
                        first, office_name="ทดสอบ", thai_digits=False
                    )
                ),
            ),
        ]
        from tenants.models import Office

        office = Office.objects.get(schema_name=SCHEMA)
        finance = office_client(office, "finance_officer")
        for label, path in (
            ("claim page", f"/claims/{first.claim_id}/"),
            (
                f"medical register page, {CLAIMS} payments",
                f"/claims/registers/medical/?fy={FISCAL_YEAR.be_year}",
            ),
            ("claims list", "/claims/"),
        ):
            response = finance.get(path)
            if response.status_code == 404:
                continue  # the page is not there (yet)
            assert response.status_code == 200, path
            rows.append((f"{label} (server time)", _repeat(lambda p=path: finance.get(p))))
    print_table("Claims: server time", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("claims", label, summary, claims=CLAIMS)
