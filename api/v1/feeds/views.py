"""`/api/v1/feed/` on an office host: the office's changes in commit order, read by cursor.

A client pages with `after=<next>` until `has_more` is false, then polls with the last
`next`. Every event is served exactly once along the cursors, also while writers commit out
of order (`outbox.selectors` says why); an event's transaction still running holds the
events after it back until it ends.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import CentralRole, OfficeRole
from api.pagination import parse_limit
from api.permissions import HasCentralRole, HasRole, ScopeMissing
from api.requests import OfficeApiRequest
from api.v1.common import (
    BAD_REQUEST,
    READ_ERRORS,
    ErrorSerializer,
    StrictCharField,
    bulk_read_record,
    query_choice,
    query_params,
)
from api.v1.feeds.events import EventTypeSerializer, NationalEventTypeSerializer, catalogue
from api.v1.feeds.serializers import FeedPageSerializer, FeedResourceSerializer
from clients.models import ClientCredential
from core.errors import ApplicationError
from core.modules import feed_resources
from outbox.cursor import (
    START,
    CursorReset,
    Position,
    cursor_decode,
    cursor_encode,
    national_cursor_decode,
    national_cursor_encode,
)
from outbox.selectors import (
    MAX_LIMIT,
    NATIONAL_START,
    FeedEvent,
    national_event_page,
    outbox_event_page,
)
from tenants.models import OfficeRestore
from tenants.selectors import office_restore_latest, restore_latest

FEED_READERS = HasRole.of(OfficeRole.OFFICE_ADMIN, OfficeRole.VIEWER)
NATIONAL_READERS = HasCentralRole.of(CentralRole.PLATFORM_OPERATOR, CentralRole.CENTRAL_ANALYST)
# A machine client reads the feed of a resource it may read: `feeds:read` (the view's scope)
# and the resource's own read scope.


class ResourceRequiredError(ApplicationError):
    code = "feeds.resource_required"


def _client_may_read(request: Request, resource: str | None) -> None:
    """A client names the resource (one feed per resource it may read) and holds its scope;
    people (roles) read every resource."""
    if not isinstance(request.auth, ClientCredential):
        return
    if resource is None:
        raise ResourceRequiredError(
            "เครื่องลูกข่ายต้องระบุ resource ที่จะอ่าน",
            "A client reads one resource's feed: give `resource`.",
            field="resource",
        )
    if feed_resources()[resource].scope not in request.auth.client.scopes:
        raise ScopeMissing()


DEFAULT_LIMIT = 100
# The first resource of the feeds, as the example of the list of resources.
_EXAMPLE = next(iter(sorted(feed_resources().values(), key=lambda resource: resource.name)))

PAGE_EXAMPLE = OpenApiExample(
    "A page of card events",
    value={
        "events": [
            {
                "id": 4182,
                "office": "nonthaburi1",
                "resource": "idcards.card",
                "resource_id": "311",
                "action": "created",
                "occurred_at": "2026-11-24T09:15:02.481223+07:00",
                # The event type's catalogue example: the whole REST resource.
                "data": import_string(feed_resources()["idcards.card"].example or ""),
            }
        ],
        "next": cursor_encode(Position(912, 4182), office="nonthaburi1", resource="idcards.card"),
        "has_more": False,
    },
    response_only=True,
    status_codes=["200"],
)
BAD_CURSOR_EXAMPLE = OpenApiExample(
    "A cursor of another office or filter",
    value={
        "code": "feeds.invalid_cursor",
        "message": "The cursor is not valid, or was not issued for this office and resource.",
        "fields": {
            "after": [
                {
                    "code": "feeds.invalid_cursor",
                    "message": "The cursor is not valid, or was not issued for this office "
                    "and resource.",
                }
            ]
        },
    },
    response_only=True,
    status_codes=["400"],
)

CURSOR_RESET = OpenApiResponse(
    ErrorSerializer,
    description="`feeds.cursor_reset`: the office was restored from a backup after this cursor "
    "was issued (for the national feed: any office). Events written after the backup are "
    "withdrawn and positions changed: start again without `after` and bring your copy in line.",
)
CURSOR_RESET_EXAMPLE = OpenApiExample(
    "A cursor from before a restore",
    value={
        "code": "feeds.cursor_reset",
        "message": CursorReset(restored_from="2026-11-23T01:30:00+07:00").message_en,
        "fields": {
            "after": [
                {
                    "code": "feeds.cursor_reset",
                    "message": CursorReset(restored_from="2026-11-23T01:30:00+07:00").message_en,
                }
            ]
        },
    },
    response_only=True,
    status_codes=["410"],
)


def _epoch(restore: OfficeRestore | None) -> str:
    return restore.epoch if restore is not None else ""


def _cursor_reset(restore: OfficeRestore | None) -> Response:
    """410 `feeds.cursor_reset`, saying when the backup restored was taken."""
    taken = timezone.localtime(restore.backup_created_at).isoformat() if restore else ""
    error = CursorReset(restored_from=taken)
    detail = {"code": error.code, "message": error.message}
    return Response({**detail, "fields": {"after": [detail]}}, status=410)


FEED_PARAMETERS = [
    OpenApiParameter(
        "resource", str, enum=sorted(feed_resources()), description="Only this resource."
    ),
    OpenApiParameter("after", str, description="The `next` of the previous page; omit to start."),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        description=f"Events per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}); anything "
        "else is refused (400 `api.invalid_limit`), never clamped.",
    ),
]


class FeedQuerySerializer(serializers.Serializer):
    after = StrictCharField(required=False, max_length=500)


def _feed_query(request: Request) -> tuple[str | None, int, dict[str, Any]]:
    """The resource, the limit and the rest of a feed's query: an unknown resource is 400
    `api.invalid_filter`, a bad limit 400 `api.invalid_limit`, as on every list."""
    params = query_params(request)
    resource = query_choice(params, "resource", sorted(feed_resources())) or None
    limit = parse_limit(params.get("limit"), default=DEFAULT_LIMIT, maximum=MAX_LIMIT)
    query = FeedQuerySerializer(data=params)
    query.is_valid(raise_exception=True)
    return resource, limit, query.validated_data


class FeedView(GenericAPIView):
    permission_classes = [FEED_READERS]
    required_scope = "feeds:read"
    serializer_class = FeedPageSerializer
    pagination_class = None

    @extend_schema(
        operation_id="feed_read",
        summary="The office's changes in commit order",
        description="Created, updated and deleted events of the office's people (with "
        "families), identity cards and payments, in the order their transactions committed. "
        "Start without `after`; send each page's `next` as `after`. Along the cursors every "
        "event is served exactly once (no gap, no repeat), also while writers commit out of "
        "order. A cursor is bound to the office and the `resource` filter it was served for, "
        "and to the office's data: after a restore from a backup it is answered 410 "
        "`feeds.cursor_reset` (start again without `after`).",
        parameters=FEED_PARAMETERS,
        responses={200: FeedPageSerializer, 400: BAD_REQUEST, 410: CURSOR_RESET, **READ_ERRORS},
        examples=[PAGE_EXAMPLE, BAD_CURSOR_EXAMPLE, CURSOR_RESET_EXAMPLE],
    )
    def get(self, request: OfficeApiRequest) -> HttpResponse:
        resource, limit, wanted = _feed_query(request)
        _client_may_read(request, resource)
        office = request.office.code
        restore = office_restore_latest(office_code=office)  # before the page (the module)
        after = START
        if "after" in wanted:
            try:
                after = cursor_decode(
                    wanted["after"],
                    office=office,
                    resource=resource,
                    epoch=_epoch(restore),
                )
            except CursorReset:
                return _cursor_reset(restore)
        page = outbox_event_page(after=after, resource=resource, limit=limit)
        bulk_read_record(request, "api.feed_read", len(page.events))
        return HttpResponse(
            _page_json(
                [(office, event) for event in page.events],
                next_cursor=cursor_encode(
                    page.position, office=office, resource=resource, epoch=_epoch(restore)
                ),
                has_more=page.has_more,
            ),
            content_type="application/json",
        )


def _page_json(events: list[tuple[str, FeedEvent]], *, next_cursor: str, has_more: bool) -> str:
    """The page as `FeedPageSerializer` describes it, built as text: each payload is spliced in
    as PostgreSQL returns it, never parsed and re-encoded (the feed's throughput is mostly
    that). Each event's head is `json.dumps`ed, so every value is properly escaped."""
    parts = []
    for office, event in events:
        head = json.dumps(
            {
                "id": event.id,
                "office": office,
                "resource": event.resource,
                "resource_id": event.resource_id,
                "action": event.action,
                "occurred_at": timezone.localtime(event.occurred_at).isoformat(),
            },
            ensure_ascii=False,
        )
        parts.append(f'{head[:-1]}, "data": {event.data_json}}}')
    tail = json.dumps({"next": next_cursor, "has_more": has_more})
    return f'{{"events": [{", ".join(parts)}], {tail[1:]}'


