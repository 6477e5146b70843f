"""The change feeds as JSON."""

from __future__ import annotations

from rest_framework import serializers

from api.v1.common import StrictCharField
from api.v1.feeds.events import feed_event_union


class FeedPageSerializer(serializers.Serializer):
    events = feed_event_union(
        many=True,
        help_text="The events, each one of the event types (`/api/v1/events/`), by `resource`: "
        "`data` is the record as its REST resource shows it after the change (before it, for "
        "`deleted`), national IDs in full. A person carries the family: a family member's "
        "change is an `updated` event of the person.",
    )
    next = StrictCharField(
        help_text="The cursor to send as `after` for the next page; always present (the same "
        "position when nothing new was served). Opaque; bound to this office and filter."
    )
    has_more = serializers.BooleanField(
        help_text="More events can be read now: ask again at once. False: poll later."
    )


class FeedResourceSerializer(serializers.Serializer):
    name = StrictCharField(help_text="The resource's name (stable: subscribe by it).")
    description = StrictCharField()
    resource_path = StrictCharField(
        help_text="The REST resource whose fields its events carry, e.g. "
        "`/api/v1/idcards/applications/{id}/` for `idcards.card`."
    )
