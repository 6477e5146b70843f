"""The central host's list of offices is central only: an office's client (whatever it holds)
is unknown there, and an office host has no such path; a national client's secret is unknown
on every office."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from clients.scopes import scopes_for_host
from clients.services import client_create
from tenants.models import Office
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def test_office_clients_and_national_clients_stay_on_their_hosts(
    office_a: Office, office_b: Office
) -> None:
    with schema_context(office_a.schema_name):
        _, office_secret = client_create(
            name="alpha HR",
            scopes=[scope.name for scope in scopes_for_host(central=False)],
            actor=User.objects.get(username="office_admin"),
        )
    with schema_context("public"):
        _, national_secret = client_create(
            name="national",
            scopes=[scope.name for scope in scopes_for_host(central=True)],
            actor=User.objects.get(username="operator"),
        )
    central = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {office_secret}")
    assert central.get("/api/v1/offices/").status_code == 401
    for office in (office_a, office_b):
        national = Client(HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {national_secret}")
        assert national.get("/api/v1/offices/").status_code == 404  # no such path on an office
        assert national.get("/api/v1/people/").status_code == 401
