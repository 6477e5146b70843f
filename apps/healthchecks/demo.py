"""The health check's demo: a campaign with สกสค. in the last days of the demo's fiscal year, its
check points, sign-ups and attendance, all through the module's services.

Phatthalung Area 2 reproduces the 2557 report: the สกสค. mobile medical unit served the area on
26–30 September 2557 (Friday to Tuesday, DOMAIN-wave2 d.5). The report names no check points
and gives no participant count, so the check points are one per district of the register's
schools, **marked as demo venues**, and the sign-ups and attendance are plausible volumes that
the report never cites (its section shows the dates only). No result is ever stored.

Sign-ups come through the desk (the welfare officer, under a desk ticket) and the public page
(a one-time code asked for by e-mail, then used); on the day each booked person is checked in
or not (about one in eight does not come), and a few walk in.

- Deterministic: `context.random("healthchecks")`.
- Idempotent: None when the office has a campaign or no volumes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from accounts.models import User
from apps.healthchecks import services
from apps.healthchecks.models import Campaign, CheckPoint, SignUp, SignUpStatus
from apps.people.models import Person, PersonStatus, School
from audit.services import audit_record
from core.demo import BANGKOK, DEMO_ACTOR_LABEL, DemoContext, scaled_count
from core.thai import to_ce_year

# Per office: (the partner's provincial office, the share of people who sign up, days).
VOLUMES: dict[str, dict[str, object]] = {
    "phatthalung2": {"partner": "สำนักงาน สกสค. จังหวัดพัทลุง", "share": 0.30, "days": 5},
    "phatthalung1": {"partner": "สำนักงาน สกสค. จังหวัดพัทลุง", "share": 0.25, "days": 4},
    "songkhlasec": {"partner": "สำนักงาน สกสค. จังหวัดสงขลา", "share": 0.20, "days": 3},
}
PROVIDER = "หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค."
SERVICES = "ตรวจเลือด (น้ำตาล ไขมัน การทำงานของไตและตับ) วัดความดันโลหิต เอกซเรย์ปอด"
CATEGORIES = ("teacher", "education_personnel", "pensioner")
DESK_SHARE = 0.3
NO_SHOW = 0.12
WALK_INS = 0.05


def _days(be_year: int, count: int) -> list[date]:
    """The last `count` days of the fiscal year, up to 30 September (2557: 26–30 Sep)."""
    last = date(to_ce_year(be_year), 9, 30)
    return [last - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def build(context: DemoContext) -> dict[str, int] | None:
    volume = VOLUMES.get(context.office_code)
    if volume is None or Campaign.objects.exists():
        return None
    rng = context.random("healthchecks")
    officer = User.objects.get(username=context.officer)
    days = _days(context.fiscal_year, int(volume["days"]))  # type: ignore[call-overload]
    districts = sorted(
        {d for d in School.objects.filter(is_active=True).values_list("district", flat=True) if d}
    ) or ["อำเภอเมือง"]
    people = list(
        Person.objects.filter(
            category__in=CATEGORIES, status__in=services.SERVED_STATUSES
        ).order_by("pk")
    )
    rng.shuffle(people)
    wanted = scaled_count(round(len(people) * float(volume["share"])), 1.0)  # type: ignore[arg-type]
    campaign = services.campaign_create(
        fiscal_year_be=context.fiscal_year,
        title=f"ตรวจสุขภาพประจำปี {context.fiscal_year}",
        partner=str(volume["partner"]),
        provider=PROVIDER,
        notes="จุดตรวจในข้อมูลสาธิตเป็นสถานที่สมมติ (รายงานไม่ได้ระบุจุดตรวจ)",
        officer=officer,
    )
    # One check point per district, spread over the days (two a day where districts are many).
    slots = max(len(days), len(districts))
    capacity = max(10, round(wanted * 1.15 / slots) + 1)
    points: list[CheckPoint] = []
    for index in range(slots):
        district = districts[index % len(districts)]
        points.append(
            services.checkpoint_add(
                campaign=campaign,
                day=days[index % len(days)],
                starts_at=time(8, 30),
                ends_at=time(15, 30),
                venue=f"หอประชุมโรงเรียนในพื้นที่{district} (สถานที่สาธิต)",
                district=district,
                capacity=capacity,
                services=SERVICES,
                coordinator="ศึกษานิเทศก์ประจำกลุ่มโรงเรียน (สาธิต)",
                target_schools=School.objects.filter(district=district, is_active=True),
                is_demo_venue=True,
                officer=officer,
            )
        )
    announced = datetime.combine(days[0] - timedelta(days=25), time(9, 0), BANGKOK)
    services.campaign_announce(campaign=campaign, officer=officer, at=announced)
    by_district: dict[str, list[CheckPoint]] = {}
    for point in points:
        by_district.setdefault(point.district, []).append(point)
    signed = desk = public = 0
    for number, person in enumerate(people[:wanted]):
        district = person.school.district if person.school_id and person.school else ""
        choices = by_district.get(district) or points
        order = sorted(choices, key=lambda _p: rng.random()) + [
            p for p in points if p not in choices
        ]
        at = announced + timedelta(minutes=30 + number * 37 % (60 * 24 * 20))
        at = at.replace(hour=rng.randint(8, 15), minute=rng.randint(0, 59))
        for point in order:
            if services.booked_count(point) >= point.capacity or point.day < at.date():
                continue
            if rng.random() < DESK_SHARE:
                services.signup_at_desk(checkpoint=point, person=person, officer=officer, at=at)
                desk += 1
            else:
                made = services.access_code_request(national_id=person.national_id, at=at)
                services.signup_public(
                    national_id=person.national_id,
                    code=made.code,
                    checkpoint=point,
                    at=at + timedelta(minutes=rng.randint(2, 20)),
                )
                public += 1
            signed += 1
            break
    attended = walk_ins = 0
    for point in points:
        for signup in SignUp.objects.filter(checkpoint=point, status=SignUpStatus.BOOKED).order_by(
            "pk"
        ):
            if rng.random() < NO_SHOW:
                continue
            at = datetime.combine(point.day, time(8, 30), BANGKOK) + timedelta(
                minutes=rng.randint(0, 390)
            )
            services.checkin(signup=signup, officer=officer, at=at)
            attended += 1
    signed_ids = set(SignUp.objects.values_list("person_id", flat=True))
    others = [
        p for p in people[wanted:] if p.pk not in signed_ids and p.status == PersonStatus.ACTIVE
    ]
    for person in others[: round(wanted * WALK_INS)]:
        point = rng.choice(points)
        at = datetime.combine(point.day, time(10, 0), BANGKOK) + timedelta(
            minutes=rng.randint(0, 240)
        )
        services.walk_in(checkpoint=point, person=person, officer=officer, at=at)
        walk_ins += 1
    closed = datetime.combine(days[-1], time(16, 30), BANGKOK)
    services.campaign_close(campaign=campaign, officer=officer, at=closed)
    counts = {
        "checkpoints": len(points),
        "signups": signed,
        "signups_desk": desk,
        "signups_public": public,
        "attended": attended + walk_ins,
        "walk_ins": walk_ins,
    }
    audit_record(
        action="demo.healthchecks_loaded",
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts


__all__ = ["VOLUMES", "build"]
