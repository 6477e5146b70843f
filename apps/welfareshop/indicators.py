"""The welfare shop's figures for the annual report and the central benchmarks: members at the
fiscal year's end (the 2557 report's 132), bookings and hours of the rooms and areas (per room
on the module's pages and in the report; totals here, comparable between offices), and how
many the counter served."""

from __future__ import annotations

from decimal import Decimal

from apps.welfareshop import selectors
from apps.welfareshop.models import ResourceKind
from core.indicators import indicator, shared
from core.thai import FiscalYear

# Read by several indicators and the report's section: computed once per year while the
# collection runs. `booking_figures` lists every room and area (inactive ones too), so the
# count of rooms in use is read from it rather than queried again.
booking_figures = shared(selectors.booking_figures)
served_in = shared(selectors.served_in)


@shared
def members_at_year_end(fiscal_year: FiscalYear) -> int:
    """Members on 30 September (suspended ones included): the key indicator and the report's
    figure and member list's row count, so one count query per year while the collection
    runs."""
    return selectors.members_on(fiscal_year.end).count()


@indicator(
    "shop.members",
    label_th="สมาชิกร้านค้าสวัสดิการ ณ สิ้นปีงบประมาณ",
    label_en="Welfare shop members at the fiscal year's end",
    unit="people",
    per_personnel=True,
)
def members(fiscal_year: FiscalYear) -> int:
    """The module's key indicator: members on 30 September (suspended ones included)."""
    return members_at_year_end(fiscal_year)


@indicator(
    "shop.rooms",
    label_th="ห้องและพื้นที่บริการสวัสดิการ",
    label_en="Welfare rooms and rest areas",
    unit="rooms",
)
def rooms(fiscal_year: FiscalYear) -> int:
    """The rooms and areas in use today (whatever the year)."""
    return sum(1 for f in booking_figures(fiscal_year) if f["resource"].is_active)


@indicator(
    "shop.bookings",
    label_th="การจองห้องและพื้นที่ (ครั้ง)",
    label_en="Bookings of the rooms and areas",
    unit="bookings",
)
def bookings(fiscal_year: FiscalYear) -> int:
    return sum(f["bookings"] for f in booking_figures(fiscal_year))


@indicator(
    "shop.booking_hours",
    label_th="ชั่วโมงการใช้ห้องและพื้นที่",
    label_en="Hours the rooms and areas were booked",
    unit="hours",
)
def booking_hours(fiscal_year: FiscalYear) -> Decimal:
    return sum((f["hours"] for f in booking_figures(fiscal_year)), Decimal(0))


@indicator(
    "shop.room_bookings",
    label_th="การจองห้อง (ไม่รวมพื้นที่เปิด)",
    label_en="Bookings of rooms (open areas aside)",
    unit="bookings",
)
def room_bookings(fiscal_year: FiscalYear) -> int:
    return sum(
        f["bookings"]
        for f in booking_figures(fiscal_year)
        if f["resource"].kind == ResourceKind.ROOM
    )


@indicator(
    "shop.visits_served",
    label_th="ผู้มาใช้บริการห้องรับรอง",
    label_en="Visitors received",
    unit="visits",
    per_personnel=True,
)
def visits_served(fiscal_year: FiscalYear) -> int:
    return served_in(fiscal_year)["visit"]


@indicator(
    "shop.drinks_served",
    label_th="เครื่องดื่มบริการฟรี (แก้ว)",
    label_en="Free drinks served",
    unit="drinks",
    per_personnel=True,
)
def drinks_served(fiscal_year: FiscalYear) -> int:
    return served_in(fiscal_year)["drink"]
