"""A borrower who moves to another area office takes the loan along: the new office collects,
the old one keeps the history. Two offices are two schemas that never read each other, so the
loan moves as a **signed hand-over** (Django's signing with the server's key, salted per
purpose), not through a shared table:

1. The old office's welfare officer hands the loan over (`loan_transfer_out`): the loan's
   deductions end with the month before the hand-over month, the loan is closed as moved
   (`transferred_to`), a ledger line records the position handed over, and the package is
   made: the borrower's national ID and name, the guarantors' names and IDs, the terms, the
   schedule and the position (balance, unpaid interest, arrears) — only this loan, nothing
   else of the office. The package names the office it is for.
2. The officer sends the package (a file) to the new office, whose welfare officer receives it
   (`loan_transfer_in`): the signature is checked (tampering, another purpose, or older than
   `MAX_AGE` is refused), the package must name this office, the borrower must already be in
   this office's register (found by national ID; nothing is read from the old office), and a
   package is received once. The new loan carries the same position and schedule, a number of
   this office, `transferred_from` "<old office>:<old number>", and its own payroll deduction
   from the hand-over month. Guarantors of another office stay names on the loan: this office
   cannot deduct their pay (`person` empty), so the guarantor rule has no one to deduct.

Each side audits its step. The old office never learns anything of the new one beyond the code
it chose; the new one learns only what is in the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import transaction
from django.http import HttpRequest

from apps.payroll.months import month_start, previous_month
from apps.people.models import Person
from apps.revolvingfund.loans import services
from apps.revolvingfund.loans.declaration import LOAN
from apps.revolvingfund.loans.services import (
    PREPARER_ROLES,
    LoanError,
    _audit,
    _end_instruction,
    _guarantors_end,
    _refuse,
    _start_deduction,
    _user,
    add_months,
    expected_month,
)
from apps.revolvingfund.models import (
    RUNNING,
    EntryKind,
    FundNumberCounter,
    Loan,
    LoanEntry,
    LoanGuarantor,
    LoanOrigin,
    LoanStatus,
    PaymentSource,
)
from core.kit import lock, require_role
from core.schemas import current_schema
from core.sequences import next_number
from core.thai import to_be_year
from outbox.services import outbox_record
from tenants.models import Office

SALT = "krucare.revolvingfund.loan-transfer"
VERSION = 1
MAX_AGE = 60 * 60 * 24 * 90  # a package is received within 90 days
MAX_PACKAGE_BYTES = 64 * 1024


def this_office() -> str:
    return current_schema().removeprefix("esa_")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class Handover:
    loan: Loan
    package: str  # the signed text to send to the new office


@transaction.atomic
def loan_transfer_out(
    *,
    loan: Loan,
    to_office: str,
    from_month: date,
    actor: Any,
    request: HttpRequest | None = None,
) -> Handover:
    """Hand the loan over to `to_office` from `from_month` (the next month to record): the
    deductions here end before it; the loan closes as moved; returns the signed package."""
    require_role(
        actor,
        *PREPARER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("โอนสัญญาเงินกู้", "hand loans over"),
    )
    loan = lock(Loan.objects.select_related("person", "rule"), loan.pk)
    if loan.status not in RUNNING:
        raise _refuse("not_running", "โอนได้เฉพาะสัญญาที่กำลังผ่อนชำระ", "Only a running loan moves.")
    to_office = to_office.strip().lower()
    if (
        to_office == this_office()
        or not Office.objects.filter(code=to_office, is_active=True).exists()
    ):
        raise _refuse("unknown_office", "ไม่พบสำนักงานปลายทาง", "No such other office.", "to_office")
    from_month = month_start(from_month)
    if from_month != expected_month(loan):
        raise _refuse(
            "transfer_month",
            "โอนได้ตั้งแต่เดือนถัดจากเดือนที่บันทึกการหักล่าสุด",
            "Hand over from the next month to record.",
            "from_month",
        )
    last = previous_month(from_month)
    assert_start = loan.schedule_start or from_month
    package = {
        "version": VERSION,
        "from_office": this_office(),
        "to_office": to_office,
        "from_month": from_month.isoformat(),
        "number": loan.number,
        "borrower": {"national_id": loan.person.national_id, "name": loan.person.full_name_th},
        "guarantors": [
            {"national_id": g.national_id, "name": g.name, "position": g.position}
            for g in loan.guarantors.all()
        ],
        "fiscal_year": loan.fiscal_year,
        "round_number": loan.round_number,
        "principal": _money(loan.principal),
        "annual_rate": str(loan.annual_rate),
        "term_months": loan.term_months,
        "instalment": _money(loan.instalment),
        "terms_code": loan.terms_code,
        "terms_confirmed": loan.terms_confirmed,
        "contract_signed_on": loan.contract_signed_on.isoformat(),
        "disbursed_on": loan.disbursed_on.isoformat() if loan.disbursed_on else None,
        "schedule_start": assert_start.isoformat(),
        "schedule_months": loan.schedule_months,
        "schedule_instalment": _money(loan.schedule_instalment),
        "schedule_paid": _money(loan.schedule_paid),
        "balance": _money(loan.balance),
        "interest_due": _money(loan.interest_due),
        "interest_charged": _money(loan.interest_charged),
        "interest_paid": _money(loan.interest_paid),
        "arrears_amount": _money(loan.arrears_amount),
        "months_overdue": loan.months_overdue,
    }
    _end_instruction(loan.borrower_instruction, last, actor, request)
    _guarantors_end(loan, last=last, actor=actor, request=request)
    LoanEntry.objects.create(
        loan=loan,
        kind=EntryKind.TRANSFER_OUT,
        month=from_month,
        on=from_month,
        opening_balance=loan.balance,
        interest=Decimal("0.00"),
        source=PaymentSource.NONE,
        closing_balance=loan.balance,
        interest_due=loan.interest_due,
        arrears=loan.arrears_amount,
        months_overdue=loan.months_overdue,
        note=f"โอนไปยัง {to_office}",
        recorded_by=_user(actor),
    )
    loan.status = LoanStatus.TRANSFERRED
    loan.transferred_to = to_office
    loan.closed_on = from_month
    loan.closed_reason = f"ย้ายไปสังกัด {to_office}"
    loan.save()
    outbox_record(resource=LOAN, action="updated", obj=loan)
    _audit(
        "loan_transferred_out",
        actor,
        loan,
        {"to_office": [None, to_office], "from_month": [None, from_month.isoformat()]},
        request,
    )
    return Handover(loan, signing.dumps(package, salt=SALT, compress=True))


def package_read(text: str) -> dict[str, Any]:
    """The package, if its signature holds and it is recent. LoanError otherwise."""
    text = text.strip()
    if not text or len(text) > MAX_PACKAGE_BYTES:
        raise _refuse(
            "transfer_package", "ไฟล์โอนสัญญาไม่ถูกต้อง", "Not a hand-over package.", "package"
        )
    try:
        package = signing.loads(text, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise _refuse(
            "transfer_expired",
            "ไฟล์โอนสัญญาหมดอายุ (เกิน 90 วัน) ขอไฟล์ใหม่จากสำนักงานเดิม",
            "The package is older than 90 days.",
            "package",
        ) from None
    except signing.BadSignature:
        raise _refuse(
            "transfer_signature",
            "ไฟล์โอนสัญญาถูกแก้ไขหรือไม่ได้ออกโดยระบบ",
            "The package's signature does not hold.",
            "package",
        ) from None
    if not isinstance(package, dict) or package.get("version") != VERSION:
        raise _refuse(
            "transfer_package", "ไฟล์โอนสัญญาไม่ถูกต้อง", "Not a hand-over package.", "package"
        )
    return package


@transaction.atomic
def loan_transfer_in(*, package: str, actor: Any, request: HttpRequest | None = None) -> Loan:
    """Receive a loan handed over by another office (see the module). Refused: a package not
    for this office, tampered or expired; a borrower not in this office's register; a package
    received already (a double submission makes one loan)."""
    require_role(
        actor,
        *PREPARER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("รับโอนสัญญาเงินกู้", "receive loans"),
    )
    data = package_read(package)
    if data.get("to_office") != this_office():
        raise _refuse(
            "transfer_not_ours",
            "ไฟล์โอนสัญญานี้ไม่ได้ส่งมายังสำนักงานนี้",
            "The package is for another office.",
            "package",
        )
    origin = f"{data['from_office']}:{data['number']}"
    if Loan.objects.filter(transferred_from=origin).exists():
        raise _refuse("transfer_received", "รับโอนสัญญานี้แล้ว", "This loan was received already.")
    borrower = Person.objects.filter(national_id=data["borrower"]["national_id"]).first()
    if borrower is None:
        raise _refuse(
            "transfer_no_borrower",
            f"ยังไม่มี {data['borrower']['name']} ในทะเบียนบุคลากรของสำนักงาน กรุณาเพิ่มก่อน",
            "The borrower is not in this office's register yet.",
            "package",
        )
    from_month = date.fromisoformat(data["from_month"])
    rule = services.loan_rule_in_force(on=from_month)
    be_year = to_be_year(from_month.year)
    number = next_number(FundNumberCounter, kind="loan", be_year=be_year)
    principal = Decimal(data["principal"])
    balance = Decimal(data["balance"])
    disbursed = data.get("disbursed_on")
    loan = Loan(
        number=f"{number:04d}/{be_year}",
        origin=LoanOrigin.TRANSFERRED_IN,
        person=borrower,
        fiscal_year=int(data["fiscal_year"]),
        round_number=data.get("round_number"),
        principal=principal,
        annual_rate=Decimal(data["annual_rate"]),
        term_months=int(data["term_months"]),
        instalment=Decimal(data["instalment"]),
        terms_code=str(data.get("terms_code", ""))[:40],
        terms_confirmed=bool(data.get("terms_confirmed")),
        rule=rule,
        status=LoanStatus.REPAYING,
        contract_signed_on=date.fromisoformat(data["contract_signed_on"]),
        borrower_signed=True,
        office_signer_name=f"รับโอนจาก {data['from_office']}",
        disbursed_on=date.fromisoformat(disbursed) if disbursed else None,
        first_month=from_month,
        schedule_start=date.fromisoformat(data["schedule_start"]),
        schedule_months=int(data["schedule_months"]),
        schedule_instalment=Decimal(data["schedule_instalment"]),
        schedule_paid=Decimal(data["schedule_paid"]),
        balance=balance,
        interest_due=Decimal(data["interest_due"]),
        principal_repaid=principal - balance,
        interest_charged=Decimal(data["interest_charged"]),
        interest_paid=Decimal(data["interest_paid"]),
        last_month=previous_month(from_month),
        arrears_amount=Decimal(data["arrears_amount"]),
        months_overdue=int(data["months_overdue"]),
        transferred_from=origin[:80],
        created_by=_user(actor),
    )
    loan.save()
    for g in data.get("guarantors", []):
        here = Person.objects.filter(national_id=g["national_id"]).first()
        LoanGuarantor.objects.create(
            loan=loan,
            person=here,
            name=str(g["name"])[:200],
            national_id=g["national_id"][:13],
            position=str(g.get("position", ""))[:300],
            guarantee_signed=True,
        )
    LoanEntry.objects.create(
        loan=loan,
        kind=EntryKind.OPENING,
        month=from_month,
        on=from_month,
        opening_balance=balance,
        interest=Decimal("0.00"),
        source=PaymentSource.NONE,
        closing_balance=balance,
        interest_due=loan.interest_due,
        arrears=loan.arrears_amount,
        months_overdue=loan.months_overdue,
        note=f"รับโอนจาก {origin}",
        recorded_by=_user(actor),
    )
    end = add_months(loan.schedule_start, loan.schedule_months - 1) if loan.schedule_start else None
    months_left = (
        services.months_between(from_month, end) if end is not None and end >= from_month else 1
    )
    loan.schedule_months, full_months = months_left, loan.schedule_months
    _start_deduction(loan, first=from_month, actor=actor, request=request)
    loan.schedule_months = full_months
    loan.save()
    outbox_record(resource=LOAN, action="created", obj=loan)
    _audit("loan_transferred_in", actor, loan, {"from": [None, origin]}, request)
    return loan


__all__ = ["MAX_AGE", "Handover", "LoanError", "loan_transfer_in", "loan_transfer_out"]


def loan_guarantor_link(
    *, loan: Loan, guarantor_id: int, actor: Any, request: HttpRequest | None = None
) -> LoanGuarantor:
    """Link a guarantor named on a loan received from another office to the person of this
    office's register with the national ID the package gave (once they join this office), so
    the guarantor rule can deduct their pay here. Refused, changing nothing: not a welfare
    officer, a loan not running here, a guarantor already linked or without a national ID, no
    such person in this office's register, the borrower themselves, or while the guarantors'
    deduction is running (their shares are split when it starts: link before, or after it
    ends). Whether it links is decided by the register only; nothing is read from the old
    office."""
    require_role(
        actor,
        *PREPARER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("เชื่อมผู้ค้ำประกันกับทะเบียนบุคลากร", "link a guarantor to the register"),
    )
    with transaction.atomic():
        loan = lock(Loan, loan.pk)
        guarantor = (
            LoanGuarantor.objects.select_for_update().filter(loan=loan, pk=guarantor_id).first()
        )
        if guarantor is None:
            raise _refuse("not_found", "ไม่พบผู้ค้ำประกันนี้ในสัญญา", "No such guarantor.")
        if loan.status not in RUNNING:
            raise _refuse("not_running", "สัญญานี้ไม่ได้ผ่อนชำระอยู่", "The loan is not running here.")
        if loan.status == LoanStatus.GUARANTORS:
            raise _refuse(
                "guarantors_deducted",
                "กำลังหักเงินผู้ค้ำประกันอยู่ เชื่อมได้เมื่อการหักจากผู้ค้ำประกันสิ้นสุด",
                "The guarantors are being deducted; link once that ends.",
            )
        if guarantor.person_id is not None:
            raise _refuse("already_linked", "ผู้ค้ำประกันนี้เชื่อมกับทะเบียนแล้ว", "Already linked.")
        if not guarantor.national_id:
            raise _refuse(
                "no_national_id",
                "ไม่มีเลขประจำตัวประชาชนของผู้ค้ำประกันนี้",
                "The guarantor has no national ID.",
            )
        person = Person.objects.filter(national_id=guarantor.national_id).first()
        if person is None:
            raise _refuse(
                "not_in_register",
                "ยังไม่พบผู้ค้ำประกันในทะเบียนบุคลากรของสำนักงาน (เพิ่มในทะเบียนก่อน)",
                "The guarantor is not in this office's register.",
            )
        if person.pk == loan.person_id:
            raise _refuse("borrower", "ผู้กู้เป็นผู้ค้ำประกันของตนเองไม่ได้", "The borrower cannot guarantee.")
        if loan.guarantors.filter(person=person).exists():
            raise _refuse("already_linked", "บุคคลนี้เป็นผู้ค้ำประกันของสัญญานี้แล้ว", "Already a guarantor.")
        guarantor.person = person
        guarantor.save(update_fields=["person"])
        _audit(
            "guarantor_linked",
            actor,
            loan,
            {"guarantor": [guarantor.name, person.pk]},
            request,
        )
    return guarantor
