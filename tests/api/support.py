"""Helpers of the API tests: bearer-token clients, roles, measured query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import OfficeRole
from api.services import api_token_create
from tenants.models import Office
from tests.conftest import host_of

ROLES = [role.value for role in OfficeRole]


def bearer(office: Office, username: str) -> Client:
    """A client on the office's host with a fresh API token of `username` (of that office)."""
    with schema_context(office.schema_name):
        _, secret = api_token_create(user=User.objects.get(username=username), name="test")
    return Client(HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def queries_of(call: Callable[[], Any]) -> int:
    """How many SQL queries `call` runs, not counting `SET search_path` (django-tenants
    re-sets it when a test has switched schemas between two requests)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return sum(
        not query["sql"].startswith("SET search_path") for query in captured.captured_queries
    )


def error_codes(body: dict[str, Any], field: str) -> list[str]:
    return [item["code"] for item in body["fields"][field]]
