"""The central layer's events (`central.module`'s `central_feed_resources`), recorded in the
public schema's outbox in the transaction of the change and delivered to national webhook
subscriptions (`webhooks`, dispatched on the public schema like an office's).

`central.office`: `tenants.services` sends `tenants.signals.office_changed` when an office is
added (once its schema is ready) and when it is suspended or reactivated; the payload is the
office as the list of offices shows it, with no personal data."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import schema_context

from central.module import OFFICE_EVENT
from core.schemas import PUBLIC_SCHEMA
from outbox.services import outbox_record
from tenants.models import Domain, Office


class OfficeStatus:
    ACTIVE = "active"  # serving
    PREPARING = "preparing"  # created, not ready yet
    INACTIVE = "inactive"  # suspended by the platform

    values = (ACTIVE, PREPARING, INACTIVE)


def office_status(office: Office) -> str:
    if not office.is_active:
        return OfficeStatus.INACTIVE
    return OfficeStatus.ACTIVE if office.ready_at is not None else OfficeStatus.PREPARING


def office_payload(office: Office) -> dict[str, Any]:
    """The `central.office` payload (`api.v1.webhooks.national.OfficePayloadSerializer`)."""
    domain = (
        Domain.objects.filter(tenant_id=office.pk, is_primary=True)
        .values_list("domain", flat=True)
        .first()
    )
    return {
        "code": office.code,
        "name_th": office.name_th,
        "name_en": office.name_en,
        "kind": office.kind,
        "province": office.province,
        "region": office.region,
        "area_number": office.area_number,
        "host": domain or "",
        "status": office_status(office),
    }


OFFICE_EXAMPLE: dict[str, Any] = {
    "code": "nonthaburi1",
    "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานนทบุรี เขต 1",
    "name_en": "Nonthaburi Primary Educational Service Area Office 1",
    "kind": "primary",
    "province": "นนทบุรี",
    "region": "central",
    "area_number": 1,
    "host": "nonthaburi1.krucare.go.th",
    "status": "active",
}


def office_changed_record(sender: Any, *, office: Office, action: str, **kwargs: Any) -> None:
    """Record the change in the public schema's outbox (the signal is sent inside the
    change's transaction, so the event commits with it or not at all). The office's code is
    the event's `resource_id`, as the API names offices."""
    with schema_context(PUBLIC_SCHEMA):
        outbox_record(resource=OFFICE_EVENT, action=action, obj=office, resource_id=office.code)
