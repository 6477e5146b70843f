"""The API's shared conventions: tokens per office, one error shape, schema and docs."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from api.services import api_token_create, api_token_revoke
from tenants.models import Office
from tests.conftest import host_of, office_client

pytestmark = pytest.mark.django_db


def _token(office: Office, username: str) -> str:
    with schema_context(office.schema_name):
        _, secret = api_token_create(user=User.objects.get(username=username), name="test")
    return secret


def _bearer(office: Office, secret: str) -> Client:
    return Client(HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_token_identifies_its_account_in_its_office(office_a: Office) -> None:
    response = _bearer(office_a, _token(office_a, "welfare_officer")).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {
        "username": "welfare_officer",
        "full_name": "",
        "roles": ["welfare_officer"],
        "office": "alpha",
    }


def test_token_of_one_office_is_refused_on_another(office_a: Office, office_b: Office) -> None:
    response = _bearer(office_b, _token(office_a, "welfare_officer")).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    central = Client(
        HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {_token(office_a, 'viewer')}"
    )
    assert central.get("/api/v1/me/").status_code == 401


def test_revoked_token_is_refused_at_once(office_a: Office) -> None:
    secret = _token(office_a, "viewer")
    client = _bearer(office_a, secret)
    assert client.get("/api/v1/me/").status_code == 200
    with schema_context(office_a.schema_name):
        user = User.objects.get(username="viewer")
        api_token_revoke(token=user.api_tokens.get(), actor=user)
    assert client.get("/api/v1/me/").status_code == 401


def test_only_a_hash_of_the_token_is_stored(office_a: Office) -> None:
    secret = _token(office_a, "viewer")
    with schema_context(office_a.schema_name):
        stored = User.objects.get(username="viewer").api_tokens.get()
    assert secret not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer kc_nope_nope", "Bearer x"])
def test_malformed_or_unknown_tokens_get_a_code_and_message(office_a: Office, header: str) -> None:
    response = Client(HTTP_HOST=host_of(office_a), HTTP_AUTHORIZATION=header).get("/api/v1/me/")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message"}


def test_anonymous_requests_get_a_code_and_message(office_a: Office) -> None:
    response = office_client(office_a).get("/api/v1/me/")
    assert response.status_code in {401, 403}
    assert response.json()["code"] == "not_authenticated"


def test_session_authentication_works_too(office_a: Office) -> None:
    response = office_client(office_a, "office_admin").get("/api/v1/me/")
    assert response.json()["office"] == "alpha"


def test_openapi_schema_and_docs_are_served_from_our_own_files(office_a: Office) -> None:
    client = office_client(office_a, "viewer")
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/me/" in schema.content.decode()
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger" in docs.lower()
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs


def test_a_path_the_api_does_not_have_gets_the_error_body(office_a: Office) -> None:
    from tests.conftest import central_client

    for client in (office_client(office_a, "viewer"), central_client()):
        response = client.get("/api/v1/no-such-endpoint/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "api.not_found"
