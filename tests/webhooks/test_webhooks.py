"""Webhooks: signatures a receiver can verify, one delivery per (subscription, event) from the
outbox, retries with growing backoff, parking, replay (API and admin), HTTPS required except
on loopback, and the endpoints' scopes and office isolation.

Data is committed in office alpha (dispatch reads the outbox as a feed does) and removed
afterwards. Tasks are not sent here: `_enqueue` is replaced by a list of the ids it was given,
and deliveries are attempted by calling the service (the real worker is in test_worker.py)."""

from __future__ import annotations

import textwrap
import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tenants.models import Office
from tests.conftest import host_of, office_client
from tests.webhooks.support import (
    CARD,
    SCHEMA,
    body_of,
    make_client,
    receiver,
    subscribe,
    write_events,
)
from webhooks import services, signing
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.services import (
    backoff_seconds,
    delivery_attempt,
    delivery_replay,
    subscription_dispatch,
    url_check,
    webhooks_dispatch,
)
from webhooks.signing import signature_header, signature_verify


def _dispatch(subscription: Subscription) -> int:
    with schema_context(SCHEMA):
        return subscription_dispatch(subscription_id=subscription.pk)


def _deliveries(subscription: Subscription) -> list[Delivery]:
    with schema_context(SCHEMA):
        return list(Delivery.objects.filter(subscription=subscription).order_by("event_id"))


def _attempt(delivery: Delivery) -> services.Outcome:
    with schema_context(SCHEMA):
        return delivery_attempt(delivery_id=delivery.pk)


def _make_due(delivery: Delivery) -> None:
    with schema_context(SCHEMA):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


# --- signatures -----------------------------------------------------------------------------


def test_a_receiver_verifies_the_signature_and_refuses_a_wrong_secret_or_a_stale_time() -> None:
    body = b'{"id":1,"delivery_id":2}'
    header = signature_header("whsec_right", body)
    assert signature_verify("whsec_right", body, header)
    assert not signature_verify("whsec_wrong", body, header)
    assert not signature_verify("whsec_right", body + b" ", header)  # the body changed
    stale = signature_header("whsec_right", body, int(time.time()) - 301)
    assert not signature_verify("whsec_right", body, stale)
    assert signature_verify("whsec_right", body, stale, tolerance=600)
    assert not signature_verify("whsec_right", body, "v1=abc")
    assert not signature_verify("whsec_right", body, "garbage")


def test_the_documented_example_verifies_a_real_delivery(committed: list[int]) -> None:
    namespace: dict[str, Any] = {}
    code = (signing.__doc__ or "").split("Verification in Python::", 1)[1]
    exec(textwrap.dedent(code), namespace)  # noqa: S102 (our own docstring)
    client, _ = make_client()
    with receiver() as hook:
        subscription, secret = subscribe(client, hook.url)
        write_events(1)
        _dispatch(subscription)
        assert _attempt(_deliveries(subscription)[0]).status == DeliveryStatus.DELIVERED
    item = hook.received[0]
    assert namespace["verify"](secret, item.body, item.headers["KruCare-Signature"])
    assert not namespace["verify"]("whsec_other", item.body, item.headers["KruCare-Signature"])


# --- dispatch and delivery ------------------------------------------------------------------


def test_dispatch_creates_one_delivery_per_event_and_never_twice(committed: list[int]) -> None:
    client, _ = make_client()
    cards, _ = subscribe(client, "https://hr.example.org/hook")
    people, _ = subscribe(client, "https://hr.example.org/people", event_types=["people.person"])
    before = write_events(1, resource="people.person")
    cards_ids = write_events(250, per_transaction=50)
    with (
        mock.patch.object(services, "DISPATCH_PAGE", 100),  # several pages
        mock.patch.object(services, "deliveries_sweep", return_value=0),
    ):
        assert _dispatch(cards) == 250
        assert _dispatch(cards) == 0
        with schema_context(SCHEMA):
            assert webhooks_dispatch() >= 1  # people's subscription gets its one event
            assert webhooks_dispatch() == 0
    assert [d.event_id for d in _deliveries(cards)] == cards_ids
    assert [d.event_id for d in _deliveries(people)] == before
    assert sorted(committed) == sorted(
        d.pk for d in _deliveries(cards) + _deliveries(people)
    )  # each enqueued once, on commit
    with schema_context(SCHEMA):
        cards.refresh_from_db()
        assert cards.position_id == cards_ids[-1]


