"""National webhooks (the central host's `/api/v1/webhooks/`) and an office's webhooks (the
same paths on its host) do not reach each other: an office's client is unknown on the central
host and a national client on an office host (401, every endpoint and method); a national
client without `webhooks:manage` is refused (403 `api.scope_missing`) before anything is read
or written; an office's session is anonymous there (`test_office_urls`)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from api.v1.webhooks.national import national_webhook_urlpatterns
from clients.scopes import scopes_for_host
from clients.services import client_create
from core.schemas import PUBLIC_SCHEMA
from tenants.models import Office
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

OFFICE_SCOPES = sorted(scope.name for scope in scopes_for_host(central=False))
CENTRAL_SCOPES = sorted(scope.name for scope in scopes_for_host(central=True))


def _path(pattern: str) -> str:
    return "/api/v1/" + pattern.replace("<int:subscription_id>", "1").replace(
        "<int:delivery_id>", "1"
    )


def national_endpoints() -> list[tuple[str, str]]:
    """Every (path, method) of the national webhooks, of the methods each view serves."""
    found = []
    for pattern in national_webhook_urlpatterns:
        view = pattern.callback.view_class  # type: ignore[attr-defined]
        for method in ("get", "post", "patch", "delete"):
            if method in {m.lower() for m in view().allowed_methods}:
                found.append((_path(str(pattern.pattern)), method))
    return found


def test_the_national_endpoints_are_enumerated() -> None:
    assert ("/api/v1/webhooks/subscriptions/", "post") in national_endpoints()
    assert ("/api/v1/webhooks/subscriptions/1/", "patch") in national_endpoints()
    assert ("/api/v1/webhooks/subscriptions/1/ping/", "post") in national_endpoints()
    assert ("/api/v1/webhooks/subscriptions/1/rotate-secret/", "post") in national_endpoints()


def _national(scopes: list[str]) -> str:
    with schema_context(PUBLIC_SCHEMA):
        _, secret = client_create(
            name="national system", scopes=scopes, actor=User.objects.get(username="operator")
        )
    return secret


@pytest.mark.parametrize(("path", "method"), national_endpoints())
def test_an_office_client_is_unknown_on_the_central_host(
    office_a: Office, path: str, method: str
) -> None:
    with schema_context(office_a.schema_name):
        _, secret = client_create(
            name="alpha's HR system",
            scopes=OFFICE_SCOPES,
            actor=User.objects.get(username="office_admin"),
        )
    central = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = getattr(central, method)(path, content_type="application/json")
    assert response.status_code == 401, (path, method, response.status_code)


@pytest.mark.parametrize(("path", "method"), national_endpoints())
def test_a_national_client_is_unknown_on_an_office_host(
    office_a: Office, path: str, method: str
) -> None:
    secret = _national(CENTRAL_SCOPES)
    office = Client(HTTP_HOST=host_of(office_a), HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = getattr(office, method)(path, content_type="application/json")
    assert response.status_code == 401, (path, method, response.status_code)


@pytest.mark.parametrize(("path", "method"), national_endpoints())
def test_a_national_client_without_webhooks_manage_is_refused(path: str, method: str) -> None:
    secret = _national([scope for scope in CENTRAL_SCOPES if scope != "webhooks:manage"])
    central = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = getattr(central, method)(path, content_type="application/json")
    assert response.status_code == 403, (path, method, response.status_code)
    assert response.json()["code"] == "api.scope_missing"


def test_the_central_host_accepts_the_national_webhook_scopes_and_an_office_refuses_them(
    office_a: Office,
) -> None:
    from central.module import NATIONAL_WEBHOOK_SCOPES

    assert set(NATIONAL_WEBHOOK_SCOPES) <= set(CENTRAL_SCOPES)
    assert "offices:read" not in OFFICE_SCOPES
