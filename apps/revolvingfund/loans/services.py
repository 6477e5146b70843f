"""Every write of the fund's loans, with its audit trail. Run in an office's schema.

Who does what (separation of duties where money or signatures are involved):
- a welfare officer prepares the contract and guarantee from the approved application
  (`loan_contract_prepare`), records early settlement, death or leaving service, restructuring
  and existing loans;
- the director (approver) signs the contract for the office (`loan_contract_sign`), never the
  officer who prepared it;
- a finance officer pays the creditors (`loan_disburse`: the last payment starts the payroll
  deduction through `apps.payroll`'s deduction instructions) and records what was deducted
  (`apps.revolvingfund.loans.importing`, which calls `loan_month_record`).

Arithmetic: `amortisation` only. Locking: a service locks the loan row (`select_for_update`)
before it reads the position, so two imports or a settlement and an import never interleave.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from accounts.roles import OfficeRole
from apps.payroll.models import DeductionInstruction, DeductionKind, InstructionSource
from apps.payroll.months import month_start, next_month, previous_month
from apps.payroll.services import deduction_instruction_create, deduction_instruction_end
from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.loans.declaration import LOAN, REPAYMENT
from apps.revolvingfund.models import (
    Application,
    ApplicationStatus,
    Disbursement,
    EntryKind,
    FundNumberCounter,
    Loan,
    LoanEntry,
    LoanGuarantor,
    LoanOrigin,
    LoanRule,
    LoanStatus,
    PaymentSource,
)
from audit.services import audit_record
from core.kit import Refusal, expect_status, lock, now, require_role
from core.sequences import next_number
from core.thai import quantize_baht, to_be_year
from core.uploads import image_reencoded, pdf_checked
from outbox.services import outbox_record

PREPARER_ROLES = (OfficeRole.WELFARE_OFFICER,)
SIGNER_ROLES = (OfficeRole.APPROVER,)
FINANCE_ROLES = (OfficeRole.FINANCE_OFFICER,)
# Who reads loans (the ledger, registers): the fund's officers, finance and the director.
READER_ROLES = (
    OfficeRole.WELFARE_OFFICER,
    OfficeRole.FINANCE_OFFICER,
    OfficeRole.APPROVER,
)
# Who keeps the loan rule (the office's dated settings): the office administrator.
RULE_EDITOR_ROLES = (OfficeRole.OFFICE_ADMIN,)
PROOF_MAX_BYTES = 10 * 1024 * 1024
MAX_AMOUNT = Decimal("9999999.99")


class LoanError(Refusal):
    prefix = "revolvingfund"


def _refuse(code: str, th: str, en: str, field: str | None = None) -> LoanError:
    return LoanError.refuse(code, th, en, field=field)


def _money(value: Any, *, field: str, allow_zero: bool = False) -> Decimal:
    if isinstance(value, bool | float) or value is None:
        raise _refuse("invalid_amount", "จำนวนเงินไม่ถูกต้อง", "Not an amount.", field)
    try:
        amount = quantize_baht(value)
    except (TypeError, ValueError):
        raise _refuse("invalid_amount", "จำนวนเงินไม่ถูกต้อง", "Not an amount.", field) from None
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_AMOUNT:
        raise _refuse(
            "invalid_amount",
            "จำนวนเงินต้องมากกว่าศูนย์และไม่เกิน 9,999,999.99 บาท",
            "The amount must be above zero and at most 9,999,999.99.",
            field,
        )
    return amount


RULE_TEXT_LIMITS = {
    "creditor_name": 100,
    "contract_form_name": 120,
    "guarantee_form_name": 120,
    "on_leaving_service": 300,
    "source": 300,
}


def loan_rule_create(
    *,
    valid_from: date,
    guarantor_after_months: int,
    days_in_year: int,
    max_restructure_months: int,
    creditor_name: str,
    contract_form_name: str,
    guarantee_form_name: str,
    on_leaving_service: str,
    source: str,
    confirmed: bool,
    actor: Any,
    request: HttpRequest | None = None,
) -> LoanRule:
    """A new version of the office's loan rule, in force from `valid_from` (a version is never
    edited: a change is a new version). Refused, changing nothing: not the office administrator,
    months overdue outside 1–24, a day basis other than 360/365/366, a longest term outside
    12–480 months, an empty or too long text, no source, a version already starting that day
    (`revolvingfund.rule_exists`)."""
    require_role(
        actor,
        *RULE_EDITOR_ROLES,
        code="revolvingfund.not_allowed",
        doing=("กำหนดเกณฑ์เงินกู้", "set the loan rule"),
    )
    if not isinstance(valid_from, date):
        raise _refuse("invalid_date", "วันที่ไม่ถูกต้อง", "Not a date.", "valid_from")
    numbers = (
        ("guarantor_after_months", guarantor_after_months, 1, 24, "ต้องอยู่ระหว่าง 1 ถึง 24 เดือน"),
        ("max_restructure_months", max_restructure_months, 12, 480, "ต้องอยู่ระหว่าง 12 ถึง 480 เดือน"),
    )
    for field, value, low, high, message in numbers:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _refuse("invalid_rule", message, f"Must be {low}-{high}.", field)
    if days_in_year not in (360, 365, 366):
        raise _refuse(
            "invalid_rule", "จำนวนวันต่อปีต้องเป็น 360 365 หรือ 366", "360, 365 or 366.", "days_in_year"
        )
    texts = {
        "creditor_name": creditor_name,
        "contract_form_name": contract_form_name,
        "guarantee_form_name": guarantee_form_name,
        "on_leaving_service": on_leaving_service,
        "source": source,
    }
    for field, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise _refuse("required", "กรุณากรอกข้อมูลนี้", "Required.", field)
        if len(text.strip()) > RULE_TEXT_LIMITS[field] or "\x00" in text:
            raise _refuse(
                "too_long",
                f"ยาวได้ไม่เกิน {RULE_TEXT_LIMITS[field]} ตัวอักษร",
                "Too long.",
                field,
            )
    try:
        with transaction.atomic():
            rule = LoanRule.objects.create(
                valid_from=valid_from,
                guarantor_after_months=guarantor_after_months,
                days_in_year=days_in_year,
                max_restructure_months=max_restructure_months,
                confirmed=bool(confirmed),
                **{field: value.strip() for field, value in texts.items()},
            )
    except IntegrityError:
        raise _refuse(
            "rule_exists",
            "มีเกณฑ์เงินกู้ที่เริ่มใช้วันนี้อยู่แล้ว (เพิ่มฉบับใหม่ที่เริ่มวันอื่น)",
            "A version starting on that day exists.",
            "valid_from",
        ) from None
    audit_record(
        action="revolvingfund.loan_rule_created",
        actor=actor,
        target=rule,
        changes={
            "valid_from": [None, valid_from.isoformat()],
            "guarantor_after_months": [None, guarantor_after_months],
            "days_in_year": [None, days_in_year],
            "max_restructure_months": [None, max_restructure_months],
            "confirmed": [None, bool(confirmed)],
            **{field: [None, value.strip()] for field, value in texts.items()},
        },
        request=request,
    )
    return rule


def loan_rule_in_force(*, on: date) -> LoanRule:
    """The office's loan rule in force on `on` (migration 0003 seeds the first version)."""
    rule = LoanRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if rule is None:
        raise _refuse("no_rule", "ยังไม่มีเกณฑ์เงินกู้ที่ใช้ในวันนั้น", "No loan rule in force on that day.")
    return rule


