"""Committees for tests (this app's and other modules'), made through the services: a committee
with an appointment order of `size` members (chair, vice-chair, members, secretary), a meeting,
its attendance. Call inside an office's schema (e.g. the `in_alpha` fixture); the office's
`welfare_officer` account records everything unless `actor=` is given.

    committee = make_committee(kind="revolvingfund.subcommittee", size=7)
    meeting = make_meeting(committee, day=date(2014, 3, 10))
    present(meeting, 5)                        # the first 5 seats present, the rest absent
    services.meeting_hold(meeting=meeting, started_time=time(9, 30), actor=secretary())
"""

from __future__ import annotations

import itertools
from datetime import date, time
from typing import Any

from accounts.models import User
from apps.committees import selectors, services
from apps.committees.models import AttendanceStatus, Committee, Meeting, MemberRole, Membership
from apps.committees.services import MemberData
from tests.people.factories import make_person

_orders = itertools.count(1)
ORDER_DAY = date(2013, 10, 1)  # the first day of FY 2557


def secretary() -> User:
    return User.objects.get(username="welfare_officer")


def roles_for(size: int) -> list[str]:
    """Chair, vice-chair (from 4 seats), members, and a secretary (from 3 seats)."""
    if size < 1:
        raise ValueError("a committee has at least its chair")
    roles = [MemberRole.CHAIR.value]
    if size >= 4:
        roles.append(MemberRole.VICE_CHAIR.value)
    secretary_seat = [MemberRole.SECRETARY.value] if size >= 3 else []
    roles += [MemberRole.MEMBER.value] * (size - len(roles) - len(secretary_seat))
    return roles + secretary_seat


def make_members(size: int, *, outsiders: int = 0) -> list[MemberData]:
    """`size` seats: people of the register, the last `outsiders` of them named outsiders."""
    members = []
    for index, role in enumerate(roles_for(size)):
        if index >= size - outsiders:
            members.append(
                MemberData(
                    role=role,
                    name=f"นายภายนอก คนที่{index + 1}",
                    position="เจ้าหน้าที่สินเชื่อ",
                    organisation="ธ.ก.ส. สาขาทดสอบ",
                )
            )
        else:
            person = make_person(
                first_name_th=f"กรรมการ{index + 1}", last_name_th="ทดสอบ", position="ครู"
            )
            members.append(MemberData(role=role, person=person))
    return members


def make_committee(
    *,
    kind: str = "revolvingfund.subcommittee",
    name_th: str = "คณะอนุกรรมการบริหารเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู",
    owner_module: str = "revolvingfund",
    size: int = 7,
    members: list[MemberData] | None = None,
    effective_from: date = ORDER_DAY,
    actor: User | None = None,
    **order: Any,
) -> Committee:
    """A committee with one order of `size` members (or `members`) in force from
    `effective_from`."""
    actor = actor or secretary()
    committee = services.committee_ensure(
        kind=kind, name_th=name_th, owner_module=owner_module, actor=actor
    )
    make_order(committee, members=members or make_members(size), effective_from=effective_from,
               actor=actor, **order)  # fmt: skip
    return committee


def make_order(
    committee: Committee,
    *,
    members: list[MemberData],
    effective_from: date,
    actor: User | None = None,
    **values: Any,
) -> Any:
    number = values.pop("number", f"{next(_orders)}/2557")
    return services.appointment_order_record(
        committee=committee,
        number=number,
        order_date=values.pop("order_date", effective_from),
        signed_by_name=values.pop("signed_by_name", "นายวิรัตน์ ศรีสุวรรณ"),
        signed_by_position=values.pop("signed_by_position", "ผู้อำนวยการสำนักงานเขตพื้นที่"),
        effective_from=effective_from,
        members=members,
        actor=actor or secretary(),
        **values,
    )


def make_meeting(
    committee: Committee,
    *,
    day: date = date(2014, 3, 10),
    start: time = time(9, 30),
    venue: str = "ห้องประชุมสำนักงานเขตพื้นที่",
    actor: User | None = None,
) -> Meeting:
    return services.meeting_schedule(
        committee=committee, date=day, start_time=start, venue=venue, actor=actor or secretary()
    )


def seats(meeting: Meeting) -> list[Membership]:
    """The members in office on the meeting's day, chair first."""
    return selectors.active_members(meeting.committee, on=meeting.date)


def present(meeting: Meeting, count: int, *, chair: bool = True) -> list[Membership]:
    """Record the first `count` seats present (skipping the chair and vice-chair if `chair` is
    false) and every other seat absent. Returns those present."""
    members = seats(meeting)
    if not chair:
        members = [m for m in members if not m.presides] + [m for m in members if m.presides]
    statuses = {
        m.pk: AttendanceStatus.PRESENT if i < count else AttendanceStatus.ABSENT
        for i, m in enumerate(members)
    }
    services.attendance_record_many(meeting=meeting, statuses=statuses, actor=secretary())
    return members[:count]


def held_meeting(committee: Committee, *, day: date = date(2014, 3, 10), count: int | None = None
                 ) -> Meeting:  # fmt: skip
    """A meeting of `committee` on `day`, everyone present (or `count`), opened at 9.30."""
    meeting = make_meeting(committee, day=day)
    present(meeting, count if count is not None else len(seats(meeting)))
    return services.meeting_hold(meeting=meeting, started_time=time(9, 30), actor=secretary())
