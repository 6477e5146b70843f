"""Subscribing, dispatching from the outbox, delivering, retrying, parking and replaying.

Must run in the office's schema (tasks carry it: `config.celery.OfficeTask`), or in the public
schema for national subscriptions: there the event types are the central layer's
(`core.modules.central_feed_resources`, recorded in the public schema's outbox), never an
office's, and the events carry no `office` (`subscribable_resources`).

- Dispatch (`subscription_dispatch`) reads the outbox after the subscription's position with
  `outbox.selectors.outbox_event_page`, so in commit order and without gaps (see there), and in
  one transaction creates a delivery per wanted event (at most one per (subscription, event):
  a unique constraint) and moves the position past the page. The subscription row is locked
  for it, so two dispatchers never interleave. Deliveries are enqueued on commit.
- Delivery (`delivery_attempt`) takes a lease on a due, pending delivery (one `UPDATE`; no
  transaction is held open while the receiver answers: a long transaction would hold every
  feed back), POSTs the signed body through `webhooks.targets` (a public address, checked
  and pinned; no redirects), and records the outcome: 2xx delivered; anything else
  counts a failed attempt and schedules the next one with exponential backoff (10 s × 2^(n-1),
  capped at an hour, with jitter), parked after `max_attempts`. A duplicate task finds the
  delivery delivered, parked, leased or not yet due and sends nothing.
- A worker that dies mid-delivery leaves its message unacknowledged (`acks_late`, redelivered
  by brokers that can) and its lease to expire; `deliveries_sweep` re-enqueues every pending
  delivery that is due and not leased (beat runs it with dispatch), so nothing is lost. The
  receiver may then see a delivery twice: it de-duplicates by event id.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clients.models import ApiClient
from core.errors import ApplicationError
from core.modules import FeedResource, central_feed_resources, feed_resources
from core.schemas import PUBLIC_SCHEMA, current_schema
from outbox.cursor import Position
from outbox.models import OutboxEvent
from outbox.selectors import FeedEvent, outbox_event_page
from webhooks import targets
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    signature_header,
)

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
TIMEOUT_SECONDS = 5.0
# A lease outlives the request's timeout; a worker that died frees its delivery after it.
LEASE_SECONDS = 30
BACKOFF_BASE_SECONDS = 10
BACKOFF_CAP_SECONDS = 3600
DISPATCH_PAGE = 500
DISPATCH_PAGES_PER_RUN = 20
SWEEP_LIMIT = 1000

_random = secrets.SystemRandom()
logger = logging.getLogger(__name__)


class SubscriptionError(ApplicationError):
    code = "webhooks.invalid"


# --- subscriptions --------------------------------------------------------------------------


URL_MESSAGES = {
    "webhooks.invalid_url": ("URL ไม่ถูกต้อง", "The URL is not valid."),
    "webhooks.https_required": (
        "ต้องใช้ HTTPS",
        "The URL must be HTTPS.",
    ),
    "webhooks.target_not_allowed": (
        "URL ต้องเป็นเครื่องที่เข้าถึงได้ทางอินเทอร์เน็ต ไม่ใช่เครือข่ายภายใน",
        "The URL must name a public host, not a loopback, private or internal address.",
    ),
}


def url_check(url: str) -> str:
    """The URL if a subscription may name it (`webhooks.targets`: HTTPS to a public host; HTTP
    to loopback only where the settings allow it). Its addresses are checked again at every
    delivery."""
    url = url.strip()
    try:
        target = targets.target_of(url)
        code = targets.early_refusal(target, allow_loopback=targets.loopback_allowed())
    except targets.TargetRefused:
        code = "webhooks.invalid_url"
    if code is not None:
        message_th, message_en = URL_MESSAGES[code]
        raise SubscriptionError(message_th, message_en, code=code, field="url")
    return url


def subscribable_resources() -> dict[str, FeedResource]:
    """The event types a subscription of this schema may name: an office's feed resources in
    its schema; the central layer's in the public schema (national clients)."""
    return central_feed_resources() if current_schema() == PUBLIC_SCHEMA else feed_resources()


