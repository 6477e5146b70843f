"""The change feeds as JSON."""

from __future__ import annotations

from rest_framework import serializers

from core.modules import feed_resources
from outbox.models import EventAction


class FeedEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        help_text="The event's id, unique within its office: de-duplicate by (office, id)."
    )
    office = serializers.CharField(help_text="The code of the office that recorded the event.")
    resource = serializers.ChoiceField(choices=sorted(feed_resources()))
    resource_id = serializers.CharField(help_text="The id of the record (as a string).")
    action = serializers.ChoiceField(choices=EventAction.values)
    occurred_at = serializers.DateTimeField(help_text="When the change was written.")
    data = serializers.DictField(  # type: ignore[assignment]
        help_text="The record as it was after the change (before it, for `deleted`): ISO 8601 "
        "dates, money as strings with two decimals, national IDs in full. A person carries "
        "the family: a family member's change is an `updated` event of the person."
    )


class FeedPageSerializer(serializers.Serializer):
    events = FeedEventSerializer(many=True)
    next = serializers.CharField(
        help_text="The cursor to send as `after` for the next page; always present (the same "
        "position when nothing new was served). Opaque; bound to this office and filter."
    )
    has_more = serializers.BooleanField(
        help_text="More events can be read now: ask again at once. False: poll later."
    )


class FeedResourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
