"""`/api/v1/benchmarks/` on the central host: roles, filters, exact numbers, and 404 on an
office host."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import user_create
from api.services import api_token_create
from central.benchmarks import IndicatorValue
from tenants.models import Office
from tests.api.support import bearer, queries_of

pytestmark = pytest.mark.django_db

CODE = "idcards.issued.teacher"


def central_bearer(username: str) -> Client:
    with schema_context("public"):
        _, secret = api_token_create(user=User.objects.get(username=username), name="test")
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def values(office_a: Office, office_b: Office) -> None:
    Office.objects.exclude(pk__in=[office_a.pk, office_b.pk]).update(is_active=False)
    now = timezone.now()
    for office, current, previous in ((office_a, "12", "10"), (office_b, "30.5", None)):
        IndicatorValue.objects.create(
            office=office, fiscal_year=2557, code=CODE, value=Decimal(current), collected_at=now
        )
        if previous is not None:
            IndicatorValue.objects.create(
                office=office,
                fiscal_year=2556,
                code=CODE,
                value=Decimal(previous),
                collected_at=now,
            )


def test_the_indicators_list_names_every_code(values: None) -> None:
    response = central_bearer("analyst").get("/api/v1/benchmarks/indicators/")
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()}
    assert {CODE, "reimbursements.child_education.paid", "onestop.median_service_minutes"} <= codes
    minutes = next(i for i in response.json() if i["code"] == "onestop.median_service_minutes")
    assert minutes["higher_is_better"] is False


def test_values_filter_by_year_indicator_office_and_peer_group(
    values: None, office_a: Office
) -> None:
    client = central_bearer("operator")
    body = client.get(f"/api/v1/benchmarks/values/?fiscal_year=2557&indicator={CODE}").json()
    assert len(body["results"]) == 2 and body["next"] is None
    assert {(r["office"]["code"], r["value"]) for r in body["results"]} == {
        ("alpha", "12.0000"),
        ("beta", "30.5000"),
    }
    only_alpha = client.get("/api/v1/benchmarks/values/?office=alpha").json()
    assert {r["fiscal_year"] for r in only_alpha["results"]} == {2556, 2557}
    secondary = client.get("/api/v1/benchmarks/values/?kind=secondary").json()
    assert [r["office"]["code"] for r in secondary["results"]] == ["beta"]
    refused = client.get("/api/v1/benchmarks/values/?fiscal_year=2014")
    assert refused.status_code == 400 and refused.json()["code"] == "api.not_buddhist_era"


def test_the_comparison_ranks_offices_and_gives_the_change(values: None) -> None:
    client = central_bearer("analyst")
    body = client.get(f"/api/v1/benchmarks/indicators/{CODE}/?fiscal_year=2557").json()
    assert body["national_median"] == "21.2500"
    first, second = body["figures"][:2]
    assert first["office"]["code"] == "beta" and first["national"]["rank"] == 1
    assert second["office"]["code"] == "alpha" and second["national"]["rank"] == 2
    assert second["change"] == "2.0000" and first["change"] is None
    assert second["national"]["percentile"] == "25.00"
    assert first["peers"]["kind"]["count"] == 1
    narrowed = client.get(f"/api/v1/benchmarks/indicators/{CODE}/?kind=primary").json()
    assert [f["office"]["code"] for f in narrowed["figures"]] == ["alpha"]
    assert narrowed["figures"][0]["national"]["rank"] == 2  # standings stay national
    assert client.get("/api/v1/benchmarks/indicators/no.such/").status_code == 404


def test_an_offices_card_gives_medians_and_its_ranks(values: None) -> None:
    body = central_bearer("analyst").get("/api/v1/benchmarks/offices/alpha/?fiscal_year=2557")
    assert body.status_code == 200
    line = next(item for item in body.json() if item["indicator"]["code"] == CODE)
    assert line["value"] == "12.0000" and line["previous"] == "10.0000"
    assert line["national"]["rank"] == 2 and line["peer"]["rank"] == 1
    assert central_bearer("analyst").get("/api/v1/benchmarks/offices/nope/").status_code == 404


def test_the_values_list_runs_the_same_queries_for_more_rows(
    values: None, office_a: Office
) -> None:
    client = central_bearer("analyst")
    client.get("/api/v1/benchmarks/values/")  # the token's first use is recorded once
    few = queries_of(lambda: client.get("/api/v1/benchmarks/values/"))
    for year in range(2540, 2550):
        IndicatorValue.objects.create(
            office=office_a, fiscal_year=year, code=CODE, value=1, collected_at=timezone.now()
        )
    assert queries_of(lambda: client.get("/api/v1/benchmarks/values/")) == few


PATHS = [
    "/api/v1/benchmarks/indicators/",
    f"/api/v1/benchmarks/indicators/{CODE}/",
    "/api/v1/benchmarks/values/",
    "/api/v1/benchmarks/offices/alpha/",
]


@pytest.mark.parametrize("path", PATHS)
def test_only_central_roles_read_and_office_hosts_have_no_benchmarks(
    values: None, office_a: Office, path: str
) -> None:
    with schema_context("public"):
        user_create(username="no-role", password="x-Secret-12345", roles=[])
    assert central_bearer("no-role").get(path).status_code == 403
    assert Client(HTTP_HOST="localhost").get(path).status_code in (401, 403)
    # On an office host the path does not exist, whatever the role.
    response = bearer(office_a, "office_admin").get(path)
    assert response.status_code == 404
    assert response.json()["code"]
    assert central_bearer("analyst").get(path).status_code == 200
