"""Webhook tasks. Beat runs `webhooks_dispatch_all_task` every few seconds; it sends one
`webhooks_dispatch_task` per office (sent from the office's schema, so it runs there), which
creates deliveries and sweeps lost ones; each delivery is one `webhook_deliver_task`.

`acks_late` (the settings' default, restated here): a worker killed while sending leaves the
message to the broker, which hands it to another worker where it can; the sweep covers
brokers that cannot (the filesystem broker) and messages lost otherwise."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def webhook_deliver_task(delivery_id: int) -> str:
    """Attempt the delivery (nothing if it is delivered, parked, leased or not due); on a
    failure, send itself again for the next attempt. Runs in the office's schema."""
    from webhooks.services import delivery_attempt

    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        webhook_deliver_task.apply_async((delivery_id,), countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True)
def webhooks_dispatch_task() -> int:
    """Create this office's new deliveries from its outbox and re-enqueue lost ones."""
    from webhooks.services import webhooks_dispatch

    return webhooks_dispatch()


@shared_task
def webhooks_dispatch_all_task() -> int:
    """Send `webhooks_dispatch_task` to every active office (runs on the public schema); the
    number sent."""
    from django_tenants.utils import schema_context

    from tenants.models import Office

    schemas = list(
        Office.objects.filter(is_active=True, ready_at__isnull=False).values_list(
            "schema_name", flat=True
        )
    )
    for schema in schemas:
        with schema_context(schema):
            webhooks_dispatch_task.delay()
    return len(schemas)
