"""The One Stop desk as JSON. Times are ISO 8601 with offset; minutes and shares are strings
with two decimals (exact values, like money)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import User
from api.v1.common import NamedChoiceField, StrictCharField
from apps.onestop.models import RequestStatus, ServiceRequest, ServiceType
from apps.people.models import Person


class ServiceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = [
            "id",
            "code",
            "name_th",
            "name_en",
            "ticket_prefix",
            "standard_minutes",
            "is_active",
        ]


class ServiceTypeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = ["id", "code", "name_th"]


class PersonBriefSerializer(serializers.ModelSerializer):
    full_name_th = StrictCharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name_th"]


class OfficerSerializer(serializers.ModelSerializer):
    display_name = StrictCharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name"]


class ServiceRequestSerializer(serializers.ModelSerializer):
    ticket = StrictCharField(read_only=True, help_text="Letter and three digits: `A001`.")
    service_type = ServiceTypeBriefSerializer(read_only=True)
    person = PersonBriefSerializer(read_only=True, allow_null=True)
    officer = OfficerSerializer(read_only=True, allow_null=True)
    handed_over_to = OfficerSerializer(read_only=True, allow_null=True)
    status = NamedChoiceField(
        enum_name="ServiceRequestStatus", choices=RequestStatus.choices, read_only=True
    )
    within_standard = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="Null while open."
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "ticket",
            "ticket_date",
            "service_type",
            "person",
            "status",
            "counter",
            "received_at",
            "called_at",
            "started_at",
            "completed_at",
            "cancelled_at",
            "handed_over_at",
            "officer",
            "handed_over_to",
            "outcome",
            "standard_minutes",
            "service_seconds",
            "within_standard",
        ]


class TicketOpenSerializer(serializers.Serializer):
    service_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ServiceType.objects.filter(is_active=True),
        help_text="The code of an offered service type, e.g. `id_card`.",
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="A person's id; null or absent for a walk-in not identified yet.",
    )


class CallNextSerializer(serializers.Serializer):
    counter = StrictCharField(max_length=30, help_text="The officer's counter: `ช่อง 1`.")
    service_types = serializers.ListField(
        child=StrictCharField(max_length=40),
        required=False,
        allow_null=True,
        help_text="Service type codes to call from; absent: every type.",
    )


class StartSerializer(serializers.Serializer):
    counter = StrictCharField(max_length=30, required=False)


class CompleteSerializer(serializers.Serializer):
    outcome = StrictCharField(required=False, allow_blank=True, default="")


class HandOverSerializer(serializers.Serializer):
    to_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text="The id of the desk officer who serves the request next.",
    )


class CancelSerializer(serializers.Serializer):
    reason = StrictCharField(required=False, allow_blank=True, default="")


class FiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Completed requests.")
    within_standard = serializers.IntegerField(help_text="Of those, completed within standard.")
    share_within_standard = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Percent; null over none."
    )
    median_minutes = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    p90_minutes = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, help_text="90th percentile."
    )


class ServiceTypeFiguresSerializer(serializers.Serializer):
    service_type = ServiceTypeBriefSerializer()
    figures = FiguresSerializer()


class MonthFiguresSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day (ISO 8601, C.E.).")
    figures = FiguresSerializer()


class StatisticsSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text="B.E., as asked: 2557.")
    start = serializers.DateField(help_text="First day, ISO 8601 (C.E.).")
    end = serializers.DateField(help_text="Last day, ISO 8601 (C.E.).")
    total = FiguresSerializer()
    by_service_type = ServiceTypeFiguresSerializer(many=True)
    by_month = MonthFiguresSerializer(many=True, help_text="Twelve months, October first.")


STATUS_VALUES = RequestStatus.values