def test_a_new_subscription_starts_after_the_events_already_written(
    committed: list[int],
) -> None:
    client, _ = make_client()
    write_events(3)
    subscription, _ = subscribe(client, "https://hr.example.org/hook")
    later = write_events(2)
    _dispatch(subscription)
    assert [d.event_id for d in _deliveries(subscription)] == later


def test_a_delivery_reaches_the_receiver_signed_with_the_event_as_the_feed_shows_it(
    committed: list[int],
) -> None:
    client, _ = make_client()
    with receiver() as hook:
        subscription, secret = subscribe(client, hook.url)
        [event_id] = write_events(1)
        _dispatch(subscription)
        [delivery] = _deliveries(subscription)
        assert _attempt(delivery).status == DeliveryStatus.DELIVERED
        assert _attempt(delivery).status == "skipped"  # a duplicate task sends nothing
    [item] = hook.received
    assert signature_verify(secret, item.body, item.headers["KruCare-Signature"])
    assert item.headers["Content-Type"] == "application/json"
    assert item.headers["KruCare-Event-Id"] == str(event_id)
    assert item.headers["KruCare-Delivery-Id"] == str(delivery.pk)
    body = body_of(item)
    assert body["id"] == event_id and body["delivery_id"] == delivery.pk
    assert body["office"] == "alpha" and body["resource"] == CARD
    assert body["action"] == "created" and body["data"]["card_number"] == "0400001-2569-00000"
    [delivery] = _deliveries(subscription)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.last_status_code == 200
    assert delivery.delivered_at is not None and delivery.leased_until is None


def test_a_failing_receiver_is_retried_with_growing_backoff_then_parked_and_replayed(
    committed: list[int],
) -> None:
    client, _ = make_client()
    with receiver(status=500) as hook:
        subscription, _ = subscribe(client, hook.url, max_attempts=4)
        write_events(1)
        _dispatch(subscription)
        [delivery] = _deliveries(subscription)
        waits = []
        for attempt in range(1, 5):
            started = timezone.now()
            outcome = _attempt(delivery)
            [delivery] = _deliveries(subscription)
            assert delivery.attempts == attempt and delivery.last_status_code == 500
            if attempt < 4:
                assert outcome.status == DeliveryStatus.PENDING
                assert outcome.retry_in is not None
                waits.append((delivery.next_attempt_at - started).total_seconds())
                assert _attempt(delivery).status == "skipped"  # not due yet
                _make_due(delivery)
            else:
                assert outcome.status == DeliveryStatus.PARKED
        assert waits[0] < waits[1] < waits[2]
        assert 8 <= waits[0] <= 11 and 16 <= waits[1] <= 21 and 32 <= waits[2] <= 41
        assert delivery.status == DeliveryStatus.PARKED
        assert _attempt(delivery).status == "skipped"
        assert len(hook.received) == 4

        hook.status = 204
        committed.clear()
        with schema_context(SCHEMA):
            delivery_replay(delivery=delivery)
        assert committed == [delivery.pk]  # enqueued on commit
        assert _attempt(delivery).status == DeliveryStatus.DELIVERED
    assert len(hook.received) == 5
    assert len({item.event_id for item in hook.received}) == 1  # one event, seen five times


def test_backoff_is_exponential_capped_at_an_hour_with_jitter() -> None:
    for attempts, base in [(1, 10), (2, 20), (3, 40), (9, 2560), (10, 3600), (20, 3600)]:
        for _ in range(20):
            assert base * 0.8 <= backoff_seconds(attempts) <= base


def test_an_unreachable_receiver_counts_as_a_failed_attempt(committed: list[int]) -> None:
    client, _ = make_client()
    with receiver() as hook:
        url = hook.url
    subscription, _ = subscribe(client, url)  # the server is closed now
    write_events(1)
    _dispatch(subscription)
    [delivery] = _deliveries(subscription)
    assert _attempt(delivery).status == DeliveryStatus.PENDING
    [delivery] = _deliveries(subscription)
    assert delivery.attempts == 1 and delivery.last_status_code is None
    assert "Connection refused" in delivery.last_error or delivery.last_error


