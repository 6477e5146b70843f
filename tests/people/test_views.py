from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.roles import OfficeRole
from apps.people.models import FamilyMember, ImportBatch, Person, School
from audit.models import AuditEvent
from core.thai import format_national_id, mask_national_id
from tenants.models import Office
from tests.conftest import office_client
from tests.people.factories import make_child, make_person, make_school, national_id
from tests.people.test_import import person_row, workbook

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in OfficeRole]
EDITORS = {"office_admin", "welfare_officer"}
FULL_READERS = EDITORS | {"finance_officer", "approver"}
READERS = FULL_READERS | {"viewer", "fund_committee"}


@pytest.fixture
def record(office_a: Office) -> dict[str, Any]:
    with schema_context(office_a.schema_name):
        school = make_school(code="93020001")
        person = make_person(school=school)
        child = make_child(person)
        batch_content = workbook([person_row(national_id(), "นำเข้า")])
        from apps.people.importing import import_batch_check

        batch = import_batch_check(file_name="a.xlsx", content=batch_content, actor=None)
        return {
            "person": person.pk,
            "member": child.pk,
            "school": school.pk,
            "batch": batch.pk,
            "national_id": person.national_id,
        }


def _state(office: Office) -> tuple[Any, ...]:
    with schema_context(office.schema_name):
        return (
            list(Person.objects.order_by("pk").values()),
            list(FamilyMember.objects.order_by("pk").values()),
            list(School.objects.order_by("pk").values()),
            list(ImportBatch.objects.order_by("pk").values_list("pk", "status")),
        )


def _person_post(r: dict[str, Any]) -> dict[str, str]:
    return {
        "national_id": format_national_id(national_id()),
        "title": "นาง",
        "first_name_th": "ใหม่",
        "last_name_th": "ทดสอบ",
        "birth_date": "01/01/2530",
        "category": "teacher",
    }


def _child_post(order: int) -> dict[str, str]:
    return {
        "relation": "child",
        "first_name_th": "ลูก",
        "last_name_th": "ทดสอบ",
        "birth_order": str(order),
        "child_status": "legitimate",
    }


# (name, method, path, data, who may): every page of the register.
Case = tuple[str, str, Callable[[dict[str, Any]], str], Callable[[dict[str, Any]], Any], set[str]]
CASES: list[Case] = [
    ("list", "get", lambda r: "/people/", lambda r: None, READERS),
    ("search", "get", lambda r: "/people/?q=สม", lambda r: None, READERS),
    ("export", "get", lambda r: "/people/export.xlsx", lambda r: None, READERS),
    ("detail", "get", lambda r: f"/people/{r['person']}/", lambda r: None, READERS),
    ("schools", "get", lambda r: "/people/schools/", lambda r: None, READERS),
    ("create form", "get", lambda r: "/people/new/", lambda r: None, EDITORS),
    ("create", "post", lambda r: "/people/new/", _person_post, EDITORS),
    ("edit form", "get", lambda r: f"/people/{r['person']}/edit/", lambda r: None, EDITORS),
    (
        "edit",
        "post",
        lambda r: f"/people/{r['person']}/edit/",
        lambda r: {**_person_post(r), "national_id": r["national_id"]},
        EDITORS,
    ),
    (
        "status",
        "post",
        lambda r: f"/people/{r['person']}/status/",
        lambda r: {"status": "retired", "status_date": "30/09/2566"},
        EDITORS,
    ),
    ("family form", "get", lambda r: f"/people/{r['person']}/family/new/", lambda r: None, EDITORS),
    (
        "family add",
        "post",
        lambda r: f"/people/{r['person']}/family/new/",
        lambda r: _child_post(2),
        EDITORS,
    ),
    (
        "family edit",
        "post",
        lambda r: f"/people/{r['person']}/family/{r['member']}/",
        lambda r: _child_post(3),
        EDITORS,
    ),
    (
        "family remove",
        "post",
        lambda r: f"/people/{r['person']}/family/{r['member']}/remove/",
        lambda r: {},
        EDITORS,
    ),
    ("school form", "get", lambda r: "/people/schools/new/", lambda r: None, EDITORS),
    (
        "school add",
        "post",
        lambda r: "/people/schools/new/",
        lambda r: {"code": "93020002", "name_th": "โรงเรียนใหม่"},
        EDITORS,
    ),
    (
        "school edit",
        "post",
        lambda r: f"/people/schools/{r['school']}/",
        lambda r: {"code": "93020001", "name_th": "เปลี่ยนชื่อ", "is_active": "on"},
        EDITORS,
    ),
    ("import page", "get", lambda r: "/people/import/", lambda r: None, EDITORS),
    ("import template", "get", lambda r: "/people/import/template.xlsx", lambda r: None, EDITORS),
    ("import batch", "get", lambda r: f"/people/import/{r['batch']}/", lambda r: None, EDITORS),
    (
        "import confirm",
        "post",
        lambda r: f"/people/import/{r['batch']}/confirm/",
        lambda r: {},
        EDITORS,
    ),
    (
        "import upload",
        "post",
        lambda r: "/people/import/",
        lambda r: {"file": _upload()},
        EDITORS,
    ),
]


