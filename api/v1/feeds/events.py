"""The event types of the feeds and webhooks, typed: one schema per event type, the
discriminated unions the feed pages and webhook bodies are, and the event catalogue.

An event type is a feed resource (`core.modules.FeedResource`): its payload (`data`) is the
REST resource at the resource's `path`, with every field `GET path` returns (national IDs in
full), so its schema is that resource's component. The serializer is found by resolving the
path on the office URLconf, not named twice; `tests/api/test_event_types.py` checks that every
resource's real payload carries each field of its REST resource and validates against the
published schema, and that every catalogue example does.

In the OpenAPI document, `FeedEvent` and `WebhookEvent` are a `oneOf` of one component per
event type (`IdcardsCardFeedEvent`, `IdcardsCardWebhookEvent`, …) with a discriminator on
`resource`.

The central host also has the central layer's event types
(`core.modules.central_feed_resources`, e.g. `central.office`), for national webhooks only:
each payload's serializer is named in `CENTRAL_PAYLOADS`, the events carry no `office`, and
each has its `<Type>NationalWebhookEvent` component (`CatalogueExample` unites them with the
offices' in the central catalogue). The central host's catalogue lists both, each entry saying
where it is served (`channels`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.urls import resolve
from django.utils.module_loading import import_string
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from api.v1.common import NamedChoiceField, StrictCharField
from core.modules import FeedResource, central_feed_resources, feed_resources
from outbox.models import EventAction
from tenants.models import OfficeKind, Region

OFFICE_URLCONF = "config.urls_office"
EXAMPLE_OFFICE = "nonthaburi1"


@dataclass(frozen=True)
class EventType:
    resource: FeedResource
    serializer: type[serializers.Serializer]  # the REST resource's (its schema is the payload's)

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def component(self) -> str:
        """The payload's component in the OpenAPI document (drf-spectacular's naming)."""
        return self.serializer.__name__.removesuffix("Serializer")

    @property
    def camel(self) -> str:
        return "".join(part.capitalize() for part in self.name.replace("_", ".").split("."))

    def example_event(self, *, delivery_id: int | None = 9021) -> dict[str, Any]:
        """An event of this type as the feed serves it (with `delivery_id`, as a webhook
        delivers it)."""
        data: dict[str, Any] = import_string(self.resource.example or "")
        event = {
            "id": 4182,
            "office": EXAMPLE_OFFICE,
            "resource": self.name,
            "resource_id": str(data.get("id", "")),
            "action": EventAction.CREATED.value,
            "occurred_at": "2026-11-24T09:15:02.481223+07:00",
            "data": data,
        }
        return event if delivery_id is None else {**event, "delivery_id": delivery_id}


def resource_serializer(path: str) -> type[serializers.Serializer]:
    """The serializer of the REST resource at `path` (`/api/v1/…/{id}/`): its view's."""
    match = resolve(path.replace("{id}", "1"), urlconf=OFFICE_URLCONF)
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    serializer = getattr(view, "serializer_class", None)
    if serializer is None:
        raise LookupError(f"{path}: its view declares no serializer_class")
    return serializer


@functools.cache
def event_types() -> tuple[EventType, ...]:
    """Every event type of the office feeds and webhooks, by name."""
    return tuple(
        EventType(resource, resource_serializer(resource.path))
        for _, resource in sorted(feed_resources().items())
    )


class CentralOfficeSerializer(serializers.Serializer):
    """An area office as the central layer publishes it (no personal data)."""

    code = StrictCharField(help_text="The office's code: the `office` of the national feed.")
    name_th = StrictCharField()
    name_en = StrictCharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=OfficeKind.choices)
    province = StrictCharField()
    region = serializers.ChoiceField(choices=Region.choices)
    area_number = serializers.IntegerField()
    host = StrictCharField(help_text="The host the office's site and API answer on.")
    status = serializers.ChoiceField(
        choices=[("active", "active"), ("preparing", "preparing"), ("inactive", "inactive")],
        help_text="`active`: serving; `preparing`: created, not ready yet; `inactive`: suspended.",
    )


# The payload serializer of each central event type (an office's is found from its REST path).
CENTRAL_PAYLOADS: dict[str, type[serializers.Serializer]] = {
    "central.office": CentralOfficeSerializer,
}


@functools.cache
def central_event_types() -> tuple[EventType, ...]:
    """The central layer's event types (national webhooks on the central host), by name."""
    return tuple(
        EventType(resource, CENTRAL_PAYLOADS[name])
        for name, resource in sorted(central_feed_resources().items())
    )


class FeedEventBase(serializers.Serializer):
    id = serializers.IntegerField(
        help_text="The event's id, unique within its office: de-duplicate by (office, id)."
    )
    office = StrictCharField(help_text="The code of the office that recorded the event.")
    resource_id = StrictCharField(help_text="The id of the record (as a string).")
    action = NamedChoiceField(enum_name="EventAction", choices=EventAction.values)
    occurred_at = serializers.DateTimeField(help_text="When the change was written.")


