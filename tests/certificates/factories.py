"""Salary certificates for tests, made through the services: a teacher with a payslip, a
request, then the steps up to `step`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from accounts.models import User
from apps.certificates import services
from apps.certificates.banking import LoanProgramme
from apps.certificates.models import Certificate
from apps.people.models import Person
from tests.onestop.conftest import bangkok
from tests.payroll.factories import make_payslip
from tests.people.factories import make_person

SEPT_2557 = date(2014, 9, 1)
RECEIVED = bangkok(date(2014, 9, 15), 9, 0)
STEPS = ["received", "prepared", "signed", "handed_over"]


def staff(username: str) -> User:
    return User.objects.get(username=username)


def programme(bank: str = "ktb", guarantors: int | None = None) -> LoanProgramme:
    """A teachers' programme of `bank` (the seeded ones), with `guarantors` if given."""
    rows = LoanProgramme.objects.select_related("bank").filter(bank__code=bank)
    rows = rows.exclude(name_th__contains="บำนาญ")
    if guarantors is not None:
        rows = rows.filter(needs_guarantors=guarantors)
    found = rows.order_by("needs_guarantors", "pk").first()
    assert found is not None, f"no programme of {bank}"
    return found


def teacher(salary: str = "30000", deductions: str = "15000", **person: Any) -> Person:
    """A teacher with a Sept 2557 payslip: `salary` income and `deductions` (cooperative)."""
    someone = make_person(category="teacher", monthly_salary=None, **person)
    make_payslip(someone, SEPT_2557, salary=salary, cooperative=deductions)
    return someone


def make_certificate(
    *,
    person: Person | None = None,
    bank: str = "ktb",
    instalment: str = "4000",
    step: str = "received",
    at: datetime = RECEIVED,
    guarantors: list[Person] | None = None,
    **kwargs: Any,
) -> Certificate:
    person = person or teacher()
    chosen = programme(bank, guarantors=None if guarantors else 0)
    certificate = services.certificate_request(
        person=person,
        programme=chosen,
        amount=kwargs.pop("amount", Decimal("200000")),
        instalment=Decimal(instalment),
        term_months=kwargs.pop("term_months", 60),
        purpose=kwargs.pop("purpose", "ชำระหนี้"),
        guarantors=guarantors or [],
        received_by=staff("welfare_officer"),
        at=at,
        **kwargs,
    )
    reached = STEPS.index(step)
    if reached >= 1:
        certificate = services.certificate_prepare(
            certificate=certificate, officer=staff("welfare_officer"), at=at + timedelta(minutes=4)
        )
    if reached >= 2:
        certificate = services.certificate_sign(
            certificate=certificate, signer=staff("approver"), at=at + timedelta(minutes=9)
        )
    if reached >= 3:
        certificate = services.certificate_hand_over(
            certificate=certificate, officer=staff("welfare_officer"), at=at + timedelta(minutes=10)
        )
    return certificate