def months_between(first: date, last: date) -> int:
    """Months from `first` to `last`, both counted (the same month: 1)."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def _position(loan: Loan) -> am.Position:
    return am.Position(
        principal=loan.principal,
        balance=loan.balance,
        interest_due=loan.interest_due,
        principal_repaid=loan.principal_repaid,
        interest_charged=loan.interest_charged,
        interest_paid=loan.interest_paid,
    )


def _store(loan: Loan, position: am.Position) -> None:
    loan.balance = position.balance
    loan.interest_due = position.interest_due
    loan.principal_repaid = position.principal_repaid
    loan.interest_charged = position.interest_charged
    loan.interest_paid = position.interest_paid


def _audit(action: str, actor: Any, loan: Loan, changes: dict[str, Any], request: Any) -> None:
    audit_record(
        action=f"revolvingfund.{action}", actor=actor, target=loan, changes=changes, request=request
    )


def _user(actor: Any) -> Any:
    return (
        actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    )


# ---------------------------------------------------------------------------------------------
# Contract, signature, disbursement


@transaction.atomic
def loan_contract_prepare(
    *,
    application: Application,
    contract_signed_on: date,
    borrower_signed: bool,
    guarantees_signed: bool,
    witnesses: list[str],
    actor: Any,
    request: HttpRequest | None = None,
) -> Loan:
    """The loan and its guarantee from an approved application: amount, rate, term and
    instalment as the subcommittee approved them, the guarantors of the application, numbered
    NNNN/<B.E. year of the contract> without gaps. Refused: not approved, a loan already made
    (a double submission creates nothing), the borrower's or a guarantor's signature missing."""
    require_role(
        actor,
        *PREPARER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("จัดทำสัญญากู้ยืมเงิน", "prepare loan contracts"),
    )
    application = lock(Application.objects.select_related("round", "person"), application.pk)
    if application.status != ApplicationStatus.APPROVED:
        raise _refuse("not_approved", "คำขอนี้ยังไม่ได้รับอนุมัติ", "The application is not approved.")
    if Loan.objects.filter(application=application).exists():
        raise _refuse("loan_exists", "คำขอนี้ทำสัญญาแล้ว", "A loan was already made from it.")
    if not borrower_signed:
        raise _refuse(
            "borrower_unsigned",
            "ผู้กู้ยังไม่ได้ลงนามในสัญญา",
            "The borrower has not signed.",
            "borrower_signed",
        )
    guarantors = list(application.guarantors.select_related("person"))
    if guarantors and not guarantees_signed:
        raise _refuse(
            "guarantee_unsigned",
            "ผู้ค้ำประกันยังลงนามในสัญญาค้ำประกันไม่ครบ",
            "Not every guarantor has signed the guarantee.",
            "guarantees_signed",
        )
    witnesses = [w.strip()[:200] for w in witnesses if w and w.strip()][:2]
    rule = loan_rule_in_force(on=contract_signed_on)
    be_year = to_be_year(contract_signed_on.year)
    number = next_number(FundNumberCounter, kind="loan", be_year=be_year)
    if (
        application.approved_amount is None
        or application.annual_rate is None
        or application.term_months is None
        or application.instalment is None
    ):
        raise _refuse("not_approved", "คำขอนี้ยังไม่มีเงื่อนไขที่อนุมัติ", "No approved terms.")
    loan = Loan.objects.create(
        number=f"{number:04d}/{be_year}",
        origin=LoanOrigin.APPROVED,
        application=application,
        person=application.person,
        fiscal_year=application.round.fiscal_year,
        round_number=application.round.number,
        principal=application.approved_amount,
        annual_rate=application.annual_rate,
        term_months=application.term_months,
        instalment=application.instalment,
        terms_code=application.terms_code,
        terms_confirmed=application.terms_confirmed,
        rule=rule,
        contract_signed_on=contract_signed_on,
        borrower_signed=True,
        witnesses=witnesses,
        balance=application.approved_amount,
        created_by=_user(actor),
    )
    LoanGuarantor.objects.bulk_create(
        LoanGuarantor(
            loan=loan,
            person=g.person,
            name=str(g.person),
            national_id=g.person.national_id,
            position=g.position,
            guarantee_signed=True,
        )
        for g in guarantors
    )
    outbox_record(resource=LOAN, action="created", obj=loan)
    _audit(
        "loan_prepared",
        actor,
        loan,
        {"number": [None, loan.number], "principal": [None, f"{loan.principal:.2f}"]},
        request,
    )
    return loan


@transaction.atomic
def loan_contract_sign(
    *, loan: Loan, signer_name: str, actor: Any, request: HttpRequest | None = None
) -> Loan:
    """The director signs the contract for the office: not the officer who prepared it."""
    require_role(
        actor,
        *SIGNER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("ลงนามสัญญากู้ยืมเงิน", "sign loan contracts"),
    )
    loan = lock(Loan, loan.pk)
    expect_status(loan, LoanStatus.CONTRACTED, refusal=LoanError, noun="สัญญา")
    if loan.office_signed_at is not None:
        return loan
    if loan.created_by_id is not None and loan.created_by_id == getattr(actor, "pk", None):
        raise _refuse(
            "same_person",
            "ผู้จัดทำสัญญาลงนามแทนสำนักงานเองไม่ได้",
            "Whoever prepared the contract cannot sign it for the office.",
        )
    loan.office_signed_at = now()
    loan.office_signed_by = _user(actor)
    loan.office_signer_name = (signer_name.strip() or str(actor))[:200]
    loan.save(update_fields=["office_signed_at", "office_signed_by", "office_signer_name"])
    _audit("loan_signed", actor, loan, {"signed_by": [None, loan.office_signer_name]}, request)
    return loan


def _proof_content(upload: Any) -> tuple[bytes, str]:
    size = getattr(upload, "size", 0) or 0
    if size == 0 or size > PROOF_MAX_BYTES:
        raise _refuse(
            "proof_size",
            "แนบหลักฐานการโอนเงิน (ไม่เกิน 10 MB)",
            "Attach the proof of payment (at most 10 MB).",
            "proof",
        )
    upload.seek(0)
    content = upload.read()
    if content.startswith(b"%PDF"):
        pdf_checked(content, field="proof")
        return content, ".pdf"
    content, _type, extension = image_reencoded(content, formats={"JPEG", "PNG"}, field="proof")
    return content, extension


def _start_deduction(loan: Loan, *, first: date, actor: Any, request: Any) -> None:
    loan.instruction_count += 1
    last = add_months(first, loan.schedule_months - 1) if loan.schedule_months else None
    instruction = deduction_instruction_create(
        person=loan.person,
        creditor=loan.rule.creditor_name,
        monthly_amount=loan.schedule_instalment,
        first_month=first,
        last_month=None if last is None else last,
        actor=actor,
        kind=DeductionKind.REVOLVING_FUND,
        contract_number=_contract(loan),
        source=InstructionSource.FUND_LOAN,
        source_reference=f"revolvingfund.loan:{loan.pk}",
        request=request,
    )
    loan.borrower_instruction = instruction


def _contract(loan: Loan, suffix: str = "") -> str:
    return (
        loan.number
        if loan.instruction_count <= 1 and not suffix
        else (f"{loan.number}-{suffix or loan.instruction_count}")
    )


@transaction.atomic
def loan_disburse(
    *,
    loan: Loan,
    creditor: str,
    amount: Any,
    paid_on: date,
    reference: str,
    proof: Any,
    actor: Any,
    request: HttpRequest | None = None,
) -> Disbursement:
    """Pay one of the borrower's creditors, with the proof. When the payments reach the amount
    lent the loan starts: its schedule from the month after the last payment and the standing
    payroll deduction of the instalment (`apps.payroll`). Refused: unsigned contract, more than
    the amount lent, a reference already recorded (a double submission pays once)."""
    require_role(
        actor,
        *FINANCE_ROLES,
        code="revolvingfund.not_allowed",
        doing=("บันทึกการจ่ายเงินกู้", "record disbursements"),
    )
    loan = lock(Loan.objects.select_related("rule", "person"), loan.pk)
    expect_status(loan, LoanStatus.CONTRACTED, refusal=LoanError, noun="สัญญา")
    if loan.office_signed_at is None:
        raise _refuse("unsigned", "สัญญายังไม่ได้ลงนามแทนสำนักงาน", "The contract is not signed yet.")
    creditor, reference = creditor.strip()[:200], reference.strip()[:80]
    if not creditor or not reference:
        raise _refuse(
            "creditor_required",
            "ระบุเจ้าหนี้และเลขที่อ้างอิงการโอนเงิน",
            "Name the creditor and the payment reference.",
            "creditor",
        )
    money = _money(amount, field="amount")
    if paid_on < loan.contract_signed_on:
        raise _refuse(
            "paid_before_contract",
            "วันที่จ่ายต้องไม่ก่อนวันทำสัญญา",
            "The payment is dated before the contract.",
            "paid_on",
        )
    if loan.disbursements.filter(reference=reference).exists():
        raise _refuse(
            "duplicate_reference",
            "บันทึกการจ่ายเลขที่อ้างอิงนี้แล้ว",
            "This payment reference is already recorded.",
            "reference",
        )
    paid = sum((d.amount for d in loan.disbursements.all()), Decimal("0.00"))
    if paid + money > loan.principal:
        raise _refuse(
            "over_principal",
            f"จ่ายได้อีกไม่เกิน {loan.principal - paid:,.2f} บาท",
            "More than the amount lent.",
            "amount",
        )
    content, extension = _proof_content(proof)
    disbursement = Disbursement(
        loan=loan,
        creditor=creditor,
        amount=money,
        paid_on=paid_on,
        reference=reference,
        proof_name=(getattr(proof, "name", "") or "proof")[-200:],
        recorded_by=_user(actor),
    )
    digest = hashlib.sha256(content).hexdigest()[:16]
    disbursement.proof.save(f"{loan.pk}-{digest}{extension}", ContentFile(content), save=False)
    disbursement.save()
    _audit(
        "loan_disbursed",
        actor,
        loan,
        {
            "creditor": [None, creditor],
            "amount": [None, f"{money:.2f}"],
            "reference": [None, reference],
        },
        request,
    )
    if paid + money == loan.principal:
        first = next_month(month_start(paid_on))
        loan.status = LoanStatus.REPAYING
        loan.disbursed_on = paid_on
        loan.first_month = first
        loan.schedule_start = first
        loan.schedule_months = loan.term_months
        loan.schedule_instalment = loan.instalment
        _start_deduction(loan, first=first, actor=actor, request=request)
        loan.save()
        _audit("loan_started", actor, loan, {"first_month": [None, first.isoformat()]}, request)
        outbox_record(resource=LOAN, action="updated", obj=loan)
    return disbursement


# ---------------------------------------------------------------------------------------------
# The month: what was deducted, arrears, guarantors


@dataclass(frozen=True)
class MonthResult:
    entry: LoanEntry
    guarantors_started: bool = False
    guarantors_ended: bool = False
    settled: bool = False


def expected_month(loan: Loan) -> date | None:
    """The month the loan's ledger records next (None: not running)."""
    if not loan.is_running or loan.first_month is None:
        return None
    return next_month(loan.last_month) if loan.last_month else loan.first_month


