from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from tenants.models import Domain, Office
from tenants.services import OfficeError, office_create, office_set_active
from tests.conftest import office_client

pytestmark = pytest.mark.django_db

GOOD = {
    "code": "newoffice",
    "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาใหม่ เขต 3",
    "kind": "primary",
    "province": "ใหม่",
    "region": "east",
    "area_number": 3,
}


def _counts() -> tuple[int, int, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'esa\\_%%' ORDER BY 1")
        schemas = [row[0] for row in cursor.fetchall()]
    return Office.objects.count(), Domain.objects.count(), schemas


def test_office_is_created_with_schema_domain_and_ready_time() -> None:
    office = office_create(**GOOD)
    assert office.schema_name == "esa_newoffice"
    assert office.ready_at is not None
    assert schema_exists("esa_newoffice")
    assert Domain.objects.get(tenant=office).domain == "newoffice.localhost"
    with schema_context(office.schema_name):
        groups = set(User.groups.rel.model.objects.values_list("name", flat=True))
    assert "welfare_officer" in groups and "platform_operator" not in groups


def test_schema_name_comes_from_the_code_never_from_input() -> None:
    office = office_create(**{**GOOD, "code": "NewOffice"})
    assert office.code == "newoffice"
    assert office.schema_name == "esa_newoffice"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"code": "alpha"}, "office.duplicate_code"),
        ({"subdomain": "alpha"}, "office.duplicate_domain"),
        ({"subdomain": "-bad"}, "office.invalid_subdomain"),
        ({"subdomain": "bad_under"}, "office.invalid_subdomain"),
        ({"subdomain": "www"}, "office.invalid_subdomain"),
        ({"code": "x; DROP SCHEMA public"}, "office.invalid_code"),
        ({"code": "9starts"}, "office.invalid_code"),
        ({"name_th": "  "}, "office.name_required"),
        ({"kind": "tertiary"}, "office.invalid_kind"),
        ({"area_number": 0}, "office.invalid_area_number"),
        ({"province": "ทดสอบ", "area_number": 1}, "office.duplicate_area"),
    ],
)
def test_bad_office_data_is_refused_and_leaves_nothing_behind(
    changes: dict[str, object], code: str
) -> None:
    before = _counts()
    with pytest.raises(OfficeError) as excinfo:
        office_create(**{**GOOD, **changes})  # type: ignore[arg-type]
    assert excinfo.value.code == code
    assert excinfo.value.message_th  # a Thai message for the UI
    assert _counts() == before


def test_a_failure_half_way_leaves_no_schema_row_or_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    import tenants.services

    before = _counts()

    def broken_clone(source: str, target: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{target}"')
        raise RuntimeError("disk full")

    monkeypatch.setattr(tenants.services, "clone_schema", broken_clone)
    with pytest.raises(RuntimeError):
        office_create(**GOOD)
    assert _counts() == before


def test_deactivated_office_answers_service_suspended_and_reactivates(office_a: Office) -> None:
    office_set_active(office=office_a, active=False)
    from tenants import routing

    routing.invalidate()
    response = office_client(office_a).get("/")
    assert response.status_code == 503
    assert "ระงับการให้บริการชั่วคราว" in response.content.decode()
    office_set_active(office=office_a, active=True)
    routing.invalidate()
    assert office_client(office_a).get("/").status_code == 200
