"""The claims' demo: a fiscal year of medical-expense and child-education claims
received at the One Stop desk, checked, approved and paid in cash.

Phatthalung Area 2 reproduces the office's real figures for fiscal year B.E. 2557
(../shared/reference/README.md): 199 medical payments to teacher civil servants, 63 to
pensioners and 398 child-education payments. A few claims are returned at the desk and a few
still wait for the director at the end of the year; neither counts. The other demo offices get
smaller volumes, some of them for other personnel. Every hospital, school, receipt and amount is
invented.

- On top of the demo register (`apps.people.demo`, built first): the claimants and
  beneficiaries are the office's people, and only people and family members the eligibility
  rules accept on the day are chosen. A register the demo did not load gets no claims.
- Everything through the real services (`apps.reimbursements.services`), with `at=` times on
  working days between the ID-card visits already at the desk: the desk officer receives,
  checks and approves up to the office's threshold, the director approves above it, and the
  finance officer pays, which completes the ticket (5–14 minutes, a few over the standard).
- Child-education claims are semester 2 of academic year 2556 and semester 1 of 2557 (both paid
  in FY 2557). Some children also have a semester 1 of 2556 claim paid in FY 2556, so their
  second semester meets the year's cap, as it does in an office's register.
- The rate tables ship no child-education rate for those years: `demo_rates_ensure` adds
  invented, unconfirmed ones to the central table (public schema), where none exists. They end
  with academic year 2557 (`DEMO_RATE_LAST_YEAR`): a claim of a current year never uses them.
- Deterministic (a seeded random stream of its own, `DemoContext.random("claims")`),
  idempotent (an office with any claim is left alone), one transaction per office;
  `KRUCARE_DEMO_SCALE` (`DemoContext.scale`) shrinks the volumes through `ClaimVolumes.scaled`.
  Only at 1 are the figures the report's.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete
from apps.people.demo import REGISTERS, RegisterSpec, demo_register_loaded
from apps.people.models import FamilyMember, Person, PersonCategory, Relation, School
from apps.reimbursements import eligibility
from apps.reimbursements.models import CareType, Claim, ClaimKind, HospitalType, ItemKind
from apps.reimbursements.services import (
    ItemInput,
    ReceiptInput,
    approval_threshold,
    child_education_claim_create,
    claim_approve,
    claim_check,
    claim_pay,
    claim_return,
    medical_claim_create,
)
from audit.services import audit_record
from central.rates import (
    ChildEducationRate,
    EducationLevel,
    RateMethod,
    SchoolType,
    child_education_rate_in_force,
    child_education_rates_covering,
)
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
from core.thai import AcademicYear, academic_year, fiscal_year


@dataclass(frozen=True)
class ClaimVolumes:
    """One demo office's claims in the fiscal year: paid ones by the claimant's category."""

    medical_paid_teacher: int = 0
    medical_paid_pensioner: int = 0
    medical_paid_other: int = 0
    child_education_paid: int = 0
    claims_returned: int = 0  # returned at the desk with a reason: not paid
    claims_waiting: int = 0  # checked, waiting for the director at the year's end

    def scaled(self, factor: float) -> ClaimVolumes:
        if factor == 1:
            return self
        return replace(
            self,
            medical_paid_teacher=scaled_count(self.medical_paid_teacher, factor),
            medical_paid_pensioner=scaled_count(self.medical_paid_pensioner, factor),
            medical_paid_other=scaled_count(self.medical_paid_other, factor),
            child_education_paid=scaled_count(self.child_education_paid, factor),
            claims_returned=scaled_few(self.claims_returned, factor),
            claims_waiting=scaled_few(self.claims_waiting, factor),
        )


CLAIM_VOLUMES: dict[str, ClaimVolumes] = {
    # The report's claims: 199 and 63 medical payments, 398 child-education payments.
    "phatthalung2": ClaimVolumes(
        medical_paid_teacher=199,
        medical_paid_pensioner=63,
        child_education_paid=398,
        claims_returned=4,
        claims_waiting=3,
    ),
    "phatthalung1": ClaimVolumes(
        medical_paid_teacher=96,
        medical_paid_pensioner=31,
        medical_paid_other=9,
        child_education_paid=172,
        claims_returned=3,
        claims_waiting=2,
    ),
    "songkhlasec": ClaimVolumes(
        medical_paid_teacher=74,
        medical_paid_pensioner=22,
        medical_paid_other=7,
        child_education_paid=131,
        claims_returned=2,
        claims_waiting=2,
    ),
}

# ---------------------------------------------------------------------------------------------
# Demo rates (central, public schema)

DEMO_RATE_SOURCE = "ข้อมูลสาธิต (ไม่ใช่อัตราจริง)"
DEMO_RATE_NOTE = (
    "อัตราสมมุติสำหรับข้อมูลสาธิตเท่านั้น ไม่ได้มาจากหนังสือสั่งการ ห้ามใช้เบิกจ่ายจริง / "
    "Invented for the demo data (the rate tables ship nothing before academic year 2559); "
    "not from any letter."
)
DEMO_RATE_YEAR = 2550
# The demo's claims are of academic years 2556 and 2557: its rates end there, so no claim of a
# later (current) year is ever paid by an invented rate.
DEMO_RATE_LAST_YEAR = 2557
DEMO_CAPS = {
    EducationLevel.KINDERGARTEN: Decimal("4650.00"),
    EducationLevel.PRIMARY: Decimal("3200.00"),
    EducationLevel.LOWER_SECONDARY: Decimal("3900.00"),
    EducationLevel.UPPER_SECONDARY: Decimal("3900.00"),
    EducationLevel.VOCATIONAL_CERTIFICATE: Decimal("4900.00"),
    EducationLevel.DIPLOMA: Decimal("11000.00"),
    EducationLevel.BACHELOR: Decimal("19000.00"),
}
PRIVATE_SHARE = Decimal("50")


def demo_rates_ensure(*, academic_year_be: int) -> int:
    """Add the demo child-education rates (academic years 2550 to 2557 only, unconfirmed, marked
    as invented) for every school type and level that has no rate in force in `academic_year_be`.
    Runs in the public schema whatever the current one; idempotent. Returns how many it added."""
    added = 0
    with schema_context(get_public_schema_name()):
        for school_type in SchoolType:
            for level, cap in DEMO_CAPS.items():
                if (
                    child_education_rates_covering(academic_year_be)
                    .filter(school_type=school_type, level=level)
                    .exists()
                ):
                    continue
                private = school_type == SchoolType.PRIVATE
                _rate, created = ChildEducationRate.objects.get_or_create(
                    effective_academic_year=DEMO_RATE_YEAR,
                    school_type=school_type,
                    level=level,
                    defaults={
                        "method": RateMethod.SHARE_UP_TO_CAP
                        if private
                        else RateMethod.ACTUAL_UP_TO_CAP,
                        "share_percent": PRIVATE_SHARE if private else Decimal("100"),
                        "cap_per_academic_year": cap,
                        "source_letter": DEMO_RATE_SOURCE,
                        "last_academic_year": DEMO_RATE_LAST_YEAR,
                        "is_confirmed": False,
                        "note": DEMO_RATE_NOTE,
                    },
                )
                added += created
    return added


# ---------------------------------------------------------------------------------------------
# Places

# Referral hospitals every office in the lower south uses.
REFERRAL_HOSPITALS = ("โรงพยาบาลสงขลานครินทร์", "โรงพยาบาลหาดใหญ่")
PRIVATE_HOSPITALS = {
    "พัทลุง": ("โรงพยาบาลพัทลุงรวมแพทย์", "โรงพยาบาลพัทลุงเวชการ"),
    "สงขลา": ("โรงพยาบาลหาดใหญ่รวมแพทย์", "โรงพยาบาลสงขลาเวชการ"),
}
UNIVERSITIES = (
    "มหาวิทยาลัยทักษิณ",
    "มหาวิทยาลัยสงขลานครินทร์",
    "มหาวิทยาลัยราชภัฏสงขลา",
    "มหาวิทยาลัยเทคโนโลยีราชมงคลศรีวิชัย",
    "มหาวิทยาลัยวลัยลักษณ์",
)
PRIVATE_UNIVERSITIES = ("มหาวิทยาลัยหาดใหญ่", "วิทยาลัยเทคโนโลยีภาคใต้")
PRIVATE_SCHOOLS = (
    "โรงเรียนอนุบาลบ้านเด็กดี",
    "โรงเรียนดรุณศึกษา",
    "โรงเรียนมารีย์อุปถัมภ์",
    "โรงเรียนศรีสุวรรณวิทยา",
    "โรงเรียนจริยธรรมศึกษามูลนิธิ",
)
# How often a level's child goes to a private school.
PRIVATE_SHARE_OF_LEVEL = {
    EducationLevel.KINDERGARTEN: 0.3,
    EducationLevel.PRIMARY: 0.15,
    EducationLevel.LOWER_SECONDARY: 0.08,
    EducationLevel.UPPER_SECONDARY: 0.08,
    EducationLevel.VOCATIONAL_CERTIFICATE: 0.25,
    EducationLevel.DIPLOMA: 0.15,
    EducationLevel.BACHELOR: 0.12,
}
# Fees per semester (baht): government schools, private schools.
FEES = {
    EducationLevel.KINDERGARTEN: ((1_000, 2_400), (6_000, 14_000)),
    EducationLevel.PRIMARY: ((600, 1_700), (7_000, 16_000)),
    EducationLevel.LOWER_SECONDARY: ((1_000, 2_200), (8_000, 16_000)),
    EducationLevel.UPPER_SECONDARY: ((1_200, 2_400), (8_000, 16_000)),
    EducationLevel.VOCATIONAL_CERTIFICATE: ((1_500, 3_000), (7_000, 12_000)),
    EducationLevel.DIPLOMA: ((3_500, 6_500), (12_000, 20_000)),
    EducationLevel.BACHELOR: ((7_000, 13_500), (20_000, 45_000)),
}

MEDICAL_RETURNS = (
    "ใบเสร็จรับเงินไม่มีลายมือชื่อผู้รับเงิน ให้ขอใบเสร็จที่สมบูรณ์จากสถานพยาบาลแล้วยื่นใหม่",
    "ชื่อผู้ป่วยในใบเสร็จไม่ตรงกับทะเบียนประวัติ ให้แนบหลักฐานการเปลี่ยนชื่อแล้วยื่นใหม่",
    "ยื่นสำเนาใบเสร็จ ให้นำต้นฉบับใบเสร็จรับเงินมายื่นใหม่",
)
CHILD_EDUCATION_RETURNS = (
    "ระดับชั้นในใบเสร็จไม่ตรงกับหนังสือรับรองของสถานศึกษา ให้สถานศึกษาออกหนังสือรับรองใหม่",
    "ใบเสร็จไม่ระบุภาคเรียน ให้สถานศึกษารับรองภาคเรียนแล้วยื่นใหม่",
)
WAITING_OUTCOME = "รับคำขอและตรวจเอกสารแล้ว รอผู้อำนวยการอนุมัติ"

# Holidays of FY 2556 after 20 May 2013 (the semester 1 of 2556 claims paid that year).
EARLIER_HOLIDAYS = frozenset(
    date.fromisoformat(day) for day in ("2013-05-24", "2013-07-22", "2013-07-23", "2013-08-12")
)


def _town(district: str) -> str:
    return district.removeprefix("เมือง")


def _days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in HOLIDAYS and day not in EARLIER_HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _tens(amount: Decimal) -> Decimal:
    return ((amount / 10).quantize(Decimal(1)) * 10).quantize(Decimal("0.01"))


def _baht(rng: random.Random, low: float, high: float, *, satang: bool = True) -> Decimal:
    """An amount between `low` and `high`: with satang (hospitals), or in tens (schools)."""
    if not satang:
        return Decimal(rng.randint(int(low) // 10, int(high) // 10) * 10).quantize(Decimal("0.01"))
    cents = rng.randint(int(low * 100), int(high * 100))
    if rng.random() < 0.6:  # most bills end in whole baht or 25-satang steps
        cents -= cents % 25
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------
# Plan


@dataclass
class _Visit:
    kind: str
    claimant: Person
    outcome: str  # "paid", "returned", "waiting"
    days: Sequence[date]
    # Child education: the child, the semester, the level and the school.
    child: FamilyMember | None = None
    academic_year_be: int = 0
    semester: int = 0
    level: str = ""
    school: tuple[str, str] = ("", "")
    prior: bool = False  # semester 1 of the year before (paid in the fiscal year before)
    inpatient: bool = False
    received_at: datetime = datetime.min.replace(tzinfo=BANGKOK)
    minutes: float = 0.0


@dataclass
class _Places:
    rng: random.Random
    spec: RegisterSpec
    register_schools: list[str]
    counters: dict[str, int] = field(default_factory=dict)
    schools: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    def hospitals(self) -> list[tuple[str, int]]:
        province = f"โรงพยาบาล{self.spec.province}"
        local = [f"โรงพยาบาล{_town(d)}" for d in self.spec.districts if not d.startswith("เมือง")]
        return [(province, 30), *[(h, 45 // max(1, len(local))) for h in local]] + [
            (h, 6) for h in REFERRAL_HOSPITALS
        ]

    def hospital(self, *, inpatient: bool) -> tuple[str, str]:
        if inpatient and self.rng.random() < 0.06:
            private = PRIVATE_HOSPITALS.get(self.spec.province, PRIVATE_HOSPITALS["พัทลุง"])
            return self.rng.choice(private), HospitalType.PRIVATE
        names, weights = zip(*self.hospitals(), strict=True)
        return self.rng.choices(names, weights=weights)[0], HospitalType.GOVERNMENT

    def receipt_number(self, issuer: str) -> str:
        """เล่มที่/เลขที่ of the issuer's next receipt: never the same twice."""
        if issuer not in self.counters:
            self.counters[issuer] = self.rng.randint(200, 6000)
        self.counters[issuer] += self.rng.randint(1, 40)
        number = self.counters[issuer]
        return f"{number // 50 + 1:03d}/{number % 50 + 1:02d}"

    def school(self, child: FamilyMember, level: str) -> tuple[str, str]:
        key = (child.pk, level)
        if key not in self.schools:
            self.schools[key] = self._new_school(level)
        return self.schools[key]

    def _new_school(self, level: str) -> tuple[str, str]:
        rng, province = self.rng, self.spec.province
        towns = [_town(d) for d in self.spec.districts] or [province]
        private = rng.random() < PRIVATE_SHARE_OF_LEVEL[EducationLevel(level)]
        if level == EducationLevel.BACHELOR:
            names: Sequence[str] = PRIVATE_UNIVERSITIES if private else UNIVERSITIES
        elif level in (EducationLevel.VOCATIONAL_CERTIFICATE, EducationLevel.DIPLOMA):
            names = (
                [f"วิทยาลัยเทคโนโลยีพณิชยการ{province}"]
                if private
                else [f"วิทยาลัยเทคนิค{province}", f"วิทยาลัยอาชีวศึกษา{province}"]
            )
            if level == EducationLevel.DIPLOMA and not private:
                names = [*names, "วิทยาลัยพยาบาลบรมราชชนนี สงขลา"]
        elif private:
            names = PRIVATE_SCHOOLS
        elif level in (EducationLevel.KINDERGARTEN, EducationLevel.PRIMARY):
            names = [f"โรงเรียนอนุบาล{t}" for t in towns[:3]]
            if not self.spec.secondary:
                names += self.register_schools
        elif self.spec.secondary:
            names = self.register_schools
        else:
            names = [f"โรงเรียน{province}", f"โรงเรียนสตรี{province}"] + [
                f"โรงเรียน{t}วิทยา" for t in towns
            ]
        school_type = SchoolType.PRIVATE if private else SchoolType.GOVERNMENT
        return rng.choice(list(names)), school_type


