"""Claims, receipts, payments and the national rate tables as JSON.

Money is a string with two decimals both ways (`"1250.50"`; `api.v1.common.MoneyField`); a JSON
number is refused, never read as a float. Dates are ISO 8601 (C.E.); academic and fiscal years
are B.E., as offices name them. National IDs are masked for roles that may not see them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import (
    MoneyField,
    NamedChoiceField,
    StrictCharField,
    sees_full_ids,
    shown_national_id,
)
from apps.onestop.models import OPEN_STATUSES, ServiceRequest
from apps.people.models import FamilyMember, Person, PersonCategory
from apps.reimbursements.entitlements import rate_applied, remaining_after
from apps.reimbursements.models import (
    MEDICAL_ITEM_KINDS,
    BeneficiaryRelation,
    CareType,
    Claim,
    ClaimKind,
    ClaimScan,
    ClaimStatus,
    HospitalType,
    ItemKind,
    Payment,
    Receipt,
    ReceiptItem,
    ScanKind,
    Semester,
)
from apps.reimbursements.services import (
    CHILD_EDUCATION_SERVICE,
    MEDICAL_SERVICE,
    ItemInput,
    ReceiptInput,
)
from central.rates import (
    ChildEducationRate,
    EducationLevel,
    MedicalLimits,
    RateMethod,
    SchoolType,
    non_reimbursable_codes,
)

ACADEMIC_YEAR_HELP = "The academic year in the Buddhist Era (B.E.), as schools name it: 2557."


def _positive_money(**kwargs: Any) -> MoneyField:
    return MoneyField(min_value=Decimal("0.01"), **kwargs)


# --- output -----------------------------------------------------------------------------------


class ClaimantSerializer(serializers.ModelSerializer):
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


class BeneficiarySerializer(serializers.Serializer):
    """Who the claim is for, as it was when claimed (copied onto the claim)."""

    member = serializers.IntegerField(
        source="beneficiary_id",
        allow_null=True,
        help_text="The family member's id; null: the claimant themself.",
    )
    relation = NamedChoiceField(
        enum_name="BeneficiaryRelation",
        choices=BeneficiaryRelation.choices,
        source="beneficiary_relation",
    )
    name = StrictCharField(source="beneficiary_name")
    national_id = serializers.SerializerMethodField(
        help_text="Masked for roles that may not see national IDs."
    )
    eligibility_note = StrictCharField(help_text="Why the beneficiary was entitled (Thai).")

    @extend_schema_field(StrictCharField())
    def get_national_id(self, claim: Claim) -> str:
        return shown_national_id(claim.beneficiary_national_id, full=sees_full_ids(self.context))


class MedicalDetailsSerializer(serializers.Serializer):
    hospital_name = StrictCharField()
    hospital_type = NamedChoiceField(enum_name="HospitalType", choices=HospitalType.choices)
    care_type = NamedChoiceField(enum_name="CareType", choices=CareType.choices)
    admitted_on = serializers.DateField(allow_null=True)
    discharged_on = serializers.DateField(allow_null=True)


class ChildEducationDetailsSerializer(serializers.Serializer):
    academic_year = serializers.IntegerField(help_text=ACADEMIC_YEAR_HELP)
    semester = NamedChoiceField(enum_name="Semester", choices=Semester.choices)
    school_name = StrictCharField()
    school_type = NamedChoiceField(enum_name="SchoolType", choices=SchoolType.choices)
    level = NamedChoiceField(
        enum_name="EducationLevel", choices=EducationLevel.choices, source="education_level"
    )
    fee_notice_received = serializers.BooleanField()


class RateSnapshotSerializer(serializers.Serializer):
    """The national rate the claim applied, copied when it was made: a later change of the rate
    tables never rewrites it. Serializes a claim (`entitlements.rate_applied`)."""

    version = serializers.IntegerField(
        allow_null=True,
        help_text="The id of the rate-table row applied (child-education rates or medical "
        "limits, by the claim's kind).",
    )
    source_letter = StrictCharField()
    confirmed = serializers.BooleanField(
        help_text="False: the row was still to be checked against its letter when the claim "
        "was made (the claim pages and registers mark it)."
    )
    method = StrictCharField(help_text="Child education: `actual` or `share`; medical: empty.")
    share_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=True,
    )
    cap = MoneyField(allow_null=True, help_text="Child education: cap per academic year.")
    special_room_rate = MoneyField(
        allow_null=True, help_text="Medical: special room per day, government hospital."
    )

    def to_representation(self, instance: Claim) -> dict[str, Any]:
        return super().to_representation(rate_applied(instance))


class EntitlementSerializer(serializers.Serializer):
    """A child's allowance for the claim's academic year when the claim was made."""

    entitled = MoneyField(
        source="child_education.entitled_amount", help_text="The cap of the academic year."
    )
    used_before = MoneyField(
        source="child_education.used_before",
        help_text="Used by earlier claims of the year (either parent).",
    )
    payable = MoneyField(source="payable_amount", help_text="Paid by this claim.")
    remaining = serializers.SerializerMethodField(help_text="Left after this claim.")

    @extend_schema_field(MoneyField())
    def get_remaining(self, claim: Claim) -> str:
        return f"{remaining_after(claim) or Decimal('0.00'):.2f}"


class ReceiptItemSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(enum_name="ReceiptItemKind", choices=ItemKind.choices)
    amount = MoneyField()
    payable_amount = MoneyField()
    note = StrictCharField(help_text="Why the line is not paid in full (Thai); or empty.")

    class Meta:
        model = ReceiptItem
        fields = ["id", "kind", "description", "days", "amount", "payable_amount", "note"]


class ReceiptSerializer(serializers.ModelSerializer):
    amount = MoneyField()
    payable_amount = MoneyField()
    items = ReceiptItemSerializer(many=True, read_only=True)
    is_claimed = serializers.BooleanField(
        help_text="False once the claim is returned: the receipt may be claimed again."
    )

    class Meta:
        model = Receipt
        fields = [
            "id",
            "issuer",
            "number",
            "issued_on",
            "amount",
            "payable_amount",
            "is_claimed",
            "items",
        ]


class ScanSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(enum_name="ScanKind", choices=ScanKind.choices)

    class Meta:
        model = ClaimScan
        fields = ["id", "kind", "original_name", "content_type", "size", "uploaded_at"]


class PaymentSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices)
    number = StrictCharField(
        help_text="`NNNN/<year>`: medical payments run per fiscal year, child-education "
        "payments per academic year (both B.E.)."
    )
    year = serializers.IntegerField(help_text="The register's year (B.E.) of the number.")
    fiscal_year = serializers.IntegerField(help_text="The fiscal year (B.E.) paid in.")
    amount = MoneyField()
    amount_text = StrictCharField(help_text="The amount in Thai words.")
    claimant = serializers.SerializerMethodField()
    beneficiary_name = StrictCharField(source="claim.beneficiary_name")

    class Meta:
        model = Payment
        fields = [
            "id",
            "claim",
            "kind",
            "number",
            "year",
            "sequence",
            "fiscal_year",
            "amount",
            "amount_text",
            "payee_name",
            "claimant",
            "beneficiary_name",
            "paid_at",
            "paid_by_name",
        ]

    @extend_schema_field(ClaimantSerializer)
    def get_claimant(self, payment: Payment) -> dict[str, Any]:
        return ClaimantSerializer(payment.claim.claimant, context=self.context).data


def _payment_of(claim: Claim) -> Payment | None:
    try:
        return claim.payment
    except ObjectDoesNotExist:
        return None


class ClaimSerializer(serializers.ModelSerializer):
    """A claim in a list: who, for whom, how much, where it stands."""

    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices)
    status = NamedChoiceField(enum_name="ClaimStatus", choices=ClaimStatus.choices)
    claimant = ClaimantSerializer(read_only=True)
    claimant_category = NamedChoiceField(enum_name="PersonCategory", choices=PersonCategory.choices)
    beneficiary = BeneficiarySerializer(source="*", read_only=True)
    ticket = serializers.SerializerMethodField(help_text="The desk ticket, e.g. `B007`.")
    medical = serializers.SerializerMethodField(help_text="Medical claims; null otherwise.")
    child_education = serializers.SerializerMethodField(
        help_text="Child-education claims; null otherwise."
    )
    claimed_amount = MoneyField()
    payable_amount = MoneyField()
    payment = serializers.SerializerMethodField(help_text="The payment once paid; else null.")

    class Meta:
        model = Claim
        fields = [
            "id",
            "kind",
            "status",
            "claimant",
            "claimant_category",
            "beneficiary",
            "service_request",
            "ticket",
            "medical",
            "child_education",
            "claimed_amount",
            "payable_amount",
            "return_reason",
            "submitted_at",
            "checked_at",
            "approved_at",
            "closed_at",
            "payment",
        ]

    @extend_schema_field(StrictCharField(allow_null=True))
    def get_ticket(self, claim: Claim) -> str | None:
        ticket = claim.service_request
        return None if ticket is None else ticket.ticket

    @extend_schema_field(MedicalDetailsSerializer(allow_null=True))
    def get_medical(self, claim: Claim) -> dict[str, Any] | None:
        if claim.kind != ClaimKind.MEDICAL:
            return None
        return MedicalDetailsSerializer(claim.medical).data

    @extend_schema_field(ChildEducationDetailsSerializer(allow_null=True))
    def get_child_education(self, claim: Claim) -> dict[str, Any] | None:
        if claim.kind != ClaimKind.CHILD_EDUCATION:
            return None
        return ChildEducationDetailsSerializer(claim.child_education).data

    @extend_schema_field(PaymentSerializer(allow_null=True))
    def get_payment(self, claim: Claim) -> dict[str, Any] | None:
        payment = _payment_of(claim)
        if payment is None:
            return None
        payment.claim = claim  # its claimant is the claim's, already read
        return PaymentSerializer(payment, context=self.context).data


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its receipts and their lines, the rate it applied and, for child education,
    the child's entitlement of the academic year."""

    rate = RateSnapshotSerializer(source="*", read_only=True)
    entitlement = serializers.SerializerMethodField(help_text="Child education; null otherwise.")
    receipts = ReceiptSerializer(many=True, read_only=True)
    scans = ScanSerializer(many=True, read_only=True, help_text="Scanned documents (web only).")

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "rate", "entitlement", "receipts", "scans"]

    @extend_schema_field(EntitlementSerializer(allow_null=True))
    def get_entitlement(self, claim: Claim) -> dict[str, Any] | None:
        if remaining_after(claim) is None:  # medical, or no entitlement recorded
            return None
        return EntitlementSerializer(claim).data


