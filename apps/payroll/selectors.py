"""Reads of payroll data. Run in an office's schema.

Every read of a person's pay through these functions is audited (`payroll.payslip_viewed`,
`payroll.pay_history_viewed`) with the actor and the request's address. A read by a role
that may not see pay data raises the same `PayslipNotFound` as a month with no data, so an
id tells nobody anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest

from apps.payroll.models import (
    DeductionInstruction,
    LineSide,
    NetPayRule,
    PayrollImportBatch,
    Payslip,
)
from apps.payroll.months import format_be_month, month_start
from apps.payroll.permissions import can_use_payroll
from apps.payroll.services import LineData, line_data
from apps.people.models import Person
from audit.services import audit_record
from core.errors import NotFoundError
from core.thai import quantize_baht


class PayslipNotFound(NotFoundError):
    code = "payroll.not_found"

    def __init__(self, month: date | None = None) -> None:
        when = f"เดือน{format_be_month(month)}" if month else ""
        super().__init__(
            f"ไม่มีข้อมูลเงินเดือน{when}ของบุคคลนี้",
            f"No payslip data{' for ' + format_be_month(month) if month else ''}.",
        )


def _require_reader(actor: Any, month: date | None = None) -> None:
    if not can_use_payroll(actor):
        raise PayslipNotFound(month)


def _with_lines(payslips: QuerySet[Payslip]) -> QuerySet[Payslip]:
    return payslips.select_related("person").prefetch_related("lines")


def payslip_get(
    *, person: Person, month: date, actor: Any, request: HttpRequest | None = None
) -> Payslip:
    """`person`'s payslip of `month` with its lines; PayslipNotFound if none (or the actor
    may not see pay data). Audited."""
    month = month_start(month)
    _require_reader(actor, month)
    payslip = _with_lines(Payslip.objects.filter(person=person, month=month)).first()
    if payslip is None:
        raise PayslipNotFound(month)
    audit_record(action="payroll.payslip_viewed", actor=actor, target=payslip, request=request)
    return payslip


def payslip_latest(
    *, person: Person, on_or_before: date, actor: Any, request: HttpRequest | None = None
) -> Payslip:
    """`person`'s newest payslip of `on_or_before`'s month or earlier (what a certificate
    prepared today reads); PayslipNotFound if none. Audited."""
    month = month_start(on_or_before)
    _require_reader(actor, month)
    payslip = (
        _with_lines(Payslip.objects.filter(person=person, month__lte=month))
        .order_by("-month")
        .first()
    )
    if payslip is None:
        raise PayslipNotFound(month)
    audit_record(action="payroll.payslip_viewed", actor=actor, target=payslip, request=request)
    return payslip


@dataclass(frozen=True)
class PayFigures:
    """A payslip's totals: what certificates and bank forms fill in."""

    month: date
    salary: Decimal
    income_total: Decimal
    deductions_total: Decimal
    net: Decimal
    income: tuple[LineData, ...]
    deductions: tuple[LineData, ...]  # in deduction order (tax, statutory funds, coop, …)

    @property
    def by_kind(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in (*self.income, *self.deductions):
            totals[line.kind] = totals.get(line.kind, Decimal("0.00")) + line.amount
        return totals


def pay_figures(payslip: Payslip) -> PayFigures:
    """The totals of a payslip fetched through `payslip_get`/`payslip_latest` (its lines
    prefetched; no query, no audit of its own)."""
    from apps.payroll.models import deduction_priority

    lines = list(payslip.lines.all())
    income = tuple(line_data(line) for line in lines if line.side == LineSide.INCOME)
    deductions = tuple(
        line_data(line)
        for line in sorted(
            (line for line in lines if line.side == LineSide.DEDUCTION),
            key=lambda line: (deduction_priority(line.kind), line.position),
        )
    )
    income_total = quantize_baht(sum((line.amount for line in income), Decimal(0)))
    deductions_total = quantize_baht(sum((line.amount for line in deductions), Decimal(0)))
    salary = quantize_baht(
        sum((line.amount for line in income if line.kind == "salary"), Decimal(0))
    )
    return PayFigures(
        month=payslip.month,
        salary=salary,
        income_total=income_total,
        deductions_total=deductions_total,
        net=income_total - deductions_total,
        income=income,
        deductions=deductions,
    )


@dataclass(frozen=True)
class PayMonth:
    month: date
    payslip_id: int
    income_total: Decimal
    deductions_total: Decimal

    @property
    def net(self) -> Decimal:
        return self.income_total - self.deductions_total


def pay_history(
    *, person: Person, actor: Any, request: HttpRequest | None = None, months: int = 24
) -> list[PayMonth]:
    """`person`'s newest `months` payslips with their totals, newest first. One query; one
    audit event (`payroll.pay_history_viewed`)."""
    _require_reader(actor)
    rows = (
        Payslip.objects.filter(person=person)
        .annotate(
            income=Sum("lines__amount", filter=Q(lines__side=LineSide.INCOME), default=0),
            deductions=Sum("lines__amount", filter=Q(lines__side=LineSide.DEDUCTION), default=0),
        )
        .order_by("-month")[:months]
    )
    history = [
        PayMonth(row.month, row.pk, quantize_baht(row.income), quantize_baht(row.deductions))
        for row in rows
    ]
    audit_record(
        action="payroll.pay_history_viewed",
        actor=actor,
        target=person,
        changes={"months": [None, len(history)]},
        request=request,
    )
    return history


def instructions_in_force(*, person: Person, month: date) -> list[DeductionInstruction]:
    """`person`'s standing deductions in force in `month` (first ≤ month ≤ last)."""
    month = month_start(month)
    return list(
        DeductionInstruction.objects.filter(person=person, first_month__lte=month)
        .filter(Q(last_month__isnull=True) | Q(last_month__gte=month))
        .order_by("first_month", "pk")
    )


def instructions_not_ended(*, person: Person, month: date) -> list[DeductionInstruction]:
    """`person`'s standing deductions in force in `month` or starting later: what the
    net-pay check counts (a loan approved after the last payslip is already owed)."""
    month = month_start(month)
    return list(
        DeductionInstruction.objects.filter(person=person)
        .filter(Q(last_month__isnull=True) | Q(last_month__gte=month))
        .order_by("first_month", "pk")
    )


def instruction_list(*, person: Person, actor: Any) -> list[DeductionInstruction]:
    _require_reader(actor)
    return list(DeductionInstruction.objects.filter(person=person).order_by("-first_month", "-pk"))


def instruction_get(
    *, person: Person, instruction_id: int, actor: Any, request: HttpRequest | None = None
) -> DeductionInstruction:
    """One of `person`'s deduction instructions; PayslipNotFound if none. Audited."""
    _require_reader(actor)
    found = DeductionInstruction.objects.filter(person=person, pk=instruction_id).first()
    if found is None:
        raise PayslipNotFound()
    audit_record(action="payroll.instruction_viewed", actor=actor, target=found, request=request)
    return found


def import_batch_get(
    *, batch_id: int, actor: Any, request: HttpRequest | None = None
) -> PayrollImportBatch:
    """An import batch with its report (names, national IDs and amounts); PayslipNotFound if
    none. Audited, with the number of rows shown."""
    _require_reader(actor)
    batch = PayrollImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise PayslipNotFound()
    audit_record(
        action="payroll.import_viewed",
        actor=actor,
        target=batch,
        request=request,
        row_count=len(batch.report),
    )
    return batch


def uncovered_instructions(
    lines: list[LineData] | tuple[LineData, ...], instructions: list[DeductionInstruction]
) -> list[DeductionInstruction]:
    """The instructions no deduction line stands for yet. A line stands for an instruction of
    the same kind and creditor whose contract number is the line's reference, or, when the
    line names no contract, whose monthly amount is the line's; each line for one only."""
    free = [line for line in lines if line.side == LineSide.DEDUCTION]
    left = []
    for instruction in instructions:
        match = next(
            (
                line
                for line in free
                if line.kind == instruction.kind
                and line.creditor == instruction.creditor
                and (
                    (instruction.contract_number and line.reference == instruction.contract_number)
                    or (not line.reference and line.amount == instruction.monthly_amount)
                )
            ),
            None,
        )
        if match is None:
            left.append(instruction)
        else:
            free.remove(match)
    return left


def payslip_prefill(
    *, person: Person, month: date, actor: Any, request: HttpRequest | None = None
) -> tuple[list[LineData], Payslip | None, Payslip | None]:
    """What the entry page shows for `person`'s `month`: `(lines, this month's payslip,
    the earlier payslip copied)`. The month's own lines if recorded; else the newest earlier
    payslip's lines (nothing is typed twice) with the deduction instructions in force in
    `month` that it lacks added, and those ended before `month` left out; else the register's
    salary. Audited when a payslip was read."""
    month = month_start(month)
    _require_reader(actor, month)
    current = _with_lines(Payslip.objects.filter(person=person, month=month)).first()
    if current is not None:
        audit_record(action="payroll.payslip_viewed", actor=actor, target=current, request=request)
        return [line_data(line) for line in current.lines.all()], current, None
    earlier = (
        _with_lines(Payslip.objects.filter(person=person, month__lt=month))
        .order_by("-month")
        .first()
    )
    in_force = instructions_in_force(person=person, month=month)
    if earlier is None:
        lines = [LineData("salary", person.monthly_salary)] if person.monthly_salary else []
    else:
        audit_record(action="payroll.payslip_viewed", actor=actor, target=earlier, request=request)
        lines = [line_data(line) for line in earlier.lines.all()]
        ended = DeductionInstruction.objects.filter(
            person=person, last_month__lt=month, last_month__gte=earlier.month
        )
        for instruction in ended:
            lines = [
                line
                for line in lines
                if not (
                    line.kind == instruction.kind
                    and line.creditor == instruction.creditor
                    and line.reference == instruction.contract_number
                )
            ]
    for instruction in uncovered_instructions(lines, in_force):
        lines.append(
            LineData(
                instruction.kind,
                instruction.monthly_amount,
                instruction.creditor,
                instruction.contract_number,
            )
        )
    return lines, None, earlier


def net_pay_rule_in_force(*, on: date) -> NetPayRule | None:
    """The net-pay rule version in force on `on` (the newest starting by then), or None."""
    return NetPayRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def net_pay_rule_list() -> list[NetPayRule]:
    return list(NetPayRule.objects.order_by("-valid_from"))


@dataclass(frozen=True)
class MonthCount:
    month: date
    payslips: int


def month_counts(limit: int = 24) -> list[MonthCount]:
    """How many payslips each recent month has (no personal data)."""
    rows = Payslip.objects.values("month").annotate(n=Count("pk")).order_by("-month")[:limit]
    return [MonthCount(row["month"], row["n"]) for row in rows]
