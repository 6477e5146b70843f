"""The desk's service types come from the modules (`core.modules.DeskService`): after every
migration of an office schema, a service a module declares and the office does not have yet is
added with its letter, standard and order. An existing one is never changed: the office admin
owns its names, order, standard and whether it is offered (`service_type_update`)."""

from __future__ import annotations

import logging

from django.db import connections, transaction

from apps.onestop.models import ServiceType
from core.modules import desk_services

logger = logging.getLogger(__name__)


def service_types_sync(*, using: str = "default") -> list[str]:
    """Add the declared services this schema lacks; returns their codes. Does nothing in a
    schema without the desk (the public one)."""
    connection = connections[using]
    if ServiceType._meta.db_table not in connection.introspection.table_names():
        return []
    added = []
    with transaction.atomic(using=using):
        existing = ServiceType.objects.using(using)
        codes = set(existing.values_list("code", flat=True))
        letters = set(existing.values_list("ticket_prefix", flat=True))
        for service in desk_services():
            if service.code in codes:
                continue
            if service.ticket_prefix in letters:
                logger.warning(
                    "Desk service %s not added: letter %s is taken in schema %s",
                    service.code,
                    service.ticket_prefix,
                    getattr(connection, "schema_name", "?"),
                )
                continue
            ServiceType.objects.using(using).create(
                code=service.code,
                name_th=service.name_th,
                name_en=service.name_en,
                ticket_prefix=service.ticket_prefix,
                standard_minutes=service.standard_minutes,
                display_order=service.display_order,
            )
            letters.add(service.ticket_prefix)
            added.append(service.code)
    return added
