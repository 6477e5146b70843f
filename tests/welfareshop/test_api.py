"""`/api/v1/welfareshop/`: members (national IDs masked for roles without the right), rooms and
bookings (no names), scopes, other offices, audited bulk reads, query counts."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from tenants.models import Office
from tests.api.support import bearer, queries_of
from tests.welfareshop.factories import make_booking, make_member

pytestmark = pytest.mark.django_db
BASE = "/api/v1/welfareshop"


def test_members_list_and_detail_with_masked_ids_for_a_viewer(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        member = make_member()
    full = bearer(office_a, "welfare_officer").get(f"{BASE}/members/{member.pk}/").json()
    assert (
        full["number"] == member.number
        and full["person"]["national_id"] == member.person.national_id
    )
    assert full["status"] == "active" and full["fee_amount"] == "100.00"
    masked = bearer(office_a, "viewer").get(f"{BASE}/members/").json()
    assert masked["results"][0]["person"]["national_id"] != member.person.national_id
    with schema_context(office_a.schema_name):
        assert AuditEvent.objects.filter(action="api.shop_members_listed").exists()


def test_members_at_a_fiscal_years_end_and_bad_filters(office_a: Office) -> None:
    client = bearer(office_a, "welfare_officer")
    assert client.get(f"{BASE}/members/?fiscal_year=2557").json()["results"] == []
    bad = client.get(f"{BASE}/members/?fiscal_year=2014")
    assert bad.status_code == 400 and bad.json()["code"]
    assert client.get(f"{BASE}/members/?status=nonsense").status_code == 400


def test_bookings_carry_times_and_no_names(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        booking = make_booking(by="approver")
    body = bearer(office_a, "viewer").get(f"{BASE}/bookings/{booking.pk}/").json()
    assert body["resource"]["name"] == booking.resource.name
    assert body["starts_at"].endswith("+07:00") and body["status"] == "confirmed"
    assert "approver" not in str(body) and "booked_by" not in body
    rooms = bearer(office_a, "viewer").get(f"{BASE}/resources/").json()
    assert [r["name"] for r in rooms["results"]] == [booking.resource.name]


def test_another_offices_record_is_not_found(office_a: Office, office_b: Office) -> None:
    with schema_context(office_a.schema_name):
        member = make_member()
        booking = make_booking()
    client = bearer(office_b, "welfare_officer")
    assert client.get(f"{BASE}/members/{member.pk}/").status_code == 404
    assert client.get(f"{BASE}/bookings/{booking.pk}/").status_code == 404
    assert client.get(f"{BASE}/members/").json()["results"] == []


def test_the_member_list_runs_a_fixed_number_of_queries(office_a: Office) -> None:
    client = bearer(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        make_member()
    client.get(f"{BASE}/members/")  # the token's first use warmed
    few = queries_of(lambda: client.get(f"{BASE}/members/"))
    with schema_context(office_a.schema_name):
        for _ in range(5):
            make_member()
    assert queries_of(lambda: client.get(f"{BASE}/members/")) == few
