"""The loans' demo, run at the end of the fund's demo (`apps.revolvingfund.demo.build` calls
`build` once the approvals exist): every approved FY 2557 application gets its contract and
guarantees (the officer), the director's signature, the payments to the creditors named in the
application with a proof (finance), and then month after month the deduction file and what
finance deducted, imported through the same check-then-confirm service as the pages, through
the end of fiscal year 2559 (`HORIZON`).

A few borrowers fall behind (`context.random("loans")` picks them): one stops paying five
months before the horizon, so after three missed months (the rule's setting) the instalment is
deducted from the guarantors, with a letter to each; one has only part of the instalment
deducted for the last six months; one misses the last two months; and one settles early in
cash, with interest to the day. Everything else is deducted in full.

- Deterministic: `context.random("loans")`.
- Idempotent: None when the office has loans or no approved application, or lacks one of
  the three accounts (officer, director, finance) the steps need.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from apps.payroll.months import next_month
from apps.revolvingfund.loans import importing, services
from apps.revolvingfund.models import Application, ApplicationStatus, Loan
from audit.services import audit_record
from core.demo import DEMO_ACTOR_LABEL, DemoContext
from core.thai import local_date

HORIZON = date(2016, 9, 1)  # September 2559, the last month of FY 2559
GUARANTOR_STORY_MONTHS = 5
PARTIAL_MONTHS = 6
PARTIAL_SHARE = Decimal("0.8")
MISSED_MONTHS = 2
WITNESSES = ("นางสาวสุภาพร ใจซื่อ", "นายประเสริฐ มั่นคง")


def _proof(number: str) -> SimpleUploadedFile:
    """A stand-in for the bank's transfer slip: a small white image."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), "white").save(buffer, "PNG")
    return SimpleUploadedFile(f"slip-{number}.png", buffer.getvalue(), content_type="image/png")


def _contract(application: Application, *, officer: User, director: User, payer: User) -> Loan:
    decided = local_date(application.decided_at) if application.decided_at else date(2014, 6, 1)
    signed_on = decided + timedelta(days=14)
    loan = services.loan_contract_prepare(
        application=application,
        contract_signed_on=signed_on,
        borrower_signed=True,
        guarantees_signed=True,
        witnesses=list(WITNESSES),
        actor=officer,
    )
    loan = services.loan_contract_sign(
        loan=loan, signer_name=director.get_full_name() or "ผู้อำนวยการ", actor=director
    )
    remaining = loan.principal
    debts = list(application.debts.order_by("pk"))
    paid_on = signed_on + timedelta(days=7)
    for index, debt in enumerate(debts):
        if remaining <= 0:
            break
        last = index == len(debts) - 1
        amount = remaining if last else min(debt.balance, remaining)
        services.loan_disburse(
            loan=loan,
            creditor=debt.creditor,
            amount=amount,
            paid_on=paid_on,
            reference=f"KTB-{loan.pk:04d}-{index + 1}",
            proof=_proof(loan.number),
            actor=payer,
        )
        remaining -= amount
    if remaining > 0:  # no debts listed: one payment to the borrower's cooperative
        services.loan_disburse(
            loan=loan,
            creditor="สหกรณ์ออมทรัพย์ครู",
            amount=remaining,
            paid_on=paid_on,
            reference=f"KTB-{loan.pk:04d}-0",
            proof=_proof(loan.number),
            actor=payer,
        )
    loan.refresh_from_db()
    return loan


def _deducted(month: date, plans: dict[str, tuple[str, int]]) -> bytes:
    """What finance deducted in `month`, as the file it sends back."""
    rows = ["เลขประจำตัวประชาชน,เลขที่สัญญา,จำนวนเงินที่หักได้"]
    for line in importing.deduction_lines(month=month):
        amount = line.amount
        story = plans.get(line.contract)
        if story is not None and line.role == importing.BORROWER:
            kind, months_left = story
            if kind == "stops" and months_left < GUARANTOR_STORY_MONTHS:
                amount = Decimal("0")
            elif kind == "partial" and months_left < PARTIAL_MONTHS:
                amount = (amount * PARTIAL_SHARE).quantize(Decimal("0.01"))
            elif kind == "misses" and months_left < MISSED_MONTHS:
                amount = Decimal("0")
        rows.append(f"{line.national_id},{line.contract},{amount:.2f}")
    return ("\n".join(rows) + "\n").encode()


def build(context: DemoContext) -> dict[str, int] | None:
    if Loan.objects.exists():
        return None
    approved = list(
        Application.objects.filter(status=ApplicationStatus.APPROVED, loan__isnull=True)
        .select_related("person", "round")
        .order_by("decided_at", "rank", "pk")
    )
    if not approved:
        return None
    accounts = {
        u.username: u
        for u in User.objects.filter(
            username__in=[context.officer, context.approver, context.payer]
        )
    }
    if len(accounts) < 3:  # the contract, its signature and the payments need all three
        return None
    officer, director = accounts[context.officer], accounts[context.approver]
    payer = accounts[context.payer]
    loans = [_contract(a, officer=officer, director=director, payer=payer) for a in approved]
    rng = context.random("loans")
    order = [loan.number for loan in loans]
    rng.shuffle(order)
    stories = ["stops", "partial", "misses", "settles"][: max(1, len(order) // 2)]
    plans = dict(zip(order, stories, strict=False))
    first = min(loan.first_month for loan in loans if loan.first_month)
    month, applied = first, 0
    settled_number = next((n for n, s in plans.items() if s == "settles"), None)
    settle_on = date(2016, 3, 15)
    while month <= HORIZON:
        left = (HORIZON.year - month.year) * 12 + HORIZON.month - month.month
        monthly = {number: (story, left) for number, story in plans.items()}
        if settled_number and month == date(2016, 3, 1):
            loan = Loan.objects.get(number=settled_number)
            if loan.is_running:
                quote, _days = services.settlement_quote(loan=loan, on=settle_on)
                services.loan_settle(
                    loan=loan,
                    on=settle_on,
                    amount=quote,
                    source="cash",
                    reason="ชำระหนี้คืนก่อนกำหนด",
                    actor=payer,
                )
        batch = importing.repayments_import_check(
            month=month,
            file_name=f"fund-deducted-{month:%Y-%m}.csv",
            content=_deducted(month, monthly),
            actor=payer,
        )
        importing.repayments_import_apply(batch=batch, actor=payer)
        applied += 1
        month = next_month(month)
    counts = {
        "loans": len(loans),
        "loan_months_imported": applied,
        "loans_in_arrears": Loan.objects.filter(months_overdue__gte=1).count(),
        "loans_with_guarantors_deducted": Loan.objects.filter(status="guarantors").count(),
        "loans_settled": Loan.objects.filter(status="settled").count(),
    }
    audit_record(
        action="demo.revolvingfund_loans_loaded",
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts


__all__ = ["HORIZON", "build"]
