"""The welfare shop: the member list of a large office (600 members, four and a half times
Phatthalung Area 2's 132) as PDF and XLSX, drawn from members in memory; and a year of
bookings through the service (each insert checked by the exclusion constraint), then a room's
month calendar, the day view and a refused overlapping booking, against PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.people.models import Person
from apps.welfareshop import documents, selectors, services
from apps.welfareshop.models import Member
from core.thai import fiscal_year_of
from tenants.models import Office
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row

pytestmark = pytest.mark.benchmark

ROWS = 600
REPEATS = 3
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
NAMES = [("นาง", "สมศรี", "ทองมา"), ("นาย", "ประเสริฐ", "แก้วมณี"),
         ("นางสาว", "กิ่งแก้ว", "ศรีสุวรรณ์"), ("นาย", "ณัฐวุฒิ", "เพชรรัตนพงศ์ไพบูลย์")]  # fmt: skip


def _member(number: int) -> Member:
    title, first, last = NAMES[number % len(NAMES)]
    person = Person(national_id=f"3{number:012d}", title=title, first_name_th=first,
                    last_name_th=last, birth_date=date(1975, 5, 1), category="teacher")  # fmt: skip
    return Member(
        pk=number,
        person=person,
        number=f"{number:04d}/2557",
        group="school" if number % 3 else "office",
        category="teacher",
        unit="โรงเรียนบ้านควนขนุน" if number % 3 else "",
        status="active",
        fee_kind="share",
        fee_amount=Decimal(100),
        payment="deduction" if number % 2 else "cash",
        joined_on=date(2013, 10, 1) + timedelta(days=number % 360),
    )


def _repeat(call: Any, repeats: int = REPEATS) -> Summary:
    call()
    samples = []
    for _ in range(repeats):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def test_the_member_list_of_a_large_office() -> None:
    members = [_member(n) for n in range(1, ROWS + 1)]
    on = date(2014, 9, 30)

    def pdf() -> bytes:
        return documents.member_list_pdf(members, office_name=OFFICE, shop_name="ร้านค้าสวัสดิการ",
                                         on=on, thai_digits=True, full_ids=True)  # fmt: skip

    def xlsx() -> bytes:
        return documents.member_list_xlsx(members, office_name=OFFICE, on=on)

    pages = len(PdfReader(io.BytesIO(pdf())).pages)
    assert 1 < pages <= 40
    sheet = load_workbook(io.BytesIO(xlsx())).active
    assert sheet is not None and sheet.max_row == ROWS + 3
    rows = [
        (f"member list PDF, {ROWS} rows, {pages} pages", _repeat(pdf)),
        (f"member list XLSX, {ROWS} rows", _repeat(xlsx)),
    ]
    print_table("Welfare shop: member list", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("welfareshop", label, summary, rows=ROWS, pages=pages)


@pytest.fixture
def alpha(office_a: Office) -> Iterator[Office]:
    with schema_context(office_a.schema_name):
        yield office_a


def test_a_year_of_bookings_and_the_calendars(alpha: Office) -> None:
    from accounts.models import User

    officer = User.objects.get(username="welfare_officer")
    rooms = [
        services.resource_save(
            actor=officer,
            name=f"ห้องทดสอบ {n}",
            kind="room",
            capacity=20,
            opens=time(8),
            closes=time(17),
        )  # fmt: skip
        for n in range(4)
    ]
    zone = timezone.get_current_timezone()
    first = timezone.localdate() + timedelta(days=1)
    slots = [(first + timedelta(days=d), h) for d in range(250) for h in (9, 11, 14)]
    samples = []
    for index, (day, hour) in enumerate(slots):
        with Timer() as timer:
            services.booking_create(
                resource=rooms[index % 4],
                starts_at=datetime.combine(day, time(hour), zone),
                ends_at=datetime.combine(day, time(hour + 1, 30), zone),
                purpose="ประชุม",
                booked_by=officer,
            )
        samples.append(timer.seconds)
    booked = Summary.of(samples)

    def conflict() -> None:
        day = slots[0][0]
        with pytest.raises(services.ShopError):
            services.booking_create(
                resource=rooms[0],
                starts_at=datetime.combine(day, time(9, 30), zone),
                ends_at=datetime.combine(day, time(10), zone),
                purpose="x",
                booked_by=officer,
            )

    def month() -> object:
        return selectors.room_month(resource=rooms[1], month=middle)

    middle = first + timedelta(days=120)
    rows = [
        (f"book a slot ({len(slots)} bookings, 4 rooms)", booked),
        ("overlapping booking refused", _repeat(conflict, 20)),
        ("a room's month calendar", _repeat(month, 20)),
        ("the day view, 4 rooms", _repeat(lambda: selectors.day_view(day=middle), 20)),
        ("bookings and hours per room, a fiscal year",
         _repeat(lambda: selectors.booking_figures(fiscal_year_of(middle)), 5)),
    ]  # fmt: skip
    print_table("Welfare shop: bookings", SUMMARY_HEADERS, [row(label, s) for label, s in rows])
    for label, summary in rows:
        record_summary("welfareshop", label, summary)
