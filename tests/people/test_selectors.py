from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import user_create
from apps.people.models import Person
from apps.people.selectors import PersonNotFound, person_get_for_view, person_list
from audit.models import AuditEvent
from core.thai import format_national_id, to_thai_digits
from tests.people.factories import make_child, make_person, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_alpha: object) -> dict[str, Person]:
    return {
        "somchai": make_person(
            first_name_th="สมชาย", last_name_th="ใจดี", national_id="1103700012346"
        ),
        "somying": make_person(
            title="นาง",
            first_name_th="สมหญิง",
            last_name_th="รักเรียน",
            first_name_en="Somying",
            last_name_en="Rakrian",
            category="pensioner",
        ),
        "kamon": make_person(first_name_th="กมล", last_name_th="คำดี", first_name_en="Kamon"),
    }


def _found(search: str, **filters: str) -> set[str]:
    return {p.first_name_th for p in person_list(search=search, **filters)}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("สม", {"สมชาย", "สมหญิง"}),
        ("ชาย", {"สมชาย"}),
        ("สมชาย ใจดี", {"สมชาย"}),
        ("สมชายใจดี", {"สมชาย"}),
        ("  ใจดี   สมชาย ", {"สมชาย"}),
        ("นางสมหญิง", {"สมหญิง"}),
        ("rakrian", {"สมหญิง"}),
        ("SOMYING", {"สมหญิง"}),
        ("ค\u0e4d\u0e32ดี", {"กมล"}),  # SARA AM typed as two characters
        ("คำ\u200bดี", {"กมล"}),  # a zero-width space copied from a PDF
        ("11037", {"สมชาย"}),
        ("1-1037-00012", {"สมชาย"}),
        (to_thai_digits("0012346"), {"สมชาย"}),
        (to_thai_digits(format_national_id("1103700012346")), {"สมชาย"}),
        ("ไม่มีใคร", set()),
    ],
)
def test_search_finds_any_fragment_of_thai_or_english_names_or_of_the_id(
    people: dict[str, Person], search: str, expected: set[str]
) -> None:
    assert _found(search) == expected


def test_filters_combine(people: dict[str, Person]) -> None:
    assert _found("", category="pensioner") == {"สมหญิง"}
    assert _found("สม", category="teacher") == {"สมชาย"}
    assert _found("", status="retired") == set()


def test_filter_by_school_or_the_office_itself(in_alpha: object) -> None:
    school = make_school()
    make_person(first_name_th="ที่โรงเรียน", school=school)
    make_person(first_name_th="ที่สำนักงาน")
    assert _found("", school=str(school.pk)) == {"ที่โรงเรียน"}
    assert _found("", school="office") == {"ที่สำนักงาน"}


def test_opening_a_record_is_audited(people: dict[str, Person]) -> None:
    finance = User.objects.get(username="finance_officer")
    viewer = User.objects.get(username="viewer")
    person = people["somchai"]
    make_child(person)
    loaded = person_get_for_view(person_id=person.pk, actor=finance)
    assert [m.birth_order for m in loaded.family.all()] == [1]
    person_get_for_view(person_id=person.pk, actor=viewer)
    events = AuditEvent.objects.filter(action="person.viewed", target_id=str(person.pk))
    shown = {e.actor_label: e.changes["national_id_shown"][1] for e in events}
    assert shown == {"finance_officer": True, "viewer": False}


def test_a_record_the_user_may_not_see_is_the_same_not_found_as_a_missing_one(
    people: dict[str, Person],
) -> None:
    with schema_context("esa_alpha"):
        nobody = user_create(username="no-roles", password=None, roles=[])
    with pytest.raises(PersonNotFound) as missing:
        person_get_for_view(person_id=999_999, actor=User.objects.get(username="viewer"))
    with pytest.raises(PersonNotFound) as hidden:
        person_get_for_view(person_id=people["somchai"].pk, actor=nobody)
    assert missing.value.code == hidden.value.code == "people.not_found"
    assert missing.value.message_th == hidden.value.message_th
    assert not AuditEvent.objects.filter(action="person.viewed").exists()
