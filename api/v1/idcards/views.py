"""`/api/v1/idcards/applications/`: the ID-card register and an application's steps.

Each step is a POST calling one `apps.idcards.services` function; a repeated print returns the
card already numbered (never a second number). Roles are the web pages'
(`apps.idcards.permissions`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import (
    DETAIL_ERRORS,
    ERROR_EXAMPLES,
    FISCAL_YEAR_HELP,
    WRITE_ERRORS,
    bulk_read_record,
    parse_fiscal_year,
    query_choice,
    query_params,
)
from api.v1.idcards.serializers import (
    CardApplicationInputSerializer,
    CardApplicationSerializer,
    CheckSerializer,
    RejectSerializer,
)
from apps.idcards import selectors, services
from apps.idcards.models import ApplicationStatus, CardApplication
from apps.idcards.permissions import CARD_OFFICER_ROLES, REGISTER_READER_ROLES
from apps.people.models import PersonCategory

OFFICERS = HasRole.of(*CARD_OFFICER_ROLES)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _answer(request: Request, application: CardApplication, code: int = 200) -> Response:
    fresh = selectors.card_application_get(application_id=application.pk)
    return Response(
        CardApplicationSerializer(fresh, context={"request": request}).data, status=code
    )


class ApplicationListView(GenericAPIView):
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES, write=CARD_OFFICER_ROLES)]
    required_scope = "idcards:read"
    serializer_class = CardApplicationSerializer
    cursor_ordering: tuple[str, ...] = ("-received_at", "-id")

    @extend_schema(
        operation_id="idcards_applications_list",
        examples=[X.response("Applications", X.CARD_APPLICATION)],
        summary="ID-card applications",
        description="Newest received first; with `fiscal_year`, in the register's order "
        "(oldest received first). Ties in time by id.",
        parameters=[
            OpenApiParameter(
                "fiscal_year",
                int,
                description=f"Applications received in this fiscal year. {FISCAL_YEAR_HELP}",
            ),
            OpenApiParameter("status", str, enum=ApplicationStatus.values),
            OpenApiParameter(
                "category", str, enum=PersonCategory.values, description="Applicant category."
            ),
        ],
        responses={200: CardApplicationSerializer(many=True), **WRITE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        year = parse_fiscal_year(params.get("fiscal_year"))
        applications: QuerySet[CardApplication]
        if year is not None:
            applications = selectors.card_application_register(fiscal_year=year)
            self.cursor_ordering = ("received_at", "id")
        else:
            applications = CardApplication.objects.select_related("person", "service_request")
        if status_wanted := query_choice(params, "status", ApplicationStatus.values):
            applications = applications.filter(status=status_wanted)
        if category := query_choice(params, "category", PersonCategory.values):
            applications = applications.filter(applicant_category=category)
        page = self.paginate_queryset(applications)
        bulk_read_record(request, "api.idcard_applications_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="idcards_applications_create",
        summary="Receive an application",
        description="Without `service_request`, a desk ticket is opened for the application; "
        "its time counts against the desk's standard until the card is handed over.",
        request=CardApplicationInputSerializer,
        responses={201: CardApplicationSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "An expired card",
                value={
                    "person": 42,
                    "reason": "expired",
                    "documents": ["request_form", "old_card"],
                    "old_card_number": "0000-2551-00012",
                },
                request_only=True,
            ),
            OpenApiExample(
                "A lost card, at a ticket already taken",
                value={
                    "person": 42,
                    "reason": "lost",
                    "police_report_number": "123/2567",
                    "service_request": 7,
                },
                request_only=True,
            ),
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request: Request) -> Response:
        incoming = CardApplicationInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        application = services.card_application_create(
            person=data["person"],
            reason=data["reason"],
            received_by=_user(request),
            documents=data["documents"],
            police_report_number=data["police_report_number"],
            old_card_number=data["old_card_number"],
            service_request=data.get("service_request"),
        )
        return _answer(request, application, status.HTTP_201_CREATED)


class ApplicationDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES)]
    required_scope = "idcards:read"
    serializer_class = CardApplicationSerializer

    @extend_schema(
        operation_id="idcards_applications_retrieve",
        examples=[X.response("An application checked", X.CARD_APPLICATION), X.NOT_FOUND_EXAMPLE],
        summary="An application",
        responses={200: CardApplicationSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, application_id: int) -> Response:
        application = selectors.card_application_get(application_id=application_id)
        return Response(self.get_serializer(application).data)


Step = Callable[[Request, CardApplication], CardApplication]


class _StepView(GenericAPIView):
    """A POST that runs one step of an application and answers with the application."""

    serializer_class = CardApplicationSerializer
    input_serializer: type[serializers.Serializer] | None = None

    def step(self, request: Request, application: CardApplication, data: dict) -> CardApplication:
        raise NotImplementedError

    def post(self, request: Request, application_id: int) -> Response:
        application = selectors.card_application_get(application_id=application_id)
        data: dict = {}
        if self.input_serializer is not None:
            incoming = self.input_serializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
        return _answer(request, self.step(request, application, data))


_PRINTED = {
    **X.CARD_APPLICATION,
    "status": "printed",
    "approved_at": "2026-11-24T09:10:22.417003+07:00",
    "printed_at": "2026-11-24T09:15:02.401000+07:00",
    "card_number": "0400001-2569-00042",
    "issue_date": "2026-11-24",
    "expiry_date": "2032-11-23",
    "issued_by_name": "นายสมศักดิ์ รักงาน",
    "issued_by_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}
STEP_EXAMPLES: dict[str, list[OpenApiExample]] = {
    "check": [
        X.request("The appointment order", {"documents": ["appointment_order"]}),
        X.response("Checked", X.CARD_APPLICATION),
        *ERROR_EXAMPLES[1:],
    ],
    "approve": [
        X.response(
            "Approved",
            {
                **X.CARD_APPLICATION,
                "status": "approved",
                "approved_at": "2026-11-24T09:10:22.417003+07:00",
            },
        ),
        X.CARD_OUT_OF_ORDER,
    ],
    "print": [X.response("Printed", _PRINTED), X.CARD_OUT_OF_ORDER],
    "hand_over": [
        X.response(
            "Handed over",
            {
                **_PRINTED,
                "status": "handed_over",
                "handed_over_at": "2026-11-24T09:20:45.009112+07:00",
                "closed_at": "2026-11-24T09:20:45.009112+07:00",
            },
        ),
        X.CARD_OUT_OF_ORDER,
    ],
    "reject": [
        X.request("No appointment order", {"reason": "ไม่มีสำเนาคำสั่งแต่งตั้ง"}),
        X.response(
            "Rejected",
            {
                **X.CARD_APPLICATION,
                "status": "rejected",
                "rejection_reason": "ไม่มีสำเนาคำสั่งแต่งตั้ง",
                "closed_at": "2026-11-24T09:05:10.551203+07:00",
            },
        ),
        X.CARD_OUT_OF_ORDER,
    ],
}


def _step_schema(operation: str, summary: str, request: object = None) -> Callable:
    return extend_schema(
        operation_id=f"idcards_applications_{operation}",
        summary=summary,
        request=request,
        responses={200: CardApplicationSerializer, **WRITE_ERRORS},
        examples=STEP_EXAMPLES[operation],
    )


class CheckView(_StepView):
    permission_classes = [OFFICERS]
    input_serializer = CheckSerializer

    @_step_schema("check", "Record the documents received", CheckSerializer)
    def post(self, request: Request, application_id: int) -> Response:
        return super().post(request, application_id)

    def step(self, request: Request, application: CardApplication, data: dict) -> CardApplication:
        return services.card_application_check(
            application=application, documents=data["documents"], officer=_user(request)
        )


class ApproveView(_StepView):
    # The director, or a delegate by an order in force today: the service decides (403).
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES)]

    @_step_schema("approve", "Approve (repeatable)")
    def post(self, request: Request, application_id: int) -> Response:
        return super().post(request, application_id)

    def step(self, request: Request, application: CardApplication, data: dict) -> CardApplication:
        return services.card_application_approve(application=application, approver=_user(request))


class PrintView(_StepView):
    permission_classes = [OFFICERS]

    @_step_schema("print", "Number and date the card (idempotent: numbered once)")
    def post(self, request: Request, application_id: int) -> Response:
        return super().post(request, application_id)

    def step(self, request: Request, application: CardApplication, data: dict) -> CardApplication:
        return services.card_issue(application=application, officer=_user(request))


class HandOverView(_StepView):
    permission_classes = [OFFICERS]

    @_step_schema("hand_over", "Hand the card over; completes the desk ticket (idempotent)")
    def post(self, request: Request, application_id: int) -> Response:
        return super().post(request, application_id)

    def step(self, request: Request, application: CardApplication, data: dict) -> CardApplication:
        return services.card_hand_over(application=application, officer=_user(request))


class RejectView(_StepView):
    permission_classes = [OFFICERS]
    input_serializer = RejectSerializer

    @_step_schema("reject", "Refuse with a reason; completes the desk ticket", RejectSerializer)
    def post(self, request: Request, application_id: int) -> Response:
        return super().post(request, application_id)

    def step(self, request: Request, application: CardApplication, data: dict) -> CardApplication:
        return services.card_application_reject(
            application=application, officer=_user(request), reason=data["reason"]
        )
