"""The health check as JSON: the schedule (campaigns and check points, no personal data) and
counts. Dates ISO 8601 (C.E.); times HH:MM (Bangkok); the fiscal year in B.E."""

from __future__ import annotations

from rest_framework import serializers

from api.v1.common import NamedChoiceField
from apps.healthchecks.models import CampaignStatus


class PublicCheckPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    starts_at = serializers.CharField(help_text="HH:MM, Bangkok time.")
    ends_at = serializers.CharField(help_text="HH:MM, Bangkok time.")
    venue = serializers.CharField()
    district = serializers.CharField(help_text="District or school cluster.")
    capacity = serializers.IntegerField()
    services = serializers.CharField(help_text="What the unit examines.")
    coordinator = serializers.CharField(help_text="The check point's coordinator and phone.")
    is_demo_venue = serializers.BooleanField(help_text="A venue made up by the demo.")
    target_schools = serializers.ListField(child=serializers.CharField())
    places_left = serializers.IntegerField()


class CheckPointSerializer(PublicCheckPointSerializer):
    booked = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    attended = serializers.IntegerField()


class PublicCampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fiscal_year = serializers.IntegerField(help_text="B.E.")
    title = serializers.CharField()
    partner = serializers.CharField()
    provider = serializers.CharField()
    notes = serializers.CharField()
    status = NamedChoiceField(enum_name="HealthCheckCampaignStatus", choices=CampaignStatus.choices)
    circular_number = serializers.CharField()
    first_day = serializers.DateField(allow_null=True)
    last_day = serializers.DateField(allow_null=True)
    checkpoints = PublicCheckPointSerializer(many=True)


class CampaignSerializer(PublicCampaignSerializer):
    announced_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    checkpoints = CheckPointSerializer(many=True)


class AttendanceRowSerializer(serializers.Serializer):
    checkpoint = serializers.IntegerField()
    campaign = serializers.IntegerField()
    day = serializers.DateField()
    venue = serializers.CharField()
    booked = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    attended = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    attended_by_category = serializers.DictField(child=serializers.IntegerField())


class AttendanceSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text="B.E.")
    rows = AttendanceRowSerializer(many=True)
