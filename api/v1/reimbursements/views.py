"""`/api/v1/reimbursements/`: medical and child-education claims, their steps and payments,
family eligibility explained, and the national rate tables (read-only).

Each write is a POST calling one `apps.reimbursements.services` function; opening a claim is
audited like its web page (`reimbursements.viewed`). Roles are the web pages'
(`apps.reimbursements.permissions`): claims carry health data, so viewers and the fund
subcommittee get 403 on all of them. The rate tables are national, public data: every role of
the host reads them, on an office host and on the central site.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import roles_for_schema
from api.authentication import client_of
from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import (
    BAD_REQUEST,
    DETAIL_ERRORS,
    ERROR_EXAMPLES,
    FISCAL_YEAR_HELP,
    READ_ERRORS,
    WRITE_ERRORS,
    NotBuddhistEraError,
    bulk_read_record,
    parse_fiscal_year,
    query_choice,
    query_params,
)
from api.v1.reimbursements.serializers import (
    ACADEMIC_YEAR_HELP,
    ChildEducationClaimInputSerializer,
    ChildEducationRateSerializer,
    ClaimDetailSerializer,
    ClaimFilterSerializer,
    ClaimKindSerializer,
    ClaimSerializer,
    DayQuerySerializer,
    EligibilityQuerySerializer,
    EligibilitySerializer,
    MedicalClaimInputSerializer,
    MedicalLimitsSerializer,
    PaymentFilterSerializer,
    PaymentSerializer,
    ReturnSerializer,
)
from apps.people import selectors as people_selectors
from apps.reimbursements import selectors, services
from apps.reimbursements.eligibility import Verdict
from apps.reimbursements.entitlements import (
    child_education_rates_in_force,
    medical_limits_in_force,
)
from apps.reimbursements.models import Claim, ClaimKind, ClaimStatus, Payment
from apps.reimbursements.permissions import (
    APPROVER_ROLES,
    CLAIM_OFFICER_ROLES,
    PAYER_ROLES,
    READER_ROLES,
)
from central.rates import (
    ChildEducationRate,
    EducationLevel,
    MedicalLimits,
    SchoolType,
)
from core.errors import NotFoundError
from core.schemas import current_schema
from core.thai import AcademicYear, academic_year, local_date, to_arabic_digits

READERS = HasRole.of(*READER_ROLES)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def _claim_answer(request: Request, claim: Claim, code: int = 200) -> Response:
    fresh = selectors.claim_get(claim_id=claim.pk, actor=_user(request))
    return Response(ClaimDetailSerializer(fresh, context={"request": request}).data, status=code)


# --- claims ---------------------------------------------------------------------------------

MEDICAL_EXAMPLE = OpenApiExample(
    "Medical: outpatient care of a child at a government hospital",
    value={
        "kind": "medical",
        "claimant": 42,
        "beneficiary": 108,
        "hospital_name": "โรงพยาบาลพัทลุง",
        "hospital_type": "government",
        "care_type": "outpatient",
        "receipts": [
            {
                "number": "R-001",
                "issued_on": "2014-05-20",
                "items": [
                    {"kind": "medicine", "amount": "1250.50"},
                    {"kind": "card_fee", "amount": "50.00", "description": "ค่าทำบัตร"},
                ],
            }
        ],
    },
    request_only=True,
)
INPATIENT_EXAMPLE = OpenApiExample(
    "Medical: the claimant in hospital, a special room, at a ticket already taken",
    value={
        "kind": "medical",
        "claimant": 42,
        "beneficiary": None,
        "hospital_name": "โรงพยาบาลพัทลุง",
        "hospital_type": "government",
        "care_type": "inpatient",
        "admitted_on": "2014-05-22",
        "discharged_on": "2014-05-25",
        "service_request": 7,
        "receipts": [
            {
                "number": "IPD-7",
                "issued_on": "2014-05-25",
                "items": [
                    {"kind": "treatment", "amount": "2000.00"},
                    {"kind": "special_room", "amount": "4500.00", "days": 3},
                ],
            }
        ],
    },
    request_only=True,
)
CHILD_EDUCATION_EXAMPLE = OpenApiExample(
    "Child education: a semester at a government primary school",
    value={
        "kind": "child_education",
        "claimant": 42,
        "beneficiary": 109,
        "academic_year": 2557,
        "semester": 1,
        "school_name": "โรงเรียนบ้านควนขนุน",
        "school_type": "government",
        "level": "primary",
        "fee_notice_received": True,
        "receipts": [{"number": "S-001", "issued_on": "2014-06-02", "amount": "3000.00"}],
    },
    request_only=True,
)
NOT_ELIGIBLE_EXAMPLE = OpenApiExample(
    "A fourth child",
    value={
        "code": "reimbursements.not_eligible",
        "message": "เด็กหญิงลูกคนที่4 ใจดี: บุตรคนที่ 4 ไม่มีสิทธิ (มีสิทธิเฉพาะบุตรคนที่ 1–3 ตามลำดับการเกิด)",
        "fields": {
            "beneficiary": [
                {
                    "code": "reimbursements.not_eligible",
                    "message": "เด็กหญิงลูกคนที่4 ใจดี: บุตรคนที่ 4 ไม่มีสิทธิ "
                    "(มีสิทธิเฉพาะบุตรคนที่ 1–3 ตามลำดับการเกิด)",
                }
            ]
        },
    },
    response_only=True,
    status_codes=["400"],
)
MONEY_AS_NUMBER_EXAMPLE = OpenApiExample(
    "Money sent as a JSON number",
    value={
        "code": "validation_error",
        "message": "Invalid input.",
        "fields": {
            "receipts.0.amount": [
                {
                    "code": "money_not_string",
                    "message": 'Money is a string with two decimals, e.g. "1250.50", not a number.',
                }
            ]
        },
    },
    response_only=True,
    status_codes=["400"],
)

CLAIM_INPUT = PolymorphicProxySerializer(
    component_name="ClaimInput",
    serializers={
        ClaimKind.MEDICAL.value: MedicalClaimInputSerializer,
        ClaimKind.CHILD_EDUCATION.value: ChildEducationClaimInputSerializer,
    },
    resource_type_field_name="kind",
)


class ClaimListView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES, write=CLAIM_OFFICER_ROLES)]
    required_scope = "claims:read"
    serializer_class = ClaimSerializer
    cursor_ordering = ("-submitted_at", "-id")

    @extend_schema(
        operation_id="reimbursements_claims_list",
        examples=[X.response("Claims", X.CLAIM)],
        summary="Claims",
        description="Newest submitted first, ties in time by id. Health data: the roles that "
        "handle claims only.",
        parameters=[
            OpenApiParameter("kind", str, enum=ClaimKind.values),
            OpenApiParameter("status", str, enum=ClaimStatus.values),
            OpenApiParameter(
                "fiscal_year",
                int,
                description=f"Claims received in this fiscal year. {FISCAL_YEAR_HELP}",
            ),
            OpenApiParameter("claimant", int, description="A person's id: their claims."),
        ],
        responses={200: ClaimSerializer(many=True), **WRITE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = ClaimFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        claims = selectors.claim_list(
            kind=wanted.get("kind"),
            status=wanted.get("status"),
            fiscal_year=parse_fiscal_year(request.query_params.get("fiscal_year")),
        )
        if wanted.get("claimant"):
            claims = claims.filter(claimant_id=wanted["claimant"])
        page = self.paginate_queryset(claims)
        bulk_read_record(request, "api.claims_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="reimbursements_claims_create",
        summary="Receive a claim",
        description="The body is a medical claim (form 7131) or a child-education claim (form "
        "7223), told apart by `kind`. Eligibility, the deadline, caps and the rate in force are "
        "the service's: a refusal says why (in Thai; English when English is active) and "
        "writes nothing. A receipt already claimed in the office (same issuer, number and "
        "date) is refused. Without `service_request`, a desk ticket is opened.",
        request=CLAIM_INPUT,
        responses={201: ClaimDetailSerializer, **WRITE_ERRORS},
        examples=[
            MEDICAL_EXAMPLE,
            INPATIENT_EXAMPLE,
            CHILD_EDUCATION_EXAMPLE,
            NOT_ELIGIBLE_EXAMPLE,
            MONEY_AS_NUMBER_EXAMPLE,
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request: Request) -> Response:
        kind = ClaimKindSerializer(data=request.data)
        kind.is_valid(raise_exception=True)
        user = _user(request)
        if kind.validated_data["kind"] == ClaimKind.MEDICAL:
            medical = MedicalClaimInputSerializer(data=request.data)
            medical.is_valid(raise_exception=True)
            data = medical.validated_data
            claim = services.medical_claim_create(
                claimant=data["claimant"],
                beneficiary=data["beneficiary"],
                hospital_name=data["hospital_name"],
                hospital_type=data["hospital_type"],
                care_type=data["care_type"],
                admitted_on=data["admitted_on"],
                discharged_on=data["discharged_on"],
                receipts=medical.to_receipts(),
                service_request=data["service_request"],
                received_by=user,
            )
        else:
            education = ChildEducationClaimInputSerializer(data=request.data)
            education.is_valid(raise_exception=True)
            data = education.validated_data
            claim = services.child_education_claim_create(
                claimant=data["claimant"],
                child=data["beneficiary"],
                academic_year_be=data["academic_year"],
                semester=data["semester"],
                school_name=data["school_name"],
                school_type=data["school_type"],
                level=data["level"],
                fee_notice_received=data["fee_notice_received"],
                receipts=education.to_receipts(),
                service_request=data["service_request"],
                received_by=user,
            )
        return _claim_answer(request, claim, status.HTTP_201_CREATED)


class ClaimDetailView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "claims:read"
    serializer_class = ClaimDetailSerializer

    @extend_schema(
        operation_id="reimbursements_claims_retrieve",
        examples=[X.response("A medical claim", X.CLAIM_DETAIL), X.NOT_FOUND_EXAMPLE],
        summary="A claim",
        description="With its receipts and their lines (what is paid of each, and why not "
        "all), the rate applied and, for child education, the entitlement. Reading a claim is "
        "audited (`reimbursements.viewed`).",
        responses={200: ClaimDetailSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = selectors.claim_get_for_view(
            claim_id=claim_id, actor=_user(request), request=request._request
        )
        return Response(self.get_serializer(claim).data)


class _StepView(GenericAPIView):
    """A POST that runs one step of a claim and answers with the claim."""

    serializer_class = ClaimDetailSerializer
    input_serializer: type[serializers.Serializer] | None = None

    def step(self, request: Request, claim: Claim, data: dict[str, Any]) -> Claim:
        raise NotImplementedError

    def post(self, request: Request, claim_id: int) -> Response:
        claim = selectors.claim_get(claim_id=claim_id, actor=_user(request))
        data: dict[str, Any] = {}
        if self.input_serializer is not None:
            incoming = self.input_serializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
        return _claim_answer(request, self.step(request, claim, data))


CLAIM_STEP_EXAMPLES: dict[str, list[OpenApiExample]] = {
    "check": [X.response("Checked", X.CLAIM_DETAIL), X.CLAIM_OUT_OF_ORDER],
    "approve": [
        X.response(
            "Approved",
            {
                **X.CLAIM_DETAIL,
                "status": "approved",
                "approved_at": "2026-11-24T10:30:11.402118+07:00",
            },
        ),
        X.CLAIM_OUT_OF_ORDER,
    ],
    "return": [
        X.request("A receipt missing", {"reason": "ใบเสร็จรับเงินไม่ครบตามที่ยื่น"}),
        X.response(
            "Returned",
            {**X.CLAIM_DETAIL, "status": "returned", "return_reason": "ใบเสร็จรับเงินไม่ครบตามที่ยื่น"},
        ),
        X.CLAIM_OUT_OF_ORDER,
    ],
}


def _step_schema(operation: str, summary: str, request: object = None, **kwargs: Any) -> Callable:
    kwargs.setdefault("examples", CLAIM_STEP_EXAMPLES[operation])
    return extend_schema(
        operation_id=f"reimbursements_claims_{operation}",
        summary=summary,
        request=request,
        responses={200: ClaimDetailSerializer, **WRITE_ERRORS},
        **kwargs,
    )


class CheckView(_StepView):
    permission_classes = [HasRole.of(*CLAIM_OFFICER_ROLES)]

    @_step_schema("check", "Checked against the originals (repeatable)")
    def post(self, request: Request, claim_id: int) -> Response:
        return super().post(request, claim_id)

    def step(self, request: Request, claim: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_check(claim=claim, officer=_user(request))


class ApproveView(_StepView):
    permission_classes = [HasRole.of(*APPROVER_ROLES)]

    @_step_schema(
        "approve",
        "Approve (repeatable)",
        description="A claim officer approves up to the office's threshold; above it only the "
        "director (`reimbursements.director_required`).",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        return super().post(request, claim_id)

    def step(self, request: Request, claim: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_approve(claim=claim, approver=_user(request))


class ReturnView(_StepView):
    # The service's rule: the officers and the director return claims.
    permission_classes = [HasRole.of(*APPROVER_ROLES)]
    input_serializer = ReturnSerializer

    @_step_schema(
        "return",
        "Return an unpaid claim with a reason",
        ReturnSerializer,
        description="Its receipts are released (a corrected claim may carry them) and its desk "
        "ticket completes with the reason.",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        return super().post(request, claim_id)

    def step(self, request: Request, claim: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_return(claim=claim, officer=_user(request), reason=data["reason"])


class PayView(GenericAPIView):
    permission_classes = [HasRole.of(*PAYER_ROLES)]
    serializer_class = PaymentSerializer

    @extend_schema(
        operation_id="reimbursements_claims_pay",
        examples=[
            X.response("Paid", X.PAYMENT, "201"),
            X.response("Paid before", X.PAYMENT),
            X.CLAIM_OUT_OF_ORDER,
        ],
        summary="Pay in cash (idempotent: pays once)",
        description="Pays an approved claim: one payment with a running number and the amount "
        "in Thai words; the desk ticket completes. **Idempotent**: a repeated or retried "
        "request (a double click, a timeout) never pays twice. It answers 201 with the payment "
        "when this request paid, and 200 with the same payment when the claim was already "
        "paid.",
        request=None,
        responses={
            201: OpenApiResponse(PaymentSerializer, description="Paid by this request."),
            200: OpenApiResponse(PaymentSerializer, description="Already paid: the payment."),
            **WRITE_ERRORS,
        },
    )
    def post(self, request: Request, claim_id: int) -> Response:
        user = _user(request)
        claim = selectors.claim_get(claim_id=claim_id, actor=user)
        with transaction.atomic():
            # The claim's row is locked (as `claim_pay` locks it) so that of two requests at
            # once exactly one says 201.
            paid_before = (
                Claim.objects.select_for_update(of=("self",))
                .values_list("status", flat=True)
                .get(pk=claim.pk)
                == ClaimStatus.PAID
            )
            payment = services.claim_pay(claim=claim, payer=user)
        payment = Payment.objects.select_related("claim__claimant").get(pk=payment.pk)
        return Response(
            self.get_serializer(payment).data,
            status=status.HTTP_200_OK if paid_before else status.HTTP_201_CREATED,
        )


# --- payments -------------------------------------------------------------------------------


class PaymentNotFound(NotFoundError):
    code = "reimbursements.payment_not_found"

    def __init__(self) -> None:
        super().__init__("ไม่พบรายการจ่ายเงินนี้", "No such payment.")


def _payments() -> QuerySet[Payment]:
    return Payment.objects.select_related("claim", "claim__claimant")


class PaymentListView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "payments:read"
    serializer_class = PaymentSerializer
    cursor_ordering = ("paid_at", "id")

    @extend_schema(
        operation_id="reimbursements_payments_list",
        examples=[X.response("Payments", X.PAYMENT)],
        summary="Payments",
        description="In the order paid (the registers' order), ties in time by id.",
        parameters=[
            OpenApiParameter("kind", str, enum=ClaimKind.values),
            OpenApiParameter(
                "fiscal_year", int, description=f"Paid in this fiscal year. {FISCAL_YEAR_HELP}"
            ),
        ],
        responses={200: PaymentSerializer(many=True), **WRITE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = PaymentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        payments = _payments()
        if filters.validated_data.get("kind"):
            payments = payments.filter(kind=filters.validated_data["kind"])
        year = parse_fiscal_year(request.query_params.get("fiscal_year"))
        if year is not None:
            payments = payments.filter(fiscal_year=year.be_year)
        page = self.paginate_queryset(payments)
        bulk_read_record(request, "api.payments_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PaymentDetailView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "payments:read"
    serializer_class = PaymentSerializer

    @extend_schema(
        operation_id="reimbursements_payments_retrieve",
        examples=[X.response("A payment", X.PAYMENT), X.NOT_FOUND_EXAMPLE],
        summary="A payment",
        responses={200: PaymentSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, payment_id: int) -> Response:
        try:
            payment = _payments().get(pk=payment_id)
        except Payment.DoesNotExist:
            raise PaymentNotFound() from None
        return Response(self.get_serializer(payment).data)


# --- eligibility ----------------------------------------------------------------------------


def _not_buddhist_era() -> NotBuddhistEraError:
    return NotBuddhistEraError(
        "ปีการศึกษาต้องเป็นปีพุทธศักราช เช่น 2557",
        "The academic year is a Buddhist Era year, e.g. 2557.",
        field="academic_year",
    )


class EligibilityView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "claims:read"
    serializer_class = EligibilitySerializer
    pagination_class = None

    @extend_schema(
        operation_id="reimbursements_eligibility_retrieve",
        examples=[X.response("Two children", X.ELIGIBILITY)],
        summary="Who in a person's family a claim may be for, and why",
        description="Each family member (and the claimant, `member` null) with whether a claim "
        "may be for them and the reason, as a refused claim would give it. Opening a person's "
        "family is audited (`person.viewed`).",
        parameters=[
            OpenApiParameter("kind", str, enum=ClaimKind.values, required=True),
            OpenApiParameter(
                "on",
                str,
                description="Medical: the day of treatment, ISO 8601 (C.E.); default today.",
            ),
            OpenApiParameter(
                "academic_year", int, description=f"Child education: required. {ACADEMIC_YEAR_HELP}"
            ),
            OpenApiParameter("semester", int, enum=[1, 2], description="Child education."),
        ],
        responses={200: EligibilitySerializer, **WRITE_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        query = EligibilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        kind = wanted["kind"]
        year: AcademicYear | None = None
        if kind == ClaimKind.CHILD_EDUCATION:
            try:
                year = academic_year(wanted["academic_year"])
            except ValueError:
                raise _not_buddhist_era() from None
        # Read (and audited) only once the question is understood.
        person = people_selectors.person_get_for_view(
            person_id=person_id, actor=_user(request), request=request._request
        )
        on = None
        verdicts: list[Verdict]
        if year is None:
            on = wanted["on"] or local_date(timezone.now())
            verdicts = selectors.family_eligibility_medical(person=person, on=on)
        else:
            verdicts = selectors.family_eligibility_child_education(
                person=person, year=year, semester=wanted["semester"]
            )
        english = _english()
        body = {
            "person": person,
            "kind": kind,
            "on": on,
            "academic_year": None if year is None else year.be_year,
            "semester": None if year is None else wanted["semester"],
            "verdicts": [
                {
                    "member": verdict.member_id,
                    "name": str(verdict.member) if verdict.member else person.full_name_th,
                    "relation": verdict.relation,
                    "eligible": verdict.eligible,
                    "reason": verdict.reason_en if english else verdict.reason_th,
                    "place": verdict.place,
                }
                for verdict in verdicts
            ],
        }
        return Response(self.get_serializer(body).data)


# --- national rate tables -------------------------------------------------------------------


class ReadsRates(BasePermission):
    """Any role of the host: every office role on an office host, the central roles on the
    central site. The rate tables are national and public; nothing personal in them."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if client_of(request) is not None:
            return True  # any machine client of this host, whatever its scopes
        return bool(user.has_role(*roles_for_schema(current_schema()).values))


