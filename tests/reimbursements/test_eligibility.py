"""The eligibility rules one by one, on unsaved register rows (pure functions: no database)."""

from __future__ import annotations

from datetime import date
from itertools import count

from apps.people.models import FamilyMember, Person
from apps.reimbursements.eligibility import (
    Verdict,
    age_on,
    child_education_eligibility,
    medical_eligibility,
    verdict_for,
)
from core.thai import academic_year

_ids = count(1)


def teacher(category: str = "teacher", status: str = "active") -> Person:
    return Person(
        pk=next(_ids),
        national_id="1100100000001",
        title="นาง",
        first_name_th="ครู",
        last_name_th="ใจดี",
        birth_date=date(1975, 1, 1),
        category=category,
        status=status,
    )


def child(order: int, born: date, **facts: object) -> FamilyMember:
    values: dict[str, object] = {"child_status": "legitimate", **facts}
    return FamilyMember(
        pk=next(_ids),
        relation="child",
        first_name_th=f"ลูก{order}",
        last_name_th="ใจดี",
        birth_date=born,
        birth_order=order,
        **values,
    )


def member(relation: str, **facts: object) -> FamilyMember:
    return FamilyMember(
        pk=next(_ids),
        relation=relation,
        first_name_th=relation,
        last_name_th="ใจดี",
        birth_date=date(1950, 1, 1),
        **facts,
    )


def by_member(verdicts: list[Verdict], who: FamilyMember) -> Verdict:
    verdict = verdict_for(verdicts, who)
    assert verdict is not None
    return verdict


ON = date(2014, 6, 1)
AY = academic_year(2557)  # semester 1 from 16 May 2014


def test_age_counts_completed_years_and_leap_day() -> None:
    assert age_on(date(2000, 6, 2), date(2020, 6, 1)) == 19
    assert age_on(date(2000, 6, 1), date(2020, 6, 1)) == 20
    assert age_on(date(2000, 2, 29), date(2020, 2, 28)) == 19


def test_claimant_spouse_and_parents_are_covered_while_alive() -> None:
    spouse, father = member("spouse"), member("father")
    mother = member("mother", is_deceased=True, died_on=date(2013, 1, 1))
    verdicts = medical_eligibility(teacher(), [spouse, father, mother], on=ON)
    assert verdict_for(verdicts, None) is not None and verdict_for(verdicts, None).eligible  # type: ignore[union-attr]
    assert by_member(verdicts, spouse).eligible
    assert by_member(verdicts, father).eligible
    refused = by_member(verdicts, mother)
    assert not refused.eligible and "ถึงแก่กรรม" in refused.reason_th


def test_a_parent_who_died_after_the_treatment_was_covered_on_that_day() -> None:
    mother = member("mother", is_deceased=True, died_on=date(2014, 7, 1))
    assert by_member(medical_eligibility(teacher(), [mother], on=ON), mother).eligible


def test_only_the_first_three_children_in_birth_order() -> None:
    kids = [child(n, date(2000 + n, 1, 1)) for n in (1, 2, 3, 4)]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert [by_member(verdicts, k).eligible for k in kids] == [True, True, True, False]
    fourth = by_member(verdicts, kids[3])
    assert fourth.reason_th.startswith("บุตรคนที่ 4 ไม่มีสิทธิ")
    assert fourth.place == 4


def test_an_older_child_past_the_age_limit_still_takes_a_place() -> None:
    kids = [child(1, date(1990, 1, 1)), *(child(n, date(2000 + n, 1, 1)) for n in (2, 3, 4))]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert not by_member(verdicts, kids[0]).eligible  # 24: too old
    assert "อายุ 24 ปี" in by_member(verdicts, kids[0]).reason_th
    assert not by_member(verdicts, kids[3]).eligible  # still the fourth child


def test_medical_age_limit_is_under_20_on_the_day_of_treatment() -> None:
    kid = child(1, date(1994, 6, 2))
    assert by_member(medical_eligibility(teacher(), [kid], on=date(2014, 6, 1)), kid).eligible
    assert not by_member(medical_eligibility(teacher(), [kid], on=date(2014, 6, 2)), kid).eligible


def test_an_incompetent_adult_child_stays_covered_for_medical() -> None:
    kid = child(1, date(1980, 1, 1), is_incompetent=True, incompetent_on=date(2005, 1, 1))
    verdict = by_member(medical_eligibility(teacher(), [kid], on=ON), kid)
    assert verdict.eligible and "ไร้ความสามารถ" in verdict.reason_th