def _checked_event_types(client: ApiClient, event_types: list[str]) -> list[str]:
    if not event_types:
        raise SubscriptionError(
            "ต้องระบุประเภทเหตุการณ์", "Name at least one event type.", field="event_types"
        )
    resources = subscribable_resources()  # an event type is a resource, read under its scope
    for name in event_types:
        if name not in resources:
            raise SubscriptionError(
                f"ไม่รู้จักประเภทเหตุการณ์ {name}",
                f"Unknown event type {name}.",
                field="event_types",
            )
        if resources[name].scope not in client.scopes:
            raise SubscriptionError(
                f"ระบบนี้ไม่มีสิทธิ์อ่าน {name}",
                f"The client may not read {name} (it needs {resources[name].scope}).",
                code="webhooks.scope_missing",
                field="event_types",
            )
    return sorted(set(event_types))


def _current_position() -> Position:
    """The outbox's end: a new subscription receives the changes after it."""
    row = OutboxEvent.objects.order_by("-txid", "-id").values_list("txid", "id").first()
    return Position(int(row[0]), row[1]) if row else Position()


@transaction.atomic
def subscription_create(
    *,
    client: ApiClient,
    url: str,
    event_types: list[str],
    max_attempts: int | None = None,
    from_start: bool = False,
) -> tuple[Subscription, str]:
    """Subscribe `client` (of this schema); returns the subscription and its signing secret
    (show it once). It receives the events committed after now (`from_start`: every event).

    Events of transactions still running now and with a smaller txid than the last event are
    older than the subscription; they may or may not be delivered to it."""
    if not client.is_active or client.revoked_at is not None:
        raise SubscriptionError("ระบบนี้ถูกเพิกถอนแล้ว", "The client is revoked.", field="client")
    if max_attempts is not None and not 1 <= max_attempts <= 20:
        raise SubscriptionError(
            "จำนวนครั้งต้องอยู่ระหว่าง 1 ถึง 20",
            "Attempts must be between 1 and 20.",
            field="max_attempts",
        )
    position = Position() if from_start else _current_position()
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    subscription = Subscription.objects.create(
        client=client,
        url=url_check(url),
        event_types=_checked_event_types(client, event_types),
        secret=secret,
        position_txid=position.txid,
        position_id=position.id,
        **({"max_attempts": max_attempts} if max_attempts is not None else {}),
    )
    return subscription, secret


DEFAULT_GRACE_HOURS = 24
MAX_GRACE_HOURS = 7 * 24


@transaction.atomic
def subscription_update(
    *,
    subscription: Subscription,
    url: str | None = None,
    event_types: list[str] | None = None,
    is_active: bool | None = None,
    max_attempts: int | None = None,
) -> Subscription:
    """Change what is given (None: unchanged), by the rules of `subscription_create`: a new
    URL passes `url_check`, event types the client may read. Deliveries already made keep
    the URL they had until they are sent (each attempt reads the subscription's URL now).
    A subscription made inactive stops at its position; made active again it receives the
    events committed meanwhile."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if url is not None:
        subscription.url = url_check(url)
    if event_types is not None:
        subscription.event_types = _checked_event_types(subscription.client, event_types)
    if max_attempts is not None:
        if not 1 <= max_attempts <= 20:
            raise SubscriptionError(
                "จำนวนครั้งต้องอยู่ระหว่าง 1 ถึง 20",
                "Attempts must be between 1 and 20.",
                field="max_attempts",
            )
        subscription.max_attempts = max_attempts
    if is_active is not None:
        subscription.is_active = is_active
    subscription.save()
    return subscription


@transaction.atomic
def subscription_secret_rotate(
    *, subscription: Subscription, grace_hours: int = DEFAULT_GRACE_HOURS
) -> tuple[Subscription, str]:
    """A new signing secret (returned: show it once). The secret in use until now keeps
    signing beside it for `grace_hours` (0 to a week; 0: at once no more), so a receiver
    switches without losing a delivery. A second rotation within the grace period drops the
    oldest secret."""
    if not 0 <= grace_hours <= MAX_GRACE_HOURS:
        raise SubscriptionError(
            "ช่วงผ่อนผันต้องอยู่ระหว่าง 0 ถึง 168 ชั่วโมง",
            "The grace period must be 0 to 168 hours.",
            field="grace_hours",
        )
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    subscription.previous_secret = subscription.secret if grace_hours else ""
    subscription.previous_secret_expires_at = (
        timezone.now() + timedelta(hours=grace_hours) if grace_hours else None
    )
    subscription.secret = secret
    subscription.save()
    return subscription, secret


def signing_secrets(subscription: Subscription) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and the one before it
    during a rotation's grace period."""
    keys = [subscription.secret]
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires is not None and expires > timezone.now():
        keys.append(subscription.previous_secret)
    return keys