def test_the_sweep_re_enqueues_due_pending_deliveries_whose_lease_expired(
    committed: list[int],
) -> None:
    client, _ = make_client()
    subscription, _ = subscribe(client, "https://hr.example.org/hook")
    write_events(3)
    _dispatch(subscription)
    first, second, third = _deliveries(subscription)
    now = timezone.now()
    with schema_context(SCHEMA):
        Delivery.objects.filter(pk=first.pk).update(leased_until=now - timedelta(seconds=1))
        Delivery.objects.filter(pk=second.pk).update(leased_until=now + timedelta(seconds=30))
        Delivery.objects.filter(pk=third.pk).update(next_attempt_at=now + timedelta(minutes=1))
        committed.clear()
        assert services.deliveries_sweep() == 1
    assert committed == [first.pk]


def test_a_leased_delivery_is_not_sent_by_a_second_worker(committed: list[int]) -> None:
    client, _ = make_client()
    with receiver() as hook:
        subscription, _ = subscribe(client, hook.url)
        write_events(1)
        _dispatch(subscription)
        [delivery] = _deliveries(subscription)
        with schema_context(SCHEMA):
            Delivery.objects.filter(pk=delivery.pk).update(
                leased_until=timezone.now() + timedelta(seconds=30)
            )
        assert _attempt(delivery).status == "skipped"
    assert hook.received == []


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://hr.example.org/hook", True),
        ("http://127.0.0.1:8080/hook", True),
        ("http://localhost/hook", True),
        ("http://[::1]:9000/hook", True),
        ("http://hr.example.org/hook", False),
        ("http://10.0.0.1/hook", False),
        ("ftp://hr.example.org/hook", False),
        ("https://", False),
        ("not a url", False),
    ],
)
def test_https_is_required_except_on_loopback(url: str, allowed: bool) -> None:
    if allowed:
        assert url_check(url) == url
    else:
        with pytest.raises(ApplicationError):
            url_check(url)


def test_a_client_subscribes_only_to_what_it_may_read(committed: list[int]) -> None:
    client, _ = make_client(scopes=["idcards:read", "webhooks:manage"])
    with pytest.raises(ApplicationError) as refused:
        subscribe(client, "https://hr.example.org/hook", event_types=["payments.payment"])
    assert refused.value.code == "webhooks.scope_missing"
    with pytest.raises(ApplicationError):
        subscribe(client, "https://hr.example.org/hook", event_types=["nothing.here"])
    with schema_context(SCHEMA):
        assert not Subscription.objects.filter(client=client).exists()


# --- the API --------------------------------------------------------------------------------