def _level(child: FamilyMember, year: AcademicYear) -> str | None:
    """The level a child of that age studies at (its age when the year opens), or None."""
    assert child.birth_date is not None  # noqa: S101 (children without one are never eligible)
    age = eligibility.age_on(child.birth_date, year.semester_1_start)
    if age < 3:
        return None
    if age <= 5:
        return EducationLevel.KINDERGARTEN
    if age <= 11:
        return EducationLevel.PRIMARY
    if age <= 14:
        return EducationLevel.LOWER_SECONDARY
    if age <= 17:
        # A stable choice per child (the same draw each year): vocational or academic track.
        vocational = random.Random(child.pk * 7919).random() < 0.25  # noqa: S311 (demo)
        return (
            EducationLevel.VOCATIONAL_CERTIFICATE if vocational else EducationLevel.UPPER_SECONDARY
        )
    if age <= 21:
        diploma = random.Random(child.pk * 104729).random() < 0.15  # noqa: S311 (demo)
        return EducationLevel.DIPLOMA if diploma and age <= 19 else EducationLevel.BACHELOR
    return None  # graduated (or not studying): not claimed in the demo


def _pool(people: Sequence[Person], *categories: str) -> list[Person]:
    return [
        p for p in people if p.category in categories and eligibility.claimant_verdict(p).eligible
    ]


