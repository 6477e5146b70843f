"""Payslips and deduction instructions through the services: money rules, idempotent saves,
the audit trail, and who may write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from apps.payroll.models import DeductionInstruction, Payslip, PayslipLine
from apps.payroll.services import (
    LineData,
    PayrollError,
    deduction_instruction_create,
    deduction_instruction_end,
    money,
    net_pay_rule_create,
    payslip_save,
)
from apps.people.models import Person
from audit.models import AuditEvent
from core.errors import PermissionDeniedError
from tests.payroll.factories import SEPT_2557, lines, make_instruction, make_payslip

pytestmark = pytest.mark.django_db


def test_a_payslip_is_saved_with_its_lines_and_audited(person: Person, finance: User) -> None:
    result = payslip_save(
        person=person,
        month=date(2014, 9, 17),  # any day: the month is kept
        lines=lines("30000", standing="3500", tax="500", loans=(("ธนาคารออมสิน", "A1", "4000"),)),
        actor=finance,
    )
    assert result.action == "create"
    payslip = result.payslip
    assert payslip.month == SEPT_2557
    stored = {(line.kind, line.amount) for line in payslip.lines.all()}
    assert stored == {
        ("salary", Decimal("30000.00")),
        ("academic_standing", Decimal("3500.00")),
        ("tax", Decimal("500.00")),
        ("bank_loan", Decimal("4000.00")),
    }
    event = AuditEvent.objects.get(action="payroll.payslip_created")
    assert event.actor == finance and event.target_id == str(payslip.pk)
    assert "กันยายน 2557" in event.target_label


def test_saving_the_same_lines_again_writes_and_audits_nothing(
    person: Person, finance: User
) -> None:
    make_payslip(person, tax="500")
    before = (AuditEvent.objects.count(), list(PayslipLine.objects.values_list("pk", flat=True)))
    again = payslip_save(
        person=person, month=SEPT_2557, lines=list(reversed(lines(tax="500"))), actor=finance
    )
    assert again.action == "unchanged"
    after = (AuditEvent.objects.count(), list(PayslipLine.objects.values_list("pk", flat=True)))
    assert after == before


def test_a_changed_month_replaces_its_lines_and_the_trail_keeps_old_and_new(
    person: Person, finance: User
) -> None:
    make_payslip(person, tax="500")
    result = payslip_save(person=person, month=SEPT_2557, lines=lines(tax="650"), actor=finance)
    assert result.action == "update"
    assert Payslip.objects.filter(person=person).count() == 1
    assert sorted(result.payslip.lines.values_list("amount", flat=True)) == [
        Decimal("650.00"),
        Decimal("30000.00"),
    ]
    old, new = AuditEvent.objects.get(action="payroll.payslip_updated").changes["lines"]
    assert {"kind": "tax", "amount": "500.00", "creditor": "", "reference": "", "label": ""} in old
    assert any(line["amount"] == "650.00" for line in new)


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (LineData("salary", Decimal("-1")), "payroll.negative_amount"),
        (LineData("salary", Decimal("10000000")), "payroll.amount_too_large"),
        (LineData("salary", 30000.5), "payroll.invalid_amount"),  # type: ignore[arg-type]
        (LineData("bonus", Decimal("1")), "payroll.unknown_kind"),
        (LineData("bank_loan", Decimal("100")), "payroll.creditor_required"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(
    person: Person, finance: User, bad: LineData, code: str
) -> None:
    with pytest.raises(PayrollError) as error:
        payslip_save(person=person, month=SEPT_2557, lines=[*lines(), bad], actor=finance)
    assert error.value.code == code and error.value.message_th
    assert (
        not Payslip.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="payroll.").exists()
    )


def test_a_payslip_without_income_is_refused(person: Person, finance: User) -> None:
    with pytest.raises(PayrollError) as error:
        payslip_save(
            person=person, month=SEPT_2557, lines=[LineData("tax", Decimal(5))], actor=finance
        )
    assert error.value.code == "payroll.no_income"
    assert "รายรับ" in error.value.message_th


def test_money_is_quantized_to_the_satang() -> None:
    assert money("1234.565") == Decimal("1234.57")
    assert money(Decimal("0")) == Decimal("0.00")
    with pytest.raises(PayrollError):
        money(Decimal("0"), allow_zero=False)


@pytest.mark.parametrize("role", ["viewer", "approver", "fund_committee", "office_admin"])
def test_roles_without_pay_access_cannot_write_and_nothing_changes(
    person: Person, role: str
) -> None:
    actor = User.objects.get(username=role)
    with pytest.raises(PermissionDeniedError):
        payslip_save(person=person, month=SEPT_2557, lines=lines(), actor=actor)
    with pytest.raises(PermissionDeniedError):
        deduction_instruction_create(
            person=person,
            creditor="ธนาคารออมสิน",
            monthly_amount=Decimal(100),
            first_month=SEPT_2557,
            last_month=None,
            actor=actor,
        )
    assert not Payslip.objects.exists() and not DeductionInstruction.objects.exists()


def test_an_instruction_is_unique_per_contract_and_audited(person: Person) -> None:
    instruction = make_instruction(person, first_month=date(2014, 10, 15))
    assert instruction.first_month == date(2014, 10, 1)
    assert AuditEvent.objects.filter(
        action="payroll.instruction_created", target_id=str(instruction.pk)
    ).exists()
    with pytest.raises(PayrollError) as error:
        make_instruction(person)
    assert error.value.code == "payroll.duplicate_contract"
    assert DeductionInstruction.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"monthly_amount": Decimal(0)}, "payroll.amount_not_positive"),
        ({"monthly_amount": Decimal("-5")}, "payroll.amount_not_positive"),
        ({"creditor": "  "}, "payroll.creditor_required"),
        ({"last_month": date(2014, 9, 1)}, "payroll.ends_before_start"),
        ({"kind": "nonsense"}, "payroll.unknown_kind"),
    ],
)
def test_bad_instructions_are_refused(person: Person, overrides: dict, code: str) -> None:
    with pytest.raises(PayrollError) as error:
        make_instruction(person, **overrides)
    assert error.value.code == code
    assert not DeductionInstruction.objects.exists()


def test_ending_an_instruction_sets_its_last_month(person: Person, finance: User) -> None:
    instruction = make_instruction(person, last_month=None)
    ended = deduction_instruction_end(
        instruction=instruction, last_month=date(2015, 3, 20), actor=finance
    )
    assert ended.last_month == date(2015, 3, 1)
    with pytest.raises(PayrollError):
        deduction_instruction_end(
            instruction=instruction, last_month=date(2014, 1, 1), actor=finance
        )


def test_a_rule_version_is_refused_outside_0_to_100_and_twice_a_day(in_alpha: object) -> None:
    admin = User.objects.get(username="office_admin")
    rule = net_pay_rule_create(
        valid_from=date(2020, 1, 1),
        floor_percent="30",
        base="income",
        mode="block",
        source="หนังสือเขต",
        actor=admin,
    )
    assert rule.floor_percent == Decimal("30.00")
    for percent in ("-1", "100.5", "abc"):
        with pytest.raises(PayrollError):
            net_pay_rule_create(
                valid_from=date(2021, 1, 1),
                floor_percent=percent,
                base="income",
                mode="block",
                source="x",
                actor=admin,
            )
    with pytest.raises(PayrollError) as error:
        net_pay_rule_create(
            valid_from=date(2020, 1, 1),
            floor_percent="25",
            base="salary",
            mode="warn",
            source="x",
            actor=admin,
        )
    assert error.value.code == "payroll.rule_exists"
    with pytest.raises(PermissionDeniedError):
        net_pay_rule_create(
            valid_from=date(2022, 1, 1),
            floor_percent="25",
            base="salary",
            mode="warn",
            source="x",
            actor=User.objects.get(username="viewer"),
        )
