"""Salary certificates as JSON: the borrower's national ID masked for roles that may not see it;
dates ISO 8601 (C.E.); money as strings."""

from __future__ import annotations

from rest_framework import serializers

from api.v1.common import NamedChoiceField
from api.v1.idcards.serializers import ApplicantSerializer
from apps.certificates.models import BankDecision, Certificate, CertificateStatus, CheckOutcome
from apps.people.models import PersonCategory


class CertificateSerializer(serializers.ModelSerializer):
    person = ApplicantSerializer(read_only=True)
    status = NamedChoiceField(
        enum_name="CertificateStatus", choices=CertificateStatus.choices, read_only=True
    )
    validity = serializers.ChoiceField(
        choices=["not_issued", "valid", "revoked", "superseded"], read_only=True
    )
    applicant_category = NamedChoiceField(
        enum_name="PersonCategory", choices=PersonCategory.choices, read_only=True
    )
    check_outcome = NamedChoiceField(
        enum_name="NetPayCheckOutcome", choices=CheckOutcome.choices, read_only=True
    )
    bank_decision = NamedChoiceField(
        enum_name="BankDecision", choices=BankDecision.choices, read_only=True
    )
    superseded_by: serializers.SlugRelatedField[Certificate] = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text="The number of the certificate replacing it."
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "person",
            "service_request",
            "number",
            "letter_number",
            "status",
            "validity",
            "applicant_category",
            "position",
            "school_name",
            "bank_code",
            "bank_name",
            "programme_code",
            "programme_name",
            "amount",
            "instalment",
            "term_months",
            "purpose",
            "check_month",
            "check_outcome",
            "net_pay",
            "net_percent",
            "headroom",
            "received_at",
            "prepared_at",
            "signed_at",
            "issue_date",
            "handed_over_at",
            "signed_by_name",
            "signed_by_position",
            "revoked_at",
            "revocation_reason",
            "bank_decision",
            "contract_number",
            "superseded_by",
        ]
        read_only_fields = fields


class VerificationSerializer(serializers.Serializer[dict[str, object]]):
    number = serializers.CharField()
    issue_date = serializers.DateField()
    bank = serializers.CharField()
    programme = serializers.CharField()
    name = serializers.CharField(help_text="Title, first name and the surname's first letter.")
    status = serializers.ChoiceField(choices=["valid", "revoked", "superseded"])
    status_th = serializers.CharField()