@dataclass(frozen=True)
class _Slot:
    claimant: Person
    child: FamilyMember
    year: AcademicYear
    semester: int
    level: str


def _child_slots(
    people: Sequence[Person],
    families: dict[int, list[FamilyMember]],
    year: AcademicYear,
    semester: int,
) -> dict[int, _Slot]:
    """Every eligible child's semester, by the child's id."""
    slots: dict[int, _Slot] = {}
    for person in people:
        family = families.get(person.pk, [])
        if not any(m.relation == Relation.CHILD for m in family):
            continue
        for verdict in eligibility.child_education_eligibility(
            person, family, year=year, semester=semester
        ):
            if verdict.member is None or not verdict.eligible:
                continue
            level = _level(verdict.member, year)
            if level is not None:
                slots[verdict.member.pk] = _Slot(person, verdict.member, year, semester, level)
    return slots


def _weighted_day(rng: random.Random, days: Sequence[date]) -> date:
    """Early in the period more often: claims follow the start of a semester."""
    return days[min(len(days) - 1, int(len(days) * rng.betavariate(1.2, 3.2)))]


def _plan(
    rng: random.Random,
    spec: ClaimVolumes,
    fiscal_year_be: int,
    people: list[Person],
    families: dict[int, list[FamilyMember]],
    places: _Places,
) -> list[_Visit]:
    fy = fiscal_year(fiscal_year_be)
    year_days = _days(fy.start, fy.end)
    last_days = year_days[-5:]
    visits: list[_Visit] = []

    # Medical: people claim again and again (pensioners' chronic care most of all).
    for categories, count in (
        ((PersonCategory.TEACHER,), spec.medical_paid_teacher),
        ((PersonCategory.PENSIONER,), spec.medical_paid_pensioner),
        (
            (
                PersonCategory.EDUCATION_PERSONNEL,
                PersonCategory.PERMANENT_EMPLOYEE,
                PersonCategory.PENSIONED_EMPLOYEE,
            ),
            spec.medical_paid_other,
        ),
    ):
        if not count:
            continue
        pool = _pool(people, *categories)
        if not pool:
            raise ValueError(f"The demo register has no {categories[0]} who may claim")
        regulars = rng.sample(pool, min(len(pool), max(1, count * 2 // 3)))
        for _ in range(count):
            claimant = rng.choice(regulars)
            visits.append(
                _Visit(
                    ClaimKind.MEDICAL,
                    claimant,
                    "paid",
                    year_days,
                    inpatient=rng.random() < 0.12,
                )
            )

    # Child education: semester 2 of the academic year that opened in the fiscal year before,
    # semester 1 of the one that opens in this one.
    earlier, current = academic_year(fiscal_year_be - 1), academic_year(fiscal_year_be)
    claimants = _pool(people, *eligibility.CLAIMANT_CATEGORIES)
    second = _child_slots(claimants, families, earlier, 2)
    first = _child_slots(claimants, families, current, 1)
    children = sorted(set(second) | set(first))
    rng.shuffle(children)
    semester_2_days = _days(date(fy.start.year, 11, 4), date(fy.start.year + 1, 3, 31))
    semester_1_days = [d for d in _days(current.semester_1_start, fy.end) if d not in last_days]
    chosen: list[_Slot] = []
    spare: list[_Slot] = []
    for child_id in children:
        slots = [s for s in (second.get(child_id), first.get(child_id)) if s is not None]
        if len(slots) == 2 and rng.random() < 0.2:  # claimed only one of the two
            spare.append(slots.pop(rng.randrange(2)))
        room = spec.child_education_paid - len(chosen)
        chosen.extend(slots[:room])
        spare.extend(slots[room:])
    if len(chosen) < spec.child_education_paid:
        raise ValueError(
            f"The demo register has {len(chosen)} children's semesters: too few for "
            f"{spec.child_education_paid} child-education payments"
        )
    for slot in chosen:
        days = semester_2_days if slot.semester == 2 else semester_1_days
        visits.append(_child_visit(slot, "paid", days, places))
    # Some children's semester 1 of the year before, paid in the fiscal year before.
    prior_days = _days(date(fy.start.year, 5, 20), fy.start - timedelta(days=1))
    for slot in chosen:
        if (
            slot.semester == 2
            and slot.claimant.status_date is None
            and slot.claimant.category != PersonCategory.PENSIONER
            and rng.random() < 0.2
        ):
            verdicts = eligibility.child_education_eligibility(
                slot.claimant, families[slot.claimant.pk], year=earlier, semester=1
            )
            verdict = eligibility.verdict_for(verdicts, slot.child)
            if verdict is not None and verdict.eligible:
                prior = _Slot(slot.claimant, slot.child, earlier, 1, slot.level)
                visits.append(_child_visit(prior, "paid", prior_days, places, prior=True))

    # Returned at the desk, and waiting for the director at the year's end: medical and
    # child education in turn.
    spare_first = sorted((s for s in spare if s.semester == 1), key=lambda s: s.child.pk)
    medical_pool = _pool(people, PersonCategory.TEACHER, PersonCategory.PENSIONER)
    for outcome, count in (("returned", spec.claims_returned), ("waiting", spec.claims_waiting)):
        for index in range(count):
            if index % 2 == 1 and spare_first:
                slot = spare_first.pop(rng.randrange(len(spare_first)))
                days = last_days if outcome == "waiting" else semester_1_days
                visits.append(_child_visit(slot, outcome, days, places))
            else:
                visits.append(
                    _Visit(
                        ClaimKind.MEDICAL,
                        rng.choice(medical_pool),
                        outcome,
                        last_days if outcome == "waiting" else year_days,
                        inpatient=outcome == "waiting",
                    )
                )
    return visits


def _child_visit(
    slot: _Slot, outcome: str, days: Sequence[date], places: _Places, *, prior: bool = False
) -> _Visit:
    return _Visit(
        ClaimKind.CHILD_EDUCATION,
        slot.claimant,
        outcome,
        days,
        child=slot.child,
        academic_year_be=slot.year.be_year,
        semester=slot.semester,
        level=slot.level,
        school=places.school(slot.child, slot.level),
        prior=prior,
    )


def _busy(days: set[date]) -> dict[date, list[tuple[datetime, datetime]]]:
    """The desk's tickets already there (ID cards), by day: a claim is served between them."""
    busy: dict[date, list[tuple[datetime, datetime]]] = {}
    for received, completed in ServiceRequest.objects.values_list("received_at", "completed_at"):
        start = timezone.localtime(received, BANGKOK)
        if start.date() in days:
            end = timezone.localtime(completed, BANGKOK) if completed else start
            busy.setdefault(start.date(), []).append((start, end + timedelta(minutes=1)))
    return busy


def _schedule(rng: random.Random, visits: list[_Visit]) -> None:
    """A receipt time on one of each visit's days (office hours, one desk officer: a claim
    starts when the desk is free, ID-card visits included) and a service time: 5–14 minutes
    for nearly all, a few over the 15-minute standard."""
    by_day: dict[date, list[_Visit]] = {}
    for visit in visits:
        day = _weighted_day(rng, visit.days) if visit.kind == ClaimKind.CHILD_EDUCATION else None
        by_day.setdefault(day or rng.choice(visit.days), []).append(visit)
    busy = _busy(set(by_day))
    for day in sorted(by_day):
        todays = by_day[day]
        opens = datetime.combine(day, OPENS, BANGKOK)
        span = int((datetime.combine(day, LAST_TICKET, BANGKOK) - opens).total_seconds() // 60)
        starts = sorted(rng.randrange(span) for _ in todays)
        taken = sorted(busy.get(day, []))
        free_at = opens
        for visit, start in zip(todays, starts, strict=True):
            late = rng.random() < 0.03
            minutes = rng.uniform(15.5, 26) if late else rng.triangular(5, 14, 8.5)
            received = opens + timedelta(minutes=start, seconds=rng.randrange(60))
            received = max(received, free_at + timedelta(seconds=rng.randint(30, 240)))
            for begin, end in taken:
                if received < end and received + timedelta(minutes=minutes) > begin:
                    received = end + timedelta(seconds=rng.randint(30, 180))
            visit.received_at, visit.minutes = received, minutes
            free_at = received + timedelta(minutes=minutes)


# ---------------------------------------------------------------------------------------------
# At the desk


@dataclass(frozen=True)
class _Staff:
    officer: User
    director: User
    payer: User
    threshold: Decimal  # the officer approves up to it, the director above


def _medical_receipts(
    rng: random.Random, visit: _Visit, day: date, issuer: str, places: _Places
) -> tuple[list[ReceiptInput], date | None, date | None]:
    pensioner = visit.claimant.category in (
        PersonCategory.PENSIONER,
        PersonCategory.PENSIONED_EMPLOYEE,
    )
    if visit.inpatient:
        nights = rng.choices((1, 2, 3, 4, 5, 7, 9), weights=(10, 22, 22, 16, 12, 10, 8))[0]
        discharged = day - timedelta(days=rng.randint(1, 75))
        admitted = discharged - timedelta(days=nights)
        items = [
            ItemInput(ItemKind.MEDICINE, _baht(rng, 800, 4_500 * nights**0.6)),
            ItemInput(ItemKind.DIAGNOSTICS, _baht(rng, 400, 6_000)),
            ItemInput(ItemKind.TREATMENT, _baht(rng, 300, 1_200 * nights**0.5)),
        ]
        if rng.random() < 0.6:
            daily = rng.choice((800, 1_000, 1_200, 1_500, 1_800))  # above 1,000: capped
            items.append(
                ItemInput(
                    ItemKind.SPECIAL_ROOM,
                    Decimal(daily * nights).quantize(Decimal("0.01")),
                    days=nights,
                )
            )
        else:
            items.append(
                ItemInput(ItemKind.ROOM_AND_FOOD, Decimal(400 * nights).quantize(Decimal("0.01")))
            )
        if rng.random() < 0.25:
            items.append(ItemInput(ItemKind.SURGERY, _baht(rng, 2_500, 30_000)))
        if rng.random() < 0.05:
            items.append(ItemInput(ItemKind.DEVICE, _baht(rng, 1_500, 18_000)))
        if rng.random() < 0.1:
            items.append(ItemInput(ItemKind.MEDICAL_CERTIFICATE, Decimal("100.00")))
        number = places.receipt_number(issuer)
        return [ReceiptInput(number, discharged, items=items)], admitted, discharged
    receipts = []
    count = rng.choices((1, 2, 3), weights=(84, 12, 4))[0]
    first = day - timedelta(days=rng.randint(0, 45) if rng.random() < 0.9 else rng.randint(46, 300))
    issued_on = first
    for _ in range(count):
        low, high = (600, 6_500) if pensioner else (120, 2_800)
        items = [ItemInput(ItemKind.MEDICINE, _baht(rng, low, high))]
        if rng.random() < 0.6:
            items.append(ItemInput(ItemKind.TREATMENT, _baht(rng, 50, 400)))
        if rng.random() < 0.35:
            items.append(ItemInput(ItemKind.DIAGNOSTICS, _baht(rng, 150, 1_800)))
        roll = rng.random()  # a few lines are never reimbursed
        if roll < 0.05:
            items.append(ItemInput(ItemKind.CARD_FEE, Decimal(rng.choice(("20.00", "50.00")))))
        elif roll < 0.08:
            items.append(ItemInput(ItemKind.MEDICAL_CERTIFICATE, Decimal("100.00")))
        elif roll < 0.1:
            items.append(ItemInput(ItemKind.RECORD_FEE, Decimal("30.00")))
        receipts.append(ReceiptInput(places.receipt_number(issuer), issued_on, items=items))
        issued_on = min(day, issued_on + timedelta(days=rng.randint(7, 30)))
    return receipts, None, None


def _beneficiary(
    rng: random.Random, claimant: Person, family: list[FamilyMember], on: date
) -> FamilyMember | None:
    """A family member (or the claimant: None) the rules cover on `on`."""
    verdicts = [
        v
        for v in eligibility.medical_eligibility(claimant, family, on=on)
        if v.eligible
        and v.member is not None
        # Not one born after the treatment (the rules do not look at that: see the report).
        and (v.member.birth_date is None or v.member.birth_date <= on)
    ]
    pensioner = claimant.status == "retired"
    weights = {"spouse": 14, "father": 6, "mother": 8, "child": 7 if pensioner else 22}
    self_weight = 70 if pensioner else 50
    options: list[FamilyMember | None] = [None]
    chances = [self_weight]
    for verdict in verdicts:
        options.append(verdict.member)
        chances.append(weights.get(verdict.relation, 5))
    return rng.choices(options, weights=chances)[0]


def _school_fee(rng: random.Random, level: str, school_type: str) -> Decimal:
    government, private = FEES[EducationLevel(level)]
    low, high = private if school_type == SchoolType.PRIVATE else government
    return _baht(rng, low, high, satang=False)


def _serve(
    rng: random.Random,
    visit: _Visit,
    staff: _Staff,
    families: dict[int, list[FamilyMember]],
    places: _Places,
) -> str:
    """One claim at the desk, through the real services; returns the outcome."""
    at = visit.received_at
    day = at.date()
    total = timedelta(minutes=visit.minutes)
    officer = staff.officer
    if visit.kind == ClaimKind.MEDICAL:
        hospital, hospital_type = places.hospital(inpatient=visit.inpatient)
        receipts, admitted, discharged = _medical_receipts(rng, visit, day, hospital, places)
        treated_on = admitted or min(r.issued_on for r in receipts)
        family = families.get(visit.claimant.pk, [])
        claim = medical_claim_create(
            claimant=visit.claimant,
            beneficiary=_beneficiary(rng, visit.claimant, family, treated_on),
            hospital_name=hospital,
            hospital_type=hospital_type,
            care_type=CareType.INPATIENT if visit.inpatient else CareType.OUTPATIENT,
            receipts=receipts,
            received_by=officer,
            admitted_on=admitted,
            discharged_on=discharged,
            at=at,
        )
        reasons: Sequence[str] = MEDICAL_RETURNS
    else:
        assert visit.child is not None  # noqa: S101 (planned with its child)
        school, school_type = visit.school
        year = academic_year(visit.academic_year_be)
        opens = year.semester_1_start if visit.semester == 1 else year.semester_2_start
        earliest = opens - timedelta(days=7)
        receipts = []
        if visit.prior:  # leaves part of the year's cap for semester 2
            rate = child_education_rate_in_force(
                academic_year=visit.academic_year_be, school_type=school_type, level=visit.level
            )
            assert rate is not None  # noqa: S101 (demo_rates_ensure)
            part = rate.cap_per_academic_year * Decimal(rng.uniform(0.5, 0.85))
            fees = [_tens(part * 100 / rate.share_percent)]
        else:
            fee = _school_fee(rng, visit.level, school_type)
            if rng.random() < 0.2:  # fees and activities on two receipts
                part = _tens(fee * Decimal(rng.uniform(0.2, 0.4)))
                fees = [fee - part, part]
            else:
                fees = [fee]
        for amount in fees:
            issued_on = earliest + timedelta(days=rng.randint(0, min(30, (day - earliest).days)))
            receipts.append(ReceiptInput(places.receipt_number(school), issued_on, amount=amount))
        claim = child_education_claim_create(
            claimant=visit.claimant,
            child=visit.child,
            academic_year_be=visit.academic_year_be,
            semester=visit.semester,
            school_name=school,
            school_type=school_type,
            level=visit.level,
            receipts=receipts,
            fee_notice_received=True,
            received_by=officer,
            at=at,
        )
        reasons = CHILD_EDUCATION_RETURNS
    if visit.outcome == "returned":
        claim_return(claim=claim, officer=officer, reason=rng.choice(reasons), at=at + total)
        return "returned"
    claim = claim_check(claim=claim, officer=officer, at=at + total * 0.3)
    if visit.outcome == "waiting":
        assert claim.service_request is not None  # noqa: S101 (the create opened it)
        service_request_complete(
            service_request=claim.service_request,
            officer=officer,
            outcome=WAITING_OUTCOME,
            at=at + total,
        )
        return "waiting"
    approver = officer if claim.payable_amount <= staff.threshold else staff.director
    claim = claim_approve(claim=claim, approver=approver, at=at + total * 0.55)
    claim_pay(claim=claim, payer=staff.payer, at=at + total)
    return "paid"


def build(context: DemoContext) -> dict[str, int] | None:
    """Load the office's demo claims (scaled) into the current office schema, on top of the
    demo register; None if the office has no claims in the demo, already has a claim, or has a
    register the demo did not load (nothing is touched). Returns the counts loaded.

    `context.officer` receives and checks at the desk (a claim officer), `context.approver`
    (the director) approves above the office's threshold, `context.payer` (a finance officer)
    pays. The demo rates are added to the central table first (`demo_rates_ensure`).
    """
    volumes = CLAIM_VOLUMES.get(context.office_code)
    register = REGISTERS.get(context.office_code)
    if volumes is None or register is None or Claim.objects.exists():
        return None
    if not demo_register_loaded():
        return None
    spec = volumes.scaled(context.scale)
    with transaction.atomic():
        rates_added = demo_rates_ensure(academic_year_be=context.fiscal_year - 1)
        rng = context.random("claims")
        # The services read the claimant's family: prefetched, once for the whole load.
        people = list(
            Person.objects.order_by("pk").prefetch_related(
                Prefetch("family", queryset=FamilyMember.objects.order_by("pk"))
            )
        )
        families = {person.pk: list(person.family.all()) for person in people}
        register_schools = list(School.objects.order_by("pk").values_list("name_th", flat=True))
        places = _Places(rng, register, register_schools)
        visits = _plan(rng, spec, context.fiscal_year, people, families, places)
        _schedule(rng, visits)
        visits.sort(key=lambda visit: visit.received_at)
        staff = _Staff(
            User.objects.get(username=context.officer),
            User.objects.get(username=context.approver),
            User.objects.get(username=context.payer),
            approval_threshold(),
        )
        outcomes = {"paid": 0, "returned": 0, "waiting": 0}
        for visit in visits:
            outcomes[_serve(rng, visit, staff, families, places)] += 1
        counts = {
            "claims": len(visits),
            "paid": outcomes["paid"],
            "returned": outcomes["returned"],
            "waiting": outcomes["waiting"],
            "demo_rates_added": rates_added,
        }
        audit_record(
            action="demo.claims_loaded",
            actor_label=DEMO_ACTOR_LABEL,
            target_label=f"ปีงบประมาณ {context.fiscal_year}",
            changes={name: [None, value] for name, value in counts.items()},
        )
    return counts


__all__ = ["CLAIM_VOLUMES", "DEMO_RATE_SOURCE", "ClaimVolumes", "build", "demo_rates_ensure"]