def test_twins_as_third_birth_are_both_covered_and_the_next_child_is_not() -> None:
    twins_day = date(2008, 3, 3)
    kids = [
        child(1, date(2002, 1, 1)),
        child(2, date(2005, 1, 1)),
        child(3, twins_day, is_twin=True),
        child(4, twins_day, is_twin=True),
        child(5, date(2011, 1, 1)),
    ]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert [by_member(verdicts, k).eligible for k in kids] == [True, True, True, True, False]
    assert "แฝด" in by_member(verdicts, kids[3]).reason_th


def test_twins_born_first_take_two_places() -> None:
    day = date(2003, 3, 3)
    kids = [
        child(1, day, is_twin=True),
        child(2, day, is_twin=True),
        child(3, date(2006, 1, 1)),
        child(4, date(2009, 1, 1)),
    ]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert [by_member(verdicts, k).eligible for k in kids] == [True, True, True, False]


def test_a_child_who_died_young_gives_the_next_child_the_place() -> None:
    kids = [
        child(1, date(2001, 1, 1)),
        child(2, date(2003, 1, 1), is_deceased=True, died_on=date(2006, 1, 1)),
        child(3, date(2006, 1, 1)),
        child(4, date(2009, 1, 1)),
        child(5, date(2011, 1, 1)),
    ]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert [by_member(verdicts, k).eligible for k in kids] == [True, False, True, True, False]
    assert "แทนบุตรคนที่ 2" in by_member(verdicts, kids[3]).reason_th


def test_a_child_who_died_after_the_age_limit_keeps_the_place() -> None:
    kids = [
        child(1, date(1980, 1, 1), is_deceased=True, died_on=date(2010, 1, 1)),
        child(2, date(2003, 1, 1)),
        child(3, date(2006, 1, 1)),
        child(4, date(2009, 1, 1)),
    ]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert not by_member(verdicts, kids[3]).eligible


def test_adopted_children_are_not_covered_and_not_counted() -> None:
    adopted = child(1, date(2001, 1, 1), child_status="adopted")
    kids = [adopted, *(child(n, date(2002 + n, 1, 1)) for n in (2, 3, 4))]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert not by_member(verdicts, adopted).eligible
    assert "บุตรบุญธรรม" in by_member(verdicts, adopted).reason_th
    assert all(by_member(verdicts, k).eligible for k in kids[1:])


def test_a_child_given_for_adoption_keeps_a_place_but_is_not_covered() -> None:
    given = child(1, date(2001, 1, 1), child_status="given_for_adoption")
    kids = [given, *(child(n, date(2002 + n, 1, 1)) for n in (2, 3, 4))]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert [by_member(verdicts, k).eligible for k in kids] == [False, True, True, False]


def test_pensioners_claim_and_government_employees_do_not() -> None:
    kid = child(1, date(2005, 1, 1))
    pensioner = teacher(category="pensioner", status="retired")
    assert by_member(medical_eligibility(pensioner, [kid], on=ON), kid).eligible
    assert verdict_for(medical_eligibility(pensioner, [kid], on=ON), None).eligible  # type: ignore[union-attr]
    employee = teacher(category="government_employee")
    verdicts = medical_eligibility(employee, [kid], on=ON)
    assert not verdict_for(verdicts, None).eligible  # type: ignore[union-attr]
    assert not by_member(verdicts, kid).eligible
    assert "ประกันสังคม" in by_member(verdicts, kid).reason_th


def test_a_claimant_who_left_the_office_cannot_claim() -> None:
    verdicts = medical_eligibility(teacher(status="transferred_out"), [], on=ON)
    assert not verdicts[0].eligible


def test_child_education_age_3_counts_within_the_semester() -> None:
    # Semester 1 of 2557: 16 May – 31 Oct 2014.
    turns_three_in_semester = child(1, date(2011, 10, 31))
    turns_three_after = child(2, date(2011, 11, 1))
    verdicts = child_education_eligibility(
        teacher(), [turns_three_in_semester, turns_three_after], year=AY, semester=1
    )
    assert by_member(verdicts, turns_three_in_semester).eligible
    refused = by_member(verdicts, turns_three_after)
    assert not refused.eligible and "ยังไม่ครบ 3 ปี" in refused.reason_th
    # …and is covered in semester 2.
    verdicts = child_education_eligibility(teacher(), [turns_three_after], year=AY, semester=2)
    assert by_member(verdicts, turns_three_after).eligible


