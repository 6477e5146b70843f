"""Health checks for tests, made through the services: an announced campaign of FY 2557 with
check points on 26–30 September 2557, people of a school, sign-ups."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from apps.healthchecks import services
from apps.healthchecks.models import Campaign, CheckPoint, SignUp
from apps.people.models import Person, School
from core.thai import fiscal_year_of
from tests.onestop.conftest import bangkok
from tests.people.factories import make_person

FIRST_DAY = date(2014, 9, 26)
BEFORE = bangkok(date(2014, 9, 10), 10, 0)  # sign-up time, before the days


def staff(username: str = "welfare_officer") -> User:
    return User.objects.get(username=username)


def make_campaign(
    *, announce: bool = True, points: int = 1, capacity: int = 30, **kw: Any
) -> Campaign:
    officer = staff()
    campaign = services.campaign_create(
        fiscal_year_be=kw.pop("fiscal_year_be", 2557),
        title=kw.pop("title", "ตรวจสุขภาพประจำปี 2557"),
        partner="สำนักงาน สกสค. จังหวัดพัทลุง",
        provider="หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค.",
        officer=officer,
    )
    first = kw.pop("first_day", FIRST_DAY)
    for index in range(points):
        make_point(campaign, day=first + timedelta(days=index % 5), capacity=capacity)
    if announce:
        campaign = services.campaign_announce(campaign=campaign, officer=officer)
    return campaign


def make_point(
    campaign: Campaign, *, day: date = FIRST_DAY, capacity: int = 30, **kw: Any
) -> CheckPoint:
    return services.checkpoint_add(
        campaign=campaign,
        day=day,
        starts_at=kw.pop("starts_at", time(8, 30)),
        ends_at=kw.pop("ends_at", time(15, 30)),
        venue=kw.pop("venue", f"หอประชุมทดสอบ {day.day}"),
        district=kw.pop("district", "อำเภอเมือง"),
        capacity=capacity,
        services="ตรวจเลือด วัดความดันโลหิต",
        coordinator="นางสาวสุดา ใจงาม โทร. 0 7468 1234",
        officer=staff(),
        **kw,
    )


def teacher(school: School | None = None, **kw: Any) -> Person:
    return make_person(category=kw.pop("category", "teacher"), school=school, **kw)


def book(
    point: CheckPoint, person: Person | None = None, at: datetime = BEFORE, **kw: Any
) -> SignUp:
    return services.signup_at_desk(
        checkpoint=point, person=person or teacher(), officer=staff(), at=at, **kw
    )


def on_day(point: CheckPoint, hour: int = 9) -> datetime:
    return bangkok(point.day, hour, 0)


def upcoming(**kw: Any) -> Campaign:
    """An announced campaign of the current fiscal year, its check points from next week."""
    today = timezone.localdate()
    first = today + timedelta(days=7)
    return make_campaign(fiscal_year_be=fiscal_year_of(first).be_year, first_day=first, **kw)