@dataclass(frozen=True)
class PingResult:
    delivered: bool
    status_code: int | None
    error: str


def subscription_ping(*, subscription: Subscription) -> PingResult:
    """Send a test event to the subscription's URL now, the way deliveries go: the same
    address checks and pinned connection (`webhooks.targets`), the same signature (both
    secrets during a rotation) and timeout. Nothing is recorded; an unreachable or refused
    target gives the same generic error a delivery would."""
    office = _office_code()
    body = json.dumps(
        {
            "type": "ping",
            "subscription": subscription.pk,
            **({"office": office} if office is not None else {}),
            "sent_at": timezone.localtime().isoformat(),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    code, error = targets.post(
        subscription.url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "KruCare-Webhooks/1",
            EVENT_TYPE_HEADER: "ping",
            SIGNATURE_HEADER: signature_header(signing_secrets(subscription), body),
        },
        timeout=TIMEOUT_SECONDS,
    )
    return PingResult(code is not None and 200 <= code < 300, code, error)


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    """Remove it and its deliveries (queued tasks then find nothing and do nothing)."""
    subscription.delete()


# --- dispatch -------------------------------------------------------------------------------


def _office_code() -> str | None:
    """The office's code; None in the public schema (national events name no office)."""
    from tenants.requests import current_office

    if current_schema() == PUBLIC_SCHEMA:
        return None
    office = current_office()
    return office.code if office is not None else current_schema()


def event_body(event: FeedEvent, *, office: str | None) -> dict[str, Any]:
    """The event as the feed shows it (a central event: without `office`)."""
    return {
        "id": event.id,
        **({"office": office} if office is not None else {}),
        "resource": event.resource,
        "resource_id": event.resource_id,
        "action": event.action,
        "occurred_at": timezone.localtime(event.occurred_at).isoformat(),
        "data": event.data,
    }


def _enqueue(delivery_ids: list[int]) -> None:
    """Send a task per delivery. With the broker unreachable the rest are left pending: the
    dispatch pass's sweep sends them once it answers (so a replay never fails for it)."""
    from core.broker import BROKER_UNREACHABLE
    from webhooks.tasks import webhook_deliver_task

    for sent, delivery_id in enumerate(delivery_ids):
        try:
            webhook_deliver_task.delay(delivery_id)
        except BROKER_UNREACHABLE as error:
            logger.warning(
                "Webhooks: the broker cannot be reached (%s); %d deliveries left to the sweep",
                type(error).__name__,
                len(delivery_ids) - sent,
            )
            return


def subscription_dispatch(*, subscription_id: int, office: str | None = None) -> int:
    """Create the deliveries of the events after the subscription's position, page by page;
    the number created. Each page is one transaction (see the module)."""
    office = office or _office_code()
    # Defence in depth: only this schema's event types, whatever the row says.
    subscribable = set(subscribable_resources())
    created = 0
    for _ in range(DISPATCH_PAGES_PER_RUN):
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(of=("self",))
                .filter(
                    pk=subscription_id,
                    is_active=True,
                    client__is_active=True,
                    client__revoked_at__isnull=True,
                )
                .first()
            )
            if subscription is None:
                return created
            after = Position(subscription.position_txid, subscription.position_id)
            page = outbox_event_page(after=after, limit=DISPATCH_PAGE)
            if not page.events:
                return created
            wanted = set(subscription.event_types) & subscribable
            now = timezone.now()
            rows = [
                Delivery(
                    subscription=subscription,
                    event_id=event.id,
                    resource=event.resource,
                    action=event.action,
                    event=event_body(event, office=office),
                    next_attempt_at=now,
                )
                for event in page.events
                if event.resource in wanted
            ]
            if rows:
                Delivery.objects.bulk_create(rows, ignore_conflicts=True)
                ids = list(
                    Delivery.objects.filter(
                        subscription=subscription,
                        event_id__in=[row.event_id for row in rows],
                        status=DeliveryStatus.PENDING,
                    ).values_list("id", flat=True)
                )
                transaction.on_commit(lambda ids=ids: _enqueue(ids))  # type: ignore[misc]
                created += len(rows)
            subscription.position_txid = page.position.txid
            subscription.position_id = page.position.id
            subscription.save(update_fields=["position_txid", "position_id"])
        if not page.has_more:
            break
    return created


