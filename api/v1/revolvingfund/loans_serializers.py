"""Fund loans and repayments as JSON: the borrower's national ID masked for roles that may not
see it; dates ISO 8601 (C.E.); money and rates as strings."""

from __future__ import annotations

from rest_framework import serializers

from api.v1.common import NamedChoiceField
from api.v1.idcards.serializers import ApplicantSerializer
from apps.revolvingfund.models import (
    EntryKind,
    Loan,
    LoanEntry,
    LoanOrigin,
    LoanStatus,
    PaymentSource,
)


class LoanSerializer(serializers.ModelSerializer):
    person = ApplicantSerializer(read_only=True)
    status = NamedChoiceField(
        enum_name="FundLoanStatus", choices=LoanStatus.choices, read_only=True
    )
    origin = NamedChoiceField(
        enum_name="FundLoanOrigin", choices=LoanOrigin.choices, read_only=True
    )

    class Meta:
        model = Loan
        fields = [
            "id",
            "person",
            "number",
            "origin",
            "status",
            "application",
            "fiscal_year",
            "round_number",
            "principal",
            "annual_rate",
            "term_months",
            "instalment",
            "terms_code",
            "terms_confirmed",
            "contract_signed_on",
            "disbursed_on",
            "first_month",
            "schedule_instalment",
            "balance",
            "interest_due",
            "principal_repaid",
            "interest_paid",
            "last_month",
            "arrears_amount",
            "months_overdue",
            "transferred_from",
            "transferred_to",
            "closed_on",
            "closed_reason",
        ]
        read_only_fields = fields


class LoanRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Loan
        fields = ["id", "number"]
        read_only_fields = fields


class RepaymentSerializer(serializers.ModelSerializer):
    loan = LoanRefSerializer(read_only=True)
    kind = NamedChoiceField(enum_name="FundLedgerKind", choices=EntryKind.choices, read_only=True)
    paid_by = NamedChoiceField(
        source="source",
        enum_name="FundPaymentSource",
        choices=PaymentSource.choices,
        read_only=True,
    )

    class Meta:
        model = LoanEntry
        fields = [
            "id",
            "loan",
            "kind",
            "month",
            "on",
            "paid_by",
            "opening_balance",
            "interest",
            "due",
            "from_borrower",
            "from_guarantors",
            "interest_paid",
            "principal_paid",
            "excess",
            "closing_balance",
            "interest_due",
            "arrears",
            "months_overdue",
        ]
        read_only_fields = fields
