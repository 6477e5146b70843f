"""`/api/v1/healthchecks/`: the schedule without credentials (the public page's twin; any
credentials ignored; each office its own), a campaign and attendance counts with the scope,
never a person."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from clients.services import client_create
from tenants.models import Office
from tests.api.support import bearer
from tests.conftest import host_of
from tests.healthchecks.factories import book, make_campaign, on_day, staff, teacher

pytestmark = pytest.mark.django_db


def _client(office: Office, scopes: list[str], *, on: Office | None = None) -> Client:
    with schema_context(office.schema_name):
        _, secret = client_create(
            name=f"hr {scopes}", scopes=scopes, actor=User.objects.get(username="office_admin")
        )
    return Client(HTTP_HOST=host_of(on or office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_schedule_is_public_and_each_offices_own(office_a: Office, office_b: Office) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        campaign = make_campaign(points=2)
        person = teacher()
        book(campaign.checkpoints.order_by("pk").first(), person)
        make_campaign(announce=False, title="ร่างยังไม่ประกาศ")
    path = "/api/v1/healthchecks/schedule/?fiscal_year=2557"
    anonymous = Client(HTTP_HOST=host_of(office_a)).get(path)
    stranger = _client(office_b, ["healthchecks:read"], on=office_a).get(path)
    assert anonymous.status_code == stranger.status_code == 200
    assert anonymous.json() == stranger.json()
    [shown] = anonymous.json()
    assert shown["circular_number"] == campaign.circular_number
    assert [p["day"] for p in shown["checkpoints"]] == ["2014-09-26", "2014-09-27"]
    assert shown["checkpoints"][0]["places_left"] == 29
    assert "booked" not in shown["checkpoints"][0]
    body = anonymous.content.decode()
    assert person.national_id not in body and person.first_name_th not in body
    assert Client(HTTP_HOST=host_of(office_b)).get(path).json() == []
    bad = Client(HTTP_HOST=host_of(office_a)).get("/api/v1/healthchecks/schedule?fiscal_year=2014")
    assert bad.status_code in (301, 400, 404)
    refused = Client(HTTP_HOST=host_of(office_a)).get(
        "/api/v1/healthchecks/schedule/?fiscal_year=2014"
    )
    assert refused.status_code == 400 and "code" in refused.json()


def test_attendance_counts_need_the_scope_and_name_no_one(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        campaign = make_campaign()
        point = campaign.checkpoints.get()
        person = teacher(category="pensioner")
        from apps.healthchecks import services

        services.checkin(signup=book(point, person), officer=staff(), at=on_day(point))
        book(point)
    path = "/api/v1/healthchecks/attendance/?fiscal_year=2557"
    assert _client(office_a, ["people:read"]).get(path).status_code == 403
    assert Client(HTTP_HOST=host_of(office_a)).get(path).status_code == 401
    answer = _client(office_a, ["healthchecks:read"]).get(path)
    assert answer.status_code == 200
    [row] = answer.json()["rows"]
    assert (row["booked"], row["attended"], row["attended_by_category"]) == (2, 1, {"pensioner": 1})
    assert person.national_id not in answer.content.decode()
    detail = bearer(office_a, "viewer").get(f"/api/v1/healthchecks/campaigns/{campaign.pk}/")
    assert detail.status_code == 200 and detail.json()["checkpoints"][0]["attended"] == 1
    assert (
        bearer(office_a, "viewer").get("/api/v1/healthchecks/campaigns/999999/").status_code == 404
    )