class FeedResourceListView(GenericAPIView):
    permission_classes = [FEED_READERS]
    required_scope = "feeds:read"
    serializer_class = FeedResourceSerializer
    pagination_class = None

    @extend_schema(
        operation_id="feed_resources",
        summary="The resources the feed serves",
        responses={200: FeedResourceSerializer(many=True), **READ_ERRORS},
        examples=[
            OpenApiExample(
                "A resource",  # one item: drf-spectacular wraps a list's example in the list
                value={
                    "name": _EXAMPLE.name,
                    "description": _EXAMPLE.description,
                    "resource_path": _EXAMPLE.path,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        rows = [
            {"name": name, "description": resource.description, "resource_path": resource.path}
            for name, resource in sorted(feed_resources().items())
        ]
        return Response(FeedResourceSerializer(rows, many=True).data)


class NationalFeedView(GenericAPIView):
    permission_classes = [NATIONAL_READERS]
    required_scope = "feeds:read"
    serializer_class = FeedPageSerializer
    pagination_class = None

    @extend_schema(
        operation_id="national_feed_read",
        summary="Every office's changes in commit order",
        description="The feeds of all offices merged, on the central host, for the central "
        "agency's clients: the same events and guarantees as an office's `/api/v1/feed/` "
        "(every event once, in commit order, across offices: transaction ids are shared by "
        "all offices), each event naming its office. The cursor is bound to the national feed "
        "and the `resource` filter, and answered 410 `feeds.cursor_reset` once any office is "
        "restored from a backup (start again without `after`).",
        parameters=FEED_PARAMETERS,
        responses={200: FeedPageSerializer, 400: BAD_REQUEST, 410: CURSOR_RESET, **READ_ERRORS},
        examples=[PAGE_EXAMPLE, BAD_CURSOR_EXAMPLE, CURSOR_RESET_EXAMPLE],
    )
    def get(self, request: OfficeApiRequest) -> HttpResponse:
        resource, limit, wanted = _feed_query(request)
        _client_may_read(request, resource)
        restore = restore_latest()  # before the page (the module)
        after = NATIONAL_START
        if "after" in wanted:
            try:
                after = national_cursor_decode(
                    wanted["after"], resource=resource, epoch=_epoch(restore)
                )
            except CursorReset:
                return _cursor_reset(restore)
        page = national_event_page(after=after, resource=resource, limit=limit)
        bulk_read_record(request, "api.national_feed_read", len(page.events))
        return HttpResponse(
            _page_json(
                [(item.office, item.event) for item in page.events],
                next_cursor=national_cursor_encode(
                    page.position, resource=resource, epoch=_epoch(restore)
                ),
                has_more=page.has_more,
            ),
            content_type="application/json",
        )


class _CatalogueSchema(AutoSchema):
    """The example is the catalogue's first entry, built when the schema is (the event types
    resolve their REST paths, which cannot be done while the URLconf is being imported)."""

    def get_examples(self) -> list[OpenApiExample]:
        return [
            OpenApiExample(
                "An event type",  # one item: drf-spectacular wraps a list's example in the list
                value=catalogue()[0],
                response_only=True,
            )
        ]


class EventCatalogueView(GenericAPIView):
    """The same on every host: nothing of an office in it (the examples are made up)."""

    schema = _CatalogueSchema()
    permission_classes = [IsAuthenticated]
    clients_without_scope = True  # any client (api.schema)
    serializer_class = EventTypeSerializer
    pagination_class = None

    @extend_schema(
        operation_id="events_catalogue",
        summary="The event catalogue",
        description="Every event type of the change feeds and webhooks (on the central host: "
        "of the national feed, each event naming its office): its name, the REST resource its "
        "payload mirrors, when it fires, the scope it needs, the payload's schema in this "
        "document and an example as a webhook delivers it. Answers any signed-in caller: it "
        "describes the API and holds no office's data.",
        responses={200: EventTypeSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(catalogue())


class _NationalCatalogueSchema(AutoSchema):
    def get_examples(self) -> list[OpenApiExample]:
        return [
            OpenApiExample(
                "A central event type",
                value=catalogue(central=True)[-1],
                response_only=True,
            )
        ]


class NationalEventCatalogueView(EventCatalogueView):
    """The central host's: the offices' event types (its national feed) and the central
    ones (its national webhooks)."""

    schema = _NationalCatalogueSchema()
    serializer_class = NationalEventTypeSerializer

    @extend_schema(
        operation_id="events_catalogue",
        summary="The event catalogue",
        description="Every event type this host serves: the offices' (in the national feed, "
        "each event naming its office; `channels: [national_feed]`) and the central layer's "
        "(for national webhook subscriptions; `channels: [national_webhooks]`, no `office` "
        "in their events): name, the REST resource its payload mirrors, when it fires, the "
        "scope it needs, the payload's schema in this document and an example. Answers any "
        "signed-in caller: it describes the API and holds no office's data.",
        responses={200: NationalEventTypeSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(catalogue(central=True))
