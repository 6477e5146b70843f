from __future__ import annotations

import pytest

from tenants.models import Domain, Office
from tests.conftest import central_client

pytestmark = pytest.mark.django_db

NEW_OFFICE = {
    "code": "krabi",
    "subdomain": "",
    "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่",
    "name_en": "",
    "kind": "primary",
    "province": "กระบี่",
    "region": "south",
    "area_number": "1",
    "admin_first_name": "สมศรี",
    "admin_last_name": "ใจดี",
    "admin_email": "somsri@krabi.example",
    "admin_username": "admin",
}


def test_central_home_lists_offices_with_links(office_a: Office) -> None:
    body = central_client().get("/").content.decode()
    assert office_a.name_th in body
    assert "http://alpha.localhost/" in body


@pytest.mark.parametrize(
    ("username", "allowed"), [("operator", True), ("analyst", False), (None, False)]
)
def test_only_a_platform_operator_adds_an_office(username: str | None, allowed: bool) -> None:
    client = central_client(username)
    response = client.post("/offices/new/", NEW_OFFICE)
    assert Office.objects.filter(code="krabi").exists() is allowed
    if allowed:
        assert response.status_code == 302
        assert Domain.objects.get(tenant__code="krabi").domain == "krabi.localhost"
    else:
        assert response.status_code in {302, 403}


def test_bad_office_form_shows_a_thai_error_and_creates_nothing(office_a: Office) -> None:
    before = Office.objects.count()
    response = central_client("operator").post("/offices/new/", {**NEW_OFFICE, "code": "alpha"})
    assert response.status_code == 200
    assert "มีสำนักงานรหัส “alpha” อยู่แล้ว" in response.content.decode()
    assert Office.objects.count() == before


def test_operator_suspends_and_reactivates_an_office(office_a: Office) -> None:
    client = central_client("operator")
    client.post(f"/offices/{office_a.code}/active/", {"active": "0"})
    assert not Office.objects.get(pk=office_a.pk).is_active
    client.post(f"/offices/{office_a.code}/active/", {"active": "1"})
    assert Office.objects.get(pk=office_a.pk).is_active


def test_analyst_cannot_suspend(office_a: Office) -> None:
    response = central_client("analyst").post(f"/offices/{office_a.code}/active/", {"active": "0"})
    assert response.status_code == 403
    assert Office.objects.get(pk=office_a.pk).is_active


def test_central_admin_lists_offices_but_office_admin_does_not(office_a: Office) -> None:
    from tests.conftest import office_client

    assert central_client("operator").get("/admin/tenants/office/").status_code == 200
    assert office_client(office_a, "everything").get("/admin/tenants/office/").status_code == 404


def test_operator_signs_in_on_the_central_site() -> None:
    from tests.conftest import PASSWORD, totp_code

    client = central_client()
    response = client.post("/accounts/login/", {"username": "operator", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    # A platform operator gives a second factor before anything else.
    assert client.get("/")["Location"] == "/accounts/two-factor/verify/?next=%2F"
    response = client.post("/accounts/two-factor/verify/", {"token": totp_code(), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.wsgi_request.user.username == "operator"
    assert "/offices/new/" in home.content.decode()


def test_central_home_query_count_does_not_grow_with_offices(
    office_a: Office, django_assert_max_num_queries: object
) -> None:
    from tenants.services import office_create

    for n in range(3):
        office_create(
            code=f"extra{n}",
            name_th=f"สำนักงานเพิ่ม {n}",
            kind="primary",
            province="เพิ่ม",
            region="east",
            area_number=n + 1,
        )
    client = central_client("operator")
    with django_assert_max_num_queries(7):  # type: ignore[operator]  # 7th: the OTP device
        response = client.get("/")
    assert response.content.decode().count("badge--ok") == Office.objects.count()


def test_suspending_with_htmx_returns_just_the_row(office_a: Office) -> None:
    response = central_client("operator").post(
        f"/offices/{office_a.code}/active/", {"active": "0"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<tr id="office-{office_a.code}">')
    assert "badge--off" in body and "<html" not in body
    assert not Office.objects.get(pk=office_a.pk).is_active
