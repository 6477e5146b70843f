"""`/api/v1/revolvingfund/loans/` and `/repayments/`: read with the scope
`revolvingfund.loans:read` (a machine client) or a reader's token; masked IDs; other offices'
loans are not found; the feed records loans and repayments."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from clients.services import client_create
from outbox.models import OutboxEvent
from tenants.models import Office
from tests.api.support import bearer
from tests.conftest import host_of
from tests.revolvingfund.loans.factories import FIRST_MONTH, make_loan
from tests.revolvingfund.loans.test_services import import_month

pytestmark = pytest.mark.django_db


def _machine(office: Office, scopes: list[str]) -> Client:
    with schema_context(office.schema_name):
        _client, secret = client_create(
            name="HR system", scopes=scopes, rate_limit_per_minute=600,
            actor=User.objects.get(username="office_admin"),
        )  # fmt: skip
    return Client(HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_client_with_the_scope_reads_loans_and_repayments(office_a):
    with schema_context(office_a.schema_name):
        loan = make_loan()
        import_month(FIRST_MONTH)
    api = _machine(office_a, ["revolvingfund.loans:read"])
    listed = api.get("/api/v1/revolvingfund/loans/")
    assert listed.status_code == 200
    body = listed.json()
    row = next(r for r in body["results"] if r["number"] == loan.number)
    assert row["instalment"] == "2582.27"
    detail = api.get(f"/api/v1/revolvingfund/loans/{loan.pk}/").json()
    assert detail["principal"] == "200000.00"
    repayments = api.get("/api/v1/revolvingfund/repayments/?fiscal_year=2557").json()["results"]
    assert [r["interest_paid"] for r in repayments if r["loan"]["id"] == loan.pk] == ["920.83"]


def test_a_client_without_the_scope_is_refused(office_a):
    api = _machine(office_a, ["people:read"])
    assert api.get("/api/v1/revolvingfund/loans/").status_code == 403


def test_a_role_without_need_is_refused_and_another_offices_loan_is_not_found(office_a, office_b):
    with schema_context(office_a.schema_name):
        loan = make_loan()
    assert bearer(office_a, "viewer").get("/api/v1/revolvingfund/loans/").status_code == 403
    other = bearer(office_b, "finance_officer").get(f"/api/v1/revolvingfund/loans/{loan.pk}/")
    assert other.status_code == 404


def test_the_feed_records_the_loan_and_each_repayment(office_a):
    with schema_context(office_a.schema_name):
        loan = make_loan()
        import_month(FIRST_MONTH)
        events = list(
            OutboxEvent.objects.filter(resource__startswith="revolvingfund.").values_list(
                "resource", "action", "resource_id"
            )
        )
    assert ("revolvingfund.loan", "created", str(loan.pk)) in events
    assert ("revolvingfund.loan", "updated", str(loan.pk)) in events
    assert sum(1 for e in events if e[0] == "revolvingfund.repayment") == 1
