"""The salary-certificate register of a busy year (300 certificates, a dozen times Phatthalung
Area 2's 25 of FY 2557) as PDF and XLSX, drawn from certificates in memory."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.certificates import documents
from apps.certificates.models import Certificate, CertificateStatus
from apps.people.models import Person
from core.demo import BANGKOK
from core.thai import fiscal_year
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row

pytestmark = pytest.mark.benchmark

ROWS = 300
REPEATS = 3
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
NAMES = [
    ("นาง", "สมศรี", "ทองมา"),
    ("นาย", "ประเสริฐ", "แก้วมณี"),
    ("นางสาว", "กิ่งแก้ว", "ศรีสุวรรณ์"),
    ("นาย", "ณัฐวุฒิ", "เพชรรัตนพงศ์ไพบูลย์"),
]
BANKS = [
    ("gsb", "ธนาคารออมสิน", "สินเชื่อสวัสดิการข้าราชการครู (หักเงินเดือน)"),
    ("ktb", "ธนาคารกรุงไทย จำกัด (มหาชน)", "สินเชื่ออเนกประสงค์สวัสดิการภาครัฐ"),
    ("ghb", "ธนาคารอาคารสงเคราะห์", "เงินกู้สวัสดิการเพื่อที่อยู่อาศัยสำหรับข้าราชการ (หักเงินเดือน)"),
]


def _certificate(number: int) -> Certificate:
    title, first, last = NAMES[number % len(NAMES)]
    person = Person(
        national_id=f"3{number:012d}",
        title=title,
        first_name_th=first,
        last_name_th=last,
        birth_date=date(1975, 5, 1),
        category="teacher",
        position="ครู",
    )
    code, bank, programme = BANKS[number % len(BANKS)]
    received = datetime(2014, 9, 26, 9, 0, tzinfo=BANGKOK) - timedelta(days=number % 360)
    return Certificate(
        pk=number,
        person=person,
        applicant_category="teacher",
        position="ครู ชำนาญการพิเศษ",
        school_name="โรงเรียนบ้านควนขนุน",
        bank_code=code,
        bank_name=bank,
        programme_name=programme,
        amount=Decimal("450000"),
        instalment=Decimal("6250"),
        term_months=120,
        purpose="ซ่อมแซมบ้าน",
        check_month=received.date().replace(day=1),
        check_figures={
            "salary": "35220.00",
            "income_total": "40820.00",
            "deductions_total": "19100.50",
        },
        check_outcome="pass",
        net_pay=Decimal("21719.50"),
        net_percent=Decimal("61.66"),
        headroom=Decimal("11153.50"),
        status=CertificateStatus.HANDED_OVER,
        received_at=received,
        signed_at=received + timedelta(minutes=9),
        signed_by_name="นายสมชาย ใจดี",
        signed_by_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        number=f"{number:04d}/2557",
        letter_number=f"ศธ 04123/{number}",
        issue_date=received.date(),
        public_token="x" * 32,
    )


def _repeat(call: Any) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_the_certificate_register_of_a_year() -> None:
    certificates = [_certificate(n) for n in range(1, ROWS + 1)]
    fy = fiscal_year(2557)

    def pdf() -> bytes:
        return documents.register_pdf(
            certificates, office_name=OFFICE, fiscal_year=fy, thai_digits=False, full_ids=True
        )

    def xlsx() -> bytes:
        return documents.register_xlsx(certificates, office_name=OFFICE, fiscal_year=fy)

    pages = len(PdfReader(io.BytesIO(pdf())).pages)
    assert 1 < pages <= 30
    sheet = load_workbook(io.BytesIO(xlsx())).active
    assert sheet is not None and sheet.max_row == ROWS + 3
    rows = [
        (f"register PDF, {ROWS} rows, {pages} pages", _repeat(pdf)),
        (f"register XLSX, {ROWS} rows", _repeat(xlsx)),
    ]
    print_table("Salary certificates", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("certificates", label, summary, rows=ROWS, pages=pages)
