"""Writing to the outbox. `outbox_record` is called by a writing service inside its own
transaction, after the change: the event commits with the change or not at all.

The resources are the modules' feed resources (`core.modules.FeedResource`); each module's
services say which of their changes they record (e.g. `apps.idcards.services.card_issue`). A
change to part of a resource (a person's family member) is an `updated` event of the resource,
whose payload carries it whole: one stream to follow, the latest snapshot complete. `deleted`
is reserved for a service that deletes.

The public schema's outbox records the central layer's events only
(`core.modules.central_feed_resources`, e.g. an office added or suspended), and an office's
outbox only its modules' resources: a resource of the other kind is refused, so no office's
personal data reaches the central outbox (read by national webhooks) and no central event an
office's.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.modules import FeedResource, central_feed_resources, feed_resources
from core.schemas import PUBLIC_SCHEMA, current_schema
from outbox.models import EventAction, OutboxEvent


def recordable_resources() -> dict[str, FeedResource]:
    """The resources this schema's outbox records: central ones in public, else the office's."""
    return central_feed_resources() if current_schema() == PUBLIC_SCHEMA else feed_resources()


def _builder(resource: str) -> FeedResource:
    found = recordable_resources().get(resource)
    if found is None:
        raise ValueError(f"{resource!r} is not recorded in the schema {current_schema()!r}")
    return found


def outbox_record(
    *, resource: str, action: str, obj: Any, resource_id: str | None = None
) -> OutboxEvent:
    """Record that `obj` (a `resource`) was created, updated or deleted, with its payload as
    it is now. Must run inside the transaction that made the change (it refuses to run in
    autocommit, where the event could outlive a rolled-back change), in the office's schema.
    The row's `txid` is the writing transaction's id, set by the database. `resource_id`:
    the record's id in the API when it is not its primary key (an office's code)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_record must run inside the transaction of the change")
    if action not in EventAction.values:
        raise ValueError(f"unknown action {action!r}")
    build = _builder(resource).build
    return OutboxEvent.objects.create(
        resource=resource,
        resource_id=resource_id or str(obj.pk),
        action=action,
        payload=build(obj),
    )


def outbox_record_many(*, resource: str, action: str, objs: list[Any]) -> int:
    """`outbox_record` for many objects at once (a bulk load such as the demo's register):
    one INSERT per thousand events. Same rules: inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_record_many must run inside the transaction of the change")
    if action not in EventAction.values:
        raise ValueError(f"unknown action {action!r}")
    build = _builder(resource).build
    events = [
        OutboxEvent(resource=resource, resource_id=str(obj.pk), action=action, payload=build(obj))
        for obj in objs
    ]
    OutboxEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
