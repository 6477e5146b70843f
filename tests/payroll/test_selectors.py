"""Reads of pay data: audited, refused alike to roles without pay access, and the entry
page's prefill from the month before with the standing deductions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from apps.payroll.selectors import (
    PayslipNotFound,
    instructions_in_force,
    pay_figures,
    pay_history,
    payslip_get,
    payslip_latest,
    payslip_prefill,
)
from apps.people.models import Person
from audit.models import AuditEvent
from tests.payroll.factories import AUG_2557, SEPT_2557, make_instruction, make_payslip

pytestmark = pytest.mark.django_db


def test_reading_a_payslip_is_audited_with_the_reader(person: Person, finance: User) -> None:
    payslip = make_payslip(person, tax="500")
    found = payslip_get(person=person, month=SEPT_2557, actor=finance)
    assert found == payslip
    event = AuditEvent.objects.get(action="payroll.payslip_viewed")
    assert event.actor == finance and event.target_id == str(payslip.pk)


@pytest.mark.parametrize("role", ["viewer", "approver", "fund_committee", "office_admin"])
def test_roles_without_pay_access_get_not_found_and_no_read_is_recorded(
    person: Person, role: str
) -> None:
    make_payslip(person)
    reader = User.objects.get(username=role)
    with pytest.raises(PayslipNotFound):
        payslip_get(person=person, month=SEPT_2557, actor=reader)
    with pytest.raises(PayslipNotFound):
        pay_history(person=person, actor=reader)
    assert not AuditEvent.objects.filter(action__endswith="_viewed").exists()


def test_the_latest_payslip_and_its_figures(person: Person, finance: User) -> None:
    make_payslip(person, month=AUG_2557, salary="29000")
    make_payslip(person, salary="30000", standing="3500", tax="700", gpf="900", cooperative="5000")
    latest = payslip_latest(person=person, on_or_before=date(2014, 11, 20), actor=finance)
    figures = pay_figures(latest)
    assert figures.month == SEPT_2557
    assert (figures.salary, figures.income_total, figures.deductions_total, figures.net) == (
        Decimal("30000.00"),
        Decimal("33500.00"),
        Decimal("6600.00"),
        Decimal("26900.00"),
    )
    # Deduction order: tax, statutory funds, the cooperative, then the others.
    assert [line.kind for line in figures.deductions] == ["tax", "gpf", "cooperative"]
    with pytest.raises(PayslipNotFound):
        payslip_latest(person=person, on_or_before=date(2014, 7, 31), actor=finance)


def test_history_totals_each_month(person: Person, finance: User) -> None:
    make_payslip(person, month=AUG_2557, salary="29000", tax="100")
    make_payslip(person, salary="30000", tax="200")
    history = pay_history(person=person, actor=finance)
    assert [(m.month, m.net) for m in history] == [
        (SEPT_2557, Decimal("29800.00")),
        (AUG_2557, Decimal("28900.00")),
    ]
    assert AuditEvent.objects.filter(action="payroll.pay_history_viewed").count() == 1


def test_a_new_month_is_prefilled_from_the_last_with_standing_deductions(
    person: Person, finance: User
) -> None:
    make_payslip(
        person,
        month=AUG_2557,
        salary="30000",
        tax="500",
        loans=(("ธนาคารกรุงไทย", "KTB-OLD", "2000"),),
    )
    make_instruction(
        person,
        creditor="ธนาคารกรุงไทย",
        contract_number="KTB-OLD",
        monthly_amount="2000",
        first_month=date(2010, 1, 1),
        last_month=AUG_2557,
    )
    make_instruction(person, contract_number="GSB-NEW", first_month=SEPT_2557)
    lines, current, copied = payslip_prefill(person=person, month=SEPT_2557, actor=finance)
    assert current is None and copied is not None and copied.month == AUG_2557
    shown = {(line.kind, line.creditor, line.reference, line.amount) for line in lines}
    assert shown == {
        ("salary", "", "", Decimal("30000.00")),
        ("tax", "", "", Decimal("500.00")),
        ("bank_loan", "ธนาคารออมสิน", "GSB-NEW", Decimal("3000.00")),
    }
    assert [i.contract_number for i in instructions_in_force(person=person, month=SEPT_2557)] == [
        "GSB-NEW"
    ]


def test_without_any_payslip_the_register_salary_is_the_start(
    in_alpha: object, finance: User
) -> None:
    from tests.people.factories import make_person

    person = make_person(monthly_salary=Decimal("28750"))
    lines, current, copied = payslip_prefill(person=person, month=SEPT_2557, actor=finance)
    assert (current, copied) == (None, None)
    assert [(line.kind, line.amount) for line in lines] == [("salary", Decimal("28750"))]
