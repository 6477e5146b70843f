"""The welfare shop as JSON: members (national ID masked for roles that may not see it),
rooms and areas, bookings (no names: the office's or a school's). Dates ISO 8601 (C.E.),
money as strings."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import NamedChoiceField, StrictCharField
from api.v1.idcards.serializers import ApplicantSerializer
from apps.welfareshop.models import (
    Booking,
    BookingStatus,
    FeeKind,
    Member,
    MemberGroup,
    MemberStatus,
    PaymentMethod,
    Resource,
    ResourceKind,
)


class MemberSerializer(serializers.ModelSerializer):
    person = ApplicantSerializer(read_only=True)
    status = NamedChoiceField(
        enum_name="ShopMemberStatus", choices=MemberStatus.choices, read_only=True
    )
    group = NamedChoiceField(
        enum_name="ShopMemberGroup", choices=MemberGroup.choices, read_only=True
    )
    fee_kind = NamedChoiceField(enum_name="ShopFeeKind", choices=FeeKind.choices, read_only=True)
    payment = NamedChoiceField(
        enum_name="ShopPaymentMethod", choices=PaymentMethod.choices, read_only=True
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "person",
            "service_request",
            "number",
            "status",
            "group",
            "category",
            "unit",
            "fee_kind",
            "fee_amount",
            "payment",
            "deduction_instruction",
            "applied_at",
            "checked_at",
            "decided_at",
            "decision_reference",
            "joined_on",
            "suspended_on",
            "left_on",
        ]
        read_only_fields = fields


class ResourceSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(
        enum_name="ShopResourceKind", choices=ResourceKind.choices, read_only=True
    )

    class Meta:
        model = Resource
        fields = ["id", "name", "kind", "purpose", "capacity", "equipment", "opens", "closes",
                  "is_active"]  # fmt: skip
        read_only_fields = fields


class ResourceRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = StrictCharField()


class SchoolRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name_th = StrictCharField()


class BookingSerializer(serializers.ModelSerializer):
    status = NamedChoiceField(
        enum_name="ShopBookingStatus", choices=BookingStatus.choices, read_only=True
    )
    resource = serializers.SerializerMethodField()
    school = serializers.SerializerMethodField()
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = ["id", "status", "purpose", "attendees", "booked_at", "cancelled_at",
                  "resource", "starts_at", "ends_at", "school", "series"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ResourceRefSerializer())
    def get_resource(self, booking: Booking) -> dict[str, Any]:
        return {"id": booking.resource_id, "name": booking.resource.name}

    @extend_schema_field(SchoolRefSerializer(allow_null=True))
    def get_school(self, booking: Booking) -> dict[str, Any] | None:
        school = booking.school
        return None if school is None else {"id": school.pk, "name_th": school.name_th}

    @extend_schema_field(serializers.DateTimeField())
    def get_starts_at(self, booking: Booking) -> str:
        return serializers.DateTimeField().to_representation(booking.during.lower)

    @extend_schema_field(serializers.DateTimeField())
    def get_ends_at(self, booking: Booking) -> str:
        return serializers.DateTimeField().to_representation(booking.during.upper)
