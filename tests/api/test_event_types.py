"""The feeds' and webhooks' event types are typed: each payload carries every field of the REST
resource it mirrors and validates against the schema the OpenAPI document publishes for it; the
feed's events and the webhook body are discriminated unions by `resource`; the event catalogue
(`/api/v1/events/`, `api/EVENTS.md`) lists every type with an example that validates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from accounts.models import User
from api.v1.feeds.events import (
    catalogue,
    catalogue_markdown,
    central_event_types,
    event_types,
)
from central.events import office_payload
from clients.scopes import all_scopes
from clients.services import client_create
from core.modules import central_feed_resources, feed_resources
from tenants.models import Office
from tests.api.openapi_support import component_errors
from tests.certificates.factories import make_certificate
from tests.conftest import central_client, host_of, office_client
from tests.idcards.factories import CardApplicationFactory
from tests.people.factories import make_child, make_person
from tests.reimbursements.factories import MedicalClaimFactory
from tests.revolvingfund.factories import approved_application
from tests.revolvingfund.loans.factories import import_month_entry, make_loan
from tests.welfareshop.factories import make_booking, make_member

pytestmark = pytest.mark.django_db

EVENTS_MD = Path(__file__).resolve().parents[2] / "api" / "EVENTS.md"


def _card() -> Any:
    return CardApplicationFactory(step="handed_over")


def _person() -> Any:
    person = make_person()
    make_child(person)
    return person


def _campaign() -> Any:
    from tests.healthchecks.factories import book, make_campaign

    campaign = make_campaign(points=2)
    book(campaign.checkpoints.order_by("pk").first())
    return campaign


def _payment() -> Any:
    return MedicalClaimFactory(step="paid").payment


def _repayment() -> Any:
    loan = make_loan()
    return import_month_entry(loan)


# One record per event type, made through the services. A module that adds a feed resource
# adds its maker here (the first test fails until it does).
MAKERS: dict[str, Callable[[], Any]] = {
    "idcards.card": _card,
    "people.person": _person,
    "payments.payment": _payment,
    "certificates.certificate": lambda: make_certificate(step="handed_over"),
    "welfareshop.member": lambda: make_member(),
    "welfareshop.booking": lambda: make_booking(),
    "revolvingfund.approval": lambda: approved_application(),
    "healthchecks.campaign": _campaign,
    "revolvingfund.loan": lambda: make_loan(),
    "revolvingfund.repayment": _repayment,
}


# Resources the office administrator may not read (debt data): read by a role that may.
READERS = {"revolvingfund.loan": "finance_officer", "revolvingfund.repayment": "finance_officer"}


@pytest.fixture
def document(office_a: Office) -> dict[str, Any]:
    response = office_client(office_a, "viewer").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_feed_resource_is_an_event_type_with_a_record_maker() -> None:
    assert [event.name for event in event_types()] == sorted(feed_resources())
    assert set(MAKERS) == set(feed_resources())


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_a_payload_carries_every_field_of_its_rest_resource_and_matches_its_schema(
    office_a: Office, document: dict[str, Any], name: str
) -> None:
    event = next(event for event in event_types() if event.name == name)
    with schema_context(office_a.schema_name):
        record = MAKERS[name]()
        payload = feed_resources()[name].build(record)
    path = event.resource.path.replace("{id}", str(record.pk))
    response = office_client(office_a, READERS.get(name, "office_admin")).get(path)
    assert response.status_code == 200, (path, response.content[:300])
    resource = response.json()
    assert set(payload) >= set(resource), set(resource) - set(payload)
    assert set(payload) >= set(event.serializer().fields)
    for key, value in resource.items():  # the same values (the admin sees IDs in full)
        assert json.loads(json.dumps(payload[key], ensure_ascii=False)) == value, key
    assert component_errors(document, event.component, payload) == []


def test_the_id_card_payload_has_the_fields_it_lacked(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        application = _card()
        payload = feed_resources()["idcards.card"].build(application)
    for field in (
        "service_request",
        "ticket",
        "police_report_number",
        "old_card_number",
        "documents",
        "rejection_reason",
        "received_at",
        "checked_at",
        "approved_at",
        "closed_at",
    ):
        assert field in payload, field
    assert payload["ticket"] == application.service_request.ticket
    assert payload["closed_at"] == payload["handed_over_at"] is not None


def test_the_schema_types_the_feed_events_and_the_webhook_body_by_resource(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    page = schemas["FeedPage"]["properties"]["events"]["items"]
    assert page == {"$ref": "#/components/schemas/FeedEvent"}
    for union, kind in (("FeedEvent", "FeedEvent"), ("WebhookEvent", "WebhookEvent")):
        mapping = schemas[union]["discriminator"]["mapping"]
        assert schemas[union]["discriminator"]["propertyName"] == "resource"
        assert set(mapping) == set(feed_resources())
        for event in event_types():
            component = f"{event.camel}{kind}"
            assert mapping[event.name] == f"#/components/schemas/{component}"
            data = json.dumps(schemas[component]["properties"]["data"])
            assert f"#/components/schemas/{event.component}" in data
    assert "delivery_id" in schemas["IdcardsCardWebhookEvent"]["properties"]
    assert "delivery_id" not in schemas["IdcardsCardFeedEvent"]["properties"]


def test_every_catalogue_example_validates_against_its_event_type(
    document: dict[str, Any],
) -> None:
    for entry, event in zip(catalogue(), event_types(), strict=True):
        example = entry["example"]
        assert example["resource"] == entry["name"]
        assert component_errors(document, f"{event.camel}WebhookEvent", example) == []
        assert component_errors(document, "WebhookEvent", example) == []
        assert component_errors(document, event.component, example["data"]) == []
        # The example carries every field of the payload, so it shows them all.
        assert set(example["data"]) >= set(event.serializer().fields)


def test_a_wrong_payload_fails_its_schema(document: dict[str, Any]) -> None:
    """The check above can fail: a value of the wrong type, or an event naming a resource the
    union does not have, is refused (the keys are checked against the REST resource above)."""
    event = next(event for event in event_types() if event.name == "idcards.card")
    example = event.example_event()
    assert component_errors(document, event.component, {**example["data"], "id": "311"})
    assert component_errors(document, event.component, {**example["data"], "documents": "x"})
    assert component_errors(document, "WebhookEvent", {**example, "delivery_id": "x"})


def test_the_feed_serves_events_that_match_the_union(
    office_a: Office, document: dict[str, Any]
) -> None:
    with schema_context(office_a.schema_name):
        _card()
    # The test's own writes are uncommitted (the feed serves finished transactions), so read
    # what the office's committed data holds: every event of the feed must match its type.
    response = office_client(office_a, "viewer").get("/api/v1/feed/", {"limit": 200})
    assert response.status_code == 200
    for item in response.json()["events"]:
        event = next(e for e in event_types() if e.name == item["resource"])
        assert component_errors(document, f"{event.camel}FeedEvent", item) == [], item["id"]


def test_the_catalogue_is_served_on_office_and_central_hosts(office_a: Office) -> None:
    expected = [entry["name"] for entry in catalogue()]
    office = office_client(office_a, "viewer").get("/api/v1/events/")
    assert office.status_code == 200
    body = office.json()
    assert [entry["name"] for entry in body] == expected
    card = next(entry for entry in body if entry["name"] == "idcards.card")
    assert card["resource_path"] == "/api/v1/idcards/applications/{id}/"
    assert card["scope"] == "idcards:read"
    assert card["payload_schema"] == "#/components/schemas/CardApplication"
    assert card["fires"] and card["example"]["data"]["card_number"]
    assert {tuple(entry["channels"]) for entry in body} == {("feed", "webhooks")}
    central = central_client("analyst").get("/api/v1/events/")
    assert central.status_code == 200
    # The central host: the offices' types (its national feed), then the central ones (its
    # national webhooks).
    assert [entry["name"] for entry in central.json()] == [*expected, *central_feed_resources()]
    channels = {entry["name"]: entry["channels"] for entry in central.json()}
    assert channels["idcards.card"] == ["national_feed"]
    assert channels["central.office"] == ["national_webhooks"]
    assert central_client().get("/api/v1/events/").status_code in (401, 403)
    assert office_client(office_a).get("/api/v1/events/").status_code in (401, 403)


def test_any_client_of_the_office_reads_the_catalogue(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        _, secret = client_create(
            name="catalogue reader",
            scopes=["webhooks:manage"],
            actor=User.objects.get(username="office_admin"),
        )
    client = Client(HTTP_HOST=host_of(office_a), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/events/").status_code == 200
    assert "webhooks:manage" in all_scopes()


def test_the_feed_resources_list_names_the_rest_path(office_a: Office) -> None:
    body = office_client(office_a, "viewer").get(reverse("api-v1:feed_resources")).json()
    paths = {row["name"]: row["resource_path"] for row in body}
    assert paths == {name: r.path for name, r in feed_resources().items()}


def test_the_documented_catalogue_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("events_catalogue")
    printed = capsys.readouterr().out
    assert printed == catalogue_markdown()
    assert EVENTS_MD.read_text() == printed, (
        "api/EVENTS.md is stale: python manage.py events_catalogue > api/EVENTS.md"
    )


def test_the_central_event_types_are_typed_on_the_central_host(office_a: Office) -> None:
    response = central_client("analyst").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    central = json.loads(response.content)
    schemas = central["components"]["schemas"]
    entries = catalogue(central=True)[len(event_types()) :]
    for entry, event in zip(entries, central_event_types(), strict=True):
        example = entry["example"]
        component = f"{event.camel}NationalWebhookEvent"
        assert "office" not in example and "office" not in schemas[component]["properties"]
        assert component_errors(central, component, example) == []
        assert component_errors(central, "CatalogueExample", example) == []
        assert set(example["data"]) == set(event.serializer().fields)
    # A real payload (the office as recorded) validates and carries every field.
    payload = office_payload(office_a)
    assert component_errors(central, "CentralOffice", payload) == []
    assert set(payload) == set(schemas["CentralOffice"]["properties"])
    assert component_errors(central, "CentralOffice", {**payload, "status": "gone"}) != []
    # The office host's schema has no central event type.
    assert "CentralOffice" not in json.dumps(
        json.loads(
            office_client(office_a, "viewer")
            .get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
            .content
        )
    )
