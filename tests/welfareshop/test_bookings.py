"""Bookings: overlaps refused by the database, the refusal naming the taken time, cancelling
frees the slot, weekly bookings all or nothing, who may book."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from apps.people.models import School
from apps.welfareshop import services
from apps.welfareshop.models import Booking, BookingSeries, BookingStatus
from core.errors import PermissionDeniedError
from tests.welfareshop.factories import at, day_ahead, make_booking, make_room, staff

pytestmark = pytest.mark.django_db


def test_an_overlapping_booking_is_refused_with_the_taken_time(in_alpha: object) -> None:
    room = make_room()
    make_booking(resource=room, start=10, end=12)
    with pytest.raises(services.ShopError) as refused:
        make_booking(resource=room, start=11, end=13, by="finance_officer")
    assert refused.value.code == "welfareshop.booking_conflict"
    assert "10:00–12:00" in refused.value.message_th
    assert Booking.objects.filter(resource=room).count() == 1


def test_back_to_back_bookings_and_other_rooms_do_not_conflict(in_alpha: object) -> None:
    room, lounge = make_room(), make_room("ห้องนางแอ่น")
    make_booking(resource=room, start=10, end=12)
    make_booking(resource=room, start=12, end=13)  # [) ranges: touching is not overlapping
    make_booking(resource=lounge, start=10, end=12)
    assert Booking.objects.count() == 3


def test_the_database_itself_forbids_an_overlap(in_alpha: object) -> None:
    """Not only the service: a row written around it is refused by the exclusion constraint."""
    room = make_room()
    first = make_booking(resource=room, start=9, end=11)
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(
            resource=room,
            during=DateTimeTZRange(at(day_ahead(), 10), at(day_ahead(), 12)),
            purpose="x",
            booked_by=staff("viewer"),
            booked_at=first.booked_at,
        )


def test_cancelling_frees_the_slot_and_acts_once(in_alpha: object) -> None:
    booking = make_booking(start=10, end=12, by="viewer")
    services.booking_cancel(booking=booking, actor=staff("viewer"), reason="เลื่อนประชุม")
    again = services.booking_cancel(booking=booking, actor=staff("viewer"))
    assert again.status == BookingStatus.CANCELLED and again.cancel_reason == "เลื่อนประชุม"
    make_booking(start=10, end=12, by="finance_officer")


def test_only_the_booker_or_the_welfare_officer_cancels(in_alpha: object) -> None:
    booking = make_booking(by="viewer")
    with pytest.raises(PermissionDeniedError):
        services.booking_cancel(booking=booking, actor=staff("finance_officer"))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    services.booking_cancel(booking=booking, actor=staff("welfare_officer"))


@pytest.mark.parametrize(
    ("start", "end", "attendees", "code"),
    [
        (12, 10, 1, "welfareshop.ends_before_start"),
        (7, 9, 1, "welfareshop.outside_hours"),
        (17, 19, 1, "welfareshop.outside_hours"),
        (10, 11, 13, "welfareshop.over_capacity"),
    ],
)
def test_bad_slots_are_refused_and_nothing_is_booked(
    in_alpha: object, start: int, end: int, attendees: int, code: str
) -> None:
    room = make_room(capacity=12)
    with pytest.raises(services.ShopError) as refused:
        make_booking(resource=room, start=start, end=end, attendees=attendees)
    assert refused.value.code == code
    assert not Booking.objects.exists()


def test_a_booking_in_the_past_is_refused(in_alpha: object) -> None:
    with pytest.raises(services.ShopError) as refused:
        make_booking(day=day_ahead(-2))
    assert refused.value.code == "welfareshop.in_the_past"


def test_a_school_is_booked_for_only_at_the_desk(in_alpha: object) -> None:
    school = School.objects.create(code="S1", name_th="โรงเรียนบ้านทดสอบ")
    with pytest.raises(PermissionDeniedError):
        make_booking(by="finance_officer", school=school)
    booking = make_booking(by="welfare_officer", school=school)
    assert booking.school == school


def test_a_weekly_booking_is_all_or_nothing(in_alpha: object) -> None:
    room = make_room()
    first = day_ahead(1)
    make_booking(
        resource=room, day=first + __import__("datetime").timedelta(weeks=2), start=9, end=10
    )
    with pytest.raises(services.ShopError) as refused:
        services.booking_series_create(
            resource=room,
            first_day=first,
            last_day=first + __import__("datetime").timedelta(weeks=4),
            starts=__import__("datetime").time(9, 30),
            ends=__import__("datetime").time(11, 0),
            purpose="ประชุมประจำสัปดาห์",
            booked_by=staff("welfare_officer"),
        )
    assert refused.value.code == "welfareshop.booking_conflict"
    assert Booking.objects.count() == 1 and not BookingSeries.objects.exists()
    series = services.booking_series_create(
        resource=room,
        first_day=first,
        last_day=first + __import__("datetime").timedelta(weeks=4),
        starts=__import__("datetime").time(13, 0),
        ends=__import__("datetime").time(14, 0),
        purpose="ประชุมประจำสัปดาห์",
        booked_by=staff("welfare_officer"),
    )
    assert series.bookings.count() == 5
