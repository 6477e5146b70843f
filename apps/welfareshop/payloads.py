"""The feed payloads of the welfare shop: a member (`welfareshop.member`) as
`/api/v1/welfareshop/members/{id}/` shows it (the national ID in full), and a booking
(`welfareshop.booking`) as `/api/v1/welfareshop/bookings/{id}/` shows it (no names)."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields, json_value

MEMBER_FIELDS = (
    "id",
    "number",
    "status",
    "group",
    "category",
    "unit",
    "fee_kind",
    "fee_amount",
    "payment",
    "applied_at",
    "checked_at",
    "decided_at",
    "decision_reference",
    "joined_on",
    "suspended_on",
    "left_on",
)
BOOKING_FIELDS = ("id", "status", "purpose", "attendees", "booked_at", "cancelled_at")


def member_payload(member: Any) -> dict[str, Any]:
    return {
        **fields(member, MEMBER_FIELDS),
        "person": person_brief(member.person),
        "service_request": member.service_request_id,
        "deduction_instruction": member.deduction_instruction_id,
    }


def booking_payload(booking: Any) -> dict[str, Any]:
    school = booking.school
    return {
        **fields(booking, BOOKING_FIELDS),
        "resource": {"id": booking.resource_id, "name": booking.resource.name},
        "starts_at": json_value(booking.during.lower),
        "ends_at": json_value(booking.during.upper),
        "school": None if school is None else {"id": school.pk, "name_th": school.name_th},
        "series": booking.series_id,
    }


MEMBER_EXAMPLE: dict[str, Any] = {
    "id": 7,
    "number": "0007/2557",
    "status": "active",
    "group": "office",
    "category": "education_personnel",
    "unit": "",
    "fee_kind": "share",
    "fee_amount": "100.00",
    "payment": "deduction",
    "applied_at": "2013-11-04T09:12:00+07:00",
    "checked_at": "2013-11-04T09:20:00+07:00",
    "decided_at": "2013-11-12T14:00:00+07:00",
    "decision_reference": "ประชุมคณะกรรมการสวัสดิการ ครั้งที่ 2/2557",
    "joined_on": "2013-11-12",
    "suspended_on": None,
    "left_on": None,
    "person": {
        "id": 12,
        "national_id": "3930100123456",
        "full_name_th": "นางสาวสมใจ ใจดี",
    },
    "service_request": 311,
    "deduction_instruction": 58,
}
BOOKING_EXAMPLE: dict[str, Any] = {
    "id": 101,
    "status": "confirmed",
    "purpose": "ประชุมกลุ่มโรงเรียน",
    "attendees": 8,
    "booked_at": "2014-02-03T10:02:00+07:00",
    "cancelled_at": None,
    "resource": {"id": 2, "name": "ห้องนางแอ่น"},
    "starts_at": "2014-02-05T13:00:00+07:00",
    "ends_at": "2014-02-05T15:00:00+07:00",
    "school": {"id": 4, "name_th": "โรงเรียนบ้านควนขนุน"},
    "series": None,
}
