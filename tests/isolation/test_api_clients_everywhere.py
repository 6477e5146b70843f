"""Every API endpoint of an office host, for machine clients: a client of another office is
unknown (401), and a client lacking the scope the endpoint declares is refused (403
`api.scope_missing`) — on every method, before anything is read or written.

The endpoints are enumerated from the office URLconf, so every new one joins automatically.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import Resolver404, get_urlconf, resolve, set_urlconf
from django_tenants.utils import schema_context

from accounts.models import User
from clients.scopes import all_scopes, served
from clients.services import client_create
from tenants.models import Office
from tests.conftest import host_of
from tests.isolation.test_office_urls import office_paths

pytestmark = pytest.mark.django_db

# Served to anyone (the schema and its docs, the token URL, which checks the secret itself:
# see test_the_token_url_knows_only_its_own_offices_clients) or answered before
# authentication (the API's plain 404 for a path it does not have).
OPEN = {"/api/v1/schema/", "/api/v1/docs/", "/api/v1/oauth/token/"}
# Public by design (`security: []` in the schema): the verification of a salary certificate by
# the random token of its QR code, for a bank's officer or system; it takes no credentials, so
# a client's office does not matter (test_public_endpoints_ignore_credentials_and_stay_in_office).
# The health-check schedule is public as the office's public page is (no personal data).
PUBLIC = {"/api/v1/certificates/verify/x/", "/api/v1/healthchecks/schedule/"}
OFFICE_SCOPES = sorted(name for name, scope in all_scopes().items() if served(scope, central=False))


def api_endpoints() -> list[str]:
    return [
        path
        for path in office_paths()
        if path.startswith("/api/v1/") and path not in OPEN | PUBLIC and "^" not in path
    ]


def test_public_endpoints_ignore_credentials_and_stay_in_office(
    office_a: Office, office_b: Office
) -> None:
    from tests.certificates.factories import make_certificate

    with schema_context(office_a.schema_name):
        token = make_certificate(step="signed").public_token
    verify = {p for p in office_paths() if p.startswith("/api/v1/certificates/verify/")}
    assert verify == {"/api/v1/certificates/verify/x/"}
    path = f"/api/v1/certificates/verify/{token}/"
    stranger = _client(office_b, OFFICE_SCOPES, "beta's HR system", on=office_a)
    anonymous = Client(HTTP_HOST=host_of(office_a))
    answers = [client.get(path) for client in (anonymous, stranger)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json() and answers[0].json()["status"] == "valid"
    # The token is the office's own: on another office's host it is unknown.
    elsewhere = Client(HTTP_HOST=host_of(office_b)).get(path)
    assert elsewhere.status_code == 404
    assert stranger.post(path, content_type="application/json").status_code == 405


def _view_class(path: str) -> type | None:
    previous = get_urlconf()
    set_urlconf("config.urls_office")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    finally:
        set_urlconf(previous)
    return getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)


def _client(office: Office, scopes: list[str], name: str, *, on: Office | None = None) -> Client:
    """A client registered by `office`, calling the host of `on` (default: its own)."""
    with schema_context(office.schema_name):
        _, secret = client_create(
            name=name, scopes=scopes, actor=User.objects.get(username="office_admin")
        )
    return Client(HTTP_HOST=host_of(on or office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_api_endpoints_are_enumerated() -> None:
    paths = api_endpoints()
    assert "/api/v1/people/" in paths and "/api/v1/feed/" in paths
    assert "/api/v1/people/bulk/" in paths and "/api/v1/webhooks/subscriptions/" in paths


@pytest.mark.parametrize("path", api_endpoints())
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_client_of_another_office_is_unknown(
    office_a: Office, office_b: Office, path: str, method: str
) -> None:
    stranger = _client(office_b, OFFICE_SCOPES, "beta's HR system", on=office_a)
    response = getattr(stranger, method)(path, content_type="application/json")
    assert response.status_code == 401, (path, response.status_code, response.content[:200])


def _served(path: str, method: str) -> bool:
    view = _view_class(path)
    return view is not None and method in {m.lower() for m in view().allowed_methods}


def endpoint_methods() -> list[tuple[str, str]]:
    """Every (path, method) an endpoint serves, of GET and POST."""
    return [
        (path, method)
        for path in api_endpoints()
        for method in ("get", "post")
        if _served(path, method)
    ]


def test_the_token_url_knows_only_its_own_offices_clients(
    office_a: Office, office_b: Office
) -> None:
    with schema_context(office_b.schema_name):
        _, secret = client_create(
            name="beta's HR system",
            scopes=["people:read"],
            actor=User.objects.get(username="office_admin"),
        )
    body = {"grant_type": "client_credentials", "client_secret": secret}
    form = "application/x-www-form-urlencoded"
    answers = {
        office.code: Client(HTTP_HOST=host_of(office)).post(
            "/api/v1/oauth/token/", urlencode(body), content_type=form
        )
        for office in (office_a, office_b)
    }
    assert answers["alpha"].status_code == 401
    assert answers["alpha"].json()["error"] == "invalid_client"
    assert secret not in answers["alpha"].content.decode()
    assert answers["beta"].status_code == 200
    assert answers["beta"].json() == {
        "access_token": secret,
        "token_type": "Bearer",
        "scope": "people:read",
    }


@pytest.mark.parametrize(("path", "method"), endpoint_methods())
def test_a_client_without_the_endpoints_scope_is_refused(
    office_a: Office, path: str, method: str
) -> None:
    view = _view_class(path)
    assert view is not None, path
    attribute = "required_scope" if method == "get" else "required_write_scope"
    needed = getattr(view, attribute, None)
    others = [scope for scope in OFFICE_SCOPES if scope != needed]
    response = getattr(_client(office_a, others, "narrow"), method)(
        path, content_type="application/json"
    )
    if path in ("/api/v1/me/", "/api/v1/events/") or path.startswith(
        "/api/v1/reimbursements/rates/"
    ):
        # Who am I, the event catalogue (it describes the API) and the national rate tables
        # (public data) answer any client of the office.
        assert response.status_code == 200
        return
    assert response.status_code == 403, (path, needed, response.status_code)
    assert response.json()["code"] == "api.scope_missing"
