"""Webhook tasks. Beat runs `webhooks_dispatch_all_task` every ten seconds: one task that finds,
in one query over every office schema, the offices with an active subscription or a pending
delivery (and the public schema, whose national subscriptions receive the central layer's
events, `central.events`), and dispatches each of them in turn (new deliveries from its
outbox, lost ones re-sent); an office without webhooks costs nothing. Each delivery is one
`webhook_deliver_task`, sent from its office's schema so that it runs there.

`acks_late` (the settings' default, restated here): a worker killed while sending leaves the
message to the broker, which hands it to another worker (Redis after the visibility timeout,
RabbitMQ when the connection drops); the sweep covers brokers that cannot (the filesystem
broker), messages lost otherwise, and retries due later than a worker may hold a message.

Every task is safe to run twice: a delivery is leased before it is sent and recorded once,
dispatch locks its subscription, and the sweep only re-sends what is due and not leased."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, time_limit=60)
def webhook_deliver_task(delivery_id: int) -> str:
    """Attempt the delivery (nothing if it is delivered, parked, leased or not due); on a
    failure, send itself again for the next attempt if that is due within the longest
    countdown a worker may hold (else the dispatch pass's sweep sends it when it is due).
    Runs in the office's schema."""
    from webhooks.services import delivery_attempt

    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None and outcome.retry_in <= settings.KRUCARE_TASK_MAX_COUNTDOWN:
        webhook_deliver_task.apply_async((delivery_id,), countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True, time_limit=120)
def webhooks_dispatch_task() -> int:
    """Create this office's new deliveries from its outbox and re-send lost ones (one office;
    `webhooks_dispatch_all_task` does every office that needs it in one pass)."""
    from webhooks.services import webhooks_dispatch

    return webhooks_dispatch()


@shared_task(time_limit=240)
def webhooks_dispatch_all_task() -> int:
    """Dispatch every office that has an active subscription or a pending delivery, and the
    public schema's national subscriptions, in one pass (runs on the public schema); the number
    of schemas dispatched. An office that fails
    is logged and the others go on; an unreachable database ends the pass."""
    from django_tenants.utils import schema_context

    from tenants.routing import UNREACHABLE
    from webhooks.selectors import schemas_with_webhooks
    from webhooks.services import webhooks_dispatch

    schemas = schemas_with_webhooks()
    for schema in schemas:
        try:
            with schema_context(schema):
                webhooks_dispatch()
        except UNREACHABLE:
            raise  # the database is gone for every office: beat tries again in ten seconds
        except Exception:
            logger.exception("Webhook dispatch failed for %s; the other offices go on", schema)
    return len(schemas)