class ChildEducationRateListView(GenericAPIView):
    permission_classes = [ReadsRates]
    clients_without_scope = True  # public national data: any client of the host
    serializer_class = ChildEducationRateSerializer
    pagination_class = None

    @extend_schema(
        operation_id="reimbursements_rates_child_education_list",
        examples=[X.response("Rates", X.CHILD_EDUCATION_RATE)],
        summary="Child-education rates (national, read-only)",
        description="Every version, newest first; with `academic_year`, the rows in force "
        "that year (one per school type and level).",
        parameters=[
            OpenApiParameter("school_type", str, enum=SchoolType.values),
            OpenApiParameter("level", str, enum=EducationLevel.values),
            OpenApiParameter(
                "academic_year", int, description=f"In force this year. {ACADEMIC_YEAR_HELP}"
            ),
        ],
        responses={200: ChildEducationRateSerializer(many=True), 400: BAD_REQUEST, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        rates = ChildEducationRate.objects.order_by(
            "-effective_academic_year", "school_type", "level"
        )
        if school_type := query_choice(params, "school_type", SchoolType.values):
            rates = rates.filter(school_type=school_type)
        if level := query_choice(params, "level", EducationLevel.values):
            rates = rates.filter(level=level)
        rows = list(rates)
        year_text = to_arabic_digits(params.get("academic_year", "").strip())
        if year_text:
            if not year_text.isdigit() or not 2400 <= int(year_text) <= 2800:
                raise _not_buddhist_era()
            in_force = child_education_rates_in_force(academic_year_be=int(year_text), rates=rows)
            rows = sorted(
                in_force, key=lambda r: (-r.effective_academic_year, r.school_type, r.level)
            )
        return Response(self.get_serializer(rows, many=True).data)


class MedicalLimitsListView(GenericAPIView):
    permission_classes = [ReadsRates]
    clients_without_scope = True  # public national data: any client of the host
    serializer_class = MedicalLimitsSerializer
    pagination_class = None

    @extend_schema(
        operation_id="reimbursements_rates_medical_limits_list",
        examples=[X.response("Limits", X.MEDICAL_LIMITS)],
        summary="Medical-expense limits (national, read-only)",
        description="Every version, newest first; with `on`, the one in force that day.",
        parameters=[
            OpenApiParameter("on", str, description="A day, ISO 8601 (C.E.): 2014-05-20."),
        ],
        responses={200: MedicalLimitsSerializer(many=True), 400: BAD_REQUEST, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = DayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("on")
        if day is not None:
            limits = medical_limits_in_force(on=day)
            rows = [] if limits is None else [limits]
        else:
            rows = list(MedicalLimits.objects.order_by("-effective_from"))
        return Response(self.get_serializer(rows, many=True).data)
