"""Reads across offices (and the public schema's national subscriptions) for the webhook
tasks (run in the public schema)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from psycopg import sql

from core.schemas import PUBLIC_SCHEMA
from outbox.models import OutboxEvent
from tenants.models import Office
from webhooks.models import Delivery, DeliveryStatus, Subscription


def _over_offices(schemas: list[str], part: sql.SQL) -> sql.Composed:
    """`part` once per office schema, joined by UNION ALL: `{name}` is the schema's name,
    `{subscriptions}`, `{deliveries}` and `{events}` its tables, `{pending}` and `{parked}`
    the delivery states."""
    return sql.SQL(" UNION ALL ").join(
        part.format(
            name=sql.Literal(schema),
            subscriptions=sql.Identifier(schema, Subscription._meta.db_table),
            deliveries=sql.Identifier(schema, Delivery._meta.db_table),
            events=sql.Identifier(schema, OutboxEvent._meta.db_table),
            pending=sql.Literal(DeliveryStatus.PENDING.value),
            parked=sql.Literal(DeliveryStatus.PARKED.value),
        )
        for schema in schemas
    )


def schemas_with_webhooks() -> list[str]:
    """The schemas with an active subscription or a pending delivery, of the active offices
    and the public schema (national subscriptions to central events): one query over every
    such schema (each part stops at its first row). The public schema comes first."""
    schemas = [PUBLIC_SCHEMA] + list(
        Office.objects.filter(is_active=True, ready_at__isnull=False)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    part = sql.SQL(
        "SELECT {name} WHERE EXISTS (SELECT 1 FROM {subscriptions} WHERE is_active) "
        "OR EXISTS (SELECT 1 FROM {deliveries} WHERE status = {pending})"
    )
    query = _over_offices(schemas, part)
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class WebhookState:
    office: str  # the office's code; `public` for the national subscriptions
    outbox_lag_seconds: float  # age of the oldest event no active subscription has passed
    pending: int
    failing: int  # pending after at least one failed attempt
    parked: int


def webhook_state() -> list[WebhookState]:
    """Per office with webhooks (`schemas_with_webhooks`): the outbox lag and the deliveries
    by state, for the metrics. One query over those offices."""
    schemas = schemas_with_webhooks()
    if not schemas:
        return []
    part = sql.SQL(
        "SELECT {name}, "
        "(SELECT coalesce(extract(epoch FROM now() - min(e.occurred_at)), 0) "
        " FROM {subscriptions} s JOIN LATERAL (SELECT occurred_at FROM {events} e "
        "  WHERE (e.txid, e.id) > (s.position_txid::text::xid8, s.position_id) "
        "  ORDER BY e.txid, e.id LIMIT 1) e ON true WHERE s.is_active), "
        "count(*) FILTER (WHERE d.status = {pending}), "
        "count(*) FILTER (WHERE d.status = {pending} AND d.attempts > 0), "
        "count(*) FILTER (WHERE d.status = {parked}) "
        "FROM {deliveries} d"
    )
    query = _over_offices(schemas, part)
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [
            WebhookState(
                office=schema.removeprefix("esa_"),
                outbox_lag_seconds=float(lag or 0),
                pending=int(pending),
                failing=int(failing),
                parked=int(parked),
            )
            for schema, lag, pending, failing, parked in cursor.fetchall()
        ]
