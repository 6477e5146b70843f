"""The ID cards' demo: a fiscal year of state-official ID cards served at the One Stop desk, to
the people of the demo register (`apps.people.demo`, built before it).

Phatthalung Area 2 reproduces the office's real figures for fiscal year B.E. 2557
(../shared/reference/README.md): 261 cards issued to teacher civil servants and 32 to
pensioners, each through the desk within (nearly always) the 15-minute standard. The other demo
offices get their own, smaller, plausible volumes. A few requests are refused at the desk. Every
application of FY 2557 is finished (a card handed over, or refused); the few still waiting for
the director's approval were received in the last working days before the demo was loaded, in
the current fiscal year, as an office's open work is.

- Through the real services (`apps.idcards.services`, and the desk's `apps.onestop.services`),
  which number tickets per day and cards per year without gaps, and audit every step. The steps
  are done by the office's demo desk officer (the services require one) and its director, so
  the trail reads as their year of work, and one `demo.idcards_loaded` event says that the demo
  loaded it and sums the load up.
- Deterministic: drawn from the office's random stream after the register (`DemoContext.rng`);
  only the days of the applications still waiting follow the day the demo is loaded.
- Idempotent: an office with any card application, or whose register the demo did not load, is
  left alone. `DemoContext.scale` shrinks the volumes; only at 1 does Phatthalung Area 2 print
  the report's 261 and 32.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from accounts.models import User
from apps.idcards.models import REQUIRED_DOCUMENTS, CardApplication, CardReason, CardSettings
from apps.idcards.services import (
    card_application_approve,
    card_application_check,
    card_application_create,
    card_application_reject,
    card_hand_over,
    card_issue,
)
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete
from apps.people.demo import demo_register
from apps.people.models import Person, PersonCategory, PersonStatus
from audit.services import audit_record
from core.demo import (
    BANGKOK,
    DEMO_ACTOR_LABEL,
    HOLIDAYS,
    LAST_TICKET,
    OPENS,
    DemoContext,
    scaled_count,
    scaled_few,
)
from core.thai import fiscal_year, to_be_year


@dataclass(frozen=True)
class CardVolumes:
    """One demo office's ID cards in the fiscal year, and who signs them."""

    teacher_cards: int
    pensioner_cards: int
    other_cards: int = 0
    rejected: int = 0  # refused at the desk (documents missing): no card
    in_progress: int = 0  # received, waiting for the director's approval or for printing
    agency_code: str = ""
    issuer_name: str = ""
    issuer_position: str = ""

    def scaled(self, factor: float) -> CardVolumes:
        if factor == 1:
            return self
        return replace(
            self,
            teacher_cards=scaled_count(self.teacher_cards, factor),
            pensioner_cards=scaled_count(self.pensioner_cards, factor),
            other_cards=scaled_count(self.other_cards, factor),
            rejected=scaled_few(self.rejected, factor),
            in_progress=scaled_few(self.in_progress, factor),
        )


# Agency codes and the directors' names are invented: real card-number patterns are not
# public (DOMAIN.md marks them [u]), and an office sets its own in CardSettings.
CARD_VOLUMES: dict[str, CardVolumes] = {
    # The report's real figures: 261 teacher civil servants and 32 pensioners in FY 2557.
    "phatthalung2": CardVolumes(
        teacher_cards=261,
        pensioner_cards=32,
        rejected=4,
        in_progress=3,
        agency_code="0417",
        issuer_name="นายวิรัตน์ ศรีสุวรรณ",
        issuer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
    ),
    "phatthalung1": CardVolumes(
        teacher_cards=187,
        pensioner_cards=41,
        other_cards=12,
        rejected=3,
        in_progress=2,
        agency_code="0416",
        issuer_name="นายประสิทธิ์ แก้วมณี",
        issuer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 1",
    ),
    "songkhlasec": CardVolumes(
        teacher_cards=142,
        pensioner_cards=27,
        other_cards=9,
        rejected=2,
        in_progress=2,
        agency_code="0432",
        issuer_name="นางสุนีย์ ทองคำ",
        issuer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาสงขลา สตูล",
    ),
}


