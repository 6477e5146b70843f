"""`/api/v1/service-requests/` and `/api/v1/service-types/`: the One Stop desk.

Every action is a POST that calls one `apps.onestop.services` function; the services lock the
row and make repeated clicks harmless. Roles are the desk pages' (`apps.onestop.permissions`).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
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
    READ_ERRORS,
    WRITE_ERRORS,
    StrictCharField,
    current_fiscal_year,
    parse_fiscal_year,
)
from api.v1.onestop.serializers import (
    CallNextSerializer,
    CancelSerializer,
    CompleteSerializer,
    HandOverSerializer,
    ServiceRequestSerializer,
    ServiceTypeSerializer,
    StartSerializer,
    StatisticsSerializer,
    TicketOpenSerializer,
)
from apps.onestop import selectors, services
from apps.onestop.models import RequestStatus, ServiceRequest
from apps.onestop.permissions import DESK_ROLES, STATISTICS_ROLES

DESK = HasRole.of(*DESK_ROLES)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _with_relations(requests: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return requests.select_related("service_type", "person", "officer", "handed_over_to")


def _request_of(service_request_id: int) -> ServiceRequest:
    return selectors.service_request_get(service_request_id=service_request_id)


def _answer(service_request: ServiceRequest, code: int = status.HTTP_200_OK) -> Response:
    fresh = _with_relations(ServiceRequest.objects.filter(pk=service_request.pk)).get()
    return Response(ServiceRequestSerializer(fresh).data, status=code)


class DateFilterSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    service_type = StrictCharField(required=False)


class ServiceTypeListView(GenericAPIView):
    permission_classes = [HasRole.of(*STATISTICS_ROLES)]
    required_scope = "onestop:read"
    serializer_class = ServiceTypeSerializer
    pagination_class = None

    @extend_schema(
        operation_id="service_types_list",
        examples=[X.response("Service types", X.SERVICE_TYPE)],
        summary="The services the desk serves, with their standard",
        responses={200: ServiceTypeSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(selectors.service_type_list(), many=True).data)


class ServiceRequestListView(GenericAPIView):
    permission_classes = [DESK]
    required_scope = "onestop:read"  # taking a ticket (POST) is staff only
    serializer_class = ServiceRequestSerializer
    cursor_ordering = ("-ticket_date", "received_at", "id")

    @extend_schema(
        operation_id="service_requests_list",
        examples=[X.response("The queue", X.SERVICE_REQUEST)],
        summary="Service requests (queue tickets)",
        description="The newest ticket date first; within a day in the order received, ties "
        "in time by id.",
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="Ticket date, ISO 8601 (C.E.)."
            ),
            OpenApiParameter("status", str, enum=RequestStatus.values),
            OpenApiParameter("service_type", str, description="A service type's code."),
        ],
        responses={200: ServiceRequestSerializer(many=True), **WRITE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = DateFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        requests = _with_relations(ServiceRequest.objects.all())
        day: date | None = wanted.get("date")
        if day is not None:
            requests = requests.filter(ticket_date=day)
        if wanted.get("status"):
            requests = requests.filter(status=wanted["status"])
        if wanted.get("service_type"):
            requests = requests.filter(service_type__code=wanted["service_type"])
        page = self.paginate_queryset(requests)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="service_requests_create",
        summary="Take a queue ticket",
        request=TicketOpenSerializer,
        responses={201: ServiceRequestSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "An ID card for a registered person",
                value={"service_type": "id_card", "person": 42},
                request_only=True,
            ),
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request: Request) -> Response:
        incoming = TicketOpenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        opened = services.service_request_open(
            service_type_code=incoming.validated_data["service_type"].code,
            person=incoming.validated_data.get("person"),
            received_by=_user(request),
        )
        return _answer(opened, status.HTTP_201_CREATED)


class ServiceRequestDetailView(GenericAPIView):
    permission_classes = [DESK]
    required_scope = "onestop:read"
    serializer_class = ServiceRequestSerializer

    @extend_schema(
        operation_id="service_requests_retrieve",
        examples=[X.response("In service", X.SERVICE_REQUEST), X.NOT_FOUND_EXAMPLE],
        summary="A service request",
        responses={200: ServiceRequestSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, service_request_id: int) -> Response:
        return _answer(_request_of(service_request_id))


class CallNextView(GenericAPIView):
    permission_classes = [DESK]
    serializer_class = CallNextSerializer

    @extend_schema(
        operation_id="service_requests_call_next",
        examples=[
            X.request("Counter 3", {"counter": "3", "service_types": ["idcard"]}),
            X.response("Called", X.SERVICE_REQUEST),
        ],
        summary="Call the oldest waiting ticket of today to your counter",
        description="204 when nobody is waiting. Refused (`onestop.already_serving`) while "
        "you have a called or in-service ticket, so a double click calls no second ticket.",
        request=CallNextSerializer,
        responses={200: ServiceRequestSerializer, 204: None, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        incoming = CallNextSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        called = services.service_request_call_next(
            officer=_user(request),
            counter=incoming.validated_data["counter"],
            service_type_codes=incoming.validated_data.get("service_types"),
        )
        if called is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _answer(called)


class StartView(GenericAPIView):
    permission_classes = [DESK]
    serializer_class = StartSerializer

    @extend_schema(
        operation_id="service_requests_start",
        examples=[
            X.request("Counter 3", {"counter": "3"}),
            X.response("Started", X.SERVICE_REQUEST),
            X.TICKET_OUT_OF_ORDER,
        ],
        summary="Start serving a request (repeatable)",
        request=StartSerializer,
        responses={200: ServiceRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, service_request_id: int) -> Response:
        incoming = StartSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        started = services.service_request_start(
            service_request=_request_of(service_request_id),
            officer=_user(request),
            counter=incoming.validated_data.get("counter"),
        )
        return _answer(started)


class CompleteView(GenericAPIView):
    permission_classes = [DESK]
    serializer_class = CompleteSerializer

    @extend_schema(
        operation_id="service_requests_complete",
        examples=[
            X.request("Done", {"outcome": "รับคำขอและตรวจเอกสารครบถ้วน"}),
            X.response("Completed", X.SERVICE_REQUEST),
            X.TICKET_OUT_OF_ORDER,
        ],
        summary="Complete a request with its outcome (idempotent)",
        request=CompleteSerializer,
        responses={200: ServiceRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, service_request_id: int) -> Response:
        incoming = CompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        done = services.service_request_complete(
            service_request=_request_of(service_request_id),
            officer=_user(request),
            outcome=incoming.validated_data["outcome"],
        )
        return _answer(done)


class HandOverView(GenericAPIView):
    permission_classes = [DESK]
    serializer_class = HandOverSerializer

    @extend_schema(
        operation_id="service_requests_hand_over",
        examples=[
            X.request("To another officer", {"to_officer": 9}),
            X.response("Handed over", X.SERVICE_REQUEST),
            X.TICKET_OUT_OF_ORDER,
        ],
        summary="Pass a request to another desk officer (repeatable)",
        request=HandOverSerializer,
        responses={200: ServiceRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, service_request_id: int) -> Response:
        service_request = _request_of(service_request_id)
        incoming = HandOverSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        passed = services.service_request_hand_over(
            service_request=service_request,
            officer=_user(request),
            to_officer=incoming.validated_data["to_officer"],
        )
        return _answer(passed)


class CancelView(GenericAPIView):
    permission_classes = [DESK]
    serializer_class = CancelSerializer

    @extend_schema(
        operation_id="service_requests_cancel",
        examples=[
            X.request("Left", {"reason": "ผู้รับบริการไม่อยู่เมื่อเรียกคิว"}),
            X.response("Cancelled", X.SERVICE_REQUEST),
            X.TICKET_OUT_OF_ORDER,
        ],
        summary="Close a request without a result (idempotent)",
        request=CancelSerializer,
        responses={200: ServiceRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, service_request_id: int) -> Response:
        incoming = CancelSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        cancelled = services.service_request_cancel(
            service_request=_request_of(service_request_id),
            actor=_user(request),
            reason=incoming.validated_data["reason"],
        )
        return _answer(cancelled)


class StatisticsView(GenericAPIView):
    permission_classes = [HasRole.of(*STATISTICS_ROLES)]
    required_scope = "onestop:read"
    serializer_class = StatisticsSerializer

    @extend_schema(
        operation_id="service_requests_statistics",
        examples=[X.response("FY 2557", X.STATISTICS)],
        summary="The desk's figures for a fiscal year",
        description="Completed requests by the date their ticket was taken: in total, per "
        "service type and per month. `fiscal_year` is B.E. (offices speak B.E.); every other "
        "value, the dates of the answer included, is ISO 8601 (C.E.).",
        parameters=[
            OpenApiParameter(
                "fiscal_year",
                int,
                description=f"{FISCAL_YEAR_HELP} Absent: the current fiscal year.",
                examples=[OpenApiExample("FY 2557", value=2557)],
            )
        ],
        responses={200: StatisticsSerializer, **WRITE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        year = parse_fiscal_year(request.query_params.get("fiscal_year")) or current_fiscal_year()
        stats = selectors.desk_statistics(fiscal_year=year)
        data = {
            "fiscal_year": year.be_year,
            "start": year.start,
            "end": year.end,
            "total": stats.total,
            "by_service_type": [
                {"service_type": service_type, "figures": figures}
                for service_type, figures in stats.by_service_type
            ],
            "by_month": [{"month": month, "figures": figures} for month, figures in stats.by_month],
        }
        return Response(self.get_serializer(data).data)