def _upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.xlsx", workbook([person_row(national_id(), "อัปโหลด")]))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_role_against_every_page(
    office_a: Office, record: dict[str, Any], role: str, case: Case
) -> None:
    _name, method, path, data, allowed = case
    client = office_client(office_a, role)
    before = _state(office_a)
    payload = data(record)
    response = (
        getattr(client, method)(path(record), payload)
        if payload is not None
        else (getattr(client, method)(path(record)))
    )
    if role in allowed:
        assert response.status_code in {200, 302}, response.content[:500]
        if method == "post":
            assert response.status_code == 302, response.content.decode()[:2000]
            if _name != "import upload":
                assert _state(office_a) != before
    else:
        assert response.status_code == 403
        assert _state(office_a) == before


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_anonymous_is_sent_to_sign_in(office_a: Office, record: dict[str, Any], case: Case) -> None:
    _name, method, path, _data, _allowed = case
    response = getattr(Client(HTTP_HOST="alpha.localhost"), method)(path(record))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_national_ids_and_salaries_are_masked_for_roles_that_do_not_need_them(
    office_a: Office, record: dict[str, Any], role: str
) -> None:
    client = office_client(office_a, role)
    full, masked = (
        format_national_id(record["national_id"]),
        mask_national_id(record["national_id"]),
    )
    listing = client.get("/people/").content.decode()
    detail = client.get(f"/people/{record['person']}/").content.decode()
    export = client.get("/people/export.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    exported = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    headings = [c.value for c in sheet[1]]
    if role in FULL_READERS:
        assert full in listing and full in detail and exported == [full]
        assert "35,000.00" in detail and "เงินเดือน" in headings
    else:
        assert masked in listing and masked in detail and exported == [masked]
        assert full not in listing and full not in detail
        assert record["national_id"] not in listing + detail
        assert "35,000" not in detail and "เงินเดือน" not in headings


def test_the_export_has_thai_headings_and_buddhist_era_dates(
    office_a: Office, record: dict[str, Any]
) -> None:
    response = office_client(office_a, "welfare_officer").get("/people/export.xlsx?q=สมชาย")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ลำดับ", "เลขประจำตัวประชาชน", "คำนำหน้าชื่อ", "ชื่อ")
    assert rows[1][7] == "26/09/2520" and rows[1][8] == "ข้าราชการครู"
    with schema_context(office_a.schema_name):
        assert AuditEvent.objects.filter(action="person.exported").count() == 1


def test_opening_a_record_through_the_page_is_audited(
    office_a: Office, record: dict[str, Any]
) -> None:
    office_client(office_a, "approver").get(f"/people/{record['person']}/")
    with schema_context(office_a.schema_name):
        event = AuditEvent.objects.get(action="person.viewed")
        assert event.actor_label == "approver" and event.target_id == str(record["person"])
        assert event.ip_address == "127.0.0.1"


def test_live_search_returns_only_the_rows(office_a: Office, record: dict[str, Any]) -> None:
    client = office_client(office_a, "viewer")
    partial = client.get("/people/?q=ใจดี", HTTP_HX_REQUEST="true").content.decode()
    assert "สมชาย" in partial and "<html" not in partial
    full_page = client.get("/people/?q=ใจดี").content.decode()
    assert "สมชาย" in full_page and "<html" in full_page
    assert "สมชาย" not in client.get("/people/?q=ไม่มีใคร").content.decode()


def test_the_list_query_count_does_not_grow_with_people(
    office_a: Office, django_assert_max_num_queries: Any
) -> None:
    with schema_context(office_a.schema_name):
        schools = [make_school() for _ in range(3)]
        for n in range(60):
            make_person(school=schools[n % 3])
    client = office_client(office_a, "viewer")
    client.get("/people/")  # the session and the user are cached after the first request
    # session, user, roles, schools for the filter, count, page
    with django_assert_max_num_queries(6):
        response = client.get("/people/?q=สม&page=2")
    assert response.status_code == 200


def test_a_person_of_one_office_is_not_found_on_another(
    office_a: Office, office_b: Office, record: dict[str, Any]
) -> None:
    client = office_client(office_b, "everything")
    assert client.get(f"/people/{record['person']}/").status_code == 404
    assert client.get(f"/people/{record['person']}/edit/").status_code == 404
    assert client.get(f"/people/import/{record['batch']}/").status_code == 404
    assert "นายสมชาย ใจดี" not in client.get("/people/?q=สมชาย").content.decode()
    assert "นายสมชาย ใจดี" in office_client(office_a, "viewer").get("/people/").content.decode()


def test_a_refused_form_shows_the_thai_message_and_writes_nothing(
    office_a: Office, record: dict[str, Any]
) -> None:
    before = _state(office_a)
    response = office_client(office_a, "welfare_officer").post(
        "/people/new/", {**_person_post(record), "national_id": record["national_id"]}
    )
    assert response.status_code == 200
    assert "ในทะเบียนอยู่แล้ว" in response.content.decode()
    assert _state(office_a) == before


def test_a_ce_birth_year_is_refused_in_thai(office_a: Office, record: dict[str, Any]) -> None:
    response = office_client(office_a, "welfare_officer").post(
        "/people/new/", {**_person_post(record), "birth_date": "01/01/1987"}
    )
    assert "ปีคริสต์ศักราช" in response.content.decode()


def test_upload_check_and_confirm_through_the_pages(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    response = client.post("/people/import/", {"file": _upload()})
    assert response.status_code == 302
    batch_page = client.get(response["Location"]).content.decode()
    assert "อัปโหลด" not in batch_page or "ยืนยัน" in batch_page
    confirm = response["Location"] + "confirm/"
    with schema_context(office_a.schema_name):
        count = Person.objects.count()
    client.post(confirm)
    client.post(confirm)  # a double click
    with schema_context(office_a.schema_name):
        assert Person.objects.count() == count + 1
        assert AuditEvent.objects.filter(action="people.imported").count() == 1


def test_the_people_module_opens_from_the_office_home(office_a: Office) -> None:
    body = office_client(office_a, "viewer").get("/").content.decode()
    assert 'href="/people/"' in body
