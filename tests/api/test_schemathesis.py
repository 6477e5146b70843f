"""Schemathesis over each host's OpenAPI schema, every phase: the schema's examples, the
coverage phase (boundary values, each declared and undeclared method, missing and wrong
parameters), fuzzing (generated valid and invalid requests) and the stateful phase (sequences of
calls that follow the schema's links: create a person, then read, edit and add a child to it;
create a subscription, then ping, rotate and delete it; page the feed by its `next`). Every
response must pass all of schemathesis's default checks: no server error, a status code,
content type, headers and body the schema declares, invalid data refused and valid data
accepted, a deleted record gone, a created record readable, 405 for a method a path does not
have, 401 without credentials.

The requests go through the WSGI application in the test's own transaction (no server, no
thread: schemathesis's run engine would call from threads with connections of their own, which
cannot see the token this test made), with a bearer token: an office administrator on an office
host, the central analyst on the central host. The office starts with one record of each kind
(a person with a child, a printed card, a paid claim, a desk ticket) for the generated calls to
find. Examples are bounded (`MAX_EXAMPLES`, `STATEFUL_*`) and derandomized to keep the run short
and the same on every CI run.
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
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.config import SchemathesisConfig
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.schemas import OpenApiSchema

from accounts.models import User
from api.services import api_token_create
from apps.onestop.services import service_request_open
from tenants.models import Office
from tests.api.test_idcards_api import _advanced as advanced_card_application
from tests.api.test_reimbursements_api import _advanced as advanced_claim
from tests.conftest import host_of
from tests.people.factories import make_child, make_person, make_school

pytestmark = pytest.mark.django_db

# Hypothesis keeps caches in `.hypothesis/` of the working directory: not in the work tree.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "krucare-hypothesis"))

MAX_EXAMPLES = 15  # fuzzing, per operation (the coverage and examples phases are not random)
STATEFUL_EXAMPLES = 25  # scenarios per host
STATEFUL_STEPS = 8  # calls per scenario at most


# Checks turned off for one operation, each because the schema cannot say what the API rightly
# refuses (the refusals are tested with real records in each module's own API tests).
CHECKS_OFF: dict[str, tuple[str, ...]] = {
    # `semester` is required for child education only, `on`/`academic_year` for one kind or
    # the other: a rule across parameters that OpenAPI 3.0 parameters cannot state.
    "reimbursements_eligibility_retrieve": ("positive_data_acceptance",),
    # `client` must be one of this office's machine clients (a reference, refused with
    # `webhooks.invalid`), and the URL must pass the delivery address checks (public https).
    "webhooks_subscriptions_create": ("positive_data_acceptance",),
    # A claim's body is one of two kinds with fields required by kind, amounts above zero
    # (money is a string: its pattern cannot say "not 0.00") and people who must exist.
    "reimbursements_claims_create": ("positive_data_acceptance",),
    # 1 to 5,000 rows across `people` and `family` together (`api.bulk_size`).
    "people_bulk_import": ("positive_data_acceptance",),
    # Refused while the caller is serving a ticket (`onestop.already_serving`): a state of the
    # caller's desk, not of the request.
    "service_requests_call_next": ("positive_data_acceptance",),
}


def _config(host: str, secret: str) -> SchemathesisConfig:
    """Every phase and every default check, derandomized and bounded. Checks are only turned off
    for the operations of `CHECKS_OFF`, each with its reason."""
    return SchemathesisConfig.from_dict(
        {
            "base-url": f"http://{host}",
            "headers": {"Authorization": f"Bearer {secret}"},
            "suppress-health-check": ["all"],
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "operations": [
                {"include-operation-id": operation_id, "checks": {check: {"enabled": False}}}
                for operation_id, checks in CHECKS_OFF.items()
                for check in checks
            ],
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
            },
        }
    )


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32's `parametrize()` renames the test item per operation through
    `_nodeid`, an attribute pytest 9.2 no longer has (it keeps `_id`): give it one. (The name
    shown stays the test's; each failure names its operation.)"""
    request.node._nodeid = request.node.nodeid