def _elapsed(loan: Loan, month: date) -> int:
    start = loan.schedule_start or loan.first_month or month
    return months_between(start, month)


def loan_month_record(
    *,
    loan: Loan,
    month: date,
    from_borrower: Decimal,
    from_guarantors: Decimal,
    actor: Any,
    batch: Any = None,
    request: HttpRequest | None = None,
) -> MonthResult:
    """Record month `month` of a running loan: charge its interest, apply what was deducted
    (borrower and guarantors; zero is a missed month), measure the arrears, then start the
    guarantors' deduction once the arrears reach the rule's months (a letter to each), or end
    it once they are cleared; a loan repaid in full is settled and its deductions end.

    The caller (the import) holds the transaction and has checked the role; the loan must be
    locked by the caller, and `month` must be the loan's `expected_month`."""
    if expected_month(loan) != month:
        raise _refuse("month_order", "บันทึกการหักเงินต้องเรียงตามเดือน", "Months are recorded in order.")
    position = _position(loan)
    opening = position.balance
    position, interest = am.accrue_month(position, loan.annual_rate)
    elapsed = _elapsed(loan, month)
    due = am.due_for_month(
        position, instalment=loan.schedule_instalment, number=elapsed, months=loan.schedule_months
    )
    received = from_borrower + from_guarantors
    position, allocation = am.pay(position, received)
    loan.schedule_paid += allocation.interest + allocation.principal
    late = am.arrears(
        instalment=loan.schedule_instalment,
        months=loan.schedule_months,
        elapsed=elapsed,
        paid=loan.schedule_paid,
        outstanding=position.outstanding,
    )
    _store(loan, position)
    loan.last_month = month
    loan.arrears_amount = late.amount
    loan.months_overdue = late.months
    if from_guarantors and from_borrower:
        source = PaymentSource.PAYROLL
    elif from_guarantors:
        source = PaymentSource.GUARANTORS
    else:
        source = PaymentSource.PAYROLL if from_borrower else PaymentSource.NONE
    entry = LoanEntry.objects.create(
        loan=loan,
        kind=EntryKind.MONTH,
        month=month,
        on=month_end(month),
        opening_balance=opening,
        interest=interest,
        due=due,
        from_borrower=from_borrower,
        from_guarantors=from_guarantors,
        source=source,
        interest_paid=allocation.interest,
        principal_paid=allocation.principal,
        excess=allocation.excess,
        closing_balance=position.balance,
        interest_due=position.interest_due,
        arrears=late.amount,
        months_overdue=late.months,
        batch=batch,
        recorded_by=_user(actor),
    )
    started = ended = settled = False
    if position.is_settled:
        _close(
            loan,
            on=month_end(month),
            month=month,
            reason="ชำระครบตามสัญญา",
            actor=actor,
            request=request,
        )
        settled = True
    elif loan.status == LoanStatus.REPAYING and late.months >= loan.rule.guarantor_after_months:
        _guarantors_start(loan, month=next_month(month), actor=actor, request=request)
        started = loan.status == LoanStatus.GUARANTORS
    elif loan.status == LoanStatus.GUARANTORS and late.months == 0:
        _guarantors_end(loan, last=month, actor=actor, request=request)
        ended = True
    loan.save()
    outbox_record(resource=REPAYMENT, action="created", obj=entry)
    if started or ended or settled:
        outbox_record(resource=LOAN, action="updated", obj=loan)
    return MonthResult(entry, started, ended, settled)


