"""The revolving fund's documents drawn from rows in memory: the register of approvals of a
busy year (300 borrowers, about twenty times Phatthalung Area 2's 16 of FY 2557) as PDF and
XLSX, a round's ranking list of 200 applications, and the call's circular letter."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.people.models import Person
from apps.revolvingfund import documents
from apps.revolvingfund.models import Application, FundSettings, Guarantor, Round
from core.demo import BANGKOK
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row

pytestmark = pytest.mark.benchmark

ROWS = 300
RANKED = 200
REPEATS = 3
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
NAMES = [
    ("นาง", "สมศรี", "ทองมา"),
    ("นาย", "ประเสริฐ", "แก้วมณี"),
    ("นางสาว", "กิ่งแก้ว", "ศรีสุวรรณ์"),
    ("นาย", "ณัฐวุฒิ", "เพชรรัตนพงศ์ไพบูลย์"),
]
TERMS = {
    "code": "fy2557",
    "cap_per_borrower": "200000.00",
    "rate_kind": "mlr_minus",
    "rate_value": "1.000",
    "annual_rate": "5.525",
    "term_months": 96,
    "guarantors_min": 2,
    "unconfirmed_items": "อัตราดอกเบี้ยและจำนวนงวด",
}


def _person(number: int) -> Person:
    title, first, last = NAMES[number % len(NAMES)]
    return Person(
        national_id=f"3{number:012d}",
        title=title,
        first_name_th=first,
        last_name_th=last,
        birth_date=date(1975, 5, 1),
        category="teacher",
        position="ครู",
    )


def _round(number: int = 1) -> Round:
    return Round(
        pk=number,
        fiscal_year=2557,
        number=number,
        allocation_amount=Decimal("2200000"),
        terms_id=2,
        terms_code="fy2557",
        terms=TERMS,
        opens_on=date(2014, 6, 9),
        closes_on=date(2014, 6, 30),
        call_published_at=datetime(2014, 6, 2, 10, tzinfo=BANGKOK),
        call_letter_number="ศธ 04123/ว 0002",
        documents_to_bring=[{"code": "tp1", "label": "แบบคำขอกู้ยืมเงิน (ทป.1)"}],
    )


def _application(number: int, round_: Round, *, approved: bool = True) -> Application:
    decided = datetime(2014, 7, 18, 15, tzinfo=BANGKOK) - timedelta(days=number % 30)
    application = Application(
        pk=number,
        round=round_,
        person=_person(number),
        number=f"{number:04d}/2557",
        applicant_category="teacher",
        position="ครู ชำนาญการ",
        school_name="โรงเรียนบ้านควนขนุน",
        service_started_on=date(1998, 5, 16),
        amount_requested=Decimal("200000"),
        term_requested=96,
        status="approved" if approved else "refused",
        approved_amount=Decimal("200000") if approved else None,
        annual_rate=Decimal("5.525") if approved else None,
        term_months=96 if approved else None,
        instalment=Decimal("2582.27") if approved else None,
        score_total=Decimal("84.50"),
        rank=number,
        decided_at=decided,
        decision_reason="" if approved else "ลำดับเกินวงเงินจัดสรร (วงเงินจัดสรรไม่เพียงพอ)",
        terms_id=2,
        terms_code="fy2557",
        received_at=decided - timedelta(days=30),
    )
    guarantors = [Guarantor(person=_person(number + 1000 + k)) for k in range(2)]
    application._prefetched_objects_cache = {"guarantors": guarantors, "debts": []}
    return application


def _repeat(call: Any) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_the_fund_documents() -> None:
    round_ = _round()
    approvals = [_application(n, round_) for n in range(1, ROWS + 1)]
    ranked = [_application(n, round_, approved=n <= 11) for n in range(1, RANKED + 1)]

    def pdf() -> bytes:
        return documents.register_pdf(approvals, office_name=OFFICE, fiscal_year_be=2557)

    def xlsx() -> bytes:
        return documents.register_xlsx(approvals, office_name=OFFICE, fiscal_year_be=2557)

    def ranking() -> bytes:
        return documents.ranking_pdf(round_, ranked, office_name=OFFICE)

    def call() -> bytes:
        return documents.call_letter_pdf(
            round_, office_name=OFFICE, thai_digits=True, settings=FundSettings()
        )

    pages = len(PdfReader(io.BytesIO(pdf())).pages)
    assert 1 < pages <= 30
    ranking_pages = len(PdfReader(io.BytesIO(ranking())).pages)
    assert len(PdfReader(io.BytesIO(call())).pages) == 1
    sheet = load_workbook(io.BytesIO(xlsx())).active
    assert sheet is not None and sheet.max_row == ROWS + 3
    rows = [
        (f"register PDF, {ROWS} rows, {pages} pages", _repeat(pdf)),
        (f"register XLSX, {ROWS} rows", _repeat(xlsx)),
        (f"ranking list PDF, {RANKED} rows, {ranking_pages} pages", _repeat(ranking)),
        ("call's circular letter PDF, 1 page", _repeat(call)),
    ]
    print_table("Revolving fund", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("revolvingfund", label, summary, rows=ROWS, pages=pages)