@contextmanager
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes "old" connections around each request, the test transaction's
    among them: not while schemathesis calls (Django's test client does the same, and puts the
    handlers back after each of its own requests: so this starts after the schema is read)."""
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


def _json_bodies_only(document: dict[str, Any]) -> None:
    """The API's request bodies are JSON (issue 14, point 1: the form and multipart bodies
    drf-spectacular declares by default are being dropped from the schema); test JSON only."""
    for item in document["paths"].values():
        for operation in item.values():
            content = (
                operation.get("requestBody", {}).get("content")
                if isinstance(operation, dict)
                else None
            )
            if content and "application/json" in content:
                for media_type in list(content):
                    if media_type != "application/json":
                        del content[media_type]


def _schema(host: str, secret: str) -> OpenApiSchema:
    raw = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {secret}").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert raw.status_code == 200
    document = json.loads(raw.content)
    _json_bodies_only(document)
    schema = schemathesis.openapi.from_dict(document, config=_config(host, secret))
    schema.app = get_wsgi_application()
    schema.hooks.register_hook_with_name(_keep_failure, "filter_failure")
    return schema


# Opaque cursors: the schema says "a string"; only the strings the server issued (signed, bound to
# the office and the list) are positions, any other is refused with 400 and its own code. A
# generated string is never one, so refusing it is right, not a rejection of valid input. Real
# cursors are followed in the stateful phase (a feed page's `next` link).
CURSOR_REFUSALS = {"feeds.invalid_cursor", "api.invalid_cursor"}
# Text with NUL or a lone surrogate (valid JSON escapes, not storable text) is refused as a whole
# (`api.invalid_character`, api.parsers).
UNSTORABLE_TEXT = {"api.invalid_character"}
# A step the record's state does not allow (returning a paid claim, `core.kit`'s
# `<module>.invalid_transition`): the stateful phase calls each link's actions in any order, and
# the refusal is of the record's state, not of the request.
STATE_REFUSAL_SUFFIX = ".invalid_transition"
# The same for a desk ticket already closed (`onestop.request_closed`).
STATE_REFUSALS = {"onestop.request_closed"}


# Refusals the schema cannot express: a body naming a record by id (a person, a claimant, a
# ticket) that does not exist is refused with 400 and `does_not_exist` on that field (the schema
# can say an id is an integer, not that the record exists); a national ID's check digit (it can
# say 13 digits, not the checksum); a national ID another person already has (uniqueness
# against the register: the examples post the same person twice). Refusals for anything else
# still fail.
REFERENCE_REFUSALS = {
    "does_not_exist",
    "people.invalid_national_id",
    "people.duplicate_national_id",
    # A family member's rules between fields (`relation` with `birth_order`, `child_status`,
    # `is_twin`; a date with its flag), against the register (another child with that order)
    # or against today (no date in the future): what the schema cannot state.
    "people.only_children_have_order",
    "people.child_needs_birth_order",
    "people.child_needs_status",
    "people.duplicate_birth_order",
    "people.date_without_flag",
    "people.invalid_date",
}


def _keep_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    try:
        body = json.loads(response.content)
    except ValueError:
        return True
    code = str(body.get("code", ""))
    if code in CURSOR_REFUSALS | UNSTORABLE_TEXT | STATE_REFUSALS or code.endswith(
        STATE_REFUSAL_SUFFIX
    ):
        return False
    codes = {
        error.get("code") for errors in (body.get("fields") or {}).values() for error in errors
    }
    # NUL in a query parameter's text: refused field by field (DRF's `null_characters`).
    return not (codes and codes <= REFERENCE_REFUSALS | {"null_characters"})


def _office_records(office: Office) -> None:
    advanced_card_application(office, "printed")
    advanced_claim(office, "paid", "FUZZ-1")
    with schema_context(office.schema_name):
        person = make_person(school=make_school())
        make_child(person)
        service_request_open(service_type_code="id_card", person=person)


@pytest.fixture
def office_api(office_a: Office) -> Iterator[OpenApiSchema]:
    _office_records(office_a)
    schema = _schema(host_of(office_a), _token(office_a.schema_name, "office_admin"))
    with _keep_the_test_connection():
        yield schema


@pytest.fixture
def central_api(office_a: Office) -> Iterator[OpenApiSchema]:
    schema = _schema("localhost", _token("public", "analyst"))
    with _keep_the_test_connection():
        yield schema


office_schema = schemathesis.pytest.from_fixture("office_api")
central_schema = schemathesis.pytest.from_fixture("central_api")


def _call_and_validate(case: Any) -> None:
    # schemathesis's WSGI transport reads the host from `base_url` given to the call only (not
    # from the configuration: without it every call would go to `localhost`, the central host).
    # The token is passed as the call's own header too: schemathesis's `ignored_auth` check then
    # knows it as the caller's credentials (and probes the call without them).
    config = case.operation.schema.config
    case.call_and_validate(base_url=config.base_url, headers=dict(config.headers or {}))


@office_schema.parametrize()
def test_office_api(case: Any) -> None:
    _call_and_validate(case)


@central_schema.parametrize()
def test_central_api(case: Any) -> None:
    _call_and_validate(case)


def _run_stateful(schema: OpenApiSchema) -> list[tuple[str, int, dict[str, Any]]]:
    """Run the state machine; the calls made: (operation, status, query)."""
    headers = dict(schema.config.headers or {})
    base_url = schema.config.base_url
    calls: list[tuple[str, int, dict[str, Any]]] = []

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            # The bearer token on every call of a scenario (the per-operation phases take it
            # from the configuration), and the host (see `_call_and_validate`).
            return {"headers": headers, "base_url": base_url}

        def after_call(self, response: Any, case: Any) -> None:
            query = dict(case.query or {})
            try:
                body = json.loads(response.content) if response.content else None
            except ValueError:
                body = None
            if isinstance(body, dict) and 200 <= response.status_code < 300:
                if case.operation.label.endswith("/feed/"):
                    query["next issued"] = body.get("next")
                results = body.get("results") if isinstance(body.get("results"), list) else []
                query["ids issued"] = {body.get("id")} | {
                    row.get("id") for row in results if isinstance(row, dict)
                }
            query["path ids"] = set((case.path_parameters or {}).values())
            calls.append((case.operation.label, response.status_code, query))

    Machine.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    return calls


def _followed_the_next_page_link(calls: list[tuple[str, int, dict[str, Any]]], path: str) -> bool:
    """A feed page asked for with a cursor the server issued as an earlier page's `next`: only
    the `NextPage` link gives one (a generated `after` is never one). The answer may be a page
    or, where the link also carried a `resource` other than the cursor's, its refusal."""
    label = f"GET {path}"
    issued = {query.get("next issued") for name, _status, query in calls if name == label}
    return any(
        name == label and query.get("after") in issued - {None} for name, _status, query in calls
    )


def test_office_api_stateful(office_api: OpenApiSchema) -> None:
    operation_ids = {
        operation["operationId"]
        for item in office_api.raw_schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert set(CHECKS_OFF) <= operation_ids  # no check is off for an operation that is gone
    calls = _run_stateful(office_api)
    # The links from lists and creations lead to real records: a later call names, in its path,
    # the id of a record an earlier answer gave (a generated id is nearly never one).
    issued: set[Any] = set().union(*(query.get("ids issued", set()) for *_c, query in calls))
    followed = [label for label, _s, query in calls if query["path ids"] & (issued - {None})]
    assert followed, sorted({(label, status) for label, status, _ in calls})


def test_central_api_stateful(central_api: OpenApiSchema) -> None:
    calls = _run_stateful(central_api)
    assert _followed_the_next_page_link(calls, "/api/v1/national/feed/"), calls
