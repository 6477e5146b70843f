"""What schemathesis found over the API (tests/api/test_schemathesis.py), each pinned by a
plain test: the schema's links, 429 and 401 are declared and valid; and the server bugs fixed
at their cause stay fixed."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django_tenants.utils import schema_context
from openapi_spec_validator import validate

from api.schema import VISIBLE_CHARACTER
from apps.people.models import Person
from audit.models import AuditEvent
from tenants.models import Office
from tests.api.support import bearer
from tests.conftest import central_client, office_client
from tests.people.factories import make_person, make_school, national_id

pytestmark = pytest.mark.django_db

METHODS = ("get", "put", "post", "patch", "delete")


def _schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(json.loads(response.content))


def _operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        operation["operationId"]: {**operation, "path": path}
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


@pytest.mark.parametrize("host", ["office", "central"])
def test_each_links_target_and_parameters_exist_and_the_schema_validates(
    office_a: Office, host: str
) -> None:
    client = office_client(office_a, "office_admin") if host == "office" else central_client()
    document = _schema(client)
    validate(document)  # openapi-spec-validator: links included
    operations = _operations(document)
    links = 0
    for operation in operations.values():
        for response in operation["responses"].values():
            for link in response.get("links", {}).values():
                links += 1
                target = operations[link["operationId"]]
                names = {p["name"] for p in target.get("parameters", [])}
                assert set(link["parameters"]) <= names, (link, names)
                for expression in link["parameters"].values():
                    assert expression.startswith(
                        ("$response.body#/", "$request.path.", "$request.query.")
                    ), link
    if host == "office":
        assert links >= 50
        created = operations["people_create"]["responses"]["201"]["links"]
        assert created["GetPerson"] == {
            "operationId": "people_retrieve",
            "parameters": {"person_id": "$response.body#/id"},
        }
        member = operations["people_family_create"]["responses"]["201"]["links"]
        assert member["DeleteFamilyMember"]["parameters"] == {
            "person_id": "$request.path.person_id",
            "member_id": "$response.body#/id",
        }
        subscription = operations["webhooks_subscriptions_create"]["responses"]["201"]["links"]
        assert {link["operationId"] for link in subscription.values()} >= {
            "webhooks_subscriptions_retrieve",
            "webhooks_subscriptions_partial_update",
            "webhooks_subscriptions_ping",
            "webhooks_subscriptions_rotate_secret",
            "webhooks_subscriptions_destroy",
        }
    feed = "feed_read" if host == "office" else "national_feed_read"
    assert operations[feed]["responses"]["200"]["links"]["NextPage"] == {
        "operationId": feed,
        "parameters": {"after": "$response.body#/next", "resource": "$request.query.resource"},
    }


@pytest.mark.parametrize("host", ["office", "central"])
def test_every_operation_declares_401_and_429_with_retry_after(office_a: Office, host: str) -> None:
    client = office_client(office_a, "office_admin") if host == "office" else central_client()
    for label, operation in _operations(_schema(client)).items():
        responses = operation["responses"]
        # A public operation (`security: []`, the certificates' verification) takes no
        # credentials: no 401, and no client's RateLimit headers; its own limit says 429.
        public = operation.get("security") == []
        assert public or "401" in responses, label
        limited = responses["429"]
        assert limited["headers"]["Retry-After"]["required"] is True, label
        assert limited["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
        for status, response in responses.items():
            if status.startswith("2") and not public:
                assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
                    response.get("headers", {})
                ), (label, status)


def test_query_parameters_declare_what_the_api_parses(office_a: Office) -> None:
    operations = _operations(_schema(office_client(office_a, "office_admin")))
    parameters = {p["name"]: p for p in operations["reimbursements_claims_list"]["parameters"]}
    assert parameters["fiscal_year"]["schema"]["minimum"] == 2400
    assert parameters["claimant"]["schema"]["minimum"] == 1
    assert parameters["cursor"]["allowEmptyValue"] is True
    on = {
        p["name"]: p for p in operations["reimbursements_rates_medical_limits_list"]["parameters"]
    }
    assert on["on"]["schema"]["format"] == "date"
    key = operations["people_bulk_import"]["parameters"][0]
    assert key["schema"]["maxLength"] == 255 and key["schema"]["pattern"] == "^[!-~]+$"


def test_request_bodies_say_a_text_may_not_be_blank_and_a_list_not_empty(
    office_a: Office,
) -> None:
    schemas = _schema(office_client(office_a, "office_admin"))["components"]["schemas"]
    ticket = schemas["TicketOpen"]["properties"]["service_type"]
    assert ticket["minLength"] == 1 and ticket["pattern"] == VISIBLE_CHARACTER
    assert not re.search(VISIBLE_CHARACTER, " \x1e\u200b\ufeff\t")
    assert re.search(VISIBLE_CHARACTER, " ก ")
    assert schemas["SubscriptionInput"]["properties"]["event_types"]["minItems"] == 1
    assert "minLength" not in schemas["Me"]["properties"]["full_name"]  # a response: "" is fine


# --- server bugs found -----------------------------------------------------------------------


def test_updated_since_with_a_far_offset_is_a_filter_not_a_server_error(office_a: Office) -> None:
    """ISO 8601 allows `-23:17`; PostgreSQL refuses offsets beyond ±15:59 (it was a 500)."""
    with schema_context(office_a.schema_name):
        make_person()
    client = bearer(office_a, "office_admin")
    for value in ["0181-12-03T03:33:34.502331-23:17", "0001-01-01T00:00:00+10:00"]:
        response = client.get("/api/v1/people/", {"updated_since": value})
        assert response.status_code == 200, (value, response.content)
        assert len(response.json()["results"]) == 1
    late = client.get("/api/v1/people/", {"updated_since": "9999-12-31T23:59:59-10:00"})
    assert late.status_code == 200 and late.json()["results"] == []


def test_a_long_idempotency_key_is_kept_and_audited(office_a: Office) -> None:
    """The batch's audit label carried the 255-character key into a 200-character column (a
    500 after the rows were applied)."""
    with schema_context(office_a.schema_name):
        make_school(code="1010720001")
    key = "k" * 255
    response = bearer(office_a, "office_admin").post(
        "/api/v1/people/bulk/",
        json.dumps({"people": [_row()]}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 1
    with schema_context(office_a.schema_name):
        event = AuditEvent.objects.get(action="people.imported")
        assert 0 < len(event.target_label) <= 200


def _row(**values: Any) -> dict[str, Any]:
    return {
        "national_id": national_id(),
        "title": "นาย",
        "first_name_th": "สมชาย",
        "last_name_th": "ใจดี",
        "birth_date": "1980-01-01",
        "category": "teacher",
        **values,
    }


def test_a_bulk_row_longer_than_its_column_is_refused_not_a_server_error(
    office_a: Office,
) -> None:
    dashed = national_id()
    dashed = f"{dashed[0]}-{dashed[1:5]}-{dashed[5:10]}-{dashed[10:12]}-{dashed[12]}"
    response = bearer(office_a, "office_admin").post(
        "/api/v1/people/bulk/",
        json.dumps({"people": [_row(position="ค" * 201), _row(national_id=dashed)]}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="long-row",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["created"], body["refused"]) == (1, 1)  # a dashed ID is 17 characters: kept
    assert body["rows"][0]["errors"][0]["code"] == "people.too_long"
    with schema_context(office_a.schema_name):
        assert Person.objects.count() == 1


@pytest.mark.parametrize(("value", "status"), [("null", 400), ("yes", 400), ("true", 200)])
def test_a_yes_no_filter_refuses_other_words(office_a: Office, value: str, status: int) -> None:
    response = bearer(office_a, "office_admin").get("/api/v1/schools/", {"active": value})
    assert response.status_code == status
    if status == 400:
        assert response.json()["code"] == "api.invalid_filter"


@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/schools/", "/api/v1/feed/"])
def test_an_empty_cursor_or_limit_is_the_first_page(office_a: Office, path: str) -> None:
    """Lists read an empty `cursor` as none, as feeds read an empty `after` (it was 400)."""
    query = {"after": "", "limit": ""} if "feed" in path else {"cursor": "", "limit": ""}
    assert bearer(office_a, "office_admin").get(path, query).status_code == 200


def test_a_counter_must_be_text_not_a_number(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    for body in [{"counter": 3}, {"counter": "3", "service_types": [0]}]:
        response = client.post(
            "/api/v1/service-requests/call-next/", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 400, body
        assert response.json()["code"] == "validation_error"


def test_a_claimant_filter_beyond_a_bigint_is_refused(office_a: Office) -> None:
    response = bearer(office_a, "office_admin").get(
        "/api/v1/reimbursements/claims/", {"claimant": str(2**70)}
    )
    assert response.status_code == 400
    assert response.json()["fields"]["claimant"][0]["code"] == "max_value"
