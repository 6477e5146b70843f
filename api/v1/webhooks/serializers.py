"""Webhook subscriptions and deliveries as JSON."""

from __future__ import annotations

from rest_framework import serializers

from api.v1.common import StrictCharField
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.services import event_types

# Plain strings, not an enum: the feed's `resource` enum has the same choices, and one choice
# set under two names makes the schema ambiguous. The service refuses unknown names.
EVENT_TYPES_HELP = (
    "Resources of the feed (`/api/v1/feed/resources/`): "
    + ", ".join(f"`{name}`" for name in event_types())
    + "."
)


class SubscriptionSerializer(serializers.ModelSerializer):
    client = serializers.IntegerField(source="client_id", read_only=True)
    client_name = StrictCharField(source="client.name", read_only=True)
    event_types = serializers.ListField(child=StrictCharField(), help_text=EVENT_TYPES_HELP)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "client",
            "client_name",
            "url",
            "event_types",
            "is_active",
            "max_attempts",
            "previous_secret_expires_at",
            "created_at",
        ]
        extra_kwargs = {
            "previous_secret_expires_at": {
                "read_only": True,
                "help_text": "After a secret rotation: until when deliveries are signed with "
                "the previous secret too (a second `v1`). Null: one secret.",
            }
        }


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    secret = StrictCharField(
        read_only=True,
        help_text="The signing secret: shown this once. Keep it to verify `KruCare-Signature`.",
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class SubscriptionInputSerializer(serializers.Serializer):
    client = serializers.IntegerField(
        required=False,
        help_text="The id of the office's client that subscribes. Required for an office "
        "admin; a client subscribes itself (a value naming another client is refused).",
    )
    url = StrictCharField(
        max_length=500,
        help_text="HTTPS to a public host (`webhooks.target_not_allowed` for a loopback, "
        "private, link-local or internal address or name; `webhooks.https_required` for plain "
        "HTTP). Its addresses are checked again at every delivery, and the connection goes to "
        "the address checked. Plain HTTP to 127.0.0.1, ::1 or localhost only on development "
        "installations.",
    )
    event_types = serializers.ListField(
        child=StrictCharField(max_length=50),
        allow_empty=False,
        max_length=len(event_types()),
        help_text=f"{EVENT_TYPES_HELP} The client must hold each one's read scope.",
    )
    max_attempts = serializers.IntegerField(
        required=False, min_value=1, max_value=20, help_text="Failures before parking (8)."
    )


class SubscriptionUpdateSerializer(serializers.Serializer):
    url = StrictCharField(
        max_length=500,
        required=False,
        help_text="A new URL, checked as at subscribing (HTTPS to a public host).",
    )
    event_types = serializers.ListField(
        child=StrictCharField(max_length=50),
        allow_empty=False,
        max_length=len(event_types()),
        required=False,
        help_text=f"Replaces the event types. {EVENT_TYPES_HELP}",
    )
    is_active = serializers.BooleanField(
        required=False,
        help_text="False: nothing is sent. Made active again, it receives the events "
        "committed meanwhile.",
    )
    max_attempts = serializers.IntegerField(required=False, min_value=1, max_value=20)


class SecretRotationSerializer(serializers.Serializer):
    grace_hours = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=168,
        default=24,
        help_text="How long the previous secret keeps signing beside the new one (0: not at "
        "all). Deliveries then carry two `v1` signatures, the new secret's first.",
    )


class RotatedSecretSerializer(SubscriptionSerializer):
    secret = StrictCharField(read_only=True, help_text="The new signing secret: shown this once.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class PingResultSerializer(serializers.Serializer):
    delivered = serializers.BooleanField(help_text="The receiver answered 2xx.")
    status_code = serializers.IntegerField(
        allow_null=True, help_text="The receiver's HTTP status; null: no answer."
    )
    error = StrictCharField(
        allow_blank=True,
        help_text="As a delivery's `last_error`: `HTTP <status>`, or one generic text when no "
        "answer came (a refused address, a name not resolved, a timeout, a TLS failure).",
    )


class DeliverySerializer(serializers.ModelSerializer):
    subscription = serializers.IntegerField(source="subscription_id", read_only=True)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    last_status_code = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "subscription",
            "event_id",
            "resource",
            "action",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
        ]
        extra_kwargs = {
            "last_error": {
                "help_text": "`HTTP <status>` when the receiver answered otherwise than 2xx; one "
                "generic text for every attempt that got no answer (refused address, name not "
                "resolved, connection refused, timeout, TLS failure)."
            }
        }


class DeliveryFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DeliveryStatus.values, required=False)
    subscription = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
