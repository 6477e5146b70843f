"""Who a claim may be for, and why: the rules of the medical-welfare decree (B.E. 2553) and the
child-education decree (B.E. 2562), read from the register of people and families.

Pure functions of a person, their family rows and the date that matters; no query. Each family
member gets a `Verdict` with the reason in Thai and English, so the officer sees why a member is
or is not covered, and a refused claim says the same thing.

Medical expenses (on the day of treatment, the receipt's date):
- the claimant: a civil servant, education personnel, permanent employee, or (pensioned
  employee) pensioner, in service or retired; government employees are under social security;
- spouse, father and mother, while alive;
- legitimate children under 20, the first three in birth order; an incompetent adult child
  stays covered.

Child education (for a semester of an academic year):
- claimants as above; children legitimate, aged 3 (turned 3 by the semester's last day) up to
  the end of the academic year in which they turn 25;
- the first three in birth order.

Counting children, both services:
- every child is counted in birth order, except adopted children (never counted, never
  covered); a child given up for adoption keeps its place in the count but is not covered;
- twins born as the third child (or later twins that share the last place) are all covered:
  a birth is a unit, and a unit that starts within the first three places is covered whole;
- a child among the first three who died (medical: before 20; child education: or became
  disabled or was declared incompetent, before 25) frees its place: the next child counts in
  its stead (the replacement right).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from apps.people.models import ChildStatus, FamilyMember, Person, PersonCategory, PersonStatus
from core.thai import AcademicYear, format_be_date

PLACES = 3  # children first to third in birth order
MEDICAL_CHILD_AGE_LIMIT = 20  # majority under Thai law
EDUCATION_MIN_AGE = 3
EDUCATION_MAX_AGE = 25

CLAIMANT_CATEGORIES = (
    PersonCategory.TEACHER,
    PersonCategory.EDUCATION_PERSONNEL,
    PersonCategory.PERMANENT_EMPLOYEE,
    PersonCategory.PENSIONER,
    PersonCategory.PENSIONED_EMPLOYEE,
)
SERVED_STATUSES = (PersonStatus.ACTIVE, PersonStatus.RETIRED)


@dataclass(frozen=True)
class Verdict:
    """Whether a claim may be for `member` (None: the claimant themself), and why."""

    member: FamilyMember | None
    relation: str  # "self", "spouse", "father", "mother", "child"
    eligible: bool
    reason_th: str
    reason_en: str
    # A child's place in the count of children (1, 2, …) or None (not counted / not a child).
    place: int | None = None

    @property
    def member_id(self) -> int | None:
        return None if self.member is None else self.member.pk


def age_on(born: date, on: date) -> int:
    """Completed years on `on` (a person born on 29 February turns a year older on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return date(born.year + years, 3, 1)


def claimant_verdict(person: Person) -> Verdict:
    """Whether `person` may claim at all (both services)."""
    if person.category not in CLAIMANT_CATEGORIES:
        return Verdict(
            None,
            "self",
            False,
            f"{person.get_category_display()} ไม่มีสิทธิเบิกตามพระราชกฤษฎีกา (ใช้สิทธิประกันสังคม)",
            f"{person.category}: no right under the decrees (social security instead).",
        )
    if person.status not in SERVED_STATUSES:
        return Verdict(
            None,
            "self",
            False,
            f"ผู้มีสิทธิ{person.get_status_display()} จึงยื่นเบิกที่สำนักงานนี้ไม่ได้",
            f"The claimant is {person.status}: no claim at this office.",
        )
    return Verdict(None, "self", True, "ผู้มีสิทธิ", "The claimant.")


def _dead_by(member: FamilyMember, on: date) -> bool:
    return member.is_deceased and (member.died_on is None or member.died_on <= on)


def _incompetent_by(member: FamilyMember, on: date) -> bool:
    return member.is_incompetent and (member.incompetent_on is None or member.incompetent_on <= on)


def _frees_place(member: FamilyMember, *, on: date, age_limit: int, education: bool) -> bool:
    """A child among the first three whose place passes to the next child (replacement)."""
    if member.birth_date is None:
        return False
    limit = _birthday(member.birth_date, age_limit)
    events = []
    if member.is_deceased:
        events.append(member.died_on)
    if education and member.is_disabled:
        events.append(member.disabled_on)
    if education and member.is_incompetent:
        events.append(member.incompetent_on)
    return any(event is not None and event < limit and event <= on for event in events)


@dataclass(frozen=True)
class _Place:
    member: FamilyMember
    place: int | None  # None: not counted (adopted)
    covered: bool  # within the first three places (after replacements)
    replaces: int | None = None  # the place this child took over
    freed: bool = False  # its place passed to a later child


def _count_children(
    children: Sequence[FamilyMember], *, on: date, age_limit: int, education: bool
) -> list[_Place]:
    """The children in birth order with their place and whether the place is within three."""
    ordered = sorted(children, key=lambda c: (c.birth_order or 0, c.birth_date or date.min, c.pk))
    # Births: twins (same birth date, both marked twin) are one unit.
    units: list[list[FamilyMember]] = []
    for child in ordered:
        if child.child_status == ChildStatus.ADOPTED:
            continue
        last = units[-1] if units else None
        if (
            last is not None
            and child.is_twin
            and last[-1].is_twin
            and child.birth_date is not None
            and child.birth_date == last[-1].birth_date
        ):
            last.append(child)
        else:
            units.append([child])
    places: list[_Place] = []
    used = 0  # places taken by children who keep them
    freed_places: list[int] = []
    for unit in units:
        first_place = (places[-1].place or 0) + 1 if places else 1
        covered = used < PLACES
        for offset, child in enumerate(unit):
            place = first_place + offset
            replaces = freed_places.pop(0) if covered and place > PLACES and freed_places else None
            frees = covered and _frees_place(child, on=on, age_limit=age_limit, education=education)
            places.append(_Place(child, place, covered, replaces, frees))
            if frees:
                freed_places.append(place)
        # A covered unit takes as many places as it needs (twins may go past three); a child
        # whose place was freed gives it back.
        if covered:
            used += sum(1 for p in places[-len(unit) :] if not p.freed)
    for child in children:
        if child.child_status == ChildStatus.ADOPTED:
            places.append(_Place(child, None, False))
    return places


def _place_reason(entry: _Place, *, limit_text: str) -> tuple[str, str]:
    if entry.replaces is not None:
        return (
            f"บุตรคนที่ {entry.place} มีสิทธิแทนบุตรคนที่ {entry.replaces} ({limit_text})",
            f"Child {entry.place} takes the place of child {entry.replaces} ({limit_text}).",
        )
    if entry.member.is_twin and entry.place is not None and entry.place > PLACES:
        return (
            f"บุตรคนที่ {entry.place} เป็นบุตรแฝด จึงมีสิทธิแม้เกินสามคน",
            f"Child {entry.place} is a twin: covered beyond three children.",
        )
    return (f"บุตรคนที่ {entry.place}", f"Child {entry.place}.")


def _uncounted_reason(entry: _Place) -> tuple[str, str] | None:
    member = entry.member
    if member.child_status == ChildStatus.ADOPTED:
        return ("บุตรบุญธรรมไม่มีสิทธิ", "An adopted child is not covered.")
    if member.child_status == ChildStatus.GIVEN_FOR_ADOPTION:
        return (
            f"บุตรคนที่ {entry.place} ยกให้เป็นบุตรบุญธรรมของผู้อื่นแล้ว ไม่มีสิทธิ (แต่ยังนับลำดับ)",
            f"Child {entry.place} was given for adoption: not covered (still counted).",
        )
    if not entry.covered:
        return (
            f"บุตรคนที่ {entry.place} ไม่มีสิทธิ (มีสิทธิเฉพาะบุตรคนที่ 1–3 ตามลำดับการเกิด)",
            f"Child {entry.place} is not covered (only the first three children are).",
        )
    return None


def medical_eligibility(
    person: Person, family: Iterable[FamilyMember], *, on: date
) -> list[Verdict]:
    """The claimant and every family member, for treatment on `on`."""
    verdicts = [claimant_verdict(person)]
    members = list(family)
    claimant_ok = verdicts[0].eligible
    day = format_be_date(on)
    for member in members:
        if member.relation == "child":
            continue
        if not claimant_ok:
            verdicts.append(_not_claimant(member, verdicts[0]))
        elif _dead_by(member, on):
            verdicts.append(
                Verdict(
                    member,
                    member.relation,
                    False,
                    f"ถึงแก่กรรมก่อนวันที่ {day}",
                    "Died before the day of treatment.",
                )
            )
        else:
            label = str(member.get_relation_display())
            verdicts.append(Verdict(member, member.relation, True, label, member.relation))
    children = [m for m in members if m.relation == "child"]
    for entry in _count_children(
        children, on=on, age_limit=MEDICAL_CHILD_AGE_LIMIT, education=False
    ):
        verdicts.append(_medical_child(entry, on=on, claimant=verdicts[0]))
    return verdicts


def _not_claimant(member: FamilyMember, claimant: Verdict) -> Verdict:
    return Verdict(member, member.relation, False, claimant.reason_th, claimant.reason_en)


def _medical_child(entry: _Place, *, on: date, claimant: Verdict) -> Verdict:
    member = entry.member
    if not claimant.eligible:
        return _not_claimant(member, claimant)
    refused = _uncounted_reason(entry)
    if refused is not None:
        return Verdict(member, "child", False, *refused, place=entry.place)
    if _dead_by(member, on):
        return Verdict(
            member, "child", False, "ถึงแก่กรรมแล้ว", "Died before the day.", place=entry.place
        )
    if member.birth_date is None:
        return Verdict(
            member,
            "child",
            False,
            "ไม่มีวันเกิดในทะเบียน ตรวจอายุไม่ได้",
            "No birth date in the register: age unknown.",
            place=entry.place,
        )
    if member.birth_date > on:
        return Verdict(
            member,
            "child",
            False,
            f"ยังไม่เกิดในวันที่ {format_be_date(on)}",
            "Not born yet on the day.",
            place=entry.place,
        )
    age, day = age_on(member.birth_date, on), format_be_date(on, "long")
    reason_th, reason_en = _place_reason(entry, limit_text="บุตรคนก่อนถึงแก่กรรมก่อนอายุ 20 ปี")
    if age >= MEDICAL_CHILD_AGE_LIMIT:
        if _incompetent_by(member, on):
            return Verdict(
                member,
                "child",
                True,
                f"{reason_th} อายุ {age} ปี ณ วันที่ {day} เป็นคนไร้ความสามารถ จึงยังมีสิทธิ",
                f"{reason_en} Aged {age} on {on}, incompetent: still covered.",
                place=entry.place,
            )
        return Verdict(
            member,
            "child",
            False,
            f"{reason_th} อายุ {age} ปี ณ วันที่ {day} "
            f"(มีสิทธิเฉพาะบุตรอายุไม่ถึง {MEDICAL_CHILD_AGE_LIMIT} ปี)",
            f"{reason_en} Aged {age} on {on} (covered under {MEDICAL_CHILD_AGE_LIMIT}).",
            place=entry.place,
        )
    return Verdict(
        member,
        "child",
        True,
        f"{reason_th} อายุ {age} ปี ณ วันที่ {day}",
        f"{reason_en} Aged {age} on {on}.",
        place=entry.place,
    )


def semester_dates(year: AcademicYear, semester: int) -> tuple[date, date]:
    """The first and last day of a semester (the break after a semester belongs to it)."""
    if semester == 1:
        return year.semester_1_start, year.semester_2_start - timedelta(days=1)
    return year.semester_2_start, AcademicYear(year.be_year + 1).semester_1_start - timedelta(
        days=1
    )


def child_education_eligibility(
    person: Person, family: Iterable[FamilyMember], *, year: AcademicYear, semester: int
) -> list[Verdict]:
    """The claimant and their children, for a semester of an academic year (other family
    members are never covered by this allowance and are not listed)."""
    claimant = claimant_verdict(person)
    verdicts = [claimant]
    first_day, last_day = semester_dates(year, semester)
    year_start = year.semester_1_start
    children = [m for m in family if m.relation == "child"]
    for entry in _count_children(
        children, on=first_day, age_limit=EDUCATION_MAX_AGE, education=True
    ):
        member = entry.member
        if not claimant.eligible:
            verdicts.append(_not_claimant(member, claimant))
            continue
        refused = _uncounted_reason(entry)
        if refused is not None:
            verdicts.append(Verdict(member, "child", False, *refused, place=entry.place))
            continue
        if _dead_by(member, first_day):
            verdicts.append(
                Verdict(member, "child", False, "ถึงแก่กรรมแล้ว", "Died.", place=entry.place)
            )
            continue
        if member.birth_date is None:
            verdicts.append(
                Verdict(
                    member,
                    "child",
                    False,
                    "ไม่มีวันเกิดในทะเบียน ตรวจอายุไม่ได้",
                    "No birth date in the register: age unknown.",
                    place=entry.place,
                )
            )
            continue
        reason_th, reason_en = _place_reason(
            entry, limit_text="บุตรคนก่อนถึงแก่กรรม พิการ หรือไร้ความสามารถก่อนอายุ 25 ปี"
        )
        age, day = age_on(member.birth_date, first_day), format_be_date(first_day, "long")
        if _birthday(member.birth_date, EDUCATION_MIN_AGE) > last_day:
            verdicts.append(
                Verdict(
                    member,
                    "child",
                    False,
                    f"{reason_th} อายุยังไม่ครบ {EDUCATION_MIN_AGE} ปีในภาคเรียนนี้",
                    f"{reason_en} Not yet {EDUCATION_MIN_AGE} in this semester.",
                    place=entry.place,
                )
            )
            continue
        if _birthday(member.birth_date, EDUCATION_MAX_AGE) < year_start:
            verdicts.append(
                Verdict(
                    member,
                    "child",
                    False,
                    f"{reason_th} อายุครบ {EDUCATION_MAX_AGE} ปีก่อนปีการศึกษา {year.be_year} "
                    f"(มีสิทธิถึงสิ้นปีการศึกษาที่อายุครบ {EDUCATION_MAX_AGE} ปี)",
                    f"{reason_en} Turned {EDUCATION_MAX_AGE} before academic year {year.be_year}.",
                    place=entry.place,
                )
            )
            continue
        verdicts.append(
            Verdict(
                member,
                "child",
                True,
                f"{reason_th} อายุ {age} ปี ณ วันเปิดภาคเรียน {day}",
                f"{reason_en} Aged {age} on {first_day}, the semester's first day.",
                place=entry.place,
            )
        )
    return verdicts


def verdict_for(verdicts: Iterable[Verdict], member: FamilyMember | None) -> Verdict | None:
    """The verdict of `member` (None: the claimant) among `verdicts`."""
    wanted = None if member is None else member.pk
    return next((v for v in verdicts if v.member_id == wanted), None)