# --- input ------------------------------------------------------------------------------------


def _open_tickets(service_code: str) -> Any:
    return ServiceRequest.objects.filter(
        status__in=OPEN_STATUSES, claim__isnull=True, service_type__code=service_code
    )


class MedicalItemInputSerializer(serializers.Serializer):
    kind = NamedChoiceField(
        enum_name="MedicalItemKind",
        choices=[(kind.value, kind.label) for kind in MEDICAL_ITEM_KINDS],
        help_text="Kinds the medical limits in force never reimburse are accepted and pay 0.",
    )
    amount = _positive_money()
    days = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="A special room: its days."
    )
    description = StrictCharField(max_length=200, required=False, allow_blank=True, default="")


class MedicalReceiptInputSerializer(serializers.Serializer):
    number = StrictCharField(max_length=50)
    issued_on = serializers.DateField(help_text="ISO 8601, C.E.: 2014-05-20.")
    items = MedicalItemInputSerializer(many=True, allow_empty=False)

    def to_receipt(self, data: dict[str, Any]) -> ReceiptInput:
        return ReceiptInput(
            number=data["number"],
            issued_on=data["issued_on"],
            items=tuple(
                ItemInput(
                    kind=item["kind"],
                    amount=item["amount"],
                    days=item.get("days"),
                    description=item["description"],
                )
                for item in data["items"]
            ),
        )


