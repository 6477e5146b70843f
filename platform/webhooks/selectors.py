"""Reads across offices for the webhook tasks (run in the public schema)."""

from __future__ import annotations

from django.db import connection
from psycopg import sql

from tenants.models import Office
from webhooks.models import Delivery, DeliveryStatus, Subscription


def schemas_with_webhooks() -> list[str]:
    """The schemas of active offices that have an active subscription or a pending delivery:
    one query over every office schema (each part stops at its first row)."""
    schemas = list(
        Office.objects.filter(is_active=True, ready_at__isnull=False)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    if not schemas:
        return []
    part = sql.SQL(
        "SELECT {name} WHERE EXISTS (SELECT 1 FROM {subscriptions} WHERE is_active) "
        "OR EXISTS (SELECT 1 FROM {deliveries} WHERE status = {pending})"
    )
    query = sql.SQL(" UNION ALL ").join(
        part.format(
            name=sql.Literal(schema),
            subscriptions=sql.Identifier(schema, Subscription._meta.db_table),
            deliveries=sql.Identifier(schema, Delivery._meta.db_table),
            pending=sql.Literal(DeliveryStatus.PENDING.value),
        )
        for schema in schemas
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [row[0] for row in cursor.fetchall()]