def _guarantors_start(loan: Loan, *, month: date, actor: Any, request: Any) -> None:
    guarantors = [g for g in loan.guarantors.all() if g.person_id is not None]
    if not guarantors:
        return
    shares = am.split_evenly(loan.schedule_instalment, len(guarantors))
    be_year = to_be_year(month.year)
    for guarantor, share in zip(guarantors, shares, strict=True):
        if guarantor.person is None:  # pragma: no cover (filtered above)
            continue
        loan.instruction_count += 1
        guarantor.instruction = deduction_instruction_create(
            person=guarantor.person,
            creditor=loan.rule.creditor_name,
            monthly_amount=share,
            first_month=month,
            last_month=None,
            actor=actor,
            kind=DeductionKind.REVOLVING_FUND,
            contract_number=f"{loan.number}-{loan.instruction_count}",
            source=InstructionSource.FUND_LOAN,
            source_reference=f"revolvingfund.loan:{loan.pk}:guarantor",
            request=request,
            note=f"ผู้ค้ำประกันสัญญา {loan.number}",
        )
        number = next_number(FundNumberCounter, kind="guarantor_letter", be_year=be_year)
        guarantor.share = share
        guarantor.letter_number = f"{number:04d}/{be_year}"
        guarantor.letter_date = month_end(previous_month(month))
        guarantor.save(update_fields=["instruction", "share", "letter_number", "letter_date"])
    loan.status = LoanStatus.GUARANTORS
    _audit(
        "guarantors_deducted",
        actor,
        loan,
        {"from_month": [None, month.isoformat()], "months_overdue": [None, loan.months_overdue]},
        request,
    )


