"""`/api/v1/webhooks/` on an office host: subscriptions to the office's changes, their
deliveries, and replay.

Used by a machine client holding `webhooks:manage` (it sees and manages only its own
subscriptions) and by the office's admins (every subscription of the office; a new one names
its client). Deliveries are signed as `webhooks.signing` documents.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import OfficeRole
from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import DETAIL_ERRORS, LIST_ERRORS, WRITE_ERRORS
from api.v1.webhooks.serializers import (
    DeliveryFilterSerializer,
    DeliverySerializer,
    SubscriptionCreatedSerializer,
    SubscriptionInputSerializer,
    SubscriptionSerializer,
)
from clients.models import ApiClient, ClientCredential
from core.errors import NotFoundError
from webhooks.models import Delivery, Subscription
from webhooks.services import (
    SubscriptionError,
    delivery_replay,
    subscription_create,
    subscription_delete,
)

MANAGERS = HasRole.of(OfficeRole.OFFICE_ADMIN)
SCOPE = "webhooks:manage"

SIGNATURE_DOC = """
Each delivery is a `POST` of the event as the feed shows it, plus `delivery_id`, with headers
`Content-Type: application/json`, `KruCare-Event-Id`, `KruCare-Delivery-Id` and
`KruCare-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, the HMAC keyed with the
subscription's secret over `f"{t}."` followed by the raw body. Deliveries go over HTTPS to
public addresses only and follow no redirect. Answer 2xx within 5 seconds; anything else is
retried with exponential backoff (10 s, 20 s, 40 s, … capped at an hour) and
parked after `max_attempts` failures (replay it with `POST
/api/v1/webhooks/deliveries/{id}/replay/`). The same event may arrive twice: de-duplicate by
`KruCare-Event-Id`. Verify in Python:

```python
import hashlib, hmac, time

def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    t, v1 = parts.get("t", ""), parts.get("v1", "")
    if not t.isdigit() or abs(time.time() - int(t)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), v1)