class SchoolReceiptInputSerializer(serializers.Serializer):
    number = StrictCharField(max_length=50)
    issued_on = serializers.DateField(help_text="ISO 8601, C.E.: 2014-06-02.")
    amount = _positive_money()


class MedicalClaimInputSerializer(serializers.Serializer):
    kind = NamedChoiceField(enum_name="MedicalClaimKind", choices=[ClaimKind.MEDICAL.value])
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text="The claimant's id in the register."
    )
    beneficiary = serializers.PrimaryKeyRelatedField(
        queryset=FamilyMember.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A family member's id (spouse, parent, child); null: the claimant themself.",
    )
    hospital_name = StrictCharField(max_length=200)
    hospital_type = NamedChoiceField(enum_name="HospitalType", choices=HospitalType.choices)
    care_type = NamedChoiceField(enum_name="CareType", choices=CareType.choices)
    admitted_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Inpatients: required."
    )
    discharged_on = serializers.DateField(required=False, allow_null=True, default=None)
    receipts = MedicalReceiptInputSerializer(many=True, allow_empty=False)
    service_request = serializers.PrimaryKeyRelatedField(
        queryset=_open_tickets(MEDICAL_SERVICE),
        required=False,
        allow_null=True,
        default=None,
        help_text="An open `medical_claim` desk ticket without a claim; absent: one is opened.",
    )

    def to_receipts(self) -> list[ReceiptInput]:
        receipt = MedicalReceiptInputSerializer()
        return [receipt.to_receipt(data) for data in self.validated_data["receipts"]]