def _guarantors_end(loan: Loan, *, last: date, actor: Any, request: Any) -> None:
    for guarantor in loan.guarantors.select_related("instruction"):
        instruction = guarantor.instruction
        if instruction is not None and (
            instruction.last_month is None or instruction.last_month > last
        ):
            deduction_instruction_end(
                instruction=instruction,
                last_month=max(last, instruction.first_month),
                actor=actor,
                request=request,
            )
    if loan.status == LoanStatus.GUARANTORS:
        loan.status = LoanStatus.REPAYING
        _audit(
            "guarantors_released", actor, loan, {"last_month": [None, last.isoformat()]}, request
        )


def _end_instruction(
    instruction: DeductionInstruction | None, last: date, actor: Any, request: Any
) -> None:
    if instruction is None:
        return
    if instruction.last_month is not None and instruction.last_month <= last:
        return
    deduction_instruction_end(
        instruction=instruction,
        last_month=max(last, instruction.first_month),
        actor=actor,
        request=request,
    )


def _close(
    loan: Loan,
    *,
    on: date,
    month: date,
    reason: str,
    actor: Any,
    request: Any,
    status: str = LoanStatus.SETTLED,
) -> None:
    _end_instruction(loan.borrower_instruction, month, actor, request)
    _guarantors_end(loan, last=month, actor=actor, request=request)
    loan.status = status
    loan.closed_on = on
    loan.closed_reason = reason[:200]
    loan.arrears_amount = Decimal("0.00") if status == LoanStatus.SETTLED else loan.arrears_amount
    loan.months_overdue = 0 if status == LoanStatus.SETTLED else loan.months_overdue
    _audit(
        "loan_closed", actor, loan, {"status": [None, status], "reason": [None, reason]}, request
    )


