"""Managing a subscription: rotating its secret (both secrets sign during the grace period),
a test ping sent through the same address checks and signature as deliveries, and editing
the URL, event types and `active` (a new URL passes the same checks). Deliveries go to a real
HTTP receiver on loopback (`support.receiver`)."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from typing import Any
from unittest import mock

from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Office
from tests.conftest import host_of
from tests.webhooks.support import CARD, SCHEMA, body_of, make_client, receiver, subscribe
from tests.webhooks.support import write_events as _write_events
from webhooks import signing, targets
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.services import delivery_attempt, subscription_dispatch
from webhooks.signing import signature_verify


def _api(secret: str) -> Client:
    office = Office.objects.get(schema_name=SCHEMA)
    return Client(HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {secret}")


def _deliver_one(subscription: Subscription) -> None:
    _write_events(1)
    with schema_context(SCHEMA):
        subscription_dispatch(subscription_id=subscription.pk)
        delivery = Delivery.objects.filter(subscription=subscription).order_by("-id").first()
        assert delivery is not None
        assert delivery_attempt(delivery_id=delivery.pk).status == DeliveryStatus.DELIVERED


def _documented_verify() -> Any:
    namespace: dict[str, Any] = {}
    code = (signing.__doc__ or "").split("Verification in Python::", 1)[1]
    exec(textwrap.dedent(code), namespace)  # noqa: S102 (our own docstring)
    return namespace["verify"]


def test_a_rotated_secret_signs_beside_the_old_one_until_the_grace_period_ends(
    committed: list[int],
) -> None:
    client, token = make_client()
    api = _api(token)
    verify = _documented_verify()
    with receiver() as hook:
        subscription, old = subscribe(client, hook.url)
        rotated = api.post(
            f"/api/v1/webhooks/subscriptions/{subscription.pk}/rotate-secret/",
            {"grace_hours": 24},
            content_type="application/json",
        )
        assert rotated.status_code == 200, rotated.content
        new = rotated.json()["secret"]
        assert new.startswith("whsec_") and new != old
        assert rotated.json()["previous_secret_expires_at"]
        assert "secret" not in api.get(f"/api/v1/webhooks/subscriptions/{subscription.pk}/").json()

        _deliver_one(subscription)
        during = hook.received[-1]
        header = during.headers["KruCare-Signature"]
        assert header.count("v1=") == 2
        for secret in (new, old):  # a receiver holding either secret accepts it
            assert signature_verify(secret, during.body, header)
            assert verify(secret, during.body, header)
        assert not signature_verify("whsec_other", during.body, header)

        with schema_context(SCHEMA):  # the grace period is over
            Subscription.objects.filter(pk=subscription.pk).update(
                previous_secret_expires_at=timezone.now() - timedelta(seconds=1)
            )
        _deliver_one(subscription)
        after = hook.received[-1]
        header = after.headers["KruCare-Signature"]
        assert header.count("v1=") == 1
        assert signature_verify(new, after.body, header)
        assert not signature_verify(old, after.body, header)


def test_a_rotation_without_grace_drops_the_old_secret_at_once_and_bad_grace_is_refused(
    committed: list[int],
) -> None:
    client, token = make_client()
    api = _api(token)
    with receiver() as hook:
        subscription, old = subscribe(client, hook.url)
        path = f"/api/v1/webhooks/subscriptions/{subscription.pk}/rotate-secret/"
        refused = api.post(path, {"grace_hours": 1000}, content_type="application/json")
        assert refused.status_code == 400
        with schema_context(SCHEMA):
            assert Subscription.objects.get(pk=subscription.pk).secret == old  # unchanged
        new = api.post(path, {"grace_hours": 0}, content_type="application/json").json()["secret"]
        _deliver_one(subscription)
        header = hook.received[-1].headers["KruCare-Signature"]
        assert signature_verify(new, hook.received[-1].body, header)
        assert not signature_verify(old, hook.received[-1].body, header)


def test_a_ping_is_signed_and_sent_as_deliveries_are(committed: list[int]) -> None:
    client, token = make_client()
    with receiver(status=204) as hook:
        subscription, secret = subscribe(client, hook.url)
        response = _api(token).post(f"/api/v1/webhooks/subscriptions/{subscription.pk}/ping/")
        assert response.status_code == 200, response.content
        assert response.json() == {"delivered": True, "status_code": 204, "error": ""}
    ping = hook.received[0]
    assert ping.headers["KruCare-Event-Type"] == "ping"
    assert signature_verify(secret, ping.body, ping.headers["KruCare-Signature"])
    assert body_of(ping)["type"] == "ping" and body_of(ping)["subscription"] == subscription.pk
    with schema_context(SCHEMA):
        assert not Delivery.objects.filter(subscription=subscription).exists()  # not recorded


def test_a_ping_goes_through_the_address_checks(committed: list[int]) -> None:
    """A name that resolves to an internal address when pinged is refused, as a delivery is:
    nothing reaches the receiver and the answer is the generic error."""
    client, token = make_client()
    subscription, _ = subscribe(client, "https://hooks.example.org/hook")
    with receiver() as hook, mock.patch.object(targets, "resolver", return_value=["10.0.0.7"]):
        response = _api(token).post(f"/api/v1/webhooks/subscriptions/{subscription.pk}/ping/")
        assert response.status_code == 200
        assert response.json() == {
            "delivered": False,
            "status_code": None,
            "error": targets.UNREACHABLE,
        }
        assert hook.received == []
    with receiver(status=500) as failing:
        with schema_context(SCHEMA):
            Subscription.objects.filter(pk=subscription.pk).update(url=failing.url)
        answer = _api(token).post(f"/api/v1/webhooks/subscriptions/{subscription.pk}/ping/")
        assert answer.json() == {"delivered": False, "status_code": 500, "error": "HTTP 500"}


def test_a_client_edits_its_subscription_and_a_new_url_passes_the_checks(
    committed: list[int],
) -> None:
    client, token = make_client()
    _, other_token = make_client("other")
    api = _api(token)
    subscription, _ = subscribe(client, "https://hr.example.org/hook")
    path = f"/api/v1/webhooks/subscriptions/{subscription.pk}/"

    changed = api.patch(
        path,
        {"url": "https://hr2.example.org/hook", "event_types": [CARD, "people.person"]},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["url"] == "https://hr2.example.org/hook"
    assert changed.json()["event_types"] == [CARD, "people.person"]

    for body, code in (
        ({"url": "https://10.0.0.7/hook"}, "webhooks.target_not_allowed"),
        ({"url": "http://hr.example.org/hook"}, "webhooks.https_required"),
        ({"url": "https://redis/hook"}, "webhooks.target_not_allowed"),
        ({"event_types": ["payments.payment"]}, "webhooks.scope_missing"),  # no payments:read
        ({"event_types": ["nothing.such"]}, "webhooks.invalid"),
    ):
        refused = api.patch(path, body, content_type="application/json")
        assert refused.status_code == 400, (body, refused.content)
        assert refused.json()["code"] == code, (body, refused.json())
    paused = api.patch(
        path, {"is_active": False, "max_attempts": 3}, content_type="application/json"
    )
    assert paused.status_code == 200
    with schema_context(SCHEMA):
        stored = Subscription.objects.get(pk=subscription.pk)
    assert (stored.url, stored.is_active, stored.max_attempts) == (
        "https://hr2.example.org/hook",
        False,
        3,
    )
    assert stored.event_types == [CARD, "people.person"]  # the refusals changed nothing

    stranger = _api(other_token)
    assert (
        stranger.patch(path, {"is_active": True}, content_type="application/json").status_code
        == 404
    )
    assert stranger.post(f"{path}ping/").status_code == 404
    assert stranger.post(f"{path}rotate-secret/").status_code == 404
    with schema_context(SCHEMA):
        assert Subscription.objects.get(pk=subscription.pk).is_active is False
