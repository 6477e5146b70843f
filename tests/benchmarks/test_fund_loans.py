"""The revolving fund's loans: the arithmetic (a 144-month schedule, a loan's ledger replayed
with partial and missed months) and the register of a year with 500 loans (about thirty times
Phatthalung Area 2's 16 of FY 2557) as PDF and XLSX, drawn from loans in memory."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.people.models import Person
from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.loans import documents
from apps.revolvingfund.models import Loan
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row

pytestmark = pytest.mark.benchmark

ROWS = 500
REPEATS = 3
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"


def _loan(number: int) -> Loan:
    person = Person(
        national_id=f"3{number:012d}",
        title="นาย",
        first_name_th="ประเสริฐ",
        last_name_th="แก้วมณี",
        birth_date=date(1975, 5, 1),
        category="teacher",
    )
    principal = Decimal("200000")
    return Loan(
        pk=number,
        number=f"{number:04d}/2557",
        person=person,
        fiscal_year=2557,
        round_number=1 + number % 2,
        principal=principal,
        annual_rate=Decimal("5.525"),
        term_months=96,
        instalment=Decimal("2582.27"),
        contract_signed_on=date(2014, 6, 2),
        disbursed_on=date(2014, 6, 10),
        balance=Decimal("150000.00"),
        principal_repaid=Decimal("50000.00"),
        arrears_amount=Decimal("2582.27") * (number % 3),
        months_overdue=number % 3,
        status="repaying",
    )


def _repeat(call: Any) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_the_loan_arithmetic_and_the_register_of_a_year() -> None:
    pattern = [Decimal("2582.27"), Decimal("1000"), Decimal("0"), Decimal("4000")] * 40

    def schedule() -> list[am.ScheduleLine]:
        return am.schedule(Decimal("500000"), Decimal("4"), 144)

    def ledger() -> list[am.MonthEntry]:
        return am.ledger(Decimal("200000"), Decimal("5.525"), 96, pattern)

    loans = [_loan(n) for n in range(1, ROWS + 1)]

    def pdf() -> bytes:
        return documents.register_pdf(
            loans, title="ทะเบียนคุมลูกหนี้ ปีงบประมาณ 2557", office_name=OFFICE
        )

    def xlsx() -> bytes:
        return documents.register_xlsx(loans, title="ทะเบียนคุมลูกหนี้ ปีงบประมาณ 2557")

    assert schedule()[-1].closing_balance == 0
    pages = len(PdfReader(io.BytesIO(pdf())).pages)
    assert 1 < pages <= 40
    sheet = load_workbook(io.BytesIO(xlsx())).active
    assert sheet is not None and sheet.max_row == ROWS + 2
    rows = [
        ("schedule, 144 months", _repeat(schedule)),
        ("ledger replay, 160 months with partial and missed", _repeat(ledger)),
        (f"register PDF, {ROWS} loans, {pages} pages", _repeat(pdf)),
        (f"register XLSX, {ROWS} loans", _repeat(xlsx)),
    ]
    print_table("Revolving-fund loans", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("fund_loans", label, summary, rows=ROWS, pages=pages)


class _RollBack(Exception):
    pass


def test_a_month_of_deductions_for_200_loans(django_db_setup: None, django_db_blocker: Any) -> None:
    """200 running loans (about twelve times the demo office's 16): the month's deduction file,
    then what finance deducted checked and recorded; everything rolled back afterwards."""
    from django.db import transaction
    from django_tenants.utils import schema_context

    from apps.revolvingfund.loans import importing
    from tests.revolvingfund.loans.factories import FIRST_MONTH, make_loan, staff

    loans = 200
    timings: list[tuple[str, Summary]] = []
    with django_db_blocker.unblock(), schema_context("esa_alpha"):
        try:
            with transaction.atomic():
                for _ in range(loans):
                    make_loan(guarantors=1)
                finance = staff("finance_officer")
                with Timer() as xlsx_timer:
                    importing.deduction_file_xlsx(month=FIRST_MONTH)
                with Timer() as csv_timer:
                    rows = ["เลขประจำตัวประชาชน,เลขที่สัญญา,จำนวนเงินที่หักได้"] + [
                        f"{x.national_id},{x.contract},{x.amount:.2f}"
                        for x in importing.deduction_lines(month=FIRST_MONTH)
                    ]
                with Timer() as check_timer:
                    batch = importing.repayments_import_check(
                        month=FIRST_MONTH,
                        file_name="m.csv",
                        content=("\n".join(rows) + "\n").encode(),
                        actor=finance,
                    )
                with Timer() as apply_timer:
                    result = importing.repayments_import_apply(batch=batch, actor=finance)
                assert result.recorded == loans
                timings = [
                    (f"deduction file XLSX, {loans} loans", Summary.of([xlsx_timer.seconds])),
                    (f"deduction lines, {loans} loans", Summary.of([csv_timer.seconds])),
                    (f"import check (dry run), {loans} rows", Summary.of([check_timer.seconds])),
                    (f"import apply, {loans} loans", Summary.of([apply_timer.seconds])),
                ]
                raise _RollBack
        except _RollBack:
            pass
    print_table("Revolving-fund month", SUMMARY_HEADERS, [row(label, s) for label, s in timings])
    for label, summary in timings:
        record_summary("fund_loans", label, summary, rows=loans)
