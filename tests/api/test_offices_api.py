"""`GET /api/v1/offices/` on the central host: the offices (code, names, host, status) for
national clients with `offices:read`, paged like every list; no personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from clients.services import client_create
from tenants.models import Office
from tests.conftest import central_client, host_of

pytestmark = pytest.mark.django_db

FIELDS = {
    "code",
    "name_th",
    "name_en",
    "kind",
    "province",
    "region",
    "area_number",
    "host",
    "status",
}


def _national(scopes: list[str], name: str = "Comptroller") -> Client:
    with schema_context("public"):
        _, secret = client_create(
            name=name, scopes=scopes, actor=User.objects.get(username="operator")
        )
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_national_client_pages_through_the_offices(office_a: Office, office_b: Office) -> None:
    Office.objects.filter(pk=office_a.pk).update(ready_at=timezone.now())
    Office.objects.filter(pk=office_b.pk).update(is_active=False)
    client = _national(["offices:read"])
    first = client.get("/api/v1/offices/?limit=1")
    assert first.status_code == 200, first.content
    page = first.json()
    assert set(page) == {"next", "previous", "results"} and len(page["results"]) == 1
    seen = list(page["results"])
    while page["next"]:
        page = client.get(page["next"]).json()
        seen.extend(page["results"])
    by_code = {office["code"]: office for office in seen}
    assert [office["code"] for office in seen] == sorted(by_code)
    assert {"alpha", "beta"} <= set(by_code)
    alpha = by_code["alpha"]
    assert set(alpha) == FIELDS
    assert alpha["host"] == host_of(office_a) and alpha["status"] == "active"
    assert alpha["name_th"] == office_a.name_th
    assert by_code["beta"]["status"] == "inactive"
    secondary = client.get("/api/v1/offices/?kind=secondary").json()["results"]
    assert [office["code"] for office in secondary] == ["beta"]


def test_the_offices_list_needs_its_scope_and_refuses_unknown_filters(office_a: Office) -> None:
    without = _national(["benchmarks:read"]).get("/api/v1/offices/")
    assert without.status_code == 403 and without.json()["code"] == "api.scope_missing"
    bad = _national(["offices:read"], name="Another").get("/api/v1/offices/?kind=AAA")
    assert bad.status_code == 400 and "kind" in bad.json()["fields"]
    assert central_client("analyst").get("/api/v1/offices/").status_code == 200
    assert central_client().get("/api/v1/offices/").status_code in {401, 403}


def test_the_offices_list_is_not_on_an_office_host(office_a: Office) -> None:
    response = Client(HTTP_HOST=host_of(office_a)).get("/api/v1/offices/")
    assert response.status_code == 404 and response.json()["code"] == "api.not_found"
