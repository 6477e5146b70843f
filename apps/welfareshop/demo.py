"""The welfare shop's demo: the office's shop settings and fee, its rooms and rest areas, a
fiscal year of applications decided at the welfare committee's monthly meetings, bookings,
the counter's tally, an album and the cash book, all through the services.

Phatthalung Area 2 reproduces the 2557 report (DOMAIN-wave2 c.3, c.6): ห้องหม่อมจุ้ย (the shop:
free drinks, reception, rest, small meetings), ห้องนางแอ่น (a lounge with a computer, sound
system and TV for school staff visiting), the front veranda and the creeper pavilion; 132
members on 30 September 2557 (136 approved during the year, 4 of whom left before its end;
one is suspended and still a member; 2 applications were not approved; office staff first,
then school staff), decided at the welfare committee's monthly meetings (`apps.committees`:
its appointment order, attendance, quorum, one agenda item with the applicants' table each).
The fee is a share of 100 baht, the office's own setting, unconfirmed: the report names no
amount, and the report's section shows no money.

- Deterministic: `context.random("welfareshop")`.
- Idempotent: None when the office has shop members or has no volumes.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts.models import User
from apps.committees import services as committee_services
from apps.committees.models import Committee
from apps.committees.selectors import active_members
from apps.committees.services import MemberData
from apps.people.models import Person, PersonStatus, School
from apps.welfareshop import services
from apps.welfareshop.models import ApprovalBy, Member, Resource, TallyKind
from audit.services import audit_record
from core.demo import BANGKOK, DEMO_ACTOR_LABEL, HOLIDAYS, DemoContext, scaled_count
from core.thai import fiscal_year


class Volume:
    def __init__(self, *, approved: int, left: int, rejected: int, shop: str, rooms: int) -> None:
        self.approved, self.left, self.rejected = approved, left, rejected
        self.shop, self.rooms = shop, rooms


VOLUMES: dict[str, Volume] = {
    "phatthalung2": Volume(
        approved=136, left=4, rejected=2, shop="ร้านค้าสวัสดิการ สพป.พัทลุง เขต 2", rooms=4
    ),
    "phatthalung1": Volume(
        approved=88, left=3, rejected=1, shop="ร้านค้าสวัสดิการ สพป.พัทลุง เขต 1", rooms=2
    ),
    "songkhlasec": Volume(approved=64, left=2, rejected=1, shop="ร้านค้าสวัสดิการ สพม.สงขลา", rooms=2),
}
ROOMS = [
    {
        "name": "ห้องหม่อมจุ้ย",
        "kind": "room",
        "purpose": "ร้านค้าสวัสดิการ บริการเครื่องดื่มฟรี รับแขก นั่งพักผ่อน พบปะ ประชุมย่อย",
        "capacity": 12,
        "equipment": "ตู้เย็น กาต้มน้ำ เครื่องชงกาแฟ ชุดรับแขก",
        "opens": time(8, 0),
        "closes": time(17, 0),
        "is_shop": True,
    },
    {
        "name": "ห้องนางแอ่น",
        "kind": "room",
        "purpose": "ห้องนั่งพักสำหรับบุคลากรจากโรงเรียนที่มาติดต่อราชการ",
        "capacity": 10,
        "equipment": "คอมพิวเตอร์ เครื่องเสียง เครื่องโทรทัศน์",
        "opens": time(8, 0),
        "closes": time(17, 0),
    },
    {
        "name": "ระเบียงหน้าอาคาร",
        "kind": "area",
        "purpose": "ที่นั่งพักสำหรับผู้มาติดต่อและผู้เข้าประชุม",
        "capacity": 20,
        "equipment": "ชุดโต๊ะเก้าอี้",
        "opens": time(7, 30),
        "closes": time(18, 0),
    },
    {
        "name": "ซุ้มไม้เลื้อย",
        "kind": "area",
        "purpose": "ซุ้มนั่งพักผ่อนด้านหลังอาคาร สำหรับผู้มาติดต่อ ผู้เข้าประชุม และบุคลากร",
        "capacity": 15,
        "equipment": "ม้านั่ง โต๊ะไม้",
        "opens": time(7, 30),
        "closes": time(18, 0),
    },
]
PURPOSES = {
    "room": ("ประชุมย่อยกลุ่มงาน", "รับรองคณะผู้มาติดต่อราชการ", "ประชุมกลุ่มโรงเรียน",
             "พบปะผู้บริหารโรงเรียน", "อบรมการใช้โปรแกรม"),
    "area": ("รับรองผู้เข้าประชุม", "พักรับประทานอาหารว่าง", "พบปะผู้มาติดต่อ"),
}  # fmt: skip
CAPTIONS = (
    "บุคลากรจากโรงเรียนใช้บริการเครื่องดื่มฟรี",
    "ประชุมย่อยในห้องหม่อมจุ้ย",
    "ครูที่มาติดต่อราชการพักในห้องนางแอ่น",
    "ผู้เข้าประชุมนั่งพักที่ซุ้มไม้เลื้อย",
    "รับรองผู้มาติดต่อที่ระเบียงหน้าอาคาร",
)


def _working_days(be_year: int) -> list[date]:
    fy = fiscal_year(be_year)
    days, day = [], fy.start
    while day <= fy.end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BANGKOK)


def _meetings(days: list[date]) -> list[date]:
    """The welfare committee meets on the second Tuesday-or-later working day of each month."""
    found: dict[tuple[int, int], date] = {}
    for day in days:
        if day.weekday() == 1 and day.day >= 8:
            found.setdefault((day.year, day.month), day)
    return sorted(found.values())


def _scan(rng: random.Random) -> SimpleUploadedFile:
    """A stand-in for a scanned consent form: a small grey page."""
    buffer = io.BytesIO()
    shade = rng.randrange(235, 250)
    Image.new("L", (120, 170), shade).save(buffer, "PNG")
    return SimpleUploadedFile("consent.png", buffer.getvalue(), content_type="image/png")


def _photo(rng: random.Random, index: int) -> SimpleUploadedFile:
    """A stand-in photo (no people): a room's walls, a table and chairs, in soft colours."""
    width, height = 2000, 1500
    wall = (rng.randrange(200, 240), rng.randrange(200, 235), rng.randrange(170, 210))
    image = Image.new("RGB", (width, height), wall)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 1050, width, height), fill=(150, 110, 80))
    draw.rectangle((700, 850, 1300, 950), fill=(120, 80, 50))
    for x in (620, 1320):
        draw.rectangle((x, 800, x + 60, 1100), fill=(90, 60, 40))
    draw.ellipse((1500 - index * 40, 150, 1800 - index * 40, 450), fill=(250, 240, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"photo{index}.jpg", buffer.getvalue(), content_type="image/jpeg")


def build(context: DemoContext) -> dict[str, int] | None:
    volume = VOLUMES.get(context.office_code)
    if volume is None or Member.objects.exists():
        return None
    rng = context.random("welfareshop")
    officer = User.objects.get(username=context.officer)
    approver = User.objects.get(username=context.approver)
    payer = User.objects.get(username=context.payer)
    fy = fiscal_year(context.fiscal_year)
    days = _working_days(context.fiscal_year)

    services.shop_settings_save(
        actor=officer,
        shop_name=volume.shop,
        creditor_name=volume.shop[:100],
        approval_by=ApprovalBy.MEETING,
        internal_regulation="ระเบียบสำนักงานว่าด้วยการจัดสวัสดิการภายในสำนักงาน (ตัวอย่าง)",
    )
    services.fee_rule_create(
        actor=officer,
        valid_from=fy.start,
        kind="share",
        amount=Decimal(100),
        source="ค่าหุ้นตามที่สำนักงานกำหนด (ข้อมูลตัวอย่าง รอยืนยัน)",
    )
    resources = [
        services.resource_save(actor=officer, display_order=index, **spec)  # type: ignore[arg-type]
        for index, spec in enumerate(ROOMS[: volume.rooms], start=1)
    ]
    counts = {"resources": len(resources)}
    counts.update(_members(context, volume, rng, officer, approver, days))
    counts.update(_bookings(context, rng, resources, officer, approver, payer, days))
    counts["tally_days"] = _tally(rng, officer, days, context.scale)
    counts["photos"] = _album(rng, officer, resources, days, context.scale)
    counts["entries"] = _accounts(rng, officer, payer, fy)
    # From the next year the committee lets its chair decide between meetings (so the demo's
    # director can decide a new application in the pages; the committees app has no pages to
    # hold a meeting yet).
    services.shop_settings_save(
        actor=officer,
        shop_name=volume.shop,
        creditor_name=volume.shop[:100],
        approval_by=ApprovalBy.CHAIR,
        internal_regulation="ระเบียบสำนักงานว่าด้วยการจัดสวัสดิการภายในสำนักงาน (ตัวอย่าง)",
    )
    audit_record(
        action="demo.welfareshop_loaded",
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts


def _members(
    context: DemoContext,
    volume: Volume,
    rng: random.Random,
    officer: User,
    approver: User,
    days: list[date],
) -> dict[str, int]:
    approved_n = scaled_count(volume.approved, context.scale)
    left_n = min(scaled_count(volume.left, context.scale), approved_n)
    rejected_n = scaled_count(volume.rejected, context.scale)
    staff = list(
        Person.objects.filter(status=PersonStatus.ACTIVE, category__in=services.STAFF_CATEGORIES)
        .order_by("pk")
        .only("pk", "school_id", "category", "status")
    )
    office_staff = [p for p in staff if p.school_id is None]
    school_staff = [p for p in staff if p.school_id is not None]
    rng.shuffle(office_staff)
    rng.shuffle(school_staff)
    people = (office_staff + school_staff)[: approved_n + rejected_n]
    meetings = _meetings(days)
    # Applications from October to August; each decided at the first meeting after it.
    window = [d for d in days if d < meetings[-1] - timedelta(days=7)]
    applied = sorted(rng.choice(window[: len(window) * 2 // 3] if i < len(people) * 0.6 else window)
                     for i in range(len(people)))  # fmt: skip
    rejected = set(rng.sample(range(len(people)), min(rejected_n, len(people))))
    committee = _committee(context, rng, officer, approver, people)
    waiting: dict[date, list[tuple[Member, bool, bool]]] = {}
    for index, (person, day) in enumerate(zip(people, applied, strict=False)):
        at = _moment(day, 9) + timedelta(minutes=rng.randrange(0, 6 * 60))
        deduction = rng.random() < 0.45
        member = services.member_apply(
            person=Person.objects.select_related("school").get(pk=person.pk),
            payment="deduction" if deduction else "cash",
            consent_scan=_scan(rng) if deduction else None,
            received_by=officer,
            at=at,
        )
        member = services.member_check(
            member=member, officer=officer, at=at + timedelta(minutes=rng.randrange(5, 40))
        )
        meeting_day = next(m for m in meetings if m > day)
        waiting.setdefault(meeting_day, []).append((member, index not in rejected, deduction))
    members: list[Member] = []
    for meeting_day in sorted(waiting):
        batch = waiting[meeting_day]
        meeting = committee_services.meeting_schedule(
            committee=committee,
            date=meeting_day,
            start_time=time(13, 30),
            venue="ห้องหม่อมจุ้ย",
            actor=officer,
            at=_moment(meeting_day, 8) - timedelta(days=7),
        )
        seats = active_members(committee, on=meeting_day)
        committee_services.attendance_record_many(
            meeting=meeting,
            statuses={seat.pk: "present" for seat in seats},
            actor=officer,
            at=_moment(meeting_day, 13, 25),
        )
        meeting = committee_services.meeting_hold(
            meeting=meeting,
            started_time=time(13, 30),
            actor=officer,
            at=_moment(meeting_day, 13, 30),
        )
        services.applications_decide_at_meeting(
            meeting=meeting,
            decisions=[
                (m, approve, "" if approve else "ไม่ได้ปฏิบัติงานในสำนักงานหรือโรงเรียนในสังกัดแล้ว")
                for m, approve, _deduction in batch
            ],
            actor=officer,
        )
        committee_services.meeting_close(
            meeting=meeting,
            ended_time=time(15, 0),
            minutes_taker_name=officer.display_name or officer.username,
            minutes_taker_position="เลขานุการคณะกรรมการสวัสดิการ",
            actor=officer,
            at=_moment(meeting_day, 15, 0),
        )
        for member, approve, deduction in batch:
            if not approve:
                continue
            member.refresh_from_db()
            if deduction:
                services.member_deduction_send(member=member, officer=officer)
            members.append(member)
    leaving = rng.sample(members[: len(members) * 2 // 3], left_n)
    for member in leaving:
        joined: date = member.joined_on  # type: ignore[assignment]
        after = min(joined + timedelta(days=rng.randrange(30, 120)), days[-5])
        services.member_leave(
            member=member, officer=officer, reason="ย้ายไปปฏิบัติราชการต่างเขตพื้นที่", on=after
        )
    suspended = [m for m in members if m not in leaving][:1]
    for member in suspended:
        services.member_suspend(member=member, officer=officer, reason="ค้างชำระค่าหุ้น", on=days[-20])
    return {
        "members_applied": len(people),
        "members_approved": len(members),
        "members_left": len(leaving),
    }


def _committee(
    context: DemoContext, rng: random.Random, officer: User, approver: User, people: list[Person]
) -> Committee:
    """The welfare committee appointed on the fiscal year's first day: the director chairs it,
    a deputy and three staff of the office sit on it, the welfare officer is its secretary."""
    committee = services.welfare_committee_ensure(actor=officer)
    staff = [p for p in Person.objects.filter(
        status=PersonStatus.ACTIVE, school__isnull=True, category__in=services.STAFF_CATEGORIES
    ).order_by("pk")[:40] if p.pk not in {q.pk for q in people[:4]}]  # fmt: skip
    chosen = rng.sample(staff, min(4, len(staff)))
    start = fiscal_year(context.fiscal_year).start
    seats = [
        MemberData(
            role="chair",
            name=approver.display_name or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            position=approver.position or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            user=approver,
        ),
        *(MemberData(role="vice_chair" if i == 0 else "member", person=p)
          for i, p in enumerate(chosen)),
        MemberData(
            role="secretary",
            name=officer.display_name or "เจ้าหน้าที่สวัสดิการ",
            position=officer.position or "นักทรัพยากรบุคคล",
            user=officer,
        ),
    ]  # fmt: skip
    committee_services.appointment_order_record(
        committee=committee,
        number=f"{rng.randrange(300, 400)}/{context.fiscal_year - 1}",
        order_date=start - timedelta(days=5),
        signed_by_name=approver.display_name or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        signed_by_position=approver.position or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        effective_from=start,
        members=seats,
        title="แต่งตั้งคณะกรรมการสวัสดิการภายในสำนักงาน",
        actor=officer,
        at=_moment(start, 9) - timedelta(days=5),
    )
    return committee


def _bookings(
    context: DemoContext,
    rng: random.Random,
    resources: list[Resource],
    officer: User,
    approver: User,
    payer: User,
    days: list[date],
) -> dict[str, int]:
    bookers = [officer, approver, payer]
    schools = list(School.objects.order_by("pk")[:40])
    booked = 0
    # A standing weekly meeting in the shop's room, Monday afternoons, in two terms.
    shop_room = resources[0]
    for first, last in ((days[0], days[len(days) // 2]), (days[len(days) // 2 + 1], days[-1])):
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        if monday > last:
            continue
        try:
            series = services.booking_series_create(
                resource=shop_room,
                first_day=monday,
                last_day=min(last, monday + timedelta(weeks=25)),
                starts=time(13, 30),
                ends=time(15, 0),
                purpose="ประชุมประจำสัปดาห์กลุ่มส่งเสริมสวัสดิการ",
                booked_by=officer,
                attendees=8,
                at=_moment(monday, 8) - timedelta(days=3),
            )
        except services.ShopError:
            continue
        booked += series.bookings.count()
    per_week = max(1, round(6 * context.scale))
    for day in days:
        if rng.random() > per_week / 5:
            continue
        resource = rng.choice(resources)
        start_hour = rng.randrange(resource.opens.hour + 1, min(resource.closes.hour - 1, 16))
        length = rng.choice((1, 1, 2, 2, 3))
        end_hour = min(start_hour + length, resource.closes.hour)
        for_school = schools and rng.random() < 0.3
        try:
            services.booking_create(
                resource=resource,
                starts_at=_moment(day, start_hour),
                ends_at=_moment(day, end_hour),
                purpose=rng.choice(PURPOSES[resource.kind]),
                attendees=rng.randrange(2, resource.capacity + 1),
                school=rng.choice(schools) if for_school else None,
                booked_by=officer if for_school else rng.choice(bookers),
                at=_moment(day, 8) - timedelta(days=rng.randrange(1, 10)),
            )
        except services.ShopError:
            continue  # the slot was taken: the demo's booker picks another day
        booked += 1
    return {"bookings": booked}


def _tally(rng: random.Random, officer: User, days: list[date], scale: float) -> int:
    for day in days:
        drinks = max(1, round(rng.randrange(12, 38) * scale))
        visits = max(0, round(rng.randrange(2, 14) * scale))
        services.tally_add(day=day, kind=TallyKind.DRINK, actor=officer, by=drinks)
        if visits:
            services.tally_add(day=day, kind=TallyKind.VISIT, actor=officer, by=visits)
    return len(days)


def _album(
    rng: random.Random, officer: User, resources: list[Resource], days: list[date], scale: float
) -> int:
    count = max(2, round(12 * scale))
    chosen = sorted(rng.sample(days, count))
    for index, day in enumerate(chosen):
        resource = resources[index % len(resources)]
        services.photo_add(
            image=_photo(rng, index),
            taken_on=day,
            caption=CAPTIONS[index % len(CAPTIONS)],
            consent="no_faces",
            resource=resource,
            actor=officer,
        )
    return count


def _accounts(rng: random.Random, officer: User, payer: User, fy: object) -> int:
    entries = 0
    start: date = fy.start  # type: ignore[attr-defined]
    month = start
    for _ in range(12):
        joined = Member.objects.filter(
            joined_on__year=month.year, joined_on__month=month.month
        ).count()
        if joined:
            services.account_entry_record(
                on=month + timedelta(days=14),
                kind="takings",
                amount=Decimal(100 * joined),
                description=f"ค่าหุ้นสมาชิกใหม่ {joined} ราย",
                reference=f"ร.{entries + 1:03d}",
                actor=payer,
            )
            entries += 1
        services.account_entry_record(
            on=month + timedelta(days=4),
            kind="takings",
            amount=Decimal(rng.randrange(8, 20) * 100),
            description="เงินบริจาคและรายได้จากการจำหน่ายสินค้าสวัสดิการ",
            reference=f"ร.{entries + 1:03d}",
            actor=payer,
        )
        services.account_entry_record(
            on=month + timedelta(days=20),
            kind="spending",
            amount=Decimal(rng.randrange(9, 16) * 100),
            description="ซื้อกาแฟ ชา น้ำตาล แก้วน้ำ สำหรับบริการเครื่องดื่มฟรี",
            reference=f"จ.{entries + 1:03d}",
            actor=officer,
        )
        entries += 2
        month = (month + timedelta(days=32)).replace(day=1)
    return entries


__all__ = ["VOLUMES", "build"]
