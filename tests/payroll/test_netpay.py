"""The net-pay check: the floor, its edges, the headroom, standing deductions, the dated rule
and its refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from accounts.models import User
from apps.payroll.models import NetPayRule
from apps.payroll.netpay import net_pay_check, net_pay_check_latest
from apps.payroll.services import PayrollError, net_pay_rule_create
from apps.people.models import Person
from tests.payroll.factories import SEPT_2557, make_instruction, make_payslip

pytestmark = pytest.mark.django_db

TODAY = date(2025, 1, 1)


def check(person: Person, instalment: Any = "0", **kwargs: Any) -> Any:
    return net_pay_check(
        person=person, month=SEPT_2557, new_instalment=instalment, on=TODAY, **kwargs
    )


def test_the_national_default_is_seeded_in_every_office(in_alpha: object) -> None:
    rule = NetPayRule.objects.get()
    assert (rule.valid_from, rule.floor_percent, rule.base, rule.mode) == (
        date(2008, 1, 29),
        Decimal("30.00"),
        "salary",
        "warn",
    )
    assert "2551" in rule.source and "อร.92/2567" in rule.note


def test_the_worked_example_passes_with_its_figures(person: Person) -> None:
    # DOMAIN-wave2 a.3: salary 30,000; deductions 15,000; new instalment 4,000 → net 11,000.
    make_payslip(person, salary="30000", tax="1000", gpf="900", cooperative="13100")
    result = check(person, "4000")
    assert result.income_total == Decimal("30000.00")
    assert result.deductions_total == Decimal("19000.00")
    assert result.net == Decimal("11000.00")
    assert result.floor_amount == Decimal("9000.00")
    assert result.net_percent == Decimal("36.66")  # cut, not rounded
    assert result.passes and result.outcome == "pass"
    assert result.headroom == Decimal("6000.00")


def test_exactly_at_the_floor_passes_and_one_satang_more_fails(person: Person) -> None:
    make_payslip(person, salary="30000", cooperative="15000")
    at_floor = check(person, "6000")
    assert at_floor.net == at_floor.floor_amount == Decimal("9000.00")
    assert at_floor.passes
    assert at_floor.net_percent == Decimal("30.00")
    over = check(person, "6000.01")
    assert not over.passes and over.outcome == "warn"
    assert over.net_percent == Decimal("29.99")  # never shown as 30.00 %


def test_the_headroom_is_the_largest_instalment_that_passes(person: Person) -> None:
    make_payslip(person, salary="27315.50", standing="3500", tax="712.35", cooperative="9120.40")
    headroom = check(person).headroom
    assert check(person, headroom).passes
    assert not check(person, headroom + Decimal("0.01")).passes


def test_already_below_the_floor_leaves_no_headroom(person: Person) -> None:
    make_payslip(person, salary="20000", cooperative="15000")
    result = check(person)
    assert not result.passes and result.headroom == Decimal("0.00")


def test_the_base_can_be_total_income_and_the_mode_block(person: Person) -> None:
    make_payslip(person, salary="30000", standing="10000", cooperative="20000")
    assert check(person, "2000").floor_amount == Decimal("9000.00")  # 30 % of the salary
    net_pay_rule_create(
        valid_from=date(2019, 11, 1),
        floor_percent="30",
        base="income",
        mode="block",
        source="หนังสือเวียนเขตพื้นที่ 2562",
        actor=User.objects.get(username="office_admin"),
    )
    newer = check(person, "9000")
    assert newer.floor_amount == Decimal("12000.00")  # 30 % of 40,000
    assert newer.base == "income" and newer.outcome == "block"
    assert newer.rule_valid_from == date(2019, 11, 1)
    # A check dated before the office's version uses the national default.
    older = net_pay_check(
        person=person, month=SEPT_2557, new_instalment="9000", on=date(2014, 9, 30)
    )
    assert older.base == "salary" and older.floor_amount == Decimal("9000.00") and older.passes


def test_standing_deductions_not_on_the_payslip_count_once(person: Person) -> None:
    make_payslip(person, salary="30000", loans=(("ธนาคารออมสิน", "GSB-001", "3000"),))
    make_instruction(person, contract_number="GSB-001", first_month=date(2014, 1, 1))
    make_instruction(
        person, creditor="ธนาคารกรุงไทย", contract_number="KTB-9", monthly_amount="2500"
    )
    result = check(person)
    # GSB-001 is on the payslip; KTB-9 (from Oct 2557) is owed already and added.
    assert [c.contract_number for c in result.commitments] == ["KTB-9"]
    assert result.deductions_total == Decimal("5500.00")
    ended = make_instruction(
        person,
        creditor="ธนาคารอาคารสงเคราะห์",
        contract_number="GHB-1",
        first_month=date(2010, 1, 1),
        last_month=date(2014, 8, 1),
    )
    assert ended.pk not in [c.instruction_id for c in check(person).commitments]


def test_no_payslip_is_a_clear_refusal_naming_the_be_month(person: Person) -> None:
    with pytest.raises(PayrollError) as error:
        check(person, "1000")
    assert error.value.code == "payroll.no_payslip"
    assert "ไม่มีข้อมูลเงินเดือนเดือนกันยายน 2557" in error.value.message_th


@pytest.mark.parametrize(
    ("instalment", "code"),
    [
        ("-1", "payroll.negative_amount"),
        (Decimal("-0.01"), "payroll.negative_amount"),
        ("10000000", "payroll.amount_too_large"),
        ("1e30", "payroll.amount_too_large"),
        ("NaN", "payroll.invalid_amount"),
        ("abc", "payroll.invalid_amount"),
        (1000.0, "payroll.invalid_amount"),
    ],
)
def test_bad_instalments_are_refused(person: Person, instalment: Any, code: str) -> None:
    make_payslip(person)
    with pytest.raises(PayrollError) as error:
        check(person, instalment)
    assert error.value.code == code and error.value.message_th


def test_a_guarantor_is_checked_with_the_same_function(person: Person) -> None:
    make_payslip(person, salary="25000", cooperative="18000")
    result = check(person, party="guarantor")
    assert result.party == "guarantor" and result.new_instalment == Decimal("0.00")
    assert not result.passes  # 7,000 < 7,500


def test_the_figures_are_kept_as_json(person: Person) -> None:
    make_payslip(person, salary="30000", cooperative="15000")
    figures = check(person, "1000").as_dict()
    assert figures["net"] == "14000.00" and figures["outcome"] == "pass"
    assert figures["rule"]["floor_percent"] == "30.00" and figures["month"] == "2014-09-01"


def test_no_rule_in_force_is_refused(person: Person) -> None:
    make_payslip(person)
    with pytest.raises(PayrollError) as error:
        net_pay_check(person=person, month=SEPT_2557, new_instalment="0", on=date(2000, 1, 1))
    assert error.value.code == "payroll.no_rule"


def test_a_check_today_uses_the_newest_payslip_up_to_this_month(person: Person) -> None:
    make_payslip(person, month=date(2014, 7, 1), salary="29000")
    make_payslip(person, salary="30000")
    result = net_pay_check_latest(
        person=person, on_or_before=date(2014, 11, 5), new_instalment="1000", on=TODAY
    )
    assert result.month == SEPT_2557 and result.income_total == Decimal("30000.00")
    earlier = net_pay_check_latest(person=person, on_or_before=date(2014, 8, 31), on=TODAY)
    assert earlier.month == date(2014, 7, 1)
    with pytest.raises(PayrollError) as error:
        net_pay_check_latest(person=person, on_or_before=date(2014, 6, 30), on=TODAY)
    assert "มิถุนายน 2557" in error.value.message_th
