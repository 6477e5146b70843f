"""Loans for tests, made through the loans' services from an approved application.

The approved application is written directly (the approvals side, issue 17, is built in
parallel); everything after it goes through `apps.revolvingfund.loans.services`."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from apps.people.models import Person
from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.loans import services
from apps.revolvingfund.models import Application, Guarantor, Loan, Round
from tests.people.factories import make_person

CONTRACT_DAY = date(2014, 6, 2)
PAID_DAY = date(2014, 6, 10)  # first deduction: July 2014 (กรกฎาคม 2557)
FIRST_MONTH = date(2014, 7, 1)


def staff(username: str) -> User:
    return User.objects.get(username=username)


def proof_upload(name: str = "slip.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_round(fiscal_year: int = 2557, number: int = 1) -> Round:
    found, _ = Round.objects.get_or_create(
        fiscal_year=fiscal_year,
        number=number,
        defaults={
            "allocation_amount": Decimal("3000000"),
            "terms_id": 1,
            "terms_code": f"fy{fiscal_year}",
            "terms": {"cap_per_borrower": "200000"},
        },
    )
    return found


def make_approved_application(
    *,
    person: Person | None = None,
    amount: str = "200000",
    rate: str = "5.525",
    term: int = 96,
    guarantors: int = 2,
) -> Application:
    person = person or make_person(category="teacher")
    principal = Decimal(amount)
    application = Application.objects.create(
        round=make_round(),
        person=person,
        number=f"T{person.pk:05d}",
        applicant_category="teacher",
        position="ครู",
        school_name="โรงเรียนบ้านทดสอบ",
        service_started_on=date(2000, 5, 16),
        amount_requested=principal,
        term_requested=term,
        terms_id=1,
        terms_code="fy2557",
        status="approved",
        approved_amount=principal,
        annual_rate=Decimal(rate),
        term_months=term,
        instalment=am.level_instalment(principal, Decimal(rate), term),
        decided_at=datetime(2014, 5, 20, 3, 0, tzinfo=UTC),
        received_at=datetime(2014, 4, 1, 2, 0, tzinfo=UTC),
    )
    for _ in range(guarantors):
        Guarantor.objects.create(
            application=application,
            person=make_person(category="teacher"),
            position="ครู",
            consent_signed=True,
        )
    return application


def make_loan(*, step: str = "repaying", **kwargs: Any) -> Loan:
    """A loan up to `step`: "prepared", "signed" or "repaying" (disbursed in one payment)."""
    application = make_approved_application(**kwargs)
    loan = services.loan_contract_prepare(
        application=application,
        contract_signed_on=CONTRACT_DAY,
        borrower_signed=True,
        guarantees_signed=True,
        witnesses=["นางสาวพยาน หนึ่ง", "นายพยาน สอง"],
        actor=staff("welfare_officer"),
    )
    if step == "prepared":
        return loan
    loan = services.loan_contract_sign(
        loan=loan, signer_name="นายผู้อำนวยการ ทดสอบ", actor=staff("approver")
    )
    if step == "signed":
        return loan
    services.loan_disburse(
        loan=loan,
        creditor="สหกรณ์ออมทรัพย์ครูทดสอบ จำกัด",
        amount=loan.principal,
        paid_on=PAID_DAY,
        reference=f"TR-{loan.pk}",
        proof=proof_upload(),
        actor=staff("finance_officer"),
    )
    loan.refresh_from_db()
    return loan


def import_month_entry(loan: Loan) -> Any:
    """The loan's first month deducted in full through the import: its ledger line."""
    from apps.revolvingfund.loans.importing import (
        deduction_lines,
        repayments_import_apply,
        repayments_import_check,
    )
    from apps.revolvingfund.models import LoanEntry

    rows = ["เลขประจำตัวประชาชน,เลขที่สัญญา,จำนวนเงินที่หักได้"]
    for line in deduction_lines(month=FIRST_MONTH):
        rows.append(f"{line.national_id},{line.contract},{line.amount:.2f}")
    batch = repayments_import_check(
        month=FIRST_MONTH,
        file_name="d.csv",
        content=("\n".join(rows) + "\n").encode(),
        actor=staff("finance_officer"),
    )
    repayments_import_apply(batch=batch, actor=staff("finance_officer"))
    return LoanEntry.objects.get(loan=loan, month=FIRST_MONTH)
