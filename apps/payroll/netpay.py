"""The net-pay check: would `person` keep enough take-home pay if a new instalment were
deducted?

    income      = Σ income lines of the month's payslip
    deductions  = Σ its deduction lines
                + the standing deduction instructions not ended by then that no line
                  stands for yet (a loan approved after the payslip is already owed)
                + the new instalment
    net         = income − deductions
    floor       = floor_percent % × base   (base: the salary lines, or all income)
    passes      = net ≥ floor                               (exactly at the floor passes)
    headroom    = the largest instalment that still passes = max(0, income − other
                  deductions − floor)

The floor, the base and what a failure means (warn or block) are the office's dated
`NetPayRule` in force on the day of the check. The Supreme Administrative Court held on
12 Jul 2567 (อร.92/2567) that the MOE regulation on salary deductions B.E. 2551 (ข้อ 7(5):
30 % of salary) is not yet enforceable as a rule (กฎ); so the national default is "warn" and
an office may choose "block".

Guarantors are checked with the same function and no new instalment (`new_instalment=0`,
`party="guarantor"`): the 2562 circulars apply the floor to borrowers and guarantors alike.

`net_pay_check` only reads (the payslip, the instructions, the rule) and writes nothing, not
even the audit trail: the caller records the figures (`NetPayCheck.as_dict()`) with what it
decides, and audits the read with `net_pay_check_audit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from apps.payroll.models import NetPayBase, NetPayMode, Payslip
from apps.payroll.months import format_be_month, month_start
from apps.payroll.selectors import (
    instructions_not_ended,
    net_pay_rule_in_force,
    pay_figures,
    uncovered_instructions,
)
from apps.payroll.services import PayrollError, money
from apps.people.models import Person
from audit.services import audit_record
from core.thai import quantize_baht

PASS, WARN, BLOCK = "pass", "warn", "block"


@dataclass(frozen=True)
class Commitment:
    """A standing deduction counted on top of the payslip."""

    creditor: str
    contract_number: str
    monthly_amount: Decimal
    instruction_id: int


@dataclass(frozen=True)
class NetPayCheck:
    person_id: int
    party: str  # "borrower" or "guarantor"
    month: date  # the payslip's month
    payslip_id: int
    rule_id: int
    rule_valid_from: date
    floor_percent: Decimal
    base: str  # NetPayBase
    mode: str  # NetPayMode
    salary: Decimal
    income_total: Decimal
    base_amount: Decimal
    payslip_deductions: Decimal
    commitments: tuple[Commitment, ...]
    new_instalment: Decimal
    deductions_total: Decimal  # payslip + commitments + new instalment
    net: Decimal
    floor_amount: Decimal
    passes: bool
    headroom: Decimal
    checked_on: date
    notes: tuple[str, ...] = field(default=())

    @property
    def outcome(self) -> str:
        """ "pass"; else "warn" or "block", as the rule's mode says."""
        if self.passes:
            return PASS
        return BLOCK if self.mode == NetPayMode.BLOCK else WARN

    @property
    def net_percent(self) -> Decimal:
        """Take-home pay as a share of the base, in %, cut (not rounded) to two places, so a
        net a satang below the floor never shows as the floor's own percentage; 0 when the
        base is 0."""
        if not self.base_amount:
            return Decimal("0.00")
        return (self.net * 100 / self.base_amount).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    @property
    def commitments_total(self) -> Decimal:
        return quantize_baht(sum((c.monthly_amount for c in self.commitments), Decimal(0)))

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON (amounts as strings, dates ISO): what a certificate stores."""
        return {
            "person_id": self.person_id,
            "party": self.party,
            "month": self.month.isoformat(),
            "payslip_id": self.payslip_id,
            "rule": {
                "id": self.rule_id,
                "valid_from": self.rule_valid_from.isoformat(),
                "floor_percent": f"{self.floor_percent}",
                "base": self.base,
                "mode": self.mode,
            },
            "salary": f"{self.salary}",
            "income_total": f"{self.income_total}",
            "base_amount": f"{self.base_amount}",
            "payslip_deductions": f"{self.payslip_deductions}",
            "commitments": [
                {
                    "creditor": c.creditor,
                    "contract_number": c.contract_number,
                    "monthly_amount": f"{c.monthly_amount}",
                    "instruction_id": c.instruction_id,
                }
                for c in self.commitments
            ],
            "new_instalment": f"{self.new_instalment}",
            "deductions_total": f"{self.deductions_total}",
            "net": f"{self.net}",
            "net_percent": f"{self.net_percent}",
            "floor_amount": f"{self.floor_amount}",
            "passes": self.passes,
            "outcome": self.outcome,
            "headroom": f"{self.headroom}",
            "checked_on": self.checked_on.isoformat(),
        }


def net_pay_check(
    *,
    person: Person,
    month: date,
    new_instalment: Any = Decimal("0.00"),
    party: str = "borrower",
    on: date | None = None,
) -> NetPayCheck:
    """Check `person`'s pay of `month` (its payslip must exist) with `new_instalment` added,
    against the rule in force on `on` (default: today, Bangkok). Refusals (PayrollError):
    `payroll.no_payslip` "ไม่มีข้อมูลเงินเดือนเดือน<B.E. month>", `payroll.no_rule`, and an
    instalment that is not a number, negative or above `services.MAX_AMOUNT`
    (`payroll.invalid_amount`, `payroll.negative_amount`, `payroll.amount_too_large`).
    A guarantor: `new_instalment=0, party="guarantor"`. Reads only; writes nothing."""
    instalment = money(new_instalment, field="new_instalment")
    month = month_start(month)
    day = on or timezone.localdate()
    payslip = Payslip.objects.filter(person=person, month=month).prefetch_related("lines").first()
    if payslip is None:
        raise PayrollError.refuse(
            "no_payslip",
            f"ไม่มีข้อมูลเงินเดือนเดือน{format_be_month(month)}ของ{person} "
            "กรุณาบันทึกหรือนำเข้าข้อมูลสลิปเงินเดือนก่อน",
            f"No payslip data for {format_be_month(month)}: enter or import it first.",
            field="month",
        )
    rule = net_pay_rule_in_force(on=day)
    if rule is None:
        raise PayrollError.refuse(
            "no_rule",
            "ยังไม่มีเกณฑ์เงินคงเหลือสุทธิที่ใช้ในวันนี้",
            "No net-pay rule is in force on that day.",
        )
    figures = pay_figures(payslip)
    commitments = tuple(
        Commitment(i.creditor, i.contract_number, i.monthly_amount, i.pk)
        for i in uncovered_instructions(
            figures.deductions, instructions_not_ended(person=person, month=month)
        )
    )
    committed = quantize_baht(sum((c.monthly_amount for c in commitments), Decimal(0)))
    base_amount = figures.salary if rule.base == NetPayBase.SALARY else figures.income_total
    floor_amount = quantize_baht(base_amount * rule.floor_percent / 100)
    before_new = figures.deductions_total + committed
    deductions_total = before_new + instalment
    net = figures.income_total - deductions_total
    headroom = max(Decimal("0.00"), figures.income_total - before_new - floor_amount)
    notes: tuple[str, ...] = ()
    if rule.base == NetPayBase.SALARY and not figures.salary:
        notes = ("สลิปเดือนนี้ไม่มีรายการเงินเดือน ฐานการคำนวณจึงเป็นศูนย์",)
    return NetPayCheck(
        person_id=person.pk,
        party=party,
        month=month,
        payslip_id=payslip.pk,
        rule_id=rule.pk,
        rule_valid_from=rule.valid_from,
        floor_percent=rule.floor_percent,
        base=rule.base,
        mode=rule.mode,
        salary=figures.salary,
        income_total=figures.income_total,
        base_amount=base_amount,
        payslip_deductions=figures.deductions_total,
        commitments=commitments,
        new_instalment=instalment,
        deductions_total=deductions_total,
        net=net,
        floor_amount=floor_amount,
        passes=net >= floor_amount,
        headroom=headroom,
        checked_on=day,
        notes=notes,
    )


def net_pay_check_latest(
    *,
    person: Person,
    on_or_before: date,
    new_instalment: Any = Decimal("0.00"),
    party: str = "borrower",
    on: date | None = None,
) -> NetPayCheck:
    """`net_pay_check` on `person`'s newest payslip of `on_or_before`'s month or earlier:
    what a certificate prepared today checks (this month's pay may not be recorded yet).
    Refuses `payroll.no_payslip` naming `on_or_before`'s B.E. month when there is none."""
    month = month_start(on_or_before)
    latest = (
        Payslip.objects.filter(person=person, month__lte=month)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return net_pay_check(
        person=person,
        month=latest or month,
        new_instalment=new_instalment,
        party=party,
        on=on,
    )


def net_pay_check_audit(
    *, check: NetPayCheck, person: Person, actor: Any, request: HttpRequest | None = None
) -> None:
    """Record that `actor` saw `check` (a read of the person's pay data)."""
    audit_record(
        action="payroll.net_pay_checked",
        actor=actor,
        target=person,
        changes={
            "month": [None, check.month.isoformat()],
            "new_instalment": [None, f"{check.new_instalment}"],
            "outcome": [None, check.outcome],
        },
        request=request,
    )
