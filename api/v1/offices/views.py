"""`/api/v1/offices/` on the central host: the offices a national client can read from (their
codes name them in the national feed, the benchmarks and the office cards), with the host each
answers on. No personal data. On an office host this path answers 404. Each office is the
REST resource of the `central.office` event type (national webhooks): the same component.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import CentralRole
from api.permissions import HasCentralRole
from api.v1 import examples as X
from api.v1.common import BAD_REQUEST, LIST_ERRORS, StrictCharField, query_params
from api.v1.feeds.events import CentralOfficeSerializer
from central.events import office_status
from tenants.models import Domain, Office, OfficeKind, Region
from tenants.services import office_host


def office_data(office: Office) -> dict[str, object]:
    """The office as `central.office` events carry it (`central.events.office_payload`), from
    prefetched primary domains (one query for a page)."""
    domains = list(office.domains.all())  # prefetched: the primary ones only
    return {
        "code": office.code,
        "name_th": office.name_th,
        "name_en": office.name_en,
        "kind": office.kind,
        "province": office.province,
        "region": office.region,
        "area_number": office.area_number,
        "host": domains[0].domain if domains else office_host(office.code),
        "status": office_status(office),
    }


class OfficeFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OfficeKind.choices, required=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    province = StrictCharField(required=False)


class OfficeListView(GenericAPIView):
    permission_classes = [
        HasCentralRole.of(CentralRole.CENTRAL_ANALYST, CentralRole.PLATFORM_OPERATOR)
    ]
    required_scope = "offices:read"
    serializer_class = CentralOfficeSerializer
    cursor_ordering = ("code", "id")

    @extend_schema(
        operation_id="offices_list",
        examples=[X.response("Offices", X.OFFICE)],
        summary="The area offices (codes, names, hosts, status)",
        description="By office code. No personal data.",
        parameters=[
            OpenApiParameter("kind", str, enum=OfficeKind.values),
            OpenApiParameter("region", str, enum=Region.values),
            OpenApiParameter("province", str, description="The province (Thai name)."),
        ],
        responses={200: CentralOfficeSerializer(many=True), 400: BAD_REQUEST, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = OfficeFilterSerializer(data=query_params(request))
        filters.is_valid(raise_exception=True)
        offices: QuerySet[Office] = Office.objects.prefetch_related(
            Prefetch("domains", queryset=Domain.objects.filter(is_primary=True))
        )
        for field in ("kind", "region", "province"):
            if filters.validated_data.get(field):
                offices = offices.filter(**{field: filters.validated_data[field]})
        page = self.paginate_queryset(offices) or []
        return self.get_paginated_response([office_data(office) for office in page])