def _working_days(be_year: int) -> list[date]:
    fy = fiscal_year(be_year)
    days, day = [], fy.start
    while day <= fy.end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class _Visit:
    person: Person
    reason: str
    outcome: str  # "issued", "rejected" or "waiting"
    received_at: datetime = datetime.min.replace(tzinfo=BANGKOK)
    minutes: float = 0.0


def _recent_working_days(today: date, count: int = 5) -> list[date]:
    """The `count` working days (Monday to Friday) before `today`, oldest first."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days[::-1]


def _schedule(
    rng: random.Random, visits: list[_Visit], days: list[date], recent: list[date]
) -> None:
    """Give every visit a receipt time on a working day (Bangkok office hours, one desk
    officer: a visit starts after the previous one of the day is served) and a service time:
    5–14 minutes for nearly all, a few over the 15-minute standard. Applications still in
    progress are received on one of the `recent` days (the current year's open work)."""
    by_day: dict[date, list[_Visit]] = {}
    for visit in visits:
        pool = recent if visit.outcome == "waiting" else days
        by_day.setdefault(rng.choice(pool), []).append(visit)
    for day, todays in by_day.items():
        free_at = datetime.combine(day, OPENS, BANGKOK)
        closes = datetime.combine(day, LAST_TICKET, BANGKOK)
        span = max(1, int((closes - free_at).total_seconds() // 60))
        starts = sorted(rng.randrange(span) for _ in todays)
        for visit, start in zip(todays, starts, strict=True):
            received = datetime.combine(day, OPENS, BANGKOK) + timedelta(
                minutes=start, seconds=rng.randrange(60)
            )
            received = max(received, free_at + timedelta(seconds=rng.randint(30, 240)))
            # Nearly all within 5–14 minutes; a few over (a printer jam, a document fetched).
            late = rng.random() < 0.03
            minutes = rng.uniform(15.5, 28) if late else rng.triangular(5, 14, 8.5)
            visit.received_at, visit.minutes = received, minutes
            free_at = received + timedelta(minutes=minutes)


def _pick(rng: random.Random, pool: list[Person], count: int, what: str) -> list[Person]:
    if count > len(pool):
        raise ValueError(f"The demo register has {len(pool)} {what}: too few for {count} cards")
    return rng.sample(pool, count)


def _visits(
    rng: random.Random, spec: CardVolumes, people: list[Person], fy_start: date
) -> list[_Visit]:
    served = [p for p in people if p.status in (PersonStatus.ACTIVE, PersonStatus.RETIRED)]
    teachers = [p for p in served if p.category == PersonCategory.TEACHER]
    pensioners = [p for p in served if p.category == PersonCategory.PENSIONER]
    others = [
        p
        for p in served
        if p.category not in (PersonCategory.TEACHER, PersonCategory.PENSIONER)
        and p.category != PersonCategory.GOVERNMENT_EMPLOYEE  # no state-official card for them
    ]
    visits: list[_Visit] = []
    chosen_teachers = _pick(rng, teachers, spec.teacher_cards + spec.rejected, "teachers")
    for person in chosen_teachers[: spec.teacher_cards]:
        if person.position == "ครูผู้ช่วย" and rng.random() < 0.6:
            reason = CardReason.FIRST
        else:
            reason = rng.choices(
                (
                    CardReason.EXPIRED,
                    CardReason.POSITION_CHANGE,
                    CardReason.LOST,
                    CardReason.DAMAGED,
                    CardReason.NAME_CHANGE,
                ),
                weights=(70, 12, 8, 5, 5),
            )[0]
        visits.append(_Visit(person, reason, "issued"))
    for person in chosen_teachers[spec.teacher_cards :]:
        visits.append(_Visit(person, CardReason.EXPIRED, "rejected"))
    # Those who retired at the end of FY 2556 come for their pensioner card first.
    recent = [p for p in pensioners if p.status_date == fy_start]
    earlier = [p for p in pensioners if p.status_date != fy_start]
    newly = rng.sample(recent, min(len(recent), spec.pensioner_cards * 3 // 5))
    for person in newly:
        visits.append(_Visit(person, CardReason.RETIREMENT, "issued"))
    for person in _pick(rng, earlier, spec.pensioner_cards - len(newly), "pensioners"):
        reason = rng.choices((CardReason.EXPIRED, CardReason.LOST), weights=(80, 20))[0]
        visits.append(_Visit(person, reason, "issued"))
    rest = [p for p in others if p.status == PersonStatus.ACTIVE]
    chosen = _pick(rng, rest, spec.other_cards + spec.in_progress, "other staff")
    for person in chosen[: spec.other_cards]:
        visits.append(_Visit(person, CardReason.EXPIRED, "issued"))
    for person in chosen[spec.other_cards :]:
        visits.append(_Visit(person, CardReason.POSITION_CHANGE, "waiting"))
    return visits


def _serve(rng: random.Random, visit: _Visit, officer: User, approver: User, be_year: int) -> str:
    """One visit at the desk, through the real services; returns the outcome."""
    at = visit.received_at
    person = visit.person
    police = ""
    if visit.reason == CardReason.LOST:
        police = f"ปจว. ข้อ {rng.randint(1, 60)} ลงวันที่ {at.day}/{at.month}/{to_be_year(at.year)}"
    old_card = ""
    if visit.reason != CardReason.FIRST:
        old_card = f"{rng.randint(0, 9999):04d}-{be_year - 6}-{rng.randint(1, 400):05d}"
    required = REQUIRED_DOCUMENTS[visit.reason]
    application = card_application_create(
        person=person,
        reason=visit.reason,
        received_by=officer,
        documents=() if visit.outcome == "rejected" else required,
        police_report_number=police,
        old_card_number=old_card,
        at=at,
    )
    total = timedelta(minutes=visit.minutes)
    if visit.outcome == "rejected":
        card_application_reject(
            application=application,
            officer=officer,
            reason="เอกสารไม่ครบ (ไม่มีบัตรเดิมหรือใบแจ้งความ) ให้ยื่นคำขอใหม่พร้อมเอกสาร",
            at=at + total,
        )
        return "rejected"
    application = card_application_check(
        application=application, documents=required, officer=officer, at=at + total * 0.25
    )
    if visit.outcome == "waiting":
        # Received and checked; the director signs tomorrow. The person was served at the desk.
        assert application.service_request is not None  # noqa: S101 (the create opened it)
        service_request_complete(
            service_request=application.service_request,
            officer=officer,
            outcome="รับคำขอและตรวจเอกสารแล้ว รอผู้อำนวยการอนุมัติ",
            at=at + total,
        )
        return "waiting"
    application = card_application_approve(
        application=application, approver=approver, at=at + total * 0.45
    )
    application = card_issue(application=application, officer=officer, at=at + total * 0.8)
    card_hand_over(application=application, officer=officer, at=at + total)
    return "issued"


def build(context: DemoContext) -> dict[str, int] | None:
    """Serve the office's demo card requests (scaled) at the desk of the current office schema;
    None if the office has no cards in the demo, already has a card application, or has a
    register the demo did not load (nothing is touched). Returns the counts loaded.

    `context.officer` serves at the desk (a desk role is required by the services) and
    `context.approver` (the director) approves the cards; the office's card settings get the
    demo's agency code and issuer."""
    volumes = CARD_VOLUMES.get(context.office_code)
    if volumes is None or CardApplication.objects.exists():
        return None
    register = demo_register()
    if register is None:
        return None
    volumes = volumes.scaled(context.scale)
    officer = User.objects.get(username=context.officer)
    approver = User.objects.get(username=context.approver)
    card_settings = CardSettings.objects.first() or CardSettings()
    card_settings.agency_code = volumes.agency_code
    card_settings.issuer_name = volumes.issuer_name
    card_settings.issuer_position = volumes.issuer_position
    card_settings.save()
    rng = context.rng
    visits = _visits(rng, volumes, register, fiscal_year(context.fiscal_year).start)
    _schedule(rng, visits, _working_days(context.fiscal_year), _recent_working_days(context.today))
    visits.sort(key=lambda visit: visit.received_at)
    outcomes = {"issued": 0, "rejected": 0, "waiting": 0}
    for visit in visits:
        be_year = to_be_year(visit.received_at.year)
        outcomes[_serve(rng, visit, officer, approver, be_year)] += 1
    counts = {
        "requests": ServiceRequest.objects.count(),
        "cards_issued": outcomes["issued"],
        "rejected": outcomes["rejected"],
        "in_progress": outcomes["waiting"],
    }
    audit_record(
        action="demo.idcards_loaded",
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts


__all__ = ["CARD_VOLUMES", "CardVolumes", "build"]
