"""Forged Host and X-Forwarded-Host headers reach nothing they should not."""

from __future__ import annotations

import pytest
from django.test import Client

from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db


def test_unknown_host_is_404_never_the_central_site() -> None:
    response = Client(HTTP_HOST="nosuchoffice.localhost").get("/")
    assert response.status_code == 404
    assert "ไม่พบหน่วยงานนี้" in response.content.decode()


def test_host_outside_allowed_hosts_is_refused() -> None:
    response = Client(HTTP_HOST="alpha.localhost.evil.example").get("/")
    assert response.status_code == 400


def test_template_schema_has_no_host() -> None:
    assert Client(HTTP_HOST="template.localhost").get("/").status_code == 404
    assert Client(HTTP_HOST="esa_template.localhost").get("/").status_code in {400, 404}


def test_x_forwarded_host_is_ignored(office_a: Office) -> None:
    response = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_HOST="alpha.localhost").get("/")
    assert response.status_code == 200
    assert response.wsgi_request.office is None  # stayed on the central site
    response = Client(HTTP_HOST="beta.localhost", HTTP_X_FORWARDED_HOST="alpha.localhost").get("/")
    assert response.wsgi_request.office.code == "beta"


def test_office_host_is_case_and_port_insensitive(office_a: Office) -> None:
    response = Client(HTTP_HOST="ALPHA.localhost:8000").get("/")
    assert response.status_code == 200
    assert office_a.name_th in response.content.decode()


def test_central_session_is_anonymous_on_an_office(office_a: Office) -> None:
    central = central_client("operator")
    intruder = office_client(office_a)
    intruder.cookies = central.cookies
    response = intruder.get("/accounts/users/")
    assert response.wsgi_request.user.is_anonymous
    assert response.status_code == 302


def test_office_session_is_anonymous_on_the_central_site(office_a: Office) -> None:
    signed_in = office_client(office_a, "everything")
    intruder = central_client()
    intruder.cookies = signed_in.cookies
    response = intruder.get("/offices/new/")
    assert response.wsgi_request.user.is_anonymous
    assert response.status_code == 302


def test_session_and_csrf_cookies_are_host_only(office_a: Office) -> None:
    client = office_client(office_a)
    response = client.post("/accounts/login/", {"username": "viewer", "password": "x"})
    client.get("/accounts/login/")
    for cookie in client.cookies.values():
        assert not cookie["domain"], cookie.key
    del response