def _api(office: Office, secret: str) -> Client:
    return Client(HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_client_manages_its_own_subscriptions_and_replays_a_delivery(
    committed: list[int],
) -> None:
    office = Office.objects.get(schema_name=SCHEMA)
    client, token = make_client("a")
    other, other_token = make_client("b")
    api = _api(office, token)

    response = api.post(
        "/api/v1/webhooks/subscriptions/",
        {"url": "https://hr.example.org/hook", "event_types": [CARD]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_") and created["client"] == client.pk
    refused = api.post(
        "/api/v1/webhooks/subscriptions/",
        {"url": "http://hr.example.org/hook", "event_types": [CARD]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "webhooks.https_required"
    for_other = api.post(
        "/api/v1/webhooks/subscriptions/",
        {"client": other.pk, "url": "https://hr.example.org/hook", "event_types": [CARD]},
        content_type="application/json",
    )
    assert for_other.status_code == 400

    listed = api.get("/api/v1/webhooks/subscriptions/").json()["results"]
    assert [row["id"] for row in listed] == [created["id"]]
    assert "secret" not in listed[0]
    detail = api.get(f"/api/v1/webhooks/subscriptions/{created['id']}/")
    assert detail.status_code == 200 and "secret" not in detail.json()
    # Another client of the same office sees none of it.
    other_api = _api(office, other_token)
    assert other_api.get("/api/v1/webhooks/subscriptions/").json()["results"] == []
    assert other_api.get(f"/api/v1/webhooks/subscriptions/{created['id']}/").status_code == 404

    write_events(1)
    with schema_context(SCHEMA):
        webhooks_dispatch()
        delivery = Delivery.objects.get(subscription_id=created["id"])
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PARKED, attempts=8)
    parked = api.get("/api/v1/webhooks/deliveries/", {"status": "parked"}).json()["results"]
    assert [row["id"] for row in parked] == [delivery.pk]
    assert other_api.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/").status_code == 404
    committed.clear()
    replayed = api.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/")
    assert replayed.status_code == 202 and replayed.json()["status"] == "pending"
    assert replayed.json()["attempts"] == 0
    assert committed == [delivery.pk]

    assert other_api.delete(f"/api/v1/webhooks/subscriptions/{created['id']}/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/subscriptions/{created['id']}/").status_code == 204
    with schema_context(SCHEMA):
        assert not Subscription.objects.filter(pk=created["id"]).exists()


def test_a_client_without_the_scope_and_other_offices_are_refused(committed: list[int]) -> None:
    alpha = Office.objects.get(schema_name=SCHEMA)
    beta = Office.objects.get(schema_name="esa_beta")
    client, token = make_client("reader", scopes=["idcards:read"])
    _, manager = make_client("manager")
    subscription, _ = subscribe(client, "https://hr.example.org/hook")
    api = _api(alpha, token)
    assert api.get("/api/v1/webhooks/subscriptions/").status_code == 403
    assert api.get("/api/v1/webhooks/deliveries/").status_code == 403
    assert (
        api.post(
            "/api/v1/webhooks/subscriptions/",
            {"url": "https://hr.example.org/hook", "event_types": [CARD]},
            content_type="application/json",
        ).status_code
        == 403
    )
    # alpha's client on beta: refused (its credential is unknown there).
    on_beta = _api(beta, manager)
    assert on_beta.get("/api/v1/webhooks/subscriptions/").status_code == 401
    assert on_beta.get(f"/api/v1/webhooks/subscriptions/{subscription.pk}/").status_code == 401
    # beta's admin sees none of alpha's subscriptions.
    beta_admin = office_client(beta, "office_admin")
    assert beta_admin.get("/api/v1/webhooks/subscriptions/").status_code in (200, 403)
    response = beta_admin.get(f"/api/v1/webhooks/subscriptions/{subscription.pk}/")
    assert response.status_code in (403, 404)


def test_office_admins_manage_subscriptions_naming_the_client_and_others_are_refused(
    committed: list[int],
) -> None:
    alpha = Office.objects.get(schema_name=SCHEMA)
    client, _ = make_client()
    admin = office_client(alpha, "office_admin")
    missing = admin.post(
        "/api/v1/webhooks/subscriptions/",
        {"url": "https://hr.example.org/hook", "event_types": [CARD]},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "client" in missing.json()["fields"]
    response = admin.post(
        "/api/v1/webhooks/subscriptions/",
        {"client": client.pk, "url": "https://hr.example.org/hook", "event_types": [CARD]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert admin.get("/api/v1/webhooks/subscriptions/").status_code == 200
    for role in ("welfare_officer", "viewer", "finance_officer"):
        other = office_client(alpha, role)
        assert other.get("/api/v1/webhooks/subscriptions/").status_code == 403
        assert other.get("/api/v1/webhooks/deliveries/").status_code == 403


def test_the_admin_action_replays_parked_deliveries(committed: list[int]) -> None:
    alpha = Office.objects.get(schema_name=SCHEMA)
    client, _ = make_client()
    subscription, _ = subscribe(client, "https://hr.example.org/hook")
    write_events(2)
    _dispatch(subscription)
    deliveries = _deliveries(subscription)
    with schema_context(SCHEMA):
        Delivery.objects.filter(subscription=subscription).update(
            status=DeliveryStatus.PARKED, attempts=8
        )
    admin = office_client(alpha, "everything")  # staff of the office
    listing = admin.get("/admin/webhooks/delivery/")
    assert listing.status_code == 200
    committed.clear()
    response = admin.post(
        "/admin/webhooks/delivery/",
        {"action": "replay", "_selected_action": [d.pk for d in deliveries]},
    )
    assert response.status_code == 302
    assert sorted(committed) == sorted(d.pk for d in deliveries)
    assert {d.status for d in _deliveries(subscription)} == {DeliveryStatus.PENDING}


def test_a_revoked_client_gets_no_new_deliveries(committed: list[int]) -> None:
    from accounts.models import User
    from clients.services import client_revoke

    client, _ = make_client()
    subscription, _ = subscribe(client, "https://hr.example.org/hook")
    with schema_context(SCHEMA):
        client_revoke(client=client, actor=User.objects.get(username="office_admin"))
    write_events(2)
    assert _dispatch(subscription) == 0
    assert _deliveries(subscription) == []
