"""`/api/v1/idcards/applications/`: roles, steps, idempotent printing, masking, errors."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.idcards import services
from apps.idcards.models import CardApplication, CardNumberCounter
from apps.idcards.permissions import APPROVER_ROLES, CARD_OFFICER_ROLES, REGISTER_READER_ROLES
from apps.onestop.models import ServiceRequest
from apps.people.permissions import FULL_READER_ROLES
from core.thai import fiscal_year_of
from tenants.models import Office
from tests.api.support import ROLES, bearer, error_codes, queries_of
from tests.conftest import office_client
from tests.onestop.conftest import make_person, user

pytestmark = pytest.mark.django_db
JSON = "application/json"
EXPIRED_DOCUMENTS = ["request_form", "old_card"]


def _received(office: Office, reason: str = "expired", **kwargs: Any) -> CardApplication:
    with schema_context(office.schema_name):
        return services.card_application_create(
            person=make_person(), reason=reason, received_by=user("welfare_officer"), **kwargs
        )


def _advanced(office: Office, to: str) -> CardApplication:
    """An application taken through the steps up to `to` (checked, approved or printed)."""
    application = _received(office)
    with schema_context(office.schema_name):
        officer = user("welfare_officer")
        application = services.card_application_check(
            application=application, documents=EXPIRED_DOCUMENTS, officer=officer
        )
        if to in ("approved", "printed"):
            application = services.card_application_approve(
                application=application, approver=user("approver")
            )
        if to == "printed":
            application = services.card_issue(application=application, officer=officer)
    return application


def _state(office: Office) -> list[Any]:
    with schema_context(office.schema_name):
        return [
            list(CardApplication.objects.order_by("pk").values()),
            list(ServiceRequest.objects.order_by("pk").values()),
            list(CardNumberCounter.objects.values()),
        ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_as_the_register_pages_allow(office_a: Office, role: str) -> None:
    application = _received(office_a)
    client = bearer(office_a, role)
    expected = 200 if role in REGISTER_READER_ROLES else 403
    assert client.get("/api/v1/idcards/applications/").status_code == expected
    assert client.get(f"/api/v1/idcards/applications/{application.pk}/").status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_step_and_nothing_changes_when_refused(
    office_a: Office, role: str
) -> None:
    received = _received(office_a)
    checked = _advanced(office_a, "checked")
    approved = _advanced(office_a, "approved")
    printed = _advanced(office_a, "printed")
    with schema_context(office_a.schema_name):
        person_id = make_person().pk
    client = bearer(office_a, role)
    before = _state(office_a)
    base = "/api/v1/idcards/applications"
    calls = [
        (base + "/", {"person": person_id, "reason": "first"}, 201, CARD_OFFICER_ROLES),
        (
            f"{base}/{received.pk}/check/",
            {"documents": EXPIRED_DOCUMENTS},
            200,
            CARD_OFFICER_ROLES,
        ),
        (f"{base}/{checked.pk}/approve/", {}, 200, APPROVER_ROLES),
        (f"{base}/{approved.pk}/print/", {}, 200, CARD_OFFICER_ROLES),
        (f"{base}/{printed.pk}/hand-over/", {}, 200, CARD_OFFICER_ROLES),
        (f"{base}/{received.pk}/reject/", {"reason": "เอกสารปลอม"}, 200, CARD_OFFICER_ROLES),
    ]
    refused_any = False
    for path, body, allowed_status, roles in calls:
        response = client.post(path, body, content_type=JSON)
        expected = allowed_status if role in roles else 403
        refused_any = refused_any or expected == 403
        assert response.status_code == expected, (path, response.content)
    if role not in (*CARD_OFFICER_ROLES, *APPROVER_ROLES):  # no write allowed at all
        assert _state(office_a) == before
    # The desk's steps and the approval belong to different roles: every single role is
    # refused some step.
    assert refused_any == (role not in CARD_OFFICER_ROLES or role not in APPROVER_ROLES)


def test_from_receipt_to_hand_over_printing_twice_numbers_once(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        person = make_person()
    client = bearer(office_a, "welfare_officer")
    created = client.post(
        "/api/v1/idcards/applications/",
        {"person": person.pk, "reason": "expired", "old_card_number": "0001-2551-00012"},
        content_type=JSON,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "received" and body["ticket"] == "A001"
    path = f"/api/v1/idcards/applications/{body['id']}"
    client.post(f"{path}/check/", {"documents": EXPIRED_DOCUMENTS}, content_type=JSON)
    director = bearer(office_a, "approver")
    assert director.post(f"{path}/approve/", {}, content_type=JSON).status_code == 200
    first = client.post(f"{path}/print/", {}, content_type=JSON).json()
    second = client.post(f"{path}/print/", {}, content_type=JSON).json()
    assert first["status"] == "printed" and first["card_number"]
    assert second == first
    with schema_context(office_a.schema_name):
        assert CardNumberCounter.objects.get().last_number == 1
    handed = client.post(f"{path}/hand-over/", {}, content_type=JSON).json()
    assert handed["status"] == "handed_over"
    assert len(handed["issue_date"]) == 10 and handed["expiry_date"] > handed["issue_date"]
    with schema_context(office_a.schema_name):
        assert ServiceRequest.objects.get(pk=body["service_request"]).status == "completed"


def test_an_application_at_a_ticket_already_taken_uses_it_once(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        from apps.onestop.services import service_request_open

        person = make_person()
        ticket = service_request_open(service_type_code="id_card", person=person)
    client = bearer(office_a, "welfare_officer")
    body = {"person": person.pk, "reason": "damaged", "service_request": ticket.pk}
    first = client.post("/api/v1/idcards/applications/", body, content_type=JSON)
    assert first.status_code == 201 and first.json()["service_request"] == ticket.pk
    again = client.post("/api/v1/idcards/applications/", body, content_type=JSON)
    assert again.status_code == 400
    assert error_codes(again.json(), "service_request") == ["does_not_exist"]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"reason": "lost"}, "police_report_number", "idcards.police_report_required"),
        ({"reason": "retirement"}, "reason", "idcards.not_a_pensioner"),
        ({"reason": "stolen"}, "reason", "invalid_choice"),
        ({"reason": "first", "person": 999999}, "person", "does_not_exist"),
        ({"reason": "first", "documents": ["passport"]}, "documents.0", "invalid_choice"),
    ],
)
def test_bad_applications_get_coded_errors_and_nothing_is_written(
    office_a: Office, body: dict[str, Any], field: str, code: str
) -> None:
    with schema_context(office_a.schema_name):
        body = {"person": make_person().pk, **body}
    before = _state(office_a)
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/idcards/applications/", body, content_type=JSON
    )
    assert response.status_code == 400
    errors = response.json()["fields"][field]
    assert code in str(errors)
    assert _state(office_a) == before


def test_steps_out_of_order_and_missing_documents_are_refused(office_a: Office) -> None:
    application = _received(office_a)
    client = bearer(office_a, "welfare_officer")
    path = f"/api/v1/idcards/applications/{application.pk}"
    before = _state(office_a)
    printed = client.post(f"{path}/print/", {}, content_type=JSON)
    assert printed.status_code == 400 and printed.json()["code"] == "idcards.invalid_transition"
    checked = client.post(f"{path}/check/", {"documents": ["request_form"]}, content_type=JSON)
    assert checked.status_code == 400
    assert error_codes(checked.json(), "documents") == ["idcards.documents_missing"]
    rejected = client.post(f"{path}/reject/", {"reason": ""}, content_type=JSON)
    assert rejected.status_code == 400 and error_codes(rejected.json(), "reason") == ["blank"]
    assert _state(office_a) == before


def test_the_register_masks_national_ids_for_roles_that_may_not_see_them(
    office_a: Office,
) -> None:
    application = _received(office_a)
    with schema_context(office_a.schema_name):
        full_id = application.person.national_id
    for role in REGISTER_READER_ROLES:
        client = bearer(office_a, role)
        listed = client.get("/api/v1/idcards/applications/").json()["results"][0]["person"]
        detail = client.get(f"/api/v1/idcards/applications/{application.pk}/").json()["person"]
        if role in FULL_READER_ROLES:
            assert listed["national_id"] == detail["national_id"] == full_id
        else:
            assert "xxxxx" in listed["national_id"] and "xxxxx" in detail["national_id"]


def test_list_filters_by_fiscal_year_status_and_category(office_a: Office) -> None:
    application = _received(office_a)
    _advanced(office_a, "approved")
    client = office_client(office_a, "viewer")
    current = fiscal_year_of(application.received_at).be_year

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/idcards/applications/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert len(ids(f"fiscal_year={current}")) == 2
    assert ids(f"fiscal_year={current - 1}") == []
    assert ids("status=received") == [application.pk]
    assert ids("category=pensioner") == []
    assert len(ids("category=teacher")) == 2
    refused = client.get("/api/v1/idcards/applications/?fiscal_year=2024")
    assert error_codes(refused.json(), "fiscal_year") == ["api.not_buddhist_era"]


def test_an_application_of_another_office_is_not_found(office_a: Office, office_b: Office) -> None:
    theirs = _advanced(office_b, "approved")
    with schema_context(office_a.schema_name):
        assert not CardApplication.objects.filter(pk=theirs.pk).exists()
    client = bearer(office_a, "welfare_officer")
    assert client.get(f"/api/v1/idcards/applications/{theirs.pk}/").status_code == 404
    before = _state(office_b)
    printed = client.post(f"/api/v1/idcards/applications/{theirs.pk}/print/", {}, content_type=JSON)
    assert printed.status_code == 404
    assert _state(office_b) == before


def test_a_token_of_one_office_is_refused_on_another(office_a: Office, office_b: Office) -> None:
    theirs = _advanced(office_b, "approved")
    client = bearer(office_b, "viewer")
    client.defaults["HTTP_AUTHORIZATION"] = bearer(office_a, "office_admin").defaults[
        "HTTP_AUTHORIZATION"
    ]
    before = _state(office_b)
    base = "/api/v1/idcards/applications"
    assert client.get(f"{base}/").status_code == 401
    assert client.get(f"{base}/{theirs.pk}/").status_code == 401
    for step in ("check", "approve", "print", "hand-over", "reject"):
        response = client.post(f"{base}/{theirs.pk}/{step}/", {"reason": "x"}, content_type=JSON)
        assert response.status_code == 401, step
    assert client.post(f"{base}/", {}, content_type=JSON).status_code == 401
    assert _state(office_b) == before


def test_the_application_list_runs_a_fixed_number_of_queries(office_a: Office) -> None:
    client = office_client(office_a, "viewer")
    application = _received(office_a)
    year = fiscal_year_of(application.received_at).be_year
    client.get("/api/v1/idcards/applications/")
    few = queries_of(lambda: client.get("/api/v1/idcards/applications/"))
    few_year = queries_of(lambda: client.get(f"/api/v1/idcards/applications/?fiscal_year={year}"))
    for _ in range(10):
        _received(office_a)
    assert queries_of(lambda: client.get("/api/v1/idcards/applications/")) == few <= 6
    assert (
        queries_of(lambda: client.get(f"/api/v1/idcards/applications/?fiscal_year={year}"))
        == few_year
        <= 6
    )
