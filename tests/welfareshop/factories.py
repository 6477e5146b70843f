"""The welfare shop for tests, made through the services: a fee rule, members up to a step,
rooms and bookings on days after today (bookings cannot be made in the past)."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from apps.committees import services as committee_services
from apps.committees.models import Committee
from apps.committees.services import MemberData
from apps.people.models import Person
from apps.welfareshop import services
from apps.welfareshop.models import Booking, FeeRule, Member, Resource
from tests.people.factories import make_person

STEPS = ["applied", "checked", "active"]


def staff(username: str) -> User:
    return User.objects.get(username=username)


def fee_rule(
    amount: str = "100", kind: str = "share", valid_from: date = date(2013, 10, 1)
) -> FeeRule:
    found = FeeRule.objects.filter(valid_from=valid_from).first()
    if found is not None:
        return found
    return services.fee_rule_create(
        actor=staff("welfare_officer"), valid_from=valid_from, kind=kind, amount=amount
    )


def jpeg(width: int = 40, height: int = 30, color: str = "teal") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return SimpleUploadedFile("scan.jpg", buffer.getvalue(), content_type="image/jpeg")


def welfare_committee(chair: str = "approver") -> Committee:
    """The welfare committee with an order from 1 Oct 2556: `chair`'s account in the chair,
    two members from the register, the welfare officer as secretary."""
    committee = services.welfare_committee_ensure(actor=staff("welfare_officer"))
    if not committee.orders.exists():
        committee_services.appointment_order_record(
            committee=committee,
            number="12/2556",
            order_date=date(2013, 10, 1),
            signed_by_name="นายวิรัตน์ ศรีสุวรรณ",
            signed_by_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            effective_from=date(2013, 10, 1),
            members=[
                MemberData(role="chair", name="นายประธาน ทดสอบ", position="ผู้อำนวยการ",
                           user=staff(chair)),
                MemberData(role="member", person=make_person(first_name_th="กรรมการหนึ่ง")),
                MemberData(role="member", person=make_person(first_name_th="กรรมการสอง")),
                MemberData(role="secretary", name="นางเลขา ทดสอบ", position="นักทรัพยากรบุคคล",
                           user=staff("welfare_officer") if chair != "welfare_officer" else None),
            ],
            actor=staff("welfare_officer"),
        )  # fmt: skip
    return committee


def make_member(
    *, person: Person | None = None, step: str = "active", payment: str = "cash", **kwargs: Any
) -> Member:
    fee_rule()
    person = person or make_person(category="education_personnel")
    member = services.member_apply(
        person=person,
        payment=payment,
        consent_scan=jpeg() if payment == "deduction" else None,
        received_by=staff("welfare_officer"),
        **kwargs,
    )
    if STEPS.index(step) >= 1:
        member = services.member_check(member=member, officer=staff("welfare_officer"))
    if STEPS.index(step) >= 2:
        welfare_committee()
        member = services.member_decide(member=member, approver=staff("approver"), approve=True)
    return member


def make_room(name: str = "ห้องหม่อมจุ้ย", capacity: int = 12, kind: str = "room") -> Resource:
    found = Resource.objects.filter(name=name).first()
    if found is not None:
        return found
    return services.resource_save(
        actor=staff("welfare_officer"),
        name=name,
        kind=kind,
        capacity=capacity,
        opens=time(8, 0),
        closes=time(18, 0),
        equipment="เครื่องดื่ม",
    )


def day_ahead(days: int = 3) -> date:
    return timezone.localdate() + timedelta(days=days)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), timezone.get_current_timezone())


def make_booking(
    *,
    resource: Resource | None = None,
    day: date | None = None,
    start: int = 10,
    end: int = 12,
    by: str = "welfare_officer",
    **kwargs: Any,
) -> Booking:
    day = day or day_ahead()
    return services.booking_create(
        resource=resource or make_room(),
        starts_at=at(day, start),
        ends_at=at(day, end),
        purpose=kwargs.pop("purpose", "ประชุมย่อย"),
        booked_by=staff(by),
        **kwargs,
    )


__all__ = ["Decimal", "STEPS", "fee_rule", "jpeg", "make_booking", "make_member", "make_room"]
