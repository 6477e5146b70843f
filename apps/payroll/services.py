"""Every write of payroll data, with its audit trail. Run in an office's schema.

- `payslip_save`: a person's month, lines replaced as a whole; writing the same lines again
  changes and audits nothing (import re-runs rely on it).
- `deduction_instruction_create` / `deduction_instruction_end`: standing deductions (a bank
  loan after its certificate, a fund loan), unique per person, creditor and contract number.
- `net_pay_rule_create`: a new version of the net-pay rule.

Money: every amount goes through `money()` (Decimal, two places, never negative, at most
`MAX_AMOUNT`); a float is refused, not converted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from apps.payroll.models import (
    DeductionInstruction,
    DeductionKind,
    IncomeKind,
    InstructionSource,
    LineSide,
    NetPayBase,
    NetPayMode,
    NetPayRule,
    Payslip,
    PayslipLine,
    PayslipSource,
)
from apps.payroll.months import format_be_month, month_start
from apps.payroll.permissions import PAYROLL_ROLES, RULE_EDITOR_ROLES
from apps.people.models import Person
from audit.services import audit_record
from core.kit import Refusal, lock, require_role
from core.thai import format_baht, quantize_baht

# The largest amount one line, instruction or instalment may hold: far above any teacher's
# pay, well inside the 14 digits the database keeps.
MAX_AMOUNT = Decimal("9999999.99")


class PayrollError(Refusal):
    prefix = "payroll"


def money(value: Any, *, field: str = "amount", allow_zero: bool = True) -> Decimal:
    """`value` as baht (Decimal, two places), or PayrollError: not a number, a float,
    negative, zero when not allowed, or above MAX_AMOUNT (1e30 too: never rounded first)."""
    invalid = PayrollError.refuse(
        "invalid_amount",
        "จำนวนเงินต้องเป็นตัวเลข เช่น 1250.50",
        "The amount must be a number such as 1250.50.",
        field=field,
    )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise invalid
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except ArithmeticError:
        raise invalid from None
    if not number.is_finite():
        raise invalid
    if number < 0 or (number == 0 and not allow_zero):
        raise PayrollError.refuse(
            "amount_not_positive" if not allow_zero else "negative_amount",
            "จำนวนเงินต้องมากกว่าศูนย์" if not allow_zero else "จำนวนเงินต้องไม่ติดลบ",
            "The amount must be above zero." if not allow_zero else "The amount is negative.",
            field=field,
        )
    if number > MAX_AMOUNT:
        raise PayrollError.refuse(
            "amount_too_large",
            f"จำนวนเงินต้องไม่เกิน {format_baht(MAX_AMOUNT)} บาท",
            f"The amount must not exceed {MAX_AMOUNT} baht.",
            field=field,
        )
    amount = quantize_baht(number)
    if amount == 0 and not allow_zero:
        raise PayrollError.refuse(
            "amount_not_positive",
            "จำนวนเงินต้องมากกว่าศูนย์",
            "The amount must be above zero.",
            field=field,
        )
    return amount


@dataclass(frozen=True)
class LineData:
    """One line as services take it: `kind` is an IncomeKind or DeductionKind value."""

    kind: str
    amount: Decimal
    creditor: str = ""
    reference: str = ""
    label: str = ""

    @property
    def side(self) -> str:
        return LineSide.INCOME if self.kind in IncomeKind.values else LineSide.DEDUCTION

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.kind, self.creditor, self.reference, self.label, f"{self.amount:.2f}")

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "amount": f"{self.amount:.2f}",
            "creditor": self.creditor,
            "reference": self.reference,
            "label": self.label,
        }


def line_data(line: PayslipLine) -> LineData:
    return LineData(line.kind, line.amount, line.creditor, line.reference, line.label)


def _check_line(line: LineData, index: int) -> LineData:
    if line.kind not in IncomeKind.values and line.kind not in DeductionKind.values:
        raise PayrollError.refuse(
            "unknown_kind",
            f"ไม่รู้จักประเภทรายการ “{line.kind}”",
            f"Unknown line kind {line.kind!r}.",
        )
    creditor, reference, label = (
        line.creditor.strip(),
        line.reference.strip(),
        line.label.strip(),
    )
    if len(creditor) > 100 or len(reference) > 50 or len(label) > 100:
        raise PayrollError.refuse(
            "text_too_long",
            "ชื่อเจ้าหนี้ เลขที่สัญญา หรือคำอธิบายยาวเกินไป",
            "A creditor, contract number or description is too long.",
        )
    if line.kind == DeductionKind.BANK_LOAN and not creditor:
        raise PayrollError.refuse(
            "creditor_required",
            "รายการหักเงินกู้ธนาคารต้องระบุชื่อธนาคาร",
            "A bank loan line needs the bank's name.",
            field="creditor",
        )
    return LineData(line.kind, money(line.amount), creditor, reference, label)


def _lines_of(payslip: Payslip) -> list[LineData]:
    return [line_data(line) for line in payslip.lines.order_by("side", "position", "pk")]


@dataclass(frozen=True)
class SaveResult:
    payslip: Payslip
    action: str  # "create", "update" or "unchanged"


def same_lines(a: list[LineData], b: list[LineData]) -> bool:
    return sorted(line.key() for line in a) == sorted(line.key() for line in b)


@transaction.atomic
def payslip_save(
    *,
    person: Person,
    month: date,
    lines: list[LineData],
    actor: Any,
    request: HttpRequest | None = None,
    source: str = PayslipSource.ENTERED,
    note: str = "",
) -> SaveResult:
    """Record `person`'s payslip for `month` as exactly `lines` (the payslip is created, or
    its lines replaced). Lines equal to those recorded (in any order) write and audit nothing
    (`action` "unchanged"). Needs at least one income line; zero-amount lines are dropped.
    Locks the payslip row (or, for a new one, relies on the unique person-and-month
    constraint: a second creator's insert waits, then fails as a refusal)."""
    require_role(
        actor,
        *PAYROLL_ROLES,
        code="payroll.not_allowed",
        doing=("บันทึกข้อมูลเงินเดือน", "record pay data"),
    )
    month = month_start(month)
    checked = [_check_line(line, i) for i, line in enumerate(lines)]
    checked = [line for line in checked if line.amount > 0]
    if not any(line.side == LineSide.INCOME for line in checked):
        raise PayrollError.refuse(
            "no_income",
            "สลิปเงินเดือนต้องมีรายรับอย่างน้อยหนึ่งรายการ (เช่น เงินเดือน)",
            "A payslip needs at least one income line (e.g. the salary).",
            field="salary",
        )
    existing = Payslip.objects.filter(person=person, month=month).first()
    before: list[LineData] = []
    if existing is not None:
        existing = lock(Payslip, existing.pk)
        before = _lines_of(existing)
        if same_lines(before, checked) and existing.note == note:
            return SaveResult(existing, "unchanged")
        payslip = existing
        payslip.source, payslip.note = source, note[:200]
        payslip.updated_by = _account_of(actor)
        payslip.save()
        payslip.lines.all().delete()
    else:
        try:
            with transaction.atomic():
                payslip = Payslip.objects.create(
                    person=person,
                    month=month,
                    source=source,
                    note=note[:200],
                    updated_by=_account_of(actor),
                )
        except IntegrityError:
            raise PayrollError.refuse(
                "payslip_exists",
                f"มีสลิปเงินเดือน{format_be_month(month)}ของบุคคลนี้แล้ว กรุณาลองใหม่",
                "A payslip for this month was recorded meanwhile; try again.",
            ) from None
    PayslipLine.objects.bulk_create(_line_rows(payslip, checked))
    audit_record(
        action="payroll.payslip_created" if existing is None else "payroll.payslip_updated",
        actor=actor,
        target=payslip,
        changes={
            "lines": [
                [line.as_json() for line in before] if existing is not None else None,
                [line.as_json() for line in checked],
            ],
            "source": [None, source],
        },
        request=request,
    )
    return SaveResult(payslip, "create" if existing is None else "update")


def _line_rows(payslip: Payslip, lines: list[LineData]) -> list[PayslipLine]:
    return [
        PayslipLine(
            payslip=payslip,
            side=line.side,
            kind=line.kind,
            creditor=line.creditor,
            reference=line.reference,
            label=line.label,
            amount=line.amount,
            position=position,
        )
        for position, line in enumerate(lines)
    ]


def _account_of(actor: Any) -> Any:
    authenticated = getattr(actor, "is_authenticated", False)
    return actor if authenticated and getattr(actor, "pk", None) is not None else None


@transaction.atomic
def deduction_instruction_create(
    *,
    person: Person,
    creditor: str,
    monthly_amount: Any,
    first_month: date,
    last_month: date | None,
    actor: Any,
    kind: str = DeductionKind.BANK_LOAN,
    contract_number: str = "",
    source: str = InstructionSource.OFFICE,
    source_reference: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> DeductionInstruction:
    """A standing deduction from `first_month` to `last_month` (None: until ended). Refused:
    an unknown kind or source, no creditor, an amount not above zero, a last month before the
    first, a contract number the person already has with this creditor
    (`payroll.duplicate_contract`). The certificates module calls it once a bank approves a
    loan, with source "certificate" and `source_reference` "certificates.certificate:<id>"."""
    require_role(
        actor,
        *PAYROLL_ROLES,
        code="payroll.not_allowed",
        doing=("บันทึกรายการหักเงินเดือน", "record deductions"),
    )
    if kind not in DeductionKind.values:
        raise PayrollError.refuse(
            "unknown_kind", "ไม่รู้จักประเภทรายการหัก", "Unknown deduction kind.", field="kind"
        )
    if source not in InstructionSource.values:
        raise PayrollError.refuse(
            "unknown_source", "ไม่รู้จักที่มาของรายการหัก", "Unknown source.", field="source"
        )
    creditor, contract_number = creditor.strip(), contract_number.strip()
    if not creditor or len(creditor) > 100 or len(contract_number) > 50:
        raise PayrollError.refuse(
            "creditor_required",
            "กรุณาระบุเจ้าหนี้ (ไม่เกิน 100 ตัวอักษร) และเลขที่สัญญาไม่เกิน 50 ตัวอักษร",
            "Name the creditor (at most 100 characters); a contract number has at most 50.",
            field="creditor",
        )
    amount = money(monthly_amount, field="monthly_amount", allow_zero=False)
    first = month_start(first_month)
    last = month_start(last_month) if last_month is not None else None
    if last is not None and last < first:
        raise PayrollError.refuse(
            "ends_before_start",
            "เดือนสุดท้ายต้องไม่ก่อนเดือนแรก",
            "The last month is before the first.",
            field="last_month",
        )
    try:
        with transaction.atomic():
            instruction = DeductionInstruction.objects.create(
                person=person,
                kind=kind,
                creditor=creditor,
                contract_number=contract_number,
                monthly_amount=amount,
                first_month=first,
                last_month=last,
                source=source,
                source_reference=source_reference[:100],
                note=note[:200],
                created_by=_account_of(actor),
            )
    except IntegrityError:
        raise PayrollError.refuse(
            "duplicate_contract",
            f"มีรายการหักของสัญญาเลขที่ {contract_number} กับ{creditor}แล้ว",
            "This person already has an instruction for this contract with this creditor.",
            field="contract_number",
        ) from None
    audit_record(
        action="payroll.instruction_created",
        actor=actor,
        target=instruction,
        changes={
            "creditor": [None, creditor],
            "contract_number": [None, contract_number],
            "monthly_amount": [None, f"{amount:.2f}"],
            "first_month": [None, first.isoformat()],
            "last_month": [None, last.isoformat() if last else None],
            "source": [None, source],
            "source_reference": [None, source_reference],
        },
        request=request,
    )
    return instruction


@transaction.atomic
def deduction_instruction_end(
    *,
    instruction: DeductionInstruction,
    last_month: date,
    actor: Any,
    request: HttpRequest | None = None,
) -> DeductionInstruction:
    """End a standing deduction with `last_month` (the loan is repaid, the member left).
    Refused before its first month. Locks the instruction."""
    require_role(
        actor,
        *PAYROLL_ROLES,
        code="payroll.not_allowed",
        doing=("แก้ไขรายการหักเงินเดือน", "change deductions"),
    )
    instruction = lock(DeductionInstruction, instruction.pk)
    last = month_start(last_month)
    if last < instruction.first_month:
        raise PayrollError.refuse(
            "ends_before_start",
            "เดือนสุดท้ายต้องไม่ก่อนเดือนแรก",
            "The last month is before the first.",
            field="last_month",
        )
    old = instruction.last_month
    if old == last:
        return instruction
    instruction.last_month = last
    instruction.save(update_fields=["last_month"])
    audit_record(
        action="payroll.instruction_ended",
        actor=actor,
        target=instruction,
        changes={"last_month": [old.isoformat() if old else None, last.isoformat()]},
        request=request,
    )
    return instruction


@transaction.atomic
def net_pay_rule_create(
    *,
    valid_from: date,
    floor_percent: Any,
    base: str,
    mode: str,
    source: str,
    actor: Any,
    note: str = "",
    request: HttpRequest | None = None,
) -> NetPayRule:
    """A new version of the office's net-pay rule, in force from `valid_from`. Refused: a
    floor outside 0–100, an unknown base or mode, no source, a version already starting that
    day (`payroll.rule_exists`)."""
    require_role(
        actor,
        *RULE_EDITOR_ROLES,
        code="payroll.not_allowed",
        doing=("กำหนดเกณฑ์เงินคงเหลือสุทธิ", "set the net-pay rule"),
    )
    try:
        percent = Decimal(str(floor_percent)).quantize(Decimal("0.01"))
    except ArithmeticError:
        percent = Decimal(-1)
    if not Decimal(0) <= percent <= Decimal(100):
        raise PayrollError.refuse(
            "invalid_floor",
            "ร้อยละต้องอยู่ระหว่าง 0 ถึง 100",
            "The floor must be between 0 and 100 %.",
            field="floor_percent",
        )
    if base not in NetPayBase.values or mode not in NetPayMode.values:
        raise PayrollError.refuse(
            "invalid_rule", "ฐานหรือวิธีการไม่ถูกต้อง", "Unknown base or mode.", field="base"
        )
    if not source.strip():
        raise PayrollError.refuse(
            "source_required", "กรุณาระบุที่มา (หนังสือสั่งการ/มติ)", "Name the source.", field="source"
        )
    try:
        with transaction.atomic():
            rule = NetPayRule.objects.create(
                valid_from=valid_from,
                floor_percent=percent,
                base=base,
                mode=mode,
                source=source.strip()[:300],
                note=note,
                created_by=_account_of(actor),
            )
    except IntegrityError:
        raise PayrollError.refuse(
            "rule_exists",
            "มีเกณฑ์ที่เริ่มใช้วันนี้อยู่แล้ว",
            "A version starting on that day exists.",
            field="valid_from",
        ) from None
    audit_record(
        action="payroll.rule_created",
        actor=actor,
        target=rule,
        changes={
            "valid_from": [None, valid_from.isoformat()],
            "floor_percent": [None, f"{percent}"],
            "base": [None, base],
            "mode": [None, mode],
        },
        request=request,
    )
    return rule