def webhooks_dispatch() -> int:
    """Dispatch every active subscription of this office, then sweep; deliveries created."""
    office = _office_code()
    created = 0
    for subscription_id in Subscription.objects.filter(is_active=True).values_list("id", flat=True):
        created += subscription_dispatch(subscription_id=subscription_id, office=office)
    deliveries_sweep()
    return created


def deliveries_sweep() -> int:
    """Re-enqueue pending deliveries that are due and not leased (their message was lost, or
    their worker died); the number enqueued. A duplicate of a live message is harmless."""
    now = timezone.now()
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:SWEEP_LIMIT]
    )
    _enqueue(ids)
    return len(ids)


# --- delivery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # delivered, pending (retry scheduled), parked, or skipped
    retry_in: float | None = None


def backoff_seconds(attempts: int) -> float:
    """After `attempts` failures: 10 s × 2^(attempts-1), capped at an hour, less up to 20%
    jitter (so that deliveries failing together do not retry together)."""
    base = min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_CAP_SECONDS)
    return float(base) * _random.uniform(0.8, 1.0)


def delivery_body(delivery: Delivery) -> bytes:
    return json.dumps(
        {**delivery.event, "delivery_id": delivery.id}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def delivery_attempt(*, delivery_id: int) -> Outcome:
    """Send the delivery once if it is pending, due and not leased (see the module)."""
    now = timezone.now()
    # Due with a second's slack: the retry's countdown and `next_attempt_at` are computed
    # from the same delay, on two clocks read a moment apart.
    taken = Delivery.objects.filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now),
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now + timedelta(seconds=1),
    ).update(leased_until=now + timedelta(seconds=LEASE_SECONDS))
    delivery = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if not taken or delivery is None:  # the subscription was deleted meanwhile
        return Outcome("skipped")
    subscription = delivery.subscription
    body = delivery_body(delivery)
    code, error = targets.post(
        subscription.url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "KruCare-Webhooks/1",
            EVENT_HEADER: str(delivery.event_id),
            EVENT_TYPE_HEADER: delivery.resource,
            DELIVERY_HEADER: str(delivery.id),
            SIGNATURE_HEADER: signature_header(signing_secrets(subscription), body),
        },
        timeout=TIMEOUT_SECONDS,
    )
    return _record(delivery_id=delivery_id, code=code, error=error)


@transaction.atomic
def _record(*, delivery_id: int, code: int | None, error: str) -> Outcome:
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("subscription")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != DeliveryStatus.PENDING:  # deleted or replayed
        return Outcome("skipped")
    now = timezone.now()
    delivery.last_status_code = code
    delivery.leased_until = None
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = ""
        delivery.save()
        return Outcome(DeliveryStatus.DELIVERED)
    delivery.attempts += 1
    delivery.last_error = error or f"HTTP {code}"
    if delivery.attempts >= delivery.subscription.max_attempts:
        delivery.status = DeliveryStatus.PARKED
        delivery.save()
        return Outcome(DeliveryStatus.PARKED)
    delay = backoff_seconds(delivery.attempts)
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.save()
    return Outcome(DeliveryStatus.PENDING, retry_in=delay)


@transaction.atomic
def delivery_replay(*, delivery: Delivery) -> Delivery:
    """Send a delivered or parked delivery again (a pending one is left to its schedule), with
    its attempts counted afresh. Enqueued on commit."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != DeliveryStatus.PENDING:
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.leased_until = None
        delivery.delivered_at = None
        delivery.save()
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def event_types() -> list[str]:
    """The event types an office's subscription may name: the feeds' resources
    (`core.modules`)."""
    return sorted(feed_resources())


def national_event_types() -> list[str]:
    """The event types a national subscription (the public schema's) may name."""
    return sorted(central_feed_resources())
