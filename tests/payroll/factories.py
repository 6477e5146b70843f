"""Payroll test data, made through the services (audited like an officer's work)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from accounts.models import User
from apps.payroll.models import DeductionInstruction, Payslip
from apps.payroll.services import LineData, deduction_instruction_create, payslip_save
from apps.people.models import Person

SEPT_2557 = date(2014, 9, 1)
AUG_2557 = date(2014, 8, 1)


def finance() -> User:
    return User.objects.get(username="finance_officer")


def lines(
    salary: str = "30000",
    *,
    standing: str = "0",
    tax: str = "0",
    gpf: str = "0",
    cooperative: str = "0",
    loans: tuple[tuple[str, str, str], ...] = (),
) -> list[LineData]:
    """Income and deduction lines; `loans` are (bank, contract number, amount)."""
    result = [LineData("salary", Decimal(salary))]
    if Decimal(standing):
        result.append(LineData("academic_standing", Decimal(standing)))
    for kind, amount in (("tax", tax), ("gpf", gpf), ("cooperative", cooperative)):
        if Decimal(amount):
            result.append(LineData(kind, Decimal(amount)))
    for bank, contract, amount in loans:
        result.append(LineData("bank_loan", Decimal(amount), creditor=bank, reference=contract))
    return result


def make_payslip(
    person: Person, month: date = SEPT_2557, actor: Any = None, **kwargs: Any
) -> Payslip:
    return payslip_save(
        person=person, month=month, lines=lines(**kwargs), actor=actor or finance()
    ).payslip


def make_instruction(person: Person, **overrides: Any) -> DeductionInstruction:
    values: dict[str, Any] = {
        "creditor": "ธนาคารออมสิน",
        "contract_number": "GSB-001",
        "monthly_amount": Decimal("3000"),
        "first_month": date(2014, 10, 1),
        "last_month": date(2019, 9, 1),
    }
    values |= overrides
    return deduction_instruction_create(person=person, actor=finance(), **values)


def make_pay_data(person: Person) -> DeductionInstruction:
    """A payslip of Sept 2557 and a loan instruction from Oct 2557 (for page walks)."""
    make_payslip(person, salary="35000", tax="800", gpf="1050", cooperative="5000")
    return make_instruction(person)
