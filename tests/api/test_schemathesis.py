"""Schemathesis over each host's OpenAPI schema: every operation, with generated parameters and
bodies, must answer without a server error, with a status code and a body that the schema
declares.

The requests go through the WSGI application in the test's own transaction (no server), with
a bearer token: an office administrator on an office host, the central analyst on the
central host. The office has one record of each kind (a person with a child, a printed card, a
paid claim, a desk ticket), and each detail operation is also called once with its record.
Examples per operation are bounded (`MAX_EXAMPLES`, derandomized) to keep the run short and the
same on every CI run. The writing operations (POST, DELETE) are fuzzed too, with fewer
examples: generated bodies are nearly always refused (400) and must be refused cleanly.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from api.services import api_token_create
from apps.onestop.services import service_request_open
from apps.reimbursements.models import Payment
from tenants.models import Office
from tests.api.test_idcards_api import _advanced as advanced_card_application
from tests.api.test_reimbursements_api import _advanced as advanced_claim
from tests.conftest import host_of
from tests.people.factories import make_child, make_person, make_school

pytestmark = pytest.mark.django_db

# Hypothesis keeps caches in `.hypothesis/` of the working directory: not in the work tree.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "krucare-hypothesis"))

MAX_EXAMPLES = 60
MAX_WRITE_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# What a call with a real record needs besides its path.
REQUIRED_QUERIES = {"GET /api/v1/reimbursements/eligibility/{person_id}/": {"kind": "medical"}}


@contextmanager
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes "old" connections around each request, the test transaction's
    among them: not while schemathesis calls (Django's test client does the same, and puts the
    handlers back after each of its own requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _token(schema_name: str, username: str) -> str:
    with schema_context(schema_name):
        _, secret = api_token_create(user=User.objects.get(username=username), name="fuzz")
    return secret


def _write_failures(host: str, secret: str) -> tuple[list[str], list[str]]:
    """Run every operation of `host`'s schema other than GET; the failures and the labels."""
    headers = {"Authorization": f"Bearer {secret}"}
    raw = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=headers["Authorization"]).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    schema = schemathesis.openapi.from_dict(json.loads(raw.content))
    schema.app = get_wsgi_application()
    operations = [result.ok() for result in schema.exclude(method="GET").get_all_operations()]
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_WRITE_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(base_url=f"http://{host}", headers=headers, checks=CHECKS)

        try:
            with _keep_the_test_connection():
                run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report each one
            failures.append(f"{operation.label}: {error}")
    return failures, [operation.label for operation in operations]


def test_every_write_of_the_office_api_refuses_bad_input_cleanly(office_a: Office) -> None:
    failures, labels = _write_failures(
        host_of(office_a), _token(office_a.schema_name, "office_admin")
    )
    assert {"POST /api/v1/people/bulk/", "POST /api/v1/reimbursements/claims/"} <= set(labels)
    assert not failures, "\n\n".join(failures)


def _failures(
    host: str, secret: str, known: dict[str, int] | None = None, called: list[str] | None = None
) -> list[str]:
    """Run every GET operation of `host`'s schema; the failures, one text each. Generated ids
    seldom name a record, so each operation whose path parameters are all in `known` is also
    called once with those (a real record's body checked against the schema)."""
    headers = {"Authorization": f"Bearer {secret}"}
    raw = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=headers["Authorization"]).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert raw.status_code == 200
    schema = schemathesis.openapi.from_dict(json.loads(raw.content))
    schema.app = get_wsgi_application()
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert operations
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(base_url=f"http://{host}", headers=headers, checks=CHECKS)

        try:
            with _keep_the_test_connection():
                run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report each one
            failures.append(f"{operation.label}: {error}")
        names = [p.name for p in operation.path_parameters]
        if names and known and all(name in known for name in names):
            case = operation.Case(
                path_parameters={name: known[name] for name in names},
                query=REQUIRED_QUERIES.get(operation.label),
            )
            try:
                with _keep_the_test_connection():
                    response = case.call_and_validate(
                        base_url=f"http://{host}", headers=headers, checks=CHECKS
                    )
                assert response.status_code == 200, (operation.label, response.status_code)
                if called is not None:
                    called.append(operation.label)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001
                failures.append(f"{operation.label} (a real record): {error}")
    return failures


def test_every_get_of_the_office_api_keeps_to_its_schema(office_a: Office) -> None:
    application = advanced_card_application(office_a, "printed")
    claim = advanced_claim(office_a, "paid", "FUZZ-1")
    with schema_context(office_a.schema_name):
        person = make_person(school=make_school())
        make_child(person)
        ticket = service_request_open(service_type_code="id_card", person=person)
        known = {
            "person_id": person.pk,
            "application_id": application.pk,
            "claim_id": claim.pk,
            "payment_id": Payment.objects.get(claim=claim).pk,
            "service_request_id": ticket.pk,
        }
    secret = _token(office_a.schema_name, "office_admin")
    called: list[str] = []
    failures = _failures(host_of(office_a), secret, known, called)
    assert not failures, "\n\n".join(failures)
    assert len(called) >= 7, called  # each record's detail, the family and the eligibility


def test_every_get_of_the_central_api_keeps_to_its_schema(office_a: Office) -> None:
    failures = _failures("localhost", _token("public", "analyst"))
    assert not failures, "\n\n".join(failures)