```
"""


class SubscriptionNotFound(NotFoundError):
    code = "webhooks.subscription_not_found"

    def __init__(self) -> None:
        super().__init__("ไม่พบการสมัครรับนี้", "No such subscription.")


class DeliveryNotFound(NotFoundError):
    code = "webhooks.delivery_not_found"

    def __init__(self) -> None:
        super().__init__("ไม่พบการส่งนี้", "No such delivery.")


def _own_client(request: Request) -> ApiClient | None:
    """The client making the request; None for a person (an office admin)."""
    if isinstance(request.auth, ClientCredential):
        return request.auth.client
    return None


def _subscriptions(request: Request) -> QuerySet[Subscription]:
    subscriptions = Subscription.objects.select_related("client").order_by("id")
    client = _own_client(request)
    return subscriptions if client is None else subscriptions.filter(client=client)


def _subscription(request: Request, subscription_id: int) -> Subscription:
    try:
        return _subscriptions(request).get(pk=subscription_id)
    except Subscription.DoesNotExist:
        raise SubscriptionNotFound() from None


class _WebhookView(GenericAPIView):
    permission_classes = [MANAGERS]
    required_scope = SCOPE
    required_write_scope = SCOPE


SUBSCRIPTION_EXAMPLE = OpenApiExample(
    "A new subscription",
    value={
        "id": 3,
        "client": 7,
        "client_name": "ระบบทะเบียนประวัติครู",
        "url": "https://hr.example.go.th/krucare/webhook",
        "event_types": ["idcards.card", "payments.payment"],
        "is_active": True,
        "max_attempts": 8,
        "created_at": "2026-11-24T09:15:02.481223+07:00",
        "secret": "whsec_3q2-7wXKfT0bV6m1nYgA8sLrP4cUe9hJdZoQ5iWkE2M",
    },
    response_only=True,
    status_codes=["201"],
)


class SubscriptionListView(_WebhookView):
    serializer_class = SubscriptionSerializer
    cursor_ordering = ("id",)

    @extend_schema(
        operation_id="webhooks_subscriptions_list",
        examples=[X.response("Subscriptions", X.SUBSCRIPTION)],
        summary="Webhook subscriptions",
        description="A client sees its own; an office admin every one of the office. "
        "Oldest first (by id).",
        responses={200: SubscriptionSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_subscriptions(request))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_subscriptions_create",
        summary="Subscribe to event types",
        description="Deliveries start with the events committed after the subscription. The "
        "response carries the signing secret, shown once.\n" + SIGNATURE_DOC,
        request=SubscriptionInputSerializer,
        responses={201: SubscriptionCreatedSerializer, **WRITE_ERRORS},
        examples=[SUBSCRIPTION_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        data = SubscriptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client = _own_client(request)
        named = data.validated_data.get("client")
        if client is None:
            client = ApiClient.objects.filter(pk=named).first() if named is not None else None
            if client is None:
                raise SubscriptionError(
                    "ต้องระบุระบบของสำนักงานนี้",
                    "Name a client of this office.",
                    field="client",
                )
        elif named is not None and named != client.pk:
            raise SubscriptionError(
                "ระบบสมัครรับได้เฉพาะของตนเอง",
                "A client subscribes only itself.",
                field="client",
            )
        subscription, secret = subscription_create(
            client=client,
            url=data.validated_data["url"],
            event_types=data.validated_data["event_types"],
            max_attempts=data.validated_data.get("max_attempts"),
        )
        body = SubscriptionCreatedSerializer(subscription).data
        body["secret"] = secret
        return Response(body, status=status.HTTP_201_CREATED)


class SubscriptionDetailView(_WebhookView):
    serializer_class = SubscriptionSerializer

    @extend_schema(
        operation_id="webhooks_subscriptions_retrieve",
        examples=[X.response("A subscription", X.SUBSCRIPTION), X.NOT_FOUND_EXAMPLE],
        summary="A webhook subscription",
        responses={200: SubscriptionSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, subscription_id: int) -> Response:
        return Response(self.get_serializer(_subscription(request, subscription_id)).data)

    @extend_schema(
        operation_id="webhooks_subscriptions_destroy",
        examples=[X.NOT_FOUND_EXAMPLE],
        summary="Unsubscribe",
        description="Removes the subscription and its deliveries; nothing more is sent.",
        responses={204: None, **DETAIL_ERRORS},
    )
    def delete(self, request: Request, subscription_id: int) -> Response:
        subscription_delete(subscription=_subscription(request, subscription_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryListView(_WebhookView):
    serializer_class = DeliverySerializer

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        examples=[X.response("Deliveries", X.DELIVERY)],
        summary="Webhook deliveries",
        description="Of the subscriptions the caller sees, newest first (by id).\n" + SIGNATURE_DOC,
        parameters=[
            OpenApiParameter("status", str, enum=["pending", "delivered", "parked"]),
            OpenApiParameter("subscription", int, description="Only this subscription's."),
        ],
        responses={200: DeliverySerializer(many=True), **WRITE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = DeliveryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        deliveries = Delivery.objects.filter(subscription__in=_subscriptions(request))
        if "status" in filters.validated_data:
            deliveries = deliveries.filter(status=filters.validated_data["status"])
        if "subscription" in filters.validated_data:
            deliveries = deliveries.filter(subscription_id=filters.validated_data["subscription"])
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class DeliveryReplayView(_WebhookView):
    serializer_class = DeliverySerializer

    @extend_schema(
        operation_id="webhooks_deliveries_replay",
        examples=[
            X.response(
                "Queued again",
                {**X.DELIVERY, "status": "pending", "attempts": 0, "last_error": ""},
                "202",
            ),
            X.NOT_FOUND_EXAMPLE,
        ],
        summary="Send a delivery again",
        description="A parked or delivered delivery becomes pending with its attempts counted "
        "afresh and is sent at once (a pending one keeps its schedule). The receiver sees the "
        "same event id again.",
        request=None,
        responses={202: DeliverySerializer, **DETAIL_ERRORS},
    )
    def post(self, request: Request, delivery_id: int) -> Response:
        delivery = Delivery.objects.filter(
            pk=delivery_id, subscription__in=_subscriptions(request)
        ).first()
        if delivery is None:
            raise DeliveryNotFound()
        delivery = delivery_replay(delivery=delivery)
        return Response(self.get_serializer(delivery).data, status=status.HTTP_202_ACCEPTED)
