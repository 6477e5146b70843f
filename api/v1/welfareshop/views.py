"""`/api/v1/welfareshop/`: the shop's members, its rooms and areas and their bookings (scope
`welfareshop:read`)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import (
    DETAIL_ERRORS,
    FISCAL_YEAR_HELP,
    LIST_ERRORS,
    bulk_read_record,
    parse_fiscal_year,
    query_choice,
    query_params,
)
from api.v1.welfareshop.serializers import BookingSerializer, MemberSerializer, ResourceSerializer
from apps.welfareshop import selectors
from apps.welfareshop.models import Booking, BookingStatus, Member, MemberStatus, Resource
from apps.welfareshop.payloads import BOOKING_EXAMPLE, MEMBER_EXAMPLE
from apps.welfareshop.permissions import BOOKER_ROLES, READER_ROLES

MEMBER = {**MEMBER_EXAMPLE, "person": X.PERSON_REF}
RESOURCE = {
    "id": 2,
    "name": "ห้องนางแอ่น",
    "kind": "room",
    "purpose": "ห้องนั่งพักสำหรับบุคลากรจากโรงเรียนที่มาติดต่อราชการ",
    "capacity": 10,
    "equipment": "คอมพิวเตอร์ เครื่องเสียง โทรทัศน์",
    "opens": "08:00:00",
    "closes": "17:00:00",
    "is_active": True,
}


class MemberListView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = "welfareshop:read"
    serializer_class = MemberSerializer
    cursor_ordering: tuple[str, ...] = ("-applied_at", "-id")

    @extend_schema(
        operation_id="welfareshop_members_list",
        summary="Welfare shop members",
        description="Newest application first; with `fiscal_year`, the member list at that "
        "year's end (members who had joined and not left by 30 September).",
        parameters=[
            OpenApiParameter(
                "fiscal_year", int, description=f"Members at the year's end. {FISCAL_YEAR_HELP}"
            ),
            OpenApiParameter("status", str, enum=MemberStatus.values),
        ],
        responses={200: MemberSerializer(many=True), **LIST_ERRORS},
        examples=[X.response("Shop members", MEMBER)],
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        year = parse_fiscal_year(params.get("fiscal_year"))
        rows: QuerySet[Member] = Member.objects.select_related("person")
        if year is not None:
            rows = selectors.members_on(year.end).select_related("person")
        if wanted := query_choice(params, "status", MemberStatus.values):
            rows = rows.filter(status=wanted)
        page = self.paginate_queryset(rows)
        bulk_read_record(request, "api.shop_members_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MemberDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = "welfareshop:read"
    serializer_class = MemberSerializer

    @extend_schema(
        operation_id="welfareshop_members_retrieve",
        summary="A welfare shop member",
        responses={200: MemberSerializer, **DETAIL_ERRORS},
        examples=[X.response("An active member", MEMBER), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, member_id: int) -> Response:
        member = selectors.member_get(member_id=member_id)
        return Response(self.get_serializer(member).data)


class ResourceListView(GenericAPIView):
    permission_classes = [HasRole.of(*BOOKER_ROLES)]
    required_scope = "welfareshop:read"
    serializer_class = ResourceSerializer
    cursor_ordering: tuple[str, ...] = ("display_order", "id")

    @extend_schema(
        operation_id="welfareshop_resources_list",
        summary="Rooms and rest areas",
        responses={200: ResourceSerializer(many=True), **LIST_ERRORS},
        examples=[X.response("Rooms and areas", RESOURCE)],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(Resource.objects.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class BookingListView(GenericAPIView):
    permission_classes = [HasRole.of(*BOOKER_ROLES)]
    required_scope = "welfareshop:read"
    serializer_class = BookingSerializer
    cursor_ordering: tuple[str, ...] = ("-booked_at", "-id")

    @extend_schema(
        operation_id="welfareshop_bookings_list",
        summary="Bookings of the rooms and areas",
        description="Newest booked first.",
        parameters=[OpenApiParameter("status", str, enum=BookingStatus.values)],
        responses={200: BookingSerializer(many=True), **LIST_ERRORS},
        examples=[X.response("Bookings", BOOKING_EXAMPLE)],
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        rows: QuerySet[Booking] = Booking.objects.select_related("resource", "school")
        if wanted := query_choice(params, "status", BookingStatus.values):
            rows = rows.filter(status=wanted)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class BookingDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*BOOKER_ROLES)]
    required_scope = "welfareshop:read"
    serializer_class = BookingSerializer

    @extend_schema(
        operation_id="welfareshop_bookings_retrieve",
        summary="A booking",
        responses={200: BookingSerializer, **DETAIL_ERRORS},
        examples=[X.response("A booking", BOOKING_EXAMPLE), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, booking_id: int) -> Response:
        booking = selectors.booking_get(booking_id=booking_id)
        return Response(self.get_serializer(booking).data)
