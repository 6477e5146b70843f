"""`/api/v1/service-requests/` and `/api/v1/service-types/`: the desk through the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.onestop import services
from apps.onestop.models import ServiceRequest
from apps.onestop.permissions import DESK_ROLES, STATISTICS_ROLES
from core.thai import local_date
from tenants.models import Office
from tests.api.support import ROLES, bearer, error_codes, queries_of
from tests.conftest import office_client
from tests.onestop.conftest import bangkok, make_person, user

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _ticket(office: Office, code: str = "id_card", **kwargs: Any) -> ServiceRequest:
    with schema_context(office.schema_name):
        return services.service_request_open(
            service_type_code=code,
            person=make_person(),
            received_by=user("welfare_officer"),
            **kwargs,
        )


def _requests(office: Office) -> list[dict[str, Any]]:
    with schema_context(office.schema_name):
        return list(ServiceRequest.objects.order_by("pk").values())


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_as_the_desk_pages_allow(office_a: Office, role: str) -> None:
    ticket = _ticket(office_a)
    client = bearer(office_a, role)
    desk = 200 if role in DESK_ROLES else 403
    assert client.get("/api/v1/service-requests/").status_code == desk
    assert client.get(f"/api/v1/service-requests/{ticket.pk}/").status_code == desk
    statistics = 200 if role in STATISTICS_ROLES else 403
    assert client.get("/api/v1/service-requests/statistics/").status_code == statistics
    assert client.get("/api/v1/service-types/").status_code == statistics


@pytest.mark.parametrize("role", ROLES)
def test_every_role_acts_as_the_desk_pages_allow_and_refusals_change_nothing(
    office_a: Office, role: str
) -> None:
    tickets = [_ticket(office_a) for _ in range(4)]
    client = bearer(office_a, role)
    allowed = role in DESK_ROLES
    other = "finance_officer" if role != "finance_officer" else "welfare_officer"
    with schema_context(office_a.schema_name):
        other_id = user(other).pk
    before = _requests(office_a)
    calls = [
        ("/api/v1/service-requests/", {"service_type": "id_card"}, 201),
        ("/api/v1/service-requests/call-next/", {"counter": "ช่อง 1"}, 200),
        (f"/api/v1/service-requests/{tickets[1].pk}/hand-over/", {"to_officer": other_id}, 200),
        (f"/api/v1/service-requests/{tickets[2].pk}/start/", {"counter": "ช่อง 1"}, 200),
        (f"/api/v1/service-requests/{tickets[2].pk}/cancel/", {"reason": "กลับก่อน"}, 200),
        (f"/api/v1/service-requests/{tickets[3].pk}/complete/", {"outcome": "เสร็จ"}, 200),
    ]
    for path, body, expected in calls:
        response = client.post(path, body, content_type=JSON)
        assert response.status_code == (expected if allowed else 403), (path, response.content)
    if not allowed:
        assert _requests(office_a) == before


def test_a_ticket_from_taking_to_completion(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        person = make_person()
    client = bearer(office_a, "welfare_officer")
    opened = client.post(
        "/api/v1/service-requests/",
        {"service_type": "id_card", "person": person.pk},
        content_type=JSON,
    )
    assert opened.status_code == 201
    body = opened.json()
    assert body["ticket"] == "A001" and body["status"] == "waiting"
    assert body["person"] == {"id": person.pk, "full_name_th": person.full_name_th}
    assert body["ticket_date"] == local_date(timezone.now()).isoformat()
    called = client.post(
        "/api/v1/service-requests/call-next/", {"counter": "ช่อง 2"}, content_type=JSON
    )
    assert called.json()["id"] == body["id"] and called.json()["status"] == "called"
    again = client.post(
        "/api/v1/service-requests/call-next/", {"counter": "ช่อง 2"}, content_type=JSON
    )
    assert again.status_code == 400 and again.json()["code"] == "onestop.already_serving"
    path = f"/api/v1/service-requests/{body['id']}"
    assert client.post(f"{path}/start/", {}, content_type=JSON).json()["status"] == "in_service"
    done = client.post(f"{path}/complete/", {"outcome": "บัตรเลขที่ 1"}, content_type=JSON).json()
    assert done["status"] == "completed" and done["within_standard"] is True
    twice = client.post(f"{path}/complete/", {"outcome": "อีกครั้ง"}, content_type=JSON).json()
    assert twice == done  # a repeated click changes nothing
    cancel = client.post(f"{path}/cancel/", {}, content_type=JSON)
    assert cancel.status_code == 400 and cancel.json()["code"] == "onestop.request_closed"
    assert (
        client.post(
            "/api/v1/service-requests/call-next/", {"counter": "1"}, content_type=JSON
        ).status_code
        == 204
    )


def test_hand_over_to_someone_not_at_the_desk_is_refused_on_the_field(office_a: Office) -> None:
    ticket = _ticket(office_a)
    with schema_context(office_a.schema_name):
        viewer_id = user("viewer").pk
    response = bearer(office_a, "welfare_officer").post(
        f"/api/v1/service-requests/{ticket.pk}/hand-over/",
        {"to_officer": viewer_id},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert error_codes(response.json(), "to_officer") == ["onestop.not_desk_officer"]
    assert _requests(office_a)[0]["status"] == "waiting"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"service_type": "no_such_service"}, "service_type", "does_not_exist"),
        ({"service_type": "id_card", "person": 999999}, "person", "does_not_exist"),
        ({}, "service_type", "required"),
    ],
)
def test_bad_tickets_get_coded_errors_and_nothing_is_opened(
    office_a: Office, body: dict[str, Any], field: str, code: str
) -> None:
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/service-requests/", body, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert error_codes(response.json(), field) == [code]
    assert _requests(office_a) == []


def test_list_filters_by_date_status_and_service_type(office_a: Office) -> None:
    yesterday = timezone.now() - timedelta(days=1)
    old = _ticket(office_a, at=yesterday)
    card = _ticket(office_a)
    claim = _ticket(office_a, code="medical_claim")
    with schema_context(office_a.schema_name):
        services.service_request_cancel(service_request=claim, actor=user("welfare_officer"))
    client = office_client(office_a, "welfare_officer")

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/v1/service-requests/?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"date={local_date(yesterday).isoformat()}") == {old.pk}
    assert ids("status=cancelled") == {claim.pk}
    assert ids("service_type=id_card") == {old.pk, card.pk}
    bad = client.get("/api/v1/service-requests/?date=24/11/2569")
    assert bad.status_code == 400 and error_codes(bad.json(), "date") == ["invalid"]


def test_statistics_take_a_buddhist_era_fiscal_year(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        ticket = services.service_request_open(
            service_type_code="id_card", at=bangkok(date(2014, 1, 10), 9)
        )
        services.service_request_complete(
            service_request=ticket,
            officer=user("welfare_officer"),
            at=bangkok(date(2014, 1, 10), 9, 10),
        )
    client = bearer(office_a, "viewer")
    body = client.get("/api/v1/service-requests/statistics/?fiscal_year=2557").json()
    assert (body["fiscal_year"], body["start"], body["end"]) == (2557, "2013-10-01", "2014-09-30")
    assert body["total"] == {
        "count": 1,
        "within_standard": 1,
        "share_within_standard": "100.00",
        "median_minutes": "10.00",
        "p90_minutes": "10.00",
    }
    assert body["by_month"][3]["month"] == "2014-01-01"
    assert body["by_month"][3]["figures"]["count"] == 1
    card = next(row for row in body["by_service_type"] if row["service_type"]["code"] == "id_card")
    assert card["figures"]["count"] == 1
    assert client.get("/api/v1/service-requests/statistics/?fiscal_year=๒๕๕๗").json() == body


@pytest.mark.parametrize("year", ["2014", "abc", "9999"])
def test_statistics_refuse_a_year_that_is_not_buddhist_era(office_a: Office, year: str) -> None:
    response = bearer(office_a, "viewer").get(
        f"/api/v1/service-requests/statistics/?fiscal_year={year}"
    )
    assert response.status_code == 400
    assert error_codes(response.json(), "fiscal_year") == ["api.not_buddhist_era"]
    if year == "2014":
        assert "2557" in response.json()["message"]


def test_a_request_of_another_office_is_not_found(office_a: Office, office_b: Office) -> None:
    theirs = _ticket(office_b)
    with schema_context(office_a.schema_name):
        assert not ServiceRequest.objects.filter(pk=theirs.pk).exists()
    client = bearer(office_a, "welfare_officer")
    assert client.get(f"/api/v1/service-requests/{theirs.pk}/").status_code == 404
    response = client.post(f"/api/v1/service-requests/{theirs.pk}/cancel/", {}, content_type=JSON)
    assert response.status_code == 404
    assert _requests(office_b)[0]["status"] == "waiting"


def test_a_token_of_one_office_is_refused_on_another(office_a: Office, office_b: Office) -> None:
    ticket = _ticket(office_b)
    client = bearer(office_b, "viewer")
    client.defaults["HTTP_AUTHORIZATION"] = bearer(office_a, "welfare_officer").defaults[
        "HTTP_AUTHORIZATION"
    ]
    before = _requests(office_b)
    for path in (
        "/api/v1/service-types/",
        "/api/v1/service-requests/",
        f"/api/v1/service-requests/{ticket.pk}/",
        "/api/v1/service-requests/statistics/",
    ):
        assert client.get(path).status_code == 401, path
    for path in (
        "/api/v1/service-requests/",
        "/api/v1/service-requests/call-next/",
        f"/api/v1/service-requests/{ticket.pk}/start/",
        f"/api/v1/service-requests/{ticket.pk}/complete/",
        f"/api/v1/service-requests/{ticket.pk}/hand-over/",
        f"/api/v1/service-requests/{ticket.pk}/cancel/",
    ):
        response = client.post(path, {"service_type": "id_card", "counter": "1"}, content_type=JSON)
        assert response.status_code == 401, path
    assert _requests(office_b) == before


def test_the_request_list_runs_a_fixed_number_of_queries(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    _ticket(office_a)
    client.get("/api/v1/service-requests/")
    few = queries_of(lambda: client.get("/api/v1/service-requests/"))
    for _ in range(12):
        ticket = _ticket(office_a, code="medical_claim")
        with schema_context(office_a.schema_name):
            services.service_request_hand_over(
                service_request=ticket,
                officer=user("welfare_officer"),
                to_officer=user("office_admin"),
            )
    assert queries_of(lambda: client.get("/api/v1/service-requests/")) == few <= 6
    assert queries_of(lambda: client.get("/api/v1/service-types/")) <= 5
