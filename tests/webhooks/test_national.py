"""National webhooks: a national client (of the public schema) subscribes on the central host
to the central layer's events (`central.office`: an office added, suspended, reactivated),
recorded in the public schema's outbox and dispatched by the same beat task as the offices',
with the same signing, address checks, rotation, ping and PATCH. Deliveries go to a real HTTP
receiver on loopback (`support.receiver`); the data is committed (dispatch reads only finished
transactions) and removed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from clients.models import ApiClient
from clients.services import client_create
from core.schemas import PUBLIC_SCHEMA
from outbox.models import OutboxEvent
from outbox.services import outbox_record
from tenants.models import Office
from tenants.services import office_create, office_set_active
from tests.backups.backup_support import drop_office
from tests.conftest import central_client, host_of, office_client
from tests.webhooks.support import SCHEMA, body_of, clean, make_client, receiver, subscribe
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.services import SubscriptionError, delivery_attempt, subscription_create
from webhooks.signing import signature_verify
from webhooks.tasks import webhooks_dispatch_all_task

PREFIX = "national-hook"
NEW_OFFICE = "natwebhook"
OFFICE = "central.office"
SUBSCRIPTIONS = "/api/v1/webhooks/subscriptions/"


def _clean() -> None:
    clean()  # alpha's test clients and subscriptions
    with schema_context(PUBLIC_SCHEMA):
        Subscription.objects.filter(client__name__startswith=PREFIX).delete()
        ApiClient.objects.filter(name__startswith=PREFIX).delete()
        OutboxEvent.objects.filter(resource=OFFICE, resource_id__in=[NEW_OFFICE, "beta"]).delete()
        Office.objects.filter(code="beta").update(is_active=True)
        for office in Office.objects.filter(code=NEW_OFFICE):
            drop_office(office)


@pytest.fixture
def national(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[int]]:
    """Committed data allowed (the national test clients, subscriptions, the office made and
    the central events removed before and after, beta active again); yields the delivery ids
    `_enqueue` was given (no task is sent)."""
    enqueued: list[int] = []
    with (
        django_db_blocker.unblock(),
        mock.patch.object(services, "_enqueue", side_effect=enqueued.extend),
    ):
        _clean()
        try:
            yield enqueued
        finally:
            _clean()


def national_client(name: str = "", scopes: list[str] | None = None) -> tuple[ApiClient, Client]:
    """A committed national client and a test client on the central host with its secret."""
    with schema_context(PUBLIC_SCHEMA):
        client, secret = client_create(
            name=f"{PREFIX} {name}".strip(),
            scopes=scopes if scopes is not None else ["webhooks:manage", "offices:read"],
            actor=User.objects.get(username="operator"),
        )
    return client, Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")


def _deliver_all(ids: list[int]) -> None:
    """Send each delivery enqueued (dispatch enqueues on commit, and its sweep again)."""
    with schema_context(PUBLIC_SCHEMA):
        for delivery_id in sorted(set(ids)):
            assert delivery_attempt(delivery_id=delivery_id).status == DeliveryStatus.DELIVERED


def test_an_office_added_then_suspended_reaches_a_national_subscriber_signed(
    national: list[int],
) -> None:
    _, api = national_client()
    with receiver() as hook:
        created = api.post(
            SUBSCRIPTIONS,
            {"url": hook.url, "event_types": [OFFICE]},
            content_type="application/json",
        )
        assert created.status_code == 201, created.content
        secret = created.json()["secret"]

        with schema_context(PUBLIC_SCHEMA):
            office = office_create(
                code=NEW_OFFICE,
                name_th="สำนักงานทดสอบเว็บฮุกระดับชาติ",
                kind="primary",
                province="ทดสอบเว็บฮุก",
                region="central",
                area_number=1,
            )
            office_set_active(office=office, active=False)

        # The beat task: the public schema is dispatched with the offices.
        assert webhooks_dispatch_all_task() >= 1
        assert len(set(national)) == 2
        _deliver_all(national)

    bodies = [body_of(item) for item in hook.received]
    assert [(b["resource"], b["action"], b["data"]["status"]) for b in bodies] == [
        (OFFICE, "created", "active"),
        (OFFICE, "updated", "inactive"),
    ]
    first = bodies[0]
    assert first["resource_id"] == NEW_OFFICE and "office" not in first
    assert first["data"] == {
        "code": NEW_OFFICE,
        "name_th": "สำนักงานทดสอบเว็บฮุกระดับชาติ",
        "name_en": "",
        "kind": "primary",
        "province": "ทดสอบเว็บฮุก",
        "region": "central",
        "area_number": 1,
        "host": host_of(office),
        "status": "active",
    }
    for item in hook.received:
        assert item.headers["KruCare-Event-Type"] == OFFICE
        assert signature_verify(secret, item.body, item.headers["KruCare-Signature"])
        assert not signature_verify("whsec_other", item.body, item.headers["KruCare-Signature"])
    # The office's own outbox holds nothing central; the central one nothing of an office.
    with schema_context(office.schema_name):
        assert not OutboxEvent.objects.filter(resource=OFFICE).exists()
    with schema_context(PUBLIC_SCHEMA):
        assert set(OutboxEvent.objects.values_list("resource", flat=True)) == {OFFICE}


def test_an_office_change_rolled_back_records_no_central_event(national: list[int]) -> None:
    beta = Office.objects.get(code="beta")
    with schema_context(PUBLIC_SCHEMA):
        before = OutboxEvent.objects.filter(resource=OFFICE, resource_id="beta").count()
        with pytest.raises(RuntimeError), transaction.atomic():
            office_set_active(office=beta, active=False)
            raise RuntimeError("refused later")
        assert OutboxEvent.objects.filter(resource=OFFICE, resource_id="beta").count() == before
        assert Office.objects.get(code="beta").is_active


def test_a_national_subscription_needs_the_scopes_and_central_event_types(
    national: list[int],
) -> None:
    _, without_read = national_client("no offices:read", ["webhooks:manage"])
    refused = without_read.post(
        SUBSCRIPTIONS,
        {"url": "https://hooks.example.com/krucare", "event_types": [OFFICE]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "webhooks.scope_missing"

    _, without_manage = national_client("no webhooks:manage", ["offices:read"])
    for response in (
        without_manage.get(SUBSCRIPTIONS),
        without_manage.post(
            SUBSCRIPTIONS,
            {"url": "https://hooks.example.com/krucare", "event_types": [OFFICE]},
            content_type="application/json",
        ),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "api.scope_missing"

    # An office's event types (personal data) are not offered on the central host.
    _, api = national_client("feeds too", ["webhooks:manage", "offices:read", "feeds:read"])
    for event_type in ("idcards.card", "people.person"):
        unknown = api.post(
            SUBSCRIPTIONS,
            {"url": "https://hooks.example.com/krucare", "event_types": [event_type]},
            content_type="application/json",
        )
        assert unknown.status_code == 400, event_type
        assert unknown.json()["fields"]["event_types"][0]["code"] == "webhooks.invalid"
    with schema_context(PUBLIC_SCHEMA):
        assert not Subscription.objects.filter(client__name__startswith=PREFIX).exists()


def test_address_checks_on_create_patch_and_ping(national: list[int]) -> None:
    _, api = national_client()
    for url, code in (
        ("https://10.1.2.3/hook", "webhooks.target_not_allowed"),
        ("https://169.254.169.254/latest", "webhooks.target_not_allowed"),
        ("http://hooks.example.com/hook", "webhooks.https_required"),
    ):
        response = api.post(
            SUBSCRIPTIONS, {"url": url, "event_types": [OFFICE]}, content_type="application/json"
        )
        assert response.status_code == 400, url
        assert response.json()["fields"]["url"][0]["code"] == code
    with schema_context(PUBLIC_SCHEMA):
        assert not Subscription.objects.filter(client__name__startswith=PREFIX).exists()

    with receiver() as hook:
        created = api.post(
            SUBSCRIPTIONS,
            {"url": hook.url, "event_types": [OFFICE]},
            content_type="application/json",
        ).json()
        detail = f"{SUBSCRIPTIONS}{created['id']}/"
        moved = api.patch(
            detail, {"url": "https://192.168.0.10/hook"}, content_type="application/json"
        )
        assert moved.status_code == 400
        assert moved.json()["fields"]["url"][0]["code"] == "webhooks.target_not_allowed"
        assert api.get(detail).json()["url"] == hook.url  # nothing written

        pinged = api.post(f"{detail}ping/")
        assert pinged.status_code == 200
        assert pinged.json() == {"delivered": True, "status_code": 200, "error": ""}
        ping = hook.received[-1]
        assert body_of(ping)["type"] == "ping" and "office" not in body_of(ping)
        assert signature_verify(created["secret"], ping.body, ping.headers["KruCare-Signature"])

        # A URL that became private since (written past the checks): the ping goes nowhere.
        with schema_context(PUBLIC_SCHEMA):
            Subscription.objects.filter(pk=created["id"]).update(url="https://10.9.9.9/hook")
        refused = api.post(f"{detail}ping/").json()
        assert refused["delivered"] is False and refused["status_code"] is None
        assert len(hook.received) == 1


def test_patch_and_rotation_work_on_the_central_host(national: list[int]) -> None:
    _, api = national_client()
    with receiver() as hook:
        created = api.post(
            SUBSCRIPTIONS,
            {"url": hook.url, "event_types": [OFFICE]},
            content_type="application/json",
        ).json()
        detail = f"{SUBSCRIPTIONS}{created['id']}/"
        paused = api.patch(
            detail, {"is_active": False, "max_attempts": 3}, content_type="application/json"
        )
        assert paused.status_code == 200
        assert (paused.json()["is_active"], paused.json()["max_attempts"]) == (False, 3)
        assert api.patch(detail, {"is_active": True}, content_type="application/json").json()[
            "is_active"
        ]

        rotated = api.post(
            f"{detail}rotate-secret/", {"grace_hours": 1}, content_type="application/json"
        )
        assert rotated.status_code == 200
        new = rotated.json()["secret"]
        beta = Office.objects.get(code="beta")
        with schema_context(PUBLIC_SCHEMA):
            office_set_active(office=beta, active=False)
        webhooks_dispatch_all_task()
        _deliver_all(national)
        header = hook.received[-1].headers["KruCare-Signature"]
        assert header.count("v1=") == 2
        for secret in (new, created["secret"]):
            assert signature_verify(secret, hook.received[-1].body, header)

        assert api.delete(detail).status_code == 204
        assert api.get(detail).status_code == 404


def test_the_operator_manages_national_subscriptions_and_offices_see_none(
    national: list[int],
) -> None:
    client, api = national_client()
    created = api.post(
        SUBSCRIPTIONS,
        {"url": "https://hooks.example.com/krucare", "event_types": [OFFICE]},
        content_type="application/json",
    ).json()
    operator = central_client("operator")
    listed = operator.get(SUBSCRIPTIONS)
    assert listed.status_code == 200
    assert created["id"] in [row["id"] for row in listed.json()["results"]]
    by_operator = operator.post(
        SUBSCRIPTIONS,
        {"client": client.pk, "url": "https://hooks.example.com/other", "event_types": [OFFICE]},
        content_type="application/json",
    )
    assert by_operator.status_code == 201, by_operator.content
    assert central_client("analyst").get(SUBSCRIPTIONS).status_code == 403

    # On an office host the same paths are the office's own webhooks: no national one there.
    office_a = Office.objects.get(schema_name=SCHEMA)
    office_list = office_client(office_a, "office_admin").get(SUBSCRIPTIONS)
    assert office_list.status_code == 200
    assert all(
        row["client_name"].startswith(PREFIX) is False for row in office_list.json()["results"]
    )
    # ... and an office cannot subscribe to a central event type.
    office_api_client, _ = make_client("national types")
    with pytest.raises(SubscriptionError), schema_context(SCHEMA):
        subscription_create(
            client=office_api_client, url="https://hooks.example.com/x", event_types=[OFFICE]
        )


def test_each_outbox_records_only_its_own_kind_of_event(national: list[int]) -> None:
    beta = Office.objects.get(code="beta")
    with schema_context(SCHEMA), pytest.raises(ValueError), transaction.atomic():
        outbox_record(resource=OFFICE, action="updated", obj=beta, resource_id="beta")
    with schema_context(PUBLIC_SCHEMA), pytest.raises(ValueError), transaction.atomic():
        outbox_record(resource="idcards.card", action="created", obj=beta)


def test_an_office_subscription_never_receives_central_events(national: list[int]) -> None:
    client, _ = make_client("office only")
    with receiver() as hook:
        subscription, _ = subscribe(client, hook.url, event_types=["idcards.card"])
        beta = Office.objects.get(code="beta")
        with schema_context(PUBLIC_SCHEMA):
            office_set_active(office=beta, active=False)
        webhooks_dispatch_all_task()
        with schema_context(SCHEMA):
            assert not Delivery.objects.filter(subscription=subscription).exists()
        with schema_context(PUBLIC_SCHEMA):
            # Recorded centrally, with no national subscriber to receive it.
            assert OutboxEvent.objects.filter(resource=OFFICE, resource_id="beta").exists()
        assert hook.received == []
