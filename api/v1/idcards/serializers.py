"""ID-card applications as JSON: the applicant's national ID masked for roles that may not
see it; dates ISO 8601 (C.E.)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import NamedChoiceField, StrictCharField, sees_full_ids, shown_national_id
from apps.idcards.models import DOCUMENTS, ApplicationStatus, CardApplication, CardReason
from apps.onestop.models import OPEN_STATUSES, ServiceRequest
from apps.people.models import Person, PersonCategory

DOCUMENT_CHOICES = sorted(DOCUMENTS)


class ApplicantSerializer(serializers.ModelSerializer):
    national_id = serializers.SerializerMethodField(
        help_text="Masked for roles that may not see national IDs."
    )
    full_name_th = StrictCharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "national_id", "full_name_th"]

    @extend_schema_field(StrictCharField())
    def get_national_id(self, person: Person) -> str:
        return shown_national_id(person.national_id, full=sees_full_ids(self.context))


class CardApplicationSerializer(serializers.ModelSerializer):
    person = ApplicantSerializer(read_only=True)
    ticket = serializers.SerializerMethodField(help_text="The desk ticket, e.g. `B007`.")
    documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DOCUMENT_CHOICES), read_only=True
    )
    status = NamedChoiceField(
        enum_name="CardApplicationStatus", choices=ApplicationStatus.choices, read_only=True
    )
    reason = NamedChoiceField(enum_name="CardReason", choices=CardReason.choices, read_only=True)
    applicant_category = NamedChoiceField(
        enum_name="PersonCategory", choices=PersonCategory.choices, read_only=True
    )
    is_lifetime = serializers.BooleanField(read_only=True, help_text="A card valid for life.")

    class Meta:
        model = CardApplication
        fields = [
            "id",
            "person",
            "service_request",
            "ticket",
            "reason",
            "applicant_category",
            "police_report_number",
            "old_card_number",
            "documents",
            "status",
            "rejection_reason",
            "received_at",
            "checked_at",
            "approved_at",
            "printed_at",
            "handed_over_at",
            "closed_at",
            "card_number",
            "issue_date",
            "expiry_date",
            "is_lifetime",
            "issued_by_name",
            "issued_by_position",
        ]

    @extend_schema_field(StrictCharField(allow_null=True))
    def get_ticket(self, application: CardApplication) -> str | None:
        ticket = application.service_request
        return None if ticket is None else ticket.ticket


class CardApplicationInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text="The applicant's id in the register."
    )
    reason = NamedChoiceField(enum_name="CardReason", choices=CardReason.choices)
    documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DOCUMENT_CHOICES), required=False, default=list
    )
    police_report_number = StrictCharField(
        max_length=50, required=False, allow_blank=True, default="", help_text="A lost card."
    )
    old_card_number = StrictCharField(max_length=50, required=False, allow_blank=True, default="")
    service_request = serializers.PrimaryKeyRelatedField(
        queryset=ServiceRequest.objects.filter(
            status__in=OPEN_STATUSES, card_application__isnull=True
        ),
        required=False,
        allow_null=True,
        help_text="An open desk ticket without an application; absent: a ticket is opened.",
    )


class CheckSerializer(serializers.Serializer):
    documents = serializers.ListField(
        child=serializers.ChoiceField(choices=DOCUMENT_CHOICES),
        help_text="The documents received; every one the reason needs.",
    )


class RejectSerializer(serializers.Serializer):
    reason = StrictCharField(help_text="What the applicant is told.")