# ---------------------------------------------------------------------------------------------
# Changes: early settlement, death or leaving service, restructuring


def interest_from(loan: Loan) -> date:
    """The day interest was last charged to: the end of the last month recorded, or the
    disbursement."""
    if loan.last_month is not None:
        return month_end(loan.last_month)
    return loan.disbursed_on or loan.contract_signed_on


def settlement_quote(*, loan: Loan, on: date) -> tuple[Decimal, int]:
    """What settles the loan on `on`, and the days of interest it includes."""
    days = (on - interest_from(loan)).days
    if days < 0:
        raise _refuse(
            "settle_before_last_month",
            "วันที่ชำระต้องไม่ก่อนเดือนที่บันทึกการหักแล้ว",
            "The date is before the last month recorded.",
            "on",
        )
    amount = am.settlement_amount(
        _position(loan), loan.annual_rate, days, days_in_year=loan.rule.days_in_year
    )
    return amount, days


@transaction.atomic
def loan_settle(
    *,
    loan: Loan,
    on: date,
    amount: Any,
    source: str,
    reason: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> LoanEntry:
    """A lump payment on `on` (early settlement in cash, or the balance from the gratuity or
    pension on death or leaving service): interest to the day since interest was last charged,
    then interest first, principal next. Enough settles the loan (its deductions end; any
    excess is to refund); less is applied and the loan runs on."""
    require_role(
        actor,
        *PREPARER_ROLES,
        *FINANCE_ROLES,
        code="revolvingfund.not_allowed",
        doing=("บันทึกการชำระหนี้", "record settlements"),
    )
    if source not in (PaymentSource.CASH, PaymentSource.GRATUITY):
        raise _refuse("unknown_source", "ไม่รู้จักแหล่งเงินที่ชำระ", "Unknown source.", "source")
    loan = lock(Loan.objects.select_related("rule"), loan.pk)
    expect_status(
        loan,
        *[s.value for s in (LoanStatus.REPAYING, LoanStatus.GUARANTORS)],
        refusal=LoanError,
        noun="สัญญา",
    )
    money = _money(amount, field="amount")
    _quote, days = settlement_quote(loan=loan, on=on)
    position = _position(loan)
    opening = position.balance
    interest = am.interest_for_days(
        position.balance, loan.annual_rate, days, days_in_year=loan.rule.days_in_year
    )
    position = am.accrue(position, interest)
    position, allocation = am.pay(position, money)
    loan.schedule_paid += allocation.interest + allocation.principal
    _store(loan, position)
    month = month_start(on)
    entry = LoanEntry.objects.create(
        loan=loan,
        kind=EntryKind.SETTLEMENT,
        month=month,
        on=on,
        opening_balance=opening,
        interest=interest,
        due=_quote,
        from_borrower=money,
        source=source,
        interest_paid=allocation.interest,
        principal_paid=allocation.principal,
        excess=allocation.excess,
        closing_balance=position.balance,
        interest_due=position.interest_due,
        note=reason[:300],
        recorded_by=_user(actor),
    )
    # Interest is now charged to `on`: the month's own interest starts from there.
    if position.is_settled:
        last = (
            previous_month(month) if loan.last_month is None or loan.last_month < month else month
        )
        _close(
            loan,
            on=on,
            month=max(last, loan.first_month or last),
            reason=reason or "ชำระก่อนกำหนด",
            actor=actor,
            request=request,
        )
    loan.save()
    outbox_record(resource=REPAYMENT, action="created", obj=entry)
    outbox_record(resource=LOAN, action="updated", obj=loan)
    _audit(
        "loan_settlement",
        actor,
        loan,
        {"amount": [None, f"{money:.2f}"], "days": [None, days], "source": [None, source]},
        request,
    )
    return entry


@transaction.atomic
def loan_restructure(
    *,
    loan: Loan,
    months: int,
    from_month: date,
    reason: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Loan:
    """A new schedule for the principal outstanding over `months` months from `from_month`
    (the month after the last recorded), within the rule's longest term; unpaid interest stays
    due and is paid first. The old deduction ends, a new one starts."""
    require_role(
        actor,
        *PREPARER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("ปรับโครงสร้างหนี้", "restructure loans"),
    )
    loan = lock(Loan.objects.select_related("rule", "person"), loan.pk)
    expect_status(
        loan,
        *[s.value for s in (LoanStatus.REPAYING, LoanStatus.GUARANTORS)],
        refusal=LoanError,
        noun="สัญญา",
    )
    if not reason.strip():
        raise _refuse("reason_required", "ระบุเหตุผลการปรับโครงสร้างหนี้", "Give the reason.", "reason")
    if not 1 <= months <= loan.rule.max_restructure_months:
        raise _refuse(
            "term_too_long",
            f"จำนวนงวดต้องอยู่ระหว่าง 1 ถึง {loan.rule.max_restructure_months}",
            "The term is outside the fund's rule.",
            "months",
        )
    from_month = month_start(from_month)
    if from_month != expected_month(loan):
        raise _refuse(
            "restructure_month",
            "ปรับโครงสร้างได้ตั้งแต่เดือนถัดจากเดือนที่บันทึกล่าสุด",
            "Restructure from the next month to record.",
            "from_month",
        )
    instalment = am.level_instalment(loan.balance, loan.annual_rate, months)
    old = (loan.schedule_instalment, loan.schedule_months)
    _end_instruction(loan.borrower_instruction, previous_month(from_month), actor, request)
    loan.schedule_start = from_month
    loan.schedule_months = months
    loan.schedule_instalment = instalment
    loan.schedule_paid = Decimal("0.00")
    loan.arrears_amount = Decimal("0.00")
    loan.months_overdue = 0
    _guarantors_end(loan, last=previous_month(from_month), actor=actor, request=request)
    _start_deduction(loan, first=from_month, actor=actor, request=request)
    LoanEntry.objects.create(
        loan=loan,
        kind=EntryKind.RESTRUCTURE,
        month=from_month,
        on=from_month,
        opening_balance=loan.balance,
        interest=Decimal("0.00"),
        due=instalment,
        source=PaymentSource.NONE,
        closing_balance=loan.balance,
        interest_due=loan.interest_due,
        note=reason.strip()[:300],
        recorded_by=_user(actor),
    )
    loan.save()
    outbox_record(resource=LOAN, action="updated", obj=loan)
    _audit(
        "loan_restructured",
        actor,
        loan,
        {
            "instalment": [f"{old[0]:.2f}", f"{instalment:.2f}"],
            "months": [old[1], months],
            "reason": [None, reason.strip()],
        },
        request,
    )
    return loan
