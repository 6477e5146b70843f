"""Fund approvals as JSON: national IDs masked for roles that may not see them; dates ISO 8601
(C.E.); money and rates as strings."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import NamedChoiceField
from api.v1.idcards.serializers import ApplicantSerializer
from apps.people.models import PersonCategory
from apps.revolvingfund.models import Application, ApplicationStatus


class RoundRefSerializer(serializers.Serializer[dict[str, int]]):
    fiscal_year = serializers.IntegerField(help_text="B.E. fiscal year, e.g. 2557.")
    number = serializers.IntegerField(help_text="The round (ครั้งที่) of the fiscal year.")


class ApprovalSerializer(serializers.ModelSerializer):
    person = ApplicantSerializer(read_only=True)
    status = NamedChoiceField(
        enum_name="FundApplicationStatus", choices=ApplicationStatus.choices, read_only=True
    )
    applicant_category = NamedChoiceField(
        enum_name="PersonCategory", choices=PersonCategory.choices, read_only=True
    )
    round = serializers.SerializerMethodField()
    guarantors = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "person",
            "number",
            "status",
            "applicant_category",
            "position",
            "school_name",
            "amount_requested",
            "approved_amount",
            "annual_rate",
            "term_months",
            "instalment",
            "rank",
            "score_total",
            "decided_at",
            "terms_code",
            "terms_confirmed",
            "round",
            "guarantors",
        ]
        read_only_fields = fields

    @extend_schema_field(RoundRefSerializer)
    def get_round(self, obj: Application) -> dict[str, int]:
        return {"fiscal_year": obj.round.fiscal_year, "number": obj.round.number}

    @extend_schema_field(ApplicantSerializer(many=True))
    def get_guarantors(self, obj: Application) -> list[dict[str, Any]]:
        people = [g.person for g in obj.guarantors.all()]
        return list(ApplicantSerializer(people, many=True, context=self.context).data)