class ChildEducationClaimInputSerializer(serializers.Serializer):
    kind = NamedChoiceField(
        enum_name="ChildEducationClaimKind", choices=[ClaimKind.CHILD_EDUCATION.value]
    )
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text="The claimant's id in the register."
    )
    beneficiary = serializers.PrimaryKeyRelatedField(
        queryset=FamilyMember.objects.filter(relation="child"),
        help_text="The child: a family member's id.",
    )
    academic_year = serializers.IntegerField(help_text=ACADEMIC_YEAR_HELP)
    semester = NamedChoiceField(enum_name="Semester", choices=Semester.choices)
    school_name = StrictCharField(max_length=200)
    school_type = NamedChoiceField(enum_name="SchoolType", choices=SchoolType.choices)
    level = NamedChoiceField(enum_name="EducationLevel", choices=EducationLevel.choices)
    fee_notice_received = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The school's notice of its fees is attached; a claim without it is refused.",
    )
    receipts = SchoolReceiptInputSerializer(many=True, allow_empty=False)
    service_request = serializers.PrimaryKeyRelatedField(
        queryset=_open_tickets(CHILD_EDUCATION_SERVICE),
        required=False,
        allow_null=True,
        default=None,
        help_text="An open `child_education_claim` desk ticket without a claim; absent: one "
        "is opened.",
    )

    def to_receipts(self) -> list[ReceiptInput]:
        return [
            ReceiptInput(number=r["number"], issued_on=r["issued_on"], amount=r["amount"])
            for r in self.validated_data["receipts"]
        ]


class ClaimKindSerializer(serializers.Serializer):
    """The discriminator of a new claim, read first to choose the body's serializer."""

    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices)


class ClaimFilterSerializer(serializers.Serializer):
    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices, required=False)
    status = NamedChoiceField(enum_name="ClaimStatus", choices=ClaimStatus.choices, required=False)
    claimant = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


class PaymentFilterSerializer(serializers.Serializer):
    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices, required=False)


class DayQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class ReturnSerializer(serializers.Serializer):
    reason = StrictCharField(help_text="What the claimant is told.")


