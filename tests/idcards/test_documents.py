"""The ID-card documents drawn from applications in memory: a year's register fits a few
pages, the request form and the card carry the photo and name who really signed."""

from __future__ import annotations

import io
import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image
from pypdf import PdfReader

from apps.delegations.models import Delegation
from apps.idcards import documents
from apps.idcards.models import ApplicationStatus, CardApplication
from apps.people.models import Person
from core.thai import fiscal_year, format_national_id

BANGKOK = ZoneInfo("Asia/Bangkok")
DIRECTOR = "นายวิรัตน์ ศรีสุวรรณ"
DIRECTOR_POSITION = "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
DEPUTY = "นางสาวมาลัย ทองดี"


NAMES = [
    ("นาง", "สมศรี", "ใจดี"),
    ("นาย", "ประเสริฐ", "ทองคำ"),
    ("นางสาว", "กาญจนา", "ศรีสุวรรณ"),
    ("ว่าที่ร้อยตรี", "ธนพล", "แก้วมณีวงศ์"),
]
LONG_NAME = ("นางสาว", "กิ่งกาญจนาภรณ์", "ศรีสุวรรณวงศ์ไพบูลย์")  # as long as Thai names get


def _application(number: int, *, delegated: bool = False) -> CardApplication:
    title, first_name, last_name = LONG_NAME if number % 25 == 0 else NAMES[number % len(NAMES)]
    person = Person(
        national_id=f"3{number:012d}",
        title=title,
        first_name_th=first_name,
        last_name_th=last_name,
        birth_date=date(1970, 5, 1),
        category="teacher",
        position="ครู",
        academic_standing="ชำนาญการพิเศษ",
    )
    received = datetime(2014, 9, 26, 9, 0, tzinfo=BANGKOK) - timedelta(days=number % 300)
    application = CardApplication(
        pk=number,
        person=person,
        reason="name_change",
        applicant_category="teacher",
        received_at=received,
        status=ApplicationStatus.HANDED_OVER,
        card_number=f"0417-2557-{number:05d}",
        issue_date=received.date(),
        expiry_date=received.date().replace(year=2020),
        issued_by_name=DEPUTY if delegated else DIRECTOR,
        issued_by_position=(
            f"รองผู้อำนวยการ\nปฏิบัติราชการแทน {DIRECTOR_POSITION}" if delegated else DIRECTOR_POSITION
        ),
    )
    if delegated:
        application.approved_under = Delegation(pk=1, order_reference="คำสั่งที่ 125/2557")
    return application


def _text(pdf: bytes) -> str:
    """The PDF's text without the zero-width spaces between Thai words and the control
    characters pypdf reads for some shaped glyphs (sara am)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"[\u200b\x00-\x09\x0b-\x1f]", "", text)


def test_a_years_register_of_293_rows_is_a_few_landscape_pages() -> None:
    rows = [_application(n, delegated=n % 10 == 0) for n in range(1, 294)]
    started = time.perf_counter()
    pdf = documents.register_pdf(
        rows,
        office_name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        fiscal_year=fiscal_year(2557),
        thai_digits=False,
        full_ids=True,
        issuer=DIRECTOR_POSITION,
    )
    seconds = time.perf_counter() - started
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    print(f"\nID-card register, 293 rows: {pages} pages in {seconds:.2f} s")
    assert pages <= 10
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    text = _text(pdf)
    # The issuer once, in the heading of each page; not on every row.
    assert text.count(DIRECTOR_POSITION) == pages
    assert f"{DEPUTY} (แทน)" in text and "ปฏิบัติราชการแทน" in text
    # Identifiers are never broken across lines.
    for number in (1, 150, 293):
        assert f"0417-2557-{number:05d}" in text
        assert format_national_id(f"3{number:012d}") in text


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_card_is_card_sized_and_names_the_delegate_who_signed() -> None:
    application = _application(7, delegated=True)
    pdf = documents.card_pdf(application, office_name="สพป.พัทลุง เขต 2")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    mm = 25.4 / 72
    assert round(float(page.mediabox.width) * mm, 1) == 85.6
    assert round(float(page.mediabox.height) * mm, 1) == 54.0
    text = _text(pdf)
    assert "0417-2557-00007" in text and "แก้วมณีวงศ์" in text
    assert DEPUTY in text and "ปฏิบัติราชการแทน" in text and "ผู้ออกบัตร" in text
