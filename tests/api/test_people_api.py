"""`/api/v1/people/` and `/api/v1/schools/`: roles as on the web pages, masking, audited reads,
error bodies, other offices' records, query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.people.models import FamilyMember, Person
from apps.people.permissions import EDITOR_ROLES, FULL_READER_ROLES, READER_ROLES
from audit.models import AuditEvent
from tenants.models import Office
from tests.api.support import ROLES, bearer, error_codes, queries_of
from tests.conftest import office_client
from tests.people.factories import make_child, make_person, make_school, national_id

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _new_person(**overrides: Any) -> dict[str, Any]:
    values = {
        "national_id": national_id(),
        "title": "นาง",
        "first_name_th": "สมศรี",
        "last_name_th": "มีสุข",
        "birth_date": "1980-02-29",
        "category": "teacher",
        "monthly_salary": "41250.50",
    }
    values.update(overrides)
    return values


def _state(office: Office) -> list[Any]:
    """Everything these endpoints could change."""
    with schema_context(office.schema_name):
        people = list(Person.objects.order_by("pk").values())
        family = list(FamilyMember.objects.order_by("pk").values())
    return [people, family]


@pytest.fixture
def person(office_a: Office) -> Person:
    with schema_context(office_a.schema_name):
        person = make_person(school=make_school())
        make_child(person)
        return person


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_as_the_web_pages_allow(
    office_a: Office, person: Person, role: str
) -> None:
    client = bearer(office_a, role)
    expected = 200 if role in READER_ROLES else 403
    for path in (
        "/api/v1/people/",
        f"/api/v1/people/{person.pk}/",
        f"/api/v1/people/{person.pk}/family/",
        "/api/v1/schools/",
    ):
        response = client.get(path)
        assert response.status_code == expected, path
        if expected == 403:
            assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_writes_as_the_web_pages_allow_and_refusals_change_nothing(
    office_a: Office, person: Person, role: str
) -> None:
    client = bearer(office_a, role)
    editor = role in EDITOR_ROLES
    with schema_context(office_a.schema_name):
        child = person.family.get()
    before = _state(office_a)
    calls = [
        (client.post, "/api/v1/people/", _new_person(), 201),
        (client.patch, f"/api/v1/people/{person.pk}/", {"position": "ครูชำนาญการ"}, 200),
        (
            client.put,
            f"/api/v1/people/{person.pk}/",
            _new_person(national_id=person.national_id),
            200,
        ),
        (
            client.post,
            f"/api/v1/people/{person.pk}/family/",
            {"relation": "spouse", "first_name_th": "สมหมาย", "last_name_th": "ใจดี"},
            201,
        ),
        (
            client.patch,
            f"/api/v1/people/{person.pk}/family/{child.pk}/",
            {"is_disabled": True},
            200,
        ),
        (client.put, f"/api/v1/people/{person.pk}/family/{child.pk}/", {}, 400),
        (client.delete, f"/api/v1/people/{person.pk}/family/{child.pk}/", None, 204),
    ]
    for method, path, body, allowed in calls:
        response = method(path, body, content_type=JSON)
        assert response.status_code == (allowed if editor else 403), (path, response.content)
    if not editor:
        assert _state(office_a) == before


def test_viewers_and_fund_committee_see_masked_ids_and_no_salary(
    office_a: Office, person: Person
) -> None:
    masked_roles = set(READER_ROLES) - set(FULL_READER_ROLES)
    assert masked_roles == {"viewer", "fund_committee"}
    with schema_context(office_a.schema_name):
        make_child(person, order=2, national_id=national_id())
    for role in READER_ROLES:
        client = bearer(office_a, role)
        listed = client.get("/api/v1/people/").json()["results"][0]
        record = client.get(f"/api/v1/people/{person.pk}/").json()
        family = client.get(f"/api/v1/people/{person.pk}/family/").json()
        child_id = next(member["national_id"] for member in family if member["national_id"])
        if role in masked_roles:
            for shown in (listed, record):
                assert shown["national_id"].endswith(person.national_id[-1])
                assert "xxxxx" in shown["national_id"]
                assert shown["monthly_salary"] is None
            assert "xxxxx" in child_id
            assert person.national_id not in str(record)
        else:
            assert listed["national_id"] == record["national_id"] == person.national_id
            assert listed["monthly_salary"] == record["monthly_salary"] == "35000.00"
            assert "xxxxx" not in child_id


def test_opening_a_record_is_audited_with_what_was_shown(office_a: Office, person: Person) -> None:
    bearer(office_a, "viewer").get(f"/api/v1/people/{person.pk}/")
    bearer(office_a, "finance_officer").get(f"/api/v1/people/{person.pk}/")
    with schema_context(office_a.schema_name):
        views = AuditEvent.objects.filter(action="person.viewed").order_by("pk")
        assert [
            (event.actor.username, event.changes["national_id_shown"][1]) for event in views
        ] == [
            ("viewer", False),
            ("finance_officer", True),
        ]


def test_list_filters_search_category_status_and_school(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        school = make_school()
        at_school = make_person(first_name_th="มานี", school=school)
        make_person(first_name_th="ปิติ", category="pensioner")
    client = office_client(office_a, "welfare_officer")

    def ids(query: str) -> list[int]:
        return [row["id"] for row in client.get(f"/api/v1/people/?{query}").json()["results"]]

    assert ids("search=มานี") == [at_school.pk]
    assert ids(f"school={school.pk}") == [at_school.pk]
    assert len(ids("category=pensioner")) == 1
    assert ids("school=office&category=teacher") == []
    assert len(ids("status=active")) == 2
    page = client.get("/api/v1/people/").json()
    assert set(page) == {"next", "previous", "results"}


def test_list_pages_by_cursor_without_skipping_or_repeating(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        # Two people share a first name: the cursor tells ties apart by their place.
        people = [make_person(first_name_th=name) for name in ("กมล", "กมล", "ชนะ", "ดารา")]
    client = office_client(office_a, "welfare_officer")
    seen: list[int] = []
    url: str | None = "/api/v1/people/?limit=3"
    while url is not None:
        page = client.get(url).json()
        assert len(page["results"]) <= 3
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) and {p.pk for p in people} <= set(seen)
    first = client.get("/api/v1/people/?limit=3").json()
    second = client.get(first["next"]).json()
    assert client.get(second["previous"]).json()["results"] == first["results"]
    refused = client.get("/api/v1/people/?cursor=not-a-cursor")
    assert refused.status_code == 400 and refused.json()["code"] == "api.invalid_cursor"


def test_create_returns_the_record_with_money_and_dates_as_strings(office_a: Office) -> None:
    response = bearer(office_a, "office_admin").post(
        "/api/v1/people/", _new_person(), content_type=JSON
    )
    assert response.status_code == 201
    body = response.json()
    assert body["monthly_salary"] == "41250.50"
    assert body["birth_date"] == "1980-02-29"
    assert body["family"] == []


def test_partial_update_keeps_the_values_not_sent(office_a: Office, person: Person) -> None:
    client = bearer(office_a, "welfare_officer")
    response = client.patch(
        f"/api/v1/people/{person.pk}/", {"position": "ผู้อำนวยการ"}, content_type=JSON
    )
    assert response.status_code == 200
    with schema_context(office_a.schema_name):
        stored = Person.objects.get(pk=person.pk)
    assert stored.position == "ผู้อำนวยการ"
    assert stored.first_name_th == person.first_name_th
    assert stored.school_id == person.school_id


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"national_id": "1234567890123"}, "people.invalid_national_id", "national_id"),
        ({"birth_date": "26/09/2520"}, "invalid", "birth_date"),
        ({"birth_date": "2999-01-01"}, "people.invalid_birth_date", "birth_date"),
        ({"category": "astronaut"}, "invalid_choice", "category"),
        ({"monthly_salary": "-1"}, "money_invalid", "monthly_salary"),
        ({"school": 999999}, "does_not_exist", "school"),
        ({"title": ""}, "blank", "title"),
    ],
)
def test_bad_input_gets_a_coded_error_body_and_changes_nothing(
    office_a: Office, change: dict[str, Any], code: str, field: str
) -> None:
    before = _state(office_a)
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/people/", _new_person(**change), content_type=JSON
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert error_codes(body, field) == [code]
    assert _state(office_a) == before


def test_a_registered_national_id_is_refused(office_a: Office, person: Person) -> None:
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/people/", _new_person(national_id=person.national_id), content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["code"] == "people.duplicate_national_id"


def test_family_rules_come_back_as_error_bodies(office_a: Office, person: Person) -> None:
    client = bearer(office_a, "welfare_officer")
    response = client.post(
        f"/api/v1/people/{person.pk}/family/",
        {"relation": "child", "first_name_th": "ก", "last_name_th": "ข", "child_status": "adopted"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "people.child_needs_birth_order"
    assert error_codes(response.json(), "birth_order") == ["people.child_needs_birth_order"]


def test_family_member_of_another_person_is_not_found(office_a: Office, person: Person) -> None:
    with schema_context(office_a.schema_name):
        other_child = make_child(make_person())
    response = bearer(office_a, "welfare_officer").delete(
        f"/api/v1/people/{person.pk}/family/{other_child.pk}/"
    )
    assert response.status_code == 404
    with schema_context(office_a.schema_name):
        assert FamilyMember.objects.filter(pk=other_child.pk).exists()


def test_a_person_of_another_office_is_not_found(office_a: Office, office_b: Office) -> None:
    with schema_context(office_b.schema_name):
        theirs = make_person()
    with schema_context(office_a.schema_name):
        assert not Person.objects.filter(pk=theirs.pk).exists()
    client = bearer(office_a, "office_admin")
    assert client.get(f"/api/v1/people/{theirs.pk}/").status_code == 404
    patched = client.patch(f"/api/v1/people/{theirs.pk}/", {"title": "ดร."}, content_type=JSON)
    assert patched.status_code == 404
    assert patched.json()["code"] == "api.not_found"


def test_a_token_of_one_office_is_refused_on_another(
    office_a: Office, office_b: Office, person: Person
) -> None:
    alpha_token = bearer(office_a, "office_admin").defaults["HTTP_AUTHORIZATION"]
    with schema_context(office_b.schema_name):
        make_person()
    before = _state(office_b)
    client = bearer(office_b, "viewer")
    client.defaults["HTTP_AUTHORIZATION"] = alpha_token
    for method, path in (
        (client.get, "/api/v1/people/"),
        (client.get, "/api/v1/people/1/"),
        (client.get, "/api/v1/people/1/family/"),
        (client.get, "/api/v1/schools/"),
        (client.post, "/api/v1/people/"),
        (client.patch, "/api/v1/people/1/"),
        (client.delete, "/api/v1/people/1/family/1/"),
    ):
        response = method(path, {}, content_type=JSON)
        assert response.status_code == 401, path
        assert response.json()["code"] == "authentication_failed"
    assert _state(office_b) == before


def test_the_people_list_runs_a_fixed_number_of_queries(office_a: Office) -> None:
    client = office_client(office_a, "viewer")
    with schema_context(office_a.schema_name):
        school = make_school()
        make_person(school=school)
    client.get("/api/v1/people/")  # the session's first request also writes the session
    few = queries_of(lambda: client.get("/api/v1/people/"))
    with schema_context(office_a.schema_name):
        for _ in range(15):
            make_child(make_person(school=make_school()))
    many = queries_of(lambda: client.get("/api/v1/people/"))
    assert many == few <= 6  # session, user, roles, page (with schools)
    assert queries_of(lambda: client.get("/api/v1/schools/")) <= 5


def test_a_record_reads_with_its_family_in_a_fixed_number_of_queries(
    office_a: Office, person: Person
) -> None:
    client = office_client(office_a, "welfare_officer")
    client.get(f"/api/v1/people/{person.pk}/")
    few = queries_of(lambda: client.get(f"/api/v1/people/{person.pk}/"))
    with schema_context(office_a.schema_name):
        for order in range(2, 7):
            make_child(person, order=order)
    assert queries_of(lambda: client.get(f"/api/v1/people/{person.pk}/")) == few <= 8