# --- eligibility --------------------------------------------------------------------------------


class EligibilityQuerySerializer(serializers.Serializer):
    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices)
    on = serializers.DateField(required=False, default=None, allow_null=True)
    academic_year = serializers.IntegerField(required=False, min_value=1)
    semester = serializers.ChoiceField(choices=Semester.values, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == ClaimKind.CHILD_EDUCATION:
            missing = {
                name: [serializers.ErrorDetail("Required for child education.", code="required")]
                for name in ("academic_year", "semester")
                if attrs.get(name) is None
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class VerdictSerializer(serializers.Serializer):
    member = serializers.IntegerField(
        allow_null=True, help_text="The family member's id; null: the claimant themself."
    )
    name = StrictCharField()
    relation = NamedChoiceField(
        enum_name="BeneficiaryRelation", choices=BeneficiaryRelation.choices
    )
    eligible = serializers.BooleanField()
    reason = StrictCharField(help_text="Why, in Thai (English when English is active).")
    place = serializers.IntegerField(
        allow_null=True, help_text="A child's place in birth order as counted; else null."
    )


class EligibilitySerializer(serializers.Serializer):
    person = ClaimantSerializer()
    kind = NamedChoiceField(enum_name="ClaimKind", choices=ClaimKind.choices)
    on = serializers.DateField(allow_null=True, help_text="Medical: the day of treatment.")
    academic_year = serializers.IntegerField(allow_null=True, help_text=ACADEMIC_YEAR_HELP)
    semester = serializers.IntegerField(allow_null=True)
    verdicts = VerdictSerializer(many=True)


# --- national rate tables -----------------------------------------------------------------------


class ChildEducationRateSerializer(serializers.ModelSerializer):
    school_type = NamedChoiceField(enum_name="SchoolType", choices=SchoolType.choices)
    level = NamedChoiceField(enum_name="EducationLevel", choices=EducationLevel.choices)
    method = NamedChoiceField(enum_name="RateMethod", choices=RateMethod.choices)
    effective_academic_year = serializers.IntegerField(
        help_text=f"In force from this academic year on. {ACADEMIC_YEAR_HELP}"
    )
    last_academic_year = serializers.IntegerField(
        allow_null=True,
        help_text="Null: until a newer row replaces it; else the last academic year it covers "
        "(the demo's invented rates end with 2557).",
    )
    share_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=True, help_text="Of actual fees (%)."
    )
    cap_per_academic_year = MoneyField()
    confirmed = serializers.BooleanField(
        source="is_confirmed", help_text="False: still to be checked against the letter."
    )

    class Meta:
        model = ChildEducationRate
        fields = [
            "id",
            "effective_academic_year",
            "last_academic_year",
            "school_type",
            "level",
            "method",
            "share_percent",
            "cap_per_academic_year",
            "source_letter",
            "source_date",
            "confirmed",
            "note",
        ]


class NonReimbursableItemSerializer(serializers.Serializer):
    code = StrictCharField()
    label_th = StrictCharField()


class MedicalLimitsSerializer(serializers.ModelSerializer):
    effective_from = serializers.DateField(help_text="In force from this day on (ISO 8601).")
    special_room_rate_per_day = MoneyField()
    non_reimbursable_items = serializers.SerializerMethodField()
    confirmed = serializers.BooleanField(
        source="is_confirmed", help_text="False: still to be checked against the letter."
    )

    class Meta:
        model = MedicalLimits
        fields = [
            "id",
            "effective_from",
            "special_room_rate_per_day",
            "claim_deadline_days",
            "private_outpatient_reimbursable",
            "non_reimbursable_items",
            "source_letter",
            "source_date",
            "confirmed",
            "note",
        ]

    @extend_schema_field(NonReimbursableItemSerializer(many=True))
    def get_non_reimbursable_items(self, limits: MedicalLimits) -> list[dict[str, str]]:
        return [
            {"code": code, "label_th": label}
            for code, label in non_reimbursable_codes(limits).items()
        ]
