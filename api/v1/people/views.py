"""`/api/v1/people/` and `/api/v1/schools/`: the register of people with families.

Reads of a full record go through `person_get_for_view` (audited); writes through
`apps.people.services`. Roles are those of the web pages (`apps.people.permissions`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import (
    BAD_REQUEST,
    DETAIL_ERRORS,
    ERROR_EXAMPLES,
    LIST_ERRORS,
    UPDATED_SINCE_HELP,
    WRITE_ERRORS,
    bulk_read_record,
    query_bool,
    query_choice,
    query_datetime,
    query_params,
)
from api.v1.people.serializers import (
    FamilyMemberInputSerializer,
    FamilyMemberSerializer,
    PersonDetailSerializer,
    PersonInputSerializer,
    PersonSerializer,
    SchoolSerializer,
    family_data_of,
    person_data_of,
)
from apps.people import selectors, services
from apps.people.models import Person, PersonCategory, PersonStatus
from apps.people.permissions import EDITOR_ROLES, READER_ROLES

PEOPLE_ROLES = HasRole.of(*READER_ROLES, write=EDITOR_ROLES)
EDITORS_ONLY = HasRole.of(*EDITOR_ROLES)

PERSON_EXAMPLE = OpenApiExample(
    "A teacher at a school",
    value={
        "national_id": "1103700012435",
        "title": "นาย",
        "first_name_th": "สมชาย",
        "last_name_th": "ใจดี",
        "first_name_en": "Somchai",
        "last_name_en": "Jaidee",
        "birth_date": "1977-09-26",
        "category": "teacher",
        "position": "ครู",
        "academic_standing": "ชำนาญการพิเศษ",
        "school": 1,
        "monthly_salary": "35000.00",
        "phone": "081-234-5678",
    },
    request_only=True,
)
FAMILY_EXAMPLE = OpenApiExample(
    "A first child",
    value={
        "relation": "child",
        "title": "ด.ช.",
        "first_name_th": "ก้องภพ",
        "last_name_th": "ใจดี",
        "birth_date": "2012-06-01",
        "birth_order": 1,
        "child_status": "legitimate",
    },
    request_only=True,
)


def _django_request(request: Request) -> Any:
    return request._request


class PersonListView(GenericAPIView):
    permission_classes = [PEOPLE_ROLES]
    required_scope = "people:read"
    required_write_scope = "people:write"
    serializer_class = PersonSerializer
    cursor_ordering = ("first_name_th", "last_name_th", "id")

    @extend_schema(
        operation_id="people_list",
        examples=[X.response("People", X.PERSON)],
        summary="List people",
        description="By Thai first name, then last name, then id.",
        parameters=[
            OpenApiParameter(
                "search",
                str,
                description="A fragment of a name (Thai or English) or of the national ID; "
                "Thai digits, dashes, spaces and letter case do not matter.",
            ),
            OpenApiParameter("category", str, enum=PersonCategory.values),
            OpenApiParameter("status", str, enum=PersonStatus.values),
            OpenApiParameter(
                "updated_since", OpenApiTypes.DATETIME, description=UPDATED_SINCE_HELP
            ),
            OpenApiParameter(
                "school",
                str,
                description="A school's id, or `office` for the people of the office itself.",
            ),
        ],
        responses={200: PersonSerializer(many=True), 400: BAD_REQUEST, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        people = selectors.person_list(
            search=params.get("search", ""),
            category=query_choice(params, "category", PersonCategory.values),
            status=query_choice(params, "status", PersonStatus.values),
            school=params.get("school", ""),
        )
        updated_since = query_datetime(params, "updated_since")
        if updated_since is not None:
            people = people.filter(updated_at__gte=updated_since)
        page = self.paginate_queryset(people)
        bulk_read_record(request, "api.people_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="people_create",
        summary="Register a person",
        request=PersonInputSerializer,
        responses={201: PersonDetailSerializer, **WRITE_ERRORS},
        examples=[PERSON_EXAMPLE, *ERROR_EXAMPLES],
    )
    def post(self, request: Request) -> Response:
        incoming = PersonInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        person = services.person_create(
            data=incoming.to_data(), actor=request.user, request=_django_request(request)
        )
        person = (
            Person.objects.select_related("school").prefetch_related("family").get(pk=person.pk)
        )
        return Response(
            PersonDetailSerializer(person, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class PersonDetailView(GenericAPIView):
    permission_classes = [PEOPLE_ROLES]
    required_scope = "people:read"
    required_write_scope = "people:write"
    serializer_class = PersonDetailSerializer

    @extend_schema(
        operation_id="people_retrieve",
        examples=[X.response("A teacher", X.PERSON_DETAIL), X.NOT_FOUND_EXAMPLE],
        summary="A person's full record with family (audited)",
        description="Every read is written to the office's audit trail.",
        responses={200: PersonDetailSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_get_for_view(
            person_id=person_id, actor=request.user, request=_django_request(request)
        )
        return Response(self.get_serializer(person).data)

    def _update(self, request: Request, person_id: int, *, partial: bool) -> Response:
        person = selectors.person_get_for_edit(person_id=person_id, actor=request.user)
        incoming = PersonInputSerializer(data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        data = incoming.to_data(base=person_data_of(person) if partial else None)
        services.person_update(
            person=person, data=data, actor=request.user, request=_django_request(request)
        )
        person = (
            Person.objects.select_related("school").prefetch_related("family").get(pk=person.pk)
        )
        return Response(self.get_serializer(person).data)

    @extend_schema(
        operation_id="people_update",
        summary="Replace a person's values",
        request=PersonInputSerializer,
        responses={200: PersonDetailSerializer, **WRITE_ERRORS},
        examples=[PERSON_EXAMPLE, *ERROR_EXAMPLES],
    )
    def put(self, request: Request, person_id: int) -> Response:
        return self._update(request, person_id, partial=False)

    @extend_schema(
        operation_id="people_partial_update",
        examples=[
            X.request(
                "A new position", {"position": "ผู้อำนวยการสถานศึกษา", "monthly_salary": "48720.00"}
            ),
            X.response("Updated", X.PERSON_DETAIL),
            *ERROR_EXAMPLES,
        ],
        summary="Change some of a person's values",
        request=PersonInputSerializer(partial=True),
        responses={200: PersonDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, person_id: int) -> Response:
        return self._update(request, person_id, partial=True)


class FamilyListView(GenericAPIView):
    permission_classes = [PEOPLE_ROLES]
    required_scope = "people:read"
    required_write_scope = "people:write"
    serializer_class = FamilyMemberSerializer
    pagination_class = None

    @extend_schema(
        operation_id="people_family_list",
        examples=[X.response("Family", X.FAMILY_MEMBER)],
        summary="A person's family (audited as a read of the person)",
        responses={200: FamilyMemberSerializer(many=True), **DETAIL_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_get_for_view(
            person_id=person_id, actor=request.user, request=_django_request(request)
        )
        return Response(self.get_serializer(person.family.all(), many=True).data)

    @extend_schema(
        operation_id="people_family_create",
        summary="Add a family member",
        request=FamilyMemberInputSerializer,
        responses={201: FamilyMemberSerializer, **WRITE_ERRORS},
        examples=[FAMILY_EXAMPLE, *ERROR_EXAMPLES],
    )
    def post(self, request: Request, person_id: int) -> Response:
        person = selectors.person_get_for_edit(person_id=person_id, actor=request.user)
        incoming = FamilyMemberInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = services.family_member_add(
            person=person,
            data=incoming.to_data(),
            actor=request.user,
            request=_django_request(request),
        )
        return Response(self.get_serializer(member).data, status=status.HTTP_201_CREATED)


class FamilyMemberView(GenericAPIView):
    permission_classes = [EDITORS_ONLY]
    required_write_scope = "people:write"
    serializer_class = FamilyMemberSerializer

    def _update(self, request: Request, person_id: int, member_id: int, partial: bool) -> Response:
        member = selectors.family_member_get_for_edit(
            person_id=person_id, member_id=member_id, actor=request.user
        )
        incoming = FamilyMemberInputSerializer(data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        data = incoming.to_data(base=family_data_of(member) if partial else None)
        member = services.family_member_update(
            member=member, data=data, actor=request.user, request=_django_request(request)
        )
        return Response(self.get_serializer(member).data)

    @extend_schema(
        operation_id="people_family_update",
        examples=[
            X.request("A child", X.FAMILY_MEMBER_INPUT),
            X.response("Updated", X.FAMILY_MEMBER),
            *ERROR_EXAMPLES,
        ],
        summary="Replace a family member's values",
        request=FamilyMemberInputSerializer,
        responses={200: FamilyMemberSerializer, **WRITE_ERRORS},
    )
    def put(self, request: Request, person_id: int, member_id: int) -> Response:
        return self._update(request, person_id, member_id, partial=False)

    @extend_schema(
        operation_id="people_family_partial_update",
        examples=[
            X.request("A disability", {"is_disabled": True, "disabled_on": "2024-02-01"}),
            X.response("Updated", X.FAMILY_MEMBER),
            *ERROR_EXAMPLES,
        ],
        summary="Change some of a family member's values",
        request=FamilyMemberInputSerializer(partial=True),
        responses={200: FamilyMemberSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, person_id: int, member_id: int) -> Response:
        return self._update(request, person_id, member_id, partial=True)

    @extend_schema(
        operation_id="people_family_destroy",
        examples=[X.NOT_FOUND_EXAMPLE],
        summary="Remove a family member",
        request=None,
        responses={204: None, **DETAIL_ERRORS},
    )
    def delete(self, request: Request, person_id: int, member_id: int) -> Response:
        member = selectors.family_member_get_for_edit(
            person_id=person_id, member_id=member_id, actor=request.user
        )
        services.family_member_remove(
            member=member, actor=request.user, request=_django_request(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SchoolListView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = "people:read"
    serializer_class = SchoolSerializer
    cursor_ordering = ("name_th", "id")

    @extend_schema(
        operation_id="schools_list",
        examples=[X.response("Schools", X.SCHOOL)],
        summary="The office's schools (read only)",
        description="By Thai name, then id.",
        parameters=[OpenApiParameter("active", bool, description="Only schools in use.")],
        responses={200: SchoolSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        active_only = bool(query_bool(request.query_params, "active"))
        page = self.paginate_queryset(selectors.school_list(active_only=active_only))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
