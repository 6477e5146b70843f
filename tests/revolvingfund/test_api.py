"""`/api/v1/revolvingfund/approvals/`: read by HR systems with the `revolvingfund:read` scope
(national IDs as the reader may see them), by staff who read the register; refused otherwise."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenants.models import Office
from tests.api.support import bearer
from tests.revolvingfund.factories import approved_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval(office_a: Office) -> int:
    with schema_context(office_a.schema_name):
        return approved_application().pk


def test_approvals_are_listed_with_rate_instalment_and_guarantors(
    office_a: Office, approval: int
) -> None:
    body = bearer(office_a, "finance_officer").get("/api/v1/revolvingfund/approvals/").json()
    [row] = body["results"]
    assert row["id"] == approval
    assert row["approved_amount"] == "200000.00"
    assert row["annual_rate"] == "5.525" and row["term_months"] == 96
    assert row["instalment"] == "2582.27"
    assert row["round"] == {"fiscal_year": 2557, "number": 1}
    assert len(row["guarantors"]) == 2
    assert row["terms_confirmed"] is False
    one = bearer(office_a, "finance_officer").get(f"/api/v1/revolvingfund/approvals/{approval}/")
    assert one.status_code == 200 and one.json()["number"] == row["number"]


def test_a_fiscal_year_without_approvals_is_empty_and_bad_input_is_a_coded_400(
    office_a: Office, approval: int
) -> None:
    client = bearer(office_a, "finance_officer")
    assert (
        client.get("/api/v1/revolvingfund/approvals/", {"fiscal_year": "2556"}).json()["results"]
        == []
    )
    bad = client.get("/api/v1/revolvingfund/approvals/", {"fiscal_year": "20x"})
    assert bad.status_code == 400 and bad.json()["code"]


def test_another_offices_approval_is_not_found(
    office_a: Office, office_b: Office, approval: int
) -> None:
    response = bearer(office_b, "finance_officer").get(
        f"/api/v1/revolvingfund/approvals/{approval}/"
    )
    assert response.status_code == 404
    assert (
        bearer(office_b, "finance_officer")
        .get("/api/v1/revolvingfund/approvals/")
        .json()["results"]
        == []
    )


def test_anonymous_is_refused(office_a: Office) -> None:
    from tests.conftest import office_client

    assert office_client(office_a).get("/api/v1/revolvingfund/approvals/").status_code == 401
