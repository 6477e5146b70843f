"""`/api/v1/feed/`: the office's changes by cursor, for office admins and viewers only, never
another office's. The events are committed (a feed serves only finished transactions, so a
test transaction's own writes are invisible to it) in office alpha and removed afterwards."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from apps.people.models import Person
from audit.models import AuditEvent
from outbox.cursor import Position, cursor_encode
from outbox.models import OutboxEvent
from tenants.models import Office
from tests.api.support import ROLES, bearer
from tests.conftest import central_client, office_client
from tests.people.factories import make_person

MARK = "ฟีดทดสอบ"
FEED_ROLES = {"office_admin", "viewer"}


def _clean() -> None:
    for schema in ("esa_alpha", "esa_beta"):
        with schema_context(schema):
            people = Person.objects.filter(first_name_th=MARK)
            ids = [str(pk) for pk in people.values_list("pk", flat=True)]
            OutboxEvent.objects.filter(resource="people.person", resource_id__in=ids).delete()
            AuditEvent.objects.filter(target_type="people.person", target_id__in=ids).delete()
            people.delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _clean()
        try:
            yield
        finally:
            _clean()


def _get(client: Client, **params: Any) -> Any:
    return client.get("/api/v1/feed/", {k: v for k, v in params.items() if v is not None})


def _drain(client: Client, *, after: str | None = None, **params: Any) -> tuple[list[dict], str]:
    events: list[dict] = []
    while True:
        response = _get(client, after=after, **params)
        assert response.status_code == 200, response.content
        body = response.json()
        events += body["events"]
        after = body["next"]
        if not body["has_more"]:
            return events, after


def _people(office: Office, count: int) -> list[Person]:
    with schema_context(office.schema_name):
        return [make_person(first_name_th=MARK) for _ in range(count)]


def _wait_for(client: Client, after: str, wanted: set[str], **params: Any) -> list[dict]:
    """Page from `after` until the events of `wanted` resource ids came (a transaction
    elsewhere in the cluster may hold the feed back for a moment)."""
    events: list[dict] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        more, after = _drain(client, after=after, **params)
        events += more
        if wanted <= {e["resource_id"] for e in events}:
            break
        time.sleep(0.05)
    return events


def test_a_client_pages_through_the_changes_once_in_order(committed: None) -> None:
    office = Office.objects.get(code="alpha")
    client = office_client(office, "viewer")
    _, tail = _drain(client, resource="people.person")
    people = _people(office, 5)
    wanted = {str(p.pk) for p in people}
    events = _wait_for(client, tail, wanted, resource="people.person", limit=2)
    ours = [e for e in events if e["resource_id"] in wanted]
    assert [e["resource_id"] for e in ours] == [str(p.pk) for p in people]  # commit order
    assert len({e["id"] for e in events}) == len(events)  # no repeat
    first = ours[0]
    assert first["office"] == "alpha"
    assert (first["resource"], first["action"]) == ("people.person", "created")
    assert first["data"]["national_id"] == people[0].national_id  # in full
    assert first["data"]["monthly_salary"] == "35000.00"
    assert first["occurred_at"].endswith("+07:00")
    # The end: nothing more, the cursor stays usable and serves nothing twice.
    rest, last = _drain(client, resource="people.person")
    body = _get(client, resource="people.person", after=last).json()
    assert (body["events"], body["has_more"], body["next"]) == ([], False, last)


def test_the_resource_filter_and_its_cursor(committed: None) -> None:
    office = Office.objects.get(code="alpha")
    client = office_client(office, "office_admin")
    _, people_tail = _drain(client, resource="people.person")
    _people(office, 1)
    cards, _ = _drain(client, resource="idcards.card")
    assert all(e["resource"] == "idcards.card" for e in cards)
    mixed = _get(client, after=people_tail)  # a people cursor without the filter
    assert mixed.status_code == 400
    assert mixed.json()["code"] == "feeds.invalid_cursor"
    wrong = _get(client, resource="idcards.card", after=people_tail)
    assert wrong.json()["code"] == "feeds.invalid_cursor"


def test_another_office_never_serves_alphas_events(committed: None) -> None:
    alpha, beta = Office.objects.get(code="alpha"), Office.objects.get(code="beta")
    alpha_client, beta_client = office_client(alpha, "viewer"), office_client(beta, "viewer")
    _, alpha_tail = _drain(alpha_client)
    people = _people(alpha, 2)
    wanted = {str(p.pk) for p in people}
    assert wanted <= {e["resource_id"] for e in _wait_for(alpha_client, alpha_tail, wanted)}
    beta_events, _ = _drain(beta_client)
    assert all(e["office"] == "beta" for e in beta_events)
    national_ids = {p.national_id for p in people}
    assert not any(e["data"].get("national_id") in national_ids for e in beta_events)
    refused = _get(beta_client, after=alpha_tail)  # alpha's cursor on beta's host
    assert refused.status_code == 400
    assert refused.json()["code"] == "feeds.invalid_cursor"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/api/v1/feed/", "/api/v1/feed/resources/"])
def test_only_office_admins_and_viewers_read_the_feed(
    office_a: Office, role: str, path: str
) -> None:
    response = bearer(office_a, role).get(path)
    assert response.status_code == (200 if role in FEED_ROLES else 403)


@pytest.mark.django_db
def test_anonymous_clients_are_refused(office_a: Office) -> None:
    assert office_client(office_a).get("/api/v1/feed/").status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"after": "not-a-cursor"}, "feeds.invalid_cursor"),
        ({"after": "eyJ2Ijo5fQ"}, "feeds.invalid_cursor"),
        ({"resource": "people.secret"}, "api.invalid_filter"),
        ({"limit": "0"}, "api.invalid_limit"),
        ({"limit": "100000"}, "api.invalid_limit"),
        ({"limit": "abc"}, "api.invalid_limit"),
        ({"limit": "-5"}, "api.invalid_limit"),
    ],
)
def test_bad_input_is_a_400(office_a: Office, params: dict[str, str], code: str) -> None:
    response = bearer(office_a, "viewer").get("/api/v1/feed/", params)
    assert response.status_code == 400
    assert response.json()["code"] == code


@pytest.mark.django_db
def test_a_cursor_beyond_the_end_serves_nothing(office_a: Office) -> None:
    cursor = cursor_encode(Position(2**64 - 1, 2**63 - 1), office="alpha", resource=None)
    body = bearer(office_a, "viewer").get("/api/v1/feed/", {"after": cursor}).json()
    assert (body["events"], body["has_more"], body["next"]) == ([], False, cursor)


@pytest.mark.django_db
def test_the_resources_are_listed(office_a: Office) -> None:
    body = bearer(office_a, "viewer").get("/api/v1/feed/resources/").json()
    assert [r["name"] for r in body] == [
        "certificates.certificate",
        "healthchecks.campaign",
        "idcards.card",
        "payments.payment",
        "people.person",
        "revolvingfund.approval",
        "revolvingfund.loan",
        "revolvingfund.repayment",
        "welfareshop.booking",
        "welfareshop.member",
    ]
    assert all(r["description"] for r in body)


# ---------------------------------------------------------------------------------------------
# The national feed, on the central host


def _national_drain(client: Client, *, after: str | None = None, **params: Any) -> Any:
    events: list[dict] = []
    while True:
        query = {k: v for k, v in {"after": after, **params}.items() if v is not None}
        response = client.get("/api/v1/national/feed/", query)
        assert response.status_code == 200, response.content
        body = response.json()
        events += body["events"]
        after = body["next"]
        if not body["has_more"]:
            return events, after


def test_the_national_feed_merges_every_office_in_commit_order(committed: None) -> None:
    alpha, beta = Office.objects.get(code="alpha"), Office.objects.get(code="beta")
    client = central_client("analyst")
    _, tail = _national_drain(client, resource="people.person")
    made = [(alpha, p) for p in _people(alpha, 2)]
    made += [(beta, p) for p in _people(beta, 2)]
    made += [(alpha, p) for p in _people(alpha, 1)]
    wanted = [(office.code, str(person.pk)) for office, person in made]
    served: list[dict] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        more, tail = _national_drain(client, after=tail, resource="people.person", limit=2)
        served += more
        if set(wanted) <= {(e["office"], e["resource_id"]) for e in served}:
            break
        time.sleep(0.05)
    ours = [
        (e["office"], e["resource_id"])
        for e in served
        if (e["office"], e["resource_id"]) in set(wanted)
    ]
    assert ours == wanted  # committed one after the other: in that order, each once
    assert len({(e["office"], e["id"]) for e in served}) == len(served)
    by_key = {(e["office"], e["resource_id"]): e for e in served}
    assert by_key[wanted[2]]["data"]["national_id"] == made[2][1].national_id


@pytest.mark.django_db
def test_the_national_feed_is_for_central_accounts_only(office_a: Office) -> None:
    assert central_client("operator").get("/api/v1/national/feed/").status_code == 200
    assert central_client("analyst").get("/api/v1/national/feed/").status_code == 200
    assert central_client().get("/api/v1/national/feed/").status_code in (401, 403)
    # An office host does not have it, for any role.
    assert bearer(office_a, "office_admin").get("/api/v1/national/feed/").status_code == 404


@pytest.mark.django_db
def test_national_and_office_cursors_do_not_mix(office_a: Office) -> None:
    office_next = bearer(office_a, "viewer").get("/api/v1/feed/").json()["next"]
    national_next = central_client("analyst").get("/api/v1/national/feed/").json()["next"]
    refused = central_client("analyst").get("/api/v1/national/feed/", {"after": office_next})
    assert refused.json()["code"] == "feeds.invalid_cursor"
    refused = bearer(office_a, "viewer").get("/api/v1/feed/", {"after": national_next})
    assert refused.json()["code"] == "feeds.invalid_cursor"
