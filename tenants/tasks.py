"""The offices' background work: keeping spare office schemas ready (`tenants.spares`)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=200, time_limit=240)
def spares_refill_task() -> int:
    """Drop stale spare schemas and clone new ones up to KRUCARE_SPARE_OFFICES (beat: every
    ten minutes); the number cloned. Runs in the public schema."""
    from django_tenants.utils import schema_context

    from core.schemas import PUBLIC_SCHEMA
    from tenants.services import template_schema
    from tenants.spares import spares_refill

    with schema_context(PUBLIC_SCHEMA):
        cloned, _dropped = spares_refill(template=template_schema())
    return cloned
