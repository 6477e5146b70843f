"""Scopes in the contract: each operation's security names the scope a machine client needs
(an OAuth 2.0 client-credentials scheme with this host's scopes), every operation that names
one answers a client holding exactly that scope (never 403 `api.scope_missing`), and the
operations that record a named official (staff only) name none, refuse every client, and are
left out of the schema a client reads. The scheme's token URL answers the client's secret."""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from api.schema import CLIENT_SCHEME, PERSON_SCHEME
from clients.scopes import scopes_for_host
from clients.services import client_create
from tenants.models import Office
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

SCHEMA_ACCEPT = "application/vnd.oai.openapi+json"


def _secret(office: Office | None, scopes: list[str], name: str) -> str:
    schema = office.schema_name if office is not None else "public"
    with schema_context(schema):
        actor = User.objects.get(username="office_admin" if office is not None else "operator")
        _, secret = client_create(name=name, scopes=scopes, actor=actor)
    return secret


def _api(office: Office | None, secret: str | None = None) -> Client:
    host = host_of(office) if office is not None else "localhost"
    extra = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return Client(HTTP_HOST=host, **extra)


def _schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT=SCHEMA_ACCEPT)
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def _client_scopes(operation: dict[str, Any]) -> list[str] | None:
    for requirement in operation.get("security", []):
        if CLIENT_SCHEME in requirement:
            return list(requirement[CLIENT_SCHEME])
    return None


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)


def _call(client: Client, method: str, path: str) -> Any:
    if method in {"get", "head", "options"}:
        return getattr(client, method)(path)
    return getattr(client, method)(path, data="{}", content_type="application/json")


@pytest.mark.parametrize("central", [False, True])
def test_every_operation_names_the_scope_a_client_needs(office_a: Office, central: bool) -> None:
    schema = _schema(_api(None if central else office_a))
    scheme = schema["components"]["securitySchemes"][CLIENT_SCHEME]
    assert scheme["type"] == "oauth2"
    flow = scheme["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/api/v1/oauth/token/"
    assert set(flow["scopes"]) == {scope.name for scope in scopes_for_host(central=central)}
    assert ("people:write" in flow["scopes"]) is not central
    assert ("benchmarks:read" in flow["scopes"]) is central
    public = []
    for path, method, operation in _operations(schema):
        if operation["security"] == []:  # public: no credentials at all
            public.append((path, method))
            continue
        assert {PERSON_SCHEME: []} in operation["security"], (path, method)
        scopes = _client_scopes(operation)
        if scopes is None:
            assert operation["x-staff-only"] is True and "Staff only" in operation["description"]
        else:
            assert set(scopes) <= set(flow["scopes"]), (path, method, scopes)
            assert len(scopes) <= 1
    by_scope = {
        (path, method): _client_scopes(operation) for path, method, operation in _operations(schema)
    }
    # The verification of a salary certificate by its QR token and the health-check schedule
    # (as on the office's public page) are the public operations.
    assert public == (
        []
        if central
        else [
            ("/api/v1/certificates/verify/{token}/", "get"),
            ("/api/v1/healthchecks/schedule/", "get"),
        ]
    )
    if not central:
        assert by_scope[("/api/v1/people/", "get")] == ["people:read"]
        assert by_scope[("/api/v1/people/{person_id}/family/{member_id}/", "put")] == [
            "people:write"
        ]
        assert by_scope[("/api/v1/service-types/", "get")] == ["onestop:read"]
        assert by_scope[("/api/v1/me/", "get")] == []  # any client
        assert by_scope[("/api/v1/reimbursements/claims/{claim_id}/approve/", "post")] is None
    else:
        assert by_scope[("/api/v1/offices/", "get")] == ["offices:read"]


@pytest.mark.parametrize("central", [False, True])
def test_a_client_with_an_operations_scope_is_let_in(office_a: Office, central: bool) -> None:
    office = None if central else office_a
    schema = _schema(_api(office))
    refused = []
    for index, (path, method, operation) in enumerate(_operations(schema)):
        scopes = _client_scopes(operation)
        if scopes is None:
            continue
        secret = _secret(office, scopes, f"only {index}")
        response = _call(_api(office, secret), method, _concrete(path))
        if response.status_code == 403 or response.status_code >= 500:
            refused.append((method, path, scopes, response.status_code, response.content[:120]))
    assert not refused


def test_staff_only_operations_refuse_every_client_and_are_left_out_of_its_schema(
    office_a: Office,
) -> None:
    schema = _schema(_api(office_a))
    every = [scope.name for scope in scopes_for_host(central=False)]
    secret = _secret(office_a, every, "holds every scope")
    staff_only = [
        (path, method)
        for path, method, operation in _operations(schema)
        if operation.get("x-staff-only")
    ]
    assert ("/api/v1/service-requests/call-next/", "post") in staff_only
    for path, method in staff_only:
        response = _call(_api(office_a, secret), method, _concrete(path))
        assert response.status_code == 403, (path, method)
        assert response.json()["code"] == "api.scope_missing"
    seen_by_client = _schema(_api(office_a, secret))
    operations = {(path, method) for path, method, _ in _operations(seen_by_client)}
    assert not operations & set(staff_only)
    assert ("/api/v1/people/", "get") in operations
    for *_, operation in _operations(seen_by_client):
        assert _client_scopes(operation) is not None or operation["security"] == []


def test_the_token_url_answers_the_secret_and_its_scopes(office_a: Office) -> None:
    secret = _secret(office_a, ["people:read", "feeds:read"], "token user")
    form = "application/x-www-form-urlencoded"
    basic = base64.b64encode(f"token%20user:{secret}".encode()).decode()
    by_basic = _api(office_a).post(
        "/api/v1/oauth/token/",
        urlencode({"grant_type": "client_credentials"}),
        content_type=form,
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert by_basic.status_code == 200 and "no-store" in by_basic["Cache-Control"]
    token = by_basic.json()
    scope = "feeds:read people:read"
    assert token == {"access_token": secret, "token_type": "Bearer", "scope": scope}
    assert _api(office_a, token["access_token"]).get("/api/v1/people/").status_code == 200
    by_body = _api(office_a).post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials", "client_secret": secret},
        content_type="application/json",
    )
    assert by_body.status_code == 200
    refusals = [
        ({"grant_type": "password", "client_secret": secret}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "client_secret": "kcc_x_y"}, 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, 401, "invalid_client"),
        (
            {"grant_type": "client_credentials", "client_id": "another", "client_secret": secret},
            401,
            "invalid_client",
        ),
    ]
    for body, status, error in refusals:
        response = _api(office_a).post("/api/v1/oauth/token/", urlencode(body), content_type=form)
        assert response.status_code == status, body
        assert response.json()["error"] == error and response.json()["code"] == f"oauth.{error}"
        assert secret not in response.content.decode()


def test_the_public_operation_answers_without_credentials(office_a: Office) -> None:
    """`security: []`: no 401 without a token, and a token sent (even a wrong one) changes
    nothing; an unknown certificate token is the API's 404."""
    schema = _schema(_api(office_a))
    operation = schema["paths"]["/api/v1/certificates/verify/{token}/"]["get"]
    assert operation["security"] == [] and {"200", "404", "429"} <= set(operation["responses"])
    for client in (_api(office_a), _api(office_a, "kcc_not_a_secret")):
        response = client.get("/api/v1/certificates/verify/" + "a" * 43 + "/")
        assert response.status_code == 404 and response.json()["code"] == "api.not_found"
