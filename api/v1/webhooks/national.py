"""`/api/v1/webhooks/` on the central host: national webhooks.

A national client (of the public schema) holding `webhooks:manage` subscribes to the central
layer's event types (`core.modules.central_feed_resources`, e.g. `central.office`: an office
added, suspended or reactivated), each under its own read scope (`offices:read`); a platform
operator manages every national subscription (a new one names its client). The same
subscriptions, signing, address checks, delivery, retry, rotation, ping and PATCH as an
office's (`api.v1.webhooks.views`, `webhooks.services`), on the public schema's tables and
outbox. An office's event types (personal data) are not offered here: they stay with the
office's own clients, and the national feed. On an office host these paths are the office's
own webhooks; the national views answer 404 there (`HasCentralRole`).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from accounts.roles import CentralRole
from api.permissions import HasCentralRole
from api.v1 import examples as X
from api.v1.common import DETAIL_ERRORS, LIST_ERRORS, WRITE_ERRORS, StrictCharField
from api.v1.webhooks import views
from api.v1.webhooks.serializers import (
    SubscriptionCreatedSerializer,
    SubscriptionInputSerializer,
    SubscriptionSerializer,
    SubscriptionUpdateSerializer,
)
from webhooks.services import national_event_types

NATIONAL_MANAGERS = HasCentralRole.of(CentralRole.PLATFORM_OPERATOR)

NATIONAL_EVENT_TYPES_HELP = (
    "The central event types (`/api/v1/events/`, those marked `national_webhooks`): "
    + ", ".join(f"`{name}`" for name in national_event_types())
    + ". An office's event types are not offered on the central host."
)


class NationalSubscriptionSerializer(SubscriptionSerializer):
    event_types = serializers.ListField(
        child=StrictCharField(), help_text=NATIONAL_EVENT_TYPES_HELP
    )


class NationalSubscriptionCreatedSerializer(SubscriptionCreatedSerializer):
    event_types = serializers.ListField(
        child=StrictCharField(), help_text=NATIONAL_EVENT_TYPES_HELP
    )


class NationalSubscriptionInputSerializer(SubscriptionInputSerializer):
    client = serializers.IntegerField(
        required=False,
        help_text="The id of the national client that subscribes. Required for a platform "
        "operator; a client subscribes itself (a value naming another client is refused).",
    )
    event_types = serializers.ListField(
        child=StrictCharField(max_length=50),
        allow_empty=False,
        max_length=max(1, len(national_event_types())),
        help_text=f"{NATIONAL_EVENT_TYPES_HELP} The client must hold each one's read scope.",
    )


class NationalSubscriptionUpdateSerializer(SubscriptionUpdateSerializer):
    event_types = serializers.ListField(
        child=StrictCharField(max_length=50),
        allow_empty=False,
        max_length=max(1, len(national_event_types())),
        required=False,
        help_text=f"Replaces the event types. {NATIONAL_EVENT_TYPES_HELP}",
    )


NATIONAL_SUBSCRIPTION = {
    **X.SUBSCRIPTION,
    "client_name": "ระบบสารสนเทศ สพฐ.",
    "url": "https://data.example.go.th/hooks/krucare",
    "event_types": ["central.office"],
}
_WHO = "A national client sees its own; a platform operator every national subscription."


@extend_schema_view(
    get=extend_schema(
        description=f"{_WHO} Oldest first (by id).",
        responses={200: NationalSubscriptionSerializer(many=True), **LIST_ERRORS},
        examples=[X.response("Subscriptions", NATIONAL_SUBSCRIPTION)],
    ),
    post=extend_schema(
        summary="Subscribe to central event types",
        description="Deliveries start with the central events committed after the "
        "subscription (no `office` in their body). The response carries the signing secret, "
        "shown once.\n" + views.SIGNATURE_DOC,
        request=NationalSubscriptionInputSerializer,
        responses={201: NationalSubscriptionCreatedSerializer, **WRITE_ERRORS},
        examples=[
            X.response(
                "A new subscription",
                {**NATIONAL_SUBSCRIPTION, "secret": "whsec_3q2-7wXKfT0bV6m1nYgA8sLrP4cUe9hJdZo"},
                "201",
            )
        ],
    ),
)
class NationalSubscriptionListView(views.SubscriptionListView):
    permission_classes = [NATIONAL_MANAGERS]
    serializer_class = NationalSubscriptionSerializer


@extend_schema_view(
    get=extend_schema(
        responses={200: NationalSubscriptionSerializer, **DETAIL_ERRORS},
        examples=[X.response("A subscription", NATIONAL_SUBSCRIPTION), X.NOT_FOUND_EXAMPLE],
    ),
    patch=extend_schema(
        request=NationalSubscriptionUpdateSerializer,
        responses={200: NationalSubscriptionSerializer, **WRITE_ERRORS, **DETAIL_ERRORS},
        examples=[
            X.request("Pause", {"is_active": False}),
            X.response("Changed", {**NATIONAL_SUBSCRIPTION, "is_active": False}),
            X.NOT_FOUND_EXAMPLE,
        ],
    ),
)
class NationalSubscriptionDetailView(views.SubscriptionDetailView):
    permission_classes = [NATIONAL_MANAGERS]
    serializer_class = NationalSubscriptionSerializer


class NationalSecretRotationView(views.SecretRotationView):
    permission_classes = [NATIONAL_MANAGERS]


@extend_schema_view(
    post=extend_schema(
        description='POSTs `{"type": "ping", "subscription": <id>, "sent_at": <time>}` to the '
        "subscription's URL now, with `KruCare-Event-Type: ping`, signed and sent as "
        "deliveries are (the same address checks, pinned connection, no redirects, 5 s "
        "timeout), and answers what the receiver did. Nothing is recorded or retried."
    )
)
class NationalPingView(views.PingView):
    permission_classes = [NATIONAL_MANAGERS]


class NationalDeliveryListView(views.DeliveryListView):
    permission_classes = [NATIONAL_MANAGERS]


class NationalDeliveryReplayView(views.DeliveryReplayView):
    permission_classes = [NATIONAL_MANAGERS]


# Mounted by `api.v1.urls` (the central host), at the same paths as an office's.
national_webhook_urlpatterns = [
    path(
        "webhooks/subscriptions/",
        NationalSubscriptionListView.as_view(),
        name="webhook_subscription_list",
    ),
    path(
        "webhooks/subscriptions/<int:subscription_id>/",
        NationalSubscriptionDetailView.as_view(),
        name="webhook_subscription_detail",
    ),
    path(
        "webhooks/subscriptions/<int:subscription_id>/rotate-secret/",
        NationalSecretRotationView.as_view(),
        name="webhook_subscription_rotate_secret",
    ),
    path(
        "webhooks/subscriptions/<int:subscription_id>/ping/",
        NationalPingView.as_view(),
        name="webhook_subscription_ping",
    ),
    path(
        "webhooks/deliveries/",
        NationalDeliveryListView.as_view(),
        name="webhook_delivery_list",
    ),
    path(
        "webhooks/deliveries/<int:delivery_id>/replay/",
        NationalDeliveryReplayView.as_view(),
        name="webhook_delivery_replay",
    ),
]