def test_child_education_covers_the_academic_year_in_which_the_child_turns_25() -> None:
    turns_25_in_year = child(1, date(1989, 12, 1))  # 25 on 1 Dec 2014, in AY 2557
    turned_25_before = child(2, date(1989, 5, 1))  # 25 on 1 May 2014, before AY 2557
    kids = [turns_25_in_year, turned_25_before]
    verdicts = child_education_eligibility(teacher(), kids, year=AY, semester=2)
    assert by_member(verdicts, turns_25_in_year).eligible
    assert not by_member(verdicts, turned_25_before).eligible


def test_child_education_fourth_child_refused_with_the_reason() -> None:
    kids = [child(n, date(2000 + 2 * n, 1, 1)) for n in (1, 2, 3, 4)]
    verdicts = child_education_eligibility(teacher(), kids, year=AY, semester=1)
    fourth = by_member(verdicts, kids[3])
    assert not fourth.eligible
    assert fourth.reason_th.startswith("บุตรคนที่ 4 ไม่มีสิทธิ")


def test_child_education_replacement_for_a_child_disabled_before_25() -> None:
    kids = [
        child(1, date(1996, 1, 1), is_disabled=True, disabled_on=date(2010, 1, 1)),
        child(2, date(2000, 1, 1)),
        child(3, date(2003, 1, 1)),
        child(4, date(2006, 1, 1)),
    ]
    verdicts = child_education_eligibility(teacher(), kids, year=AY, semester=1)
    assert by_member(verdicts, kids[3]).eligible
    assert "แทนบุตรคนที่ 1" in by_member(verdicts, kids[3]).reason_th
    # The same child disabled later than 25 frees nothing.
    kids[0] = child(1, date(1980, 1, 1), is_disabled=True, disabled_on=date(2010, 1, 1))
    verdicts = child_education_eligibility(teacher(), kids, year=AY, semester=1)
    assert not by_member(verdicts, kids[3]).eligible


def test_child_education_replacement_for_an_incompetent_child() -> None:
    kids = [
        child(1, date(1996, 1, 1), is_incompetent=True, incompetent_on=date(2012, 1, 1)),
        child(2, date(2000, 1, 1)),
        child(3, date(2003, 1, 1)),
        child(4, date(2006, 1, 1)),
    ]
    verdicts = child_education_eligibility(teacher(), kids, year=AY, semester=1)
    assert by_member(verdicts, kids[3]).eligible


def test_medical_does_not_replace_a_disabled_child() -> None:
    kids = [
        child(1, date(2001, 1, 1), is_disabled=True, disabled_on=date(2005, 1, 1)),
        child(2, date(2003, 1, 1)),
        child(3, date(2005, 1, 1)),
        child(4, date(2008, 1, 1)),
    ]
    verdicts = medical_eligibility(teacher(), kids, on=ON)
    assert [by_member(verdicts, k).eligible for k in kids] == [True, True, True, False]


def test_child_education_lists_only_children() -> None:
    spouse = member("spouse")
    verdicts = child_education_eligibility(teacher(), [spouse], year=AY, semester=1)
    assert verdict_for(verdicts, spouse) is None


def test_a_child_not_yet_born_on_the_day_is_not_covered() -> None:
    kid = child(1, date(2014, 7, 1))
    verdict = by_member(medical_eligibility(teacher(), [kid], on=ON), kid)
    assert not verdict.eligible and "ยังไม่เกิด" in verdict.reason_th


def test_an_age_is_given_with_the_day_it_is_counted_on() -> None:
    """The same child is a different age on different days: each age says which day."""
    kid = child(1, date(2004, 5, 20))
    medical = by_member(medical_eligibility(teacher(), [kid], on=date(2014, 6, 1)), kid)
    assert "อายุ 10 ปี ณ วันที่ 1 มิถุนายน 2557" in medical.reason_th
    school = by_member(child_education_eligibility(teacher(), [kid], year=AY, semester=1), kid)
    assert "อายุ 9 ปี ณ วันเปิดภาคเรียน 16 พฤษภาคม 2557" in school.reason_th