class WebhookEventBase(FeedEventBase):
    delivery_id = serializers.IntegerField(
        help_text="The delivery (`KruCare-Delivery-Id`); the same event delivered again "
        "(a retry, a replay) keeps its `id` and may have another delivery."
    )


class CentralWebhookEventBase(serializers.Serializer):
    id = serializers.IntegerField(
        help_text="The event's id, unique among the central events: de-duplicate by it."
    )
    resource_id = StrictCharField(
        help_text="The id of the record, as the API names it (an office: its code)."
    )
    action = NamedChoiceField(enum_name="EventAction", choices=EventAction.values)
    occurred_at = serializers.DateTimeField(help_text="When the change was written.")
    delivery_id = serializers.IntegerField(
        help_text="The delivery (`KruCare-Delivery-Id`); the same event delivered again "
        "(a retry, a replay) keeps its `id` and may have another delivery."
    )


def _central_event_serializer(event: EventType) -> type[serializers.Serializer]:
    resource_field = extend_schema_field(
        {"type": "string", "description": f"The event type: always `{event.name}`."}
    )(type(f"{event.camel}ResourceField", (serializers.CharField,), {}))
    return type(
        f"{event.camel}NationalWebhookEventSerializer",
        (CentralWebhookEventBase,),
        {
            "resource": resource_field(),
            "data": event.serializer(
                help_text="The record after the change (before it, for `deleted`)."
            ),
            "__doc__": f"A central event of type `{event.name}`: {event.resource.description}",
        },
    )


@functools.cache
def _central_event_serializers() -> dict[
    str, serializers.Serializer | type[serializers.Serializer]
]:
    return {event.name: _central_event_serializer(event) for event in central_event_types()}


def _event_serializer(event: EventType, *, webhook: bool) -> type[serializers.Serializer]:
    resource_field = extend_schema_field(
        {"type": "string", "description": f"The event type: always `{event.name}`."}
    )(type(f"{event.camel}ResourceField", (serializers.CharField,), {}))
    data = event.serializer(
        help_text=f"The record as `GET {event.resource.path}` shows it (national IDs in full), "
        "after the change (before it, for `deleted`).",
    )
    kind = "WebhookEvent" if webhook else "FeedEvent"
    return type(
        f"{event.camel}{kind}Serializer",
        (WebhookEventBase if webhook else FeedEventBase,),
        {
            "resource": resource_field(),
            "data": data,
            "__doc__": f"An event of type `{event.name}`: {event.resource.description}",
        },
    )


@functools.cache
def _event_serializers(
    webhook: bool,
) -> dict[str, serializers.Serializer | type[serializers.Serializer]]:
    return {event.name: _event_serializer(event, webhook=webhook) for event in event_types()}


def feed_event_union(**kwargs: Any) -> PolymorphicProxySerializer:
    """An event as the feeds serve it: one of the event types, by `resource`."""
    return PolymorphicProxySerializer(
        component_name="FeedEvent",
        serializers=lambda: _event_serializers(False),
        resource_type_field_name="resource",
        **kwargs,
    )


def webhook_event_union(**kwargs: Any) -> PolymorphicProxySerializer:
    """A webhook's body: the event as the feed serves it, plus `delivery_id`."""
    return PolymorphicProxySerializer(
        component_name="WebhookEvent",
        serializers=lambda: _event_serializers(True),
        resource_type_field_name="resource",
        **kwargs,
    )


CHANNELS = ["feed", "webhooks", "national_feed", "national_webhooks"]


class EventTypeSerializer(serializers.Serializer):
    name = StrictCharField(
        help_text="The event type: the feed's `resource` and the webhooks' event type. Names "
        "are stable; `resource_path` is the REST resource the payload mirrors."
    )
    resource_path = StrictCharField(
        help_text="The REST resource (on an office host) whose fields the payload carries."
    )
    description = StrictCharField()
    fires = StrictCharField(help_text="When an event of this type is recorded.")
    actions = serializers.ListField(
        child=NamedChoiceField(enum_name="EventAction", choices=EventAction.values)
    )
    scope = StrictCharField(
        help_text="The scope a client needs to read it in the feed or subscribe to it."
    )
    payload_schema = StrictCharField(
        help_text="The payload's (`data`) schema in this API's OpenAPI document."
    )
    channels = serializers.ListField(
        child=NamedChoiceField(enum_name="EventChannel", choices=CHANNELS),
        help_text="Where this host serves it: `feed` and `webhooks` (an office's own, on its "
        "host); `national_feed` (`/api/v1/national/feed/`) and `national_webhooks` (the "
        "central host's `/api/v1/webhooks/`).",
    )
    example = webhook_event_union(
        help_text="An event of this type as a webhook delivers it (the feed serves the same "
        "without `delivery_id`)."
    )


