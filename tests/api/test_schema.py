"""The office API's OpenAPI schema: generated without warnings, valid, every endpoint with
its serializers, examples for the main creates and the error body, B.E. said where it is B.E."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db

OFFICE_PATHS = {
    "/api/v1/people/",
    "/api/v1/people/{person_id}/",
    "/api/v1/people/{person_id}/family/",
    "/api/v1/people/{person_id}/family/{member_id}/",
    "/api/v1/schools/",
    "/api/v1/service-types/",
    "/api/v1/service-requests/",
    "/api/v1/service-requests/call-next/",
    "/api/v1/service-requests/statistics/",
    "/api/v1/service-requests/{service_request_id}/",
    "/api/v1/service-requests/{service_request_id}/start/",
    "/api/v1/service-requests/{service_request_id}/complete/",
    "/api/v1/service-requests/{service_request_id}/hand-over/",
    "/api/v1/service-requests/{service_request_id}/cancel/",
    "/api/v1/idcards/applications/",
    "/api/v1/idcards/applications/{application_id}/",
    "/api/v1/idcards/applications/{application_id}/check/",
    "/api/v1/idcards/applications/{application_id}/approve/",
    "/api/v1/idcards/applications/{application_id}/print/",
    "/api/v1/idcards/applications/{application_id}/hand-over/",
    "/api/v1/idcards/applications/{application_id}/reject/",
}


def test_the_office_schema_validates_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--urlconf",
        "config.urls_office",
        "--format",
        "openapi-json",
        "--file",
        str(target),
    )
    schema = json.loads(target.read_text())
    assert set(schema["paths"]) >= OFFICE_PATHS


@pytest.fixture
def schema(office_a: Office) -> dict:
    response = office_client(office_a, "viewer").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_office_endpoint_has_a_response_body_and_error_bodies(schema: dict) -> None:
    for path in OFFICE_PATHS:
        for method, operation in schema["paths"][path].items():
            responses = operation["responses"]
            ok = [code for code in responses if code.startswith("2")]
            assert ok, (path, method)
            assert any("content" in responses[code] for code in ok) or ok == ["204"]
            assert "#/components/schemas/Error" in json.dumps(responses["403"])
            if method in {"post", "put", "patch"}:
                assert "requestBody" in operation or path.endswith(
                    ("/approve/", "/print/", "/hand-over/")
                ), (path, method)


def test_the_main_creates_and_the_error_body_have_examples(schema: dict) -> None:
    for path in (
        "/api/v1/people/",
        "/api/v1/people/{person_id}/family/",
        "/api/v1/service-requests/",
        "/api/v1/idcards/applications/",
    ):
        operation = schema["paths"][path]["post"]
        assert operation["requestBody"]["content"]["application/json"]["examples"], path
        error = operation["responses"]["400"]["content"]["application/json"]
        assert error["schema"] == {"$ref": "#/components/schemas/Error"}
        assert error["examples"], path


def test_the_fiscal_year_parameter_says_it_is_buddhist_era(schema: dict) -> None:
    (parameter,) = schema["paths"]["/api/v1/service-requests/statistics/"]["get"]["parameters"]
    assert parameter["name"] == "fiscal_year"
    assert "B.E." in parameter["description"] and "ISO 8601" in parameter["description"]


def test_money_is_a_string_in_the_schema(schema: dict) -> None:
    salary = schema["components"]["schemas"]["PersonInput"]["properties"]["monthly_salary"]
    assert salary["type"] == ["string", "null"] and salary["format"] == "decimal"


def test_office_endpoints_are_not_found_on_the_central_site(office_a: Office) -> None:
    client = central_client("operator")
    for path in ("/api/v1/people/", "/api/v1/service-requests/", "/api/v1/idcards/applications/"):
        response = client.get(path)  # not in the central URLconf at all
        assert response.status_code == 404, path
        assert response.json()["code"] == "api.not_found"


def test_the_central_schema_leaves_the_office_endpoints_out(schema: dict) -> None:
    response = central_client("operator").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    central = json.loads(response.content)
    assert "/api/v1/me/" in central["paths"]
    assert not OFFICE_PATHS & set(central["paths"])
    assert set(schema["paths"]) >= OFFICE_PATHS | {"/api/v1/me/"}


def test_every_operation_has_an_example(schema: dict) -> None:
    response = central_client("operator").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    central = json.loads(response.content)
    missing = [
        (host, method, path)
        for host, document in (("office", schema), ("central", central))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if '"examples"' not in json.dumps([operation.get("requestBody"), operation["responses"]])
    ]
    assert not missing