class NationalEventTypeSerializer(EventTypeSerializer):
    """An entry of the central host's catalogue: an office's event type (the national feed)
    or a central one (national webhooks)."""

    example = PolymorphicProxySerializer(
        component_name="CatalogueExample",
        serializers=lambda: {**_event_serializers(True), **_central_event_serializers()},
        resource_type_field_name="resource",
        help_text="An event of this type as a webhook delivers it (the feed serves the same "
        "without `delivery_id`; a central event has no `office`).",
    )


def _entry(event: EventType, *, channels: list[str], example: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": event.name,
        "resource_path": event.resource.path,
        "description": event.resource.description,
        "fires": event.resource.fires,
        "actions": [action.value for action in EventAction],
        "scope": event.resource.scope,
        "payload_schema": f"#/components/schemas/{event.component}",
        "channels": channels,
        "example": example,
    }


def central_example_event(event: EventType, *, delivery_id: int = 9021) -> dict[str, Any]:
    """A central event as a national webhook delivers it (no `office`)."""
    data: dict[str, Any] = import_string(event.resource.example or "")
    return {
        "id": 57,
        "resource": event.name,
        "resource_id": str(data.get("code", data.get("id", ""))),
        "action": EventAction.CREATED.value,
        "occurred_at": "2026-11-24T09:15:02.481223+07:00",
        "data": data,
        "delivery_id": delivery_id,
    }


def catalogue(*, central: bool = False) -> list[dict[str, Any]]:
    """The event catalogue (`GET /api/v1/events/`, and `api/EVENTS.md`): an office host's, or
    the central host's (the offices' event types in the national feed, then the central
    ones for national webhooks)."""
    office_channels = ["national_feed"] if central else ["feed", "webhooks"]
    entries = [
        _entry(event, channels=office_channels, example=event.example_event())
        for event in event_types()
    ]
    if central:
        entries += [
            _entry(event, channels=["national_webhooks"], example=central_example_event(event))
            for event in central_event_types()
        ]
    return entries


def catalogue_markdown() -> str:
    """The catalogue as the API's documentation shows it (`api/EVENTS.md`, generated by
    `manage.py events_catalogue`; a test keeps the file current)."""
    import json

    lines = [
        "# Event catalogue",
        "",
        "<!-- Generated by `python manage.py events_catalogue > api/EVENTS.md`; do not edit. -->",
        "",
        "Each event type is a resource of the change feed (`GET /api/v1/feed/?resource=<name>`)",
        "and an event type of the webhooks (`POST /api/v1/webhooks/subscriptions/`). The same",
        "list, machine-readable: `GET /api/v1/events/`. An event's `data` carries every field",
        "of the REST resource it mirrors (national IDs in full); its schema is that resource's",
        "component in the OpenAPI document (`/api/v1/schema/`), and `FeedEvent` /",
        "`WebhookEvent` there are the unions of every event type, discriminated by `resource`.",
        "",
        "| Event type | REST resource | Scope | Payload schema |",
        "|---|---|---|---|",
    ]
    entries = catalogue()
    central = catalogue(central=True)[len(entries) :]

    def table(rows: list[dict[str, Any]]) -> None:
        for entry in rows:
            lines.append(
                f"| `{entry['name']}` | `{entry['resource_path']}` | `{entry['scope']}` "
                f"| `{entry['payload_schema'].rsplit('/', 1)[-1]}` |"
            )

    table(entries)
    lines += [
        "",
        "The central host (`/api/v1/events/` there) lists these for its national feed",
        "(`/api/v1/national/feed/`, each event naming its office), and the central layer's own",
        "event types below, for **national webhooks**: a national client holding",
        "`webhooks:manage` subscribes to them on the central host",
        "(`POST /api/v1/webhooks/subscriptions/`), each under its scope. Their events name no",
        "office (`CentralOfficeNationalWebhookEvent` in the central host's schema); an office's",
        "event types are not offered there, nor the central ones on an office host.",
        "",
        "| Central event type | REST resource (central host) | Scope | Payload schema |",
        "|---|---|---|---|",
    ]
    table(central)
    for entry in [*entries, *central]:
        lines += [
            "",
            f"## `{entry['name']}`",
            "",
            f"{entry['description']} Mirrors `{entry['resource_path']}`.",
            "",
            f"**Fires:** {entry['fires']}",
            "",
            "Example (a webhook's body; the feed serves the same without `delivery_id`):"
            if "office" in entry["example"]
            else "Example (a national webhook's body):",
            "",
            "```json",
            json.dumps(entry["example"], ensure_ascii=False, indent=2),
            "```",
        ]
    return "\n".join(lines) + "\n"
