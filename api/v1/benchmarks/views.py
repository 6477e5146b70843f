"""`/api/v1/benchmarks/` on the central host: the indicators compared, the values collected from
every office, each indicator's comparison (ranks, percentiles, quartiles, medians) and an
office's card. For the central agency's machine clients (central analysts and operators); on an
office host these paths answer 404.

Numbers are strings with four decimals (exact); fiscal years are B.E. (as offices name them).
A figure of a sensitive indicator with fewer than five people behind it is withheld here as on
every page (`withheld: true`, the numbers null, no part in any rank or median): the rule of
`core.indicators`, applied by `central.comparison`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import CentralRole
from api.permissions import HasCentralRole
from api.v1 import examples as X
from api.v1.benchmarks.serializers import (
    CardLineSerializer,
    ComparisonSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
)
from api.v1.common import (
    BAD_REQUEST,
    DETAIL_ERRORS,
    FISCAL_YEAR_HELP,
    LIST_ERRORS,
    READ_ERRORS,
    parse_fiscal_year,
    query_choice,
    query_params,
)
from central import comparison
from central.benchmarks import IndicatorValue
from tenants.models import Office, OfficeKind, Region

READERS = HasCentralRole.of(CentralRole.CENTRAL_ANALYST, CentralRole.PLATFORM_OPERATOR)

PEER_FILTERS = [
    OpenApiParameter("kind", str, enum=OfficeKind.values, description="Peer group: kind."),
    OpenApiParameter("region", str, enum=Region.values, description="Peer group: region."),
    OpenApiParameter("province", str, description="Peer group: province (Thai name)."),
]
YEAR = OpenApiParameter(
    "fiscal_year",
    int,
    description=f"Default: the newest collected with any non-zero value. {FISCAL_YEAR_HELP}",
)


OFFICE = {
    "code": "nonthaburi1",
    "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานนทบุรี เขต 1",
    "kind": "primary",
    "region": "central",
    "province": "นนทบุรี",
}
INDICATOR = {
    "code": "idcards.issued.teacher",
    "label_th": "บัตรประจำตัวที่ออกให้ข้าราชการครู",
    "label_en": "Identity cards issued to teachers",
    "unit": "cards",
    "per_personnel": True,
    "higher_is_better": True,
    "sensitive": False,
}
STANDING = {"rank": 12, "count": 183, "percentile": "93.96", "quartile": 1}
INDICATOR_EXAMPLE = X.response("Cards to teachers", INDICATOR)
VALUE_EXAMPLE = X.response(
    "A value of FY 2569",
    {
        "office": OFFICE,
        "fiscal_year": 2569,
        "code": "idcards.issued.teacher",
        "value": "412.0000",
        "per_100_personnel": "11.8200",
        "withheld": False,
        "collected_at": "2026-10-02T02:00:14.551203+07:00",
    },
)
COMPARISON_EXAMPLE = X.response(
    "Ranked by value",
    {
        "indicator": INDICATOR,
        "fiscal_year": 2569,
        "basis": "value",
        "national_median": "268.0000",
        "peer_medians": {"kind": {"primary": "251.0000"}},
        "figures": [
            {
                "office": OFFICE,
                "value": "412.0000",
                "previous": "389.0000",
                "change": "23.0000",
                "change_percent": "5.9100",
                "national": STANDING,
                "peers": {"kind": {"rank": 9, "count": 142, "percentile": "94.33", "quartile": 1}},
                "withheld": False,
            }
        ],
    },
)
CARD_EXAMPLE = X.response(
    "One line of the card",
    {
        "indicator": INDICATOR,
        "fiscal_year": 2569,
        "value": "412.0000",
        "per_100": "11.8200",
        "previous": "389.0000",
        "change": "23.0000",
        "national_median": "268.0000",
        "peer_median": "251.0000",
        "national": STANDING,
        "peer": {"rank": 9, "count": 142, "percentile": "94.33", "quartile": 1},
        "withheld": False,
    },
)


def _year(request: Request) -> int:
    year = parse_fiscal_year(request.query_params.get("fiscal_year"))
    if year is not None:
        return year.be_year
    default = comparison.default_fiscal_year()
    if default is None:
        raise NotFound("ยังไม่มีข้อมูลที่เก็บรวบรวม")
    return default


def _peer_filter(request: Request, office: Office) -> bool:
    params = query_params(request)
    query_choice(params, "kind", OfficeKind.values)
    query_choice(params, "region", Region.values)
    return all(
        not params.get(group) or str(getattr(office, group)) == params[group]
        for group in ("kind", "region", "province")
    )


def _indicator_data(indicator: Any) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "label_th": indicator.label_th,
        "label_en": indicator.label_en,
        "unit": indicator.unit,
        "per_personnel": indicator.per_personnel,
        "higher_is_better": indicator.higher_is_better,
        "sensitive": indicator.sensitive,
    }


class IndicatorListView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "benchmarks:read"
    serializer_class = IndicatorSerializer
    pagination_class = None

    @extend_schema(
        operation_id="benchmarks_indicators_list",
        examples=[INDICATOR_EXAMPLE],
        summary="The indicators compared",
        responses={200: IndicatorSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        data = [_indicator_data(i) for i in comparison.comparable_indicators()]
        return Response(self.get_serializer(data, many=True).data)


class ValueListView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "benchmarks:read"
    serializer_class = IndicatorValueSerializer
    cursor_ordering = ("fiscal_year", "office__code", "code", "id")

    @extend_schema(
        operation_id="benchmarks_values_list",
        examples=[VALUE_EXAMPLE],
        summary="Indicator values collected from the offices",
        description="By fiscal year, then office code, then indicator code.",
        parameters=[
            OpenApiParameter("fiscal_year", int, description=FISCAL_YEAR_HELP),
            OpenApiParameter("indicator", str, description="An indicator code."),
            OpenApiParameter("office", str, description="An office code."),
            *PEER_FILTERS,
        ],
        responses={200: IndicatorValueSerializer(many=True), 400: BAD_REQUEST, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        rows: QuerySet[IndicatorValue] = IndicatorValue.objects.select_related("office")
        year = parse_fiscal_year(params.get("fiscal_year"))
        if year is not None:
            rows = rows.filter(fiscal_year=year.be_year)
        if params.get("indicator"):
            rows = rows.filter(code=params["indicator"])
        if params.get("office"):
            rows = rows.filter(office__code=params["office"])
        query_choice(params, "kind", OfficeKind.values)
        query_choice(params, "region", Region.values)
        for group in ("kind", "region", "province"):
            if params.get(group):
                rows = rows.filter(**{f"office__{group}": params[group]})
        page = self.paginate_queryset(rows) or []
        withheld = comparison.withheld_rows((r.office_id, r.fiscal_year, r.code) for r in page)
        for row in page:
            hidden = (row.office_id, row.fiscal_year, row.code) in withheld
            row.withheld = hidden  # type: ignore[attr-defined]
            if hidden:
                row.value = row.per_100_personnel = None
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ComparisonView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "benchmarks:read"
    serializer_class = ComparisonSerializer

    @extend_schema(
        operation_id="benchmarks_comparison_retrieve",
        examples=[COMPARISON_EXAMPLE, X.NOT_FOUND_EXAMPLE],
        summary="Every active office on one indicator",
        description="Ranks, percentiles and quartiles nationally and within each peer group "
        "(kind, region, province), the medians, and the change from the previous year. The "
        "peer filters narrow the list of offices; standings and medians stay as computed over "
        "all offices and groups.",
        parameters=[
            YEAR,
            OpenApiParameter("basis", str, enum=["value", "per_100"], description="Default value."),
            *PEER_FILTERS,
        ],
        responses={200: ComparisonSerializer, 400: BAD_REQUEST, **DETAIL_ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        basis: comparison.Basis = (
            "per_100"
            if query_choice(query_params(request), "basis", ["value", "per_100"]) == "per_100"
            else "value"
        )
        result = comparison.indicator_comparison(code=code, fiscal_year=_year(request), basis=basis)
        if result is None:
            raise NotFound("ไม่พบตัวชี้วัดนี้")
        figures = [
            {
                "office": f.office,
                "value": f.value,
                "previous": f.previous,
                "change": f.change,
                "change_percent": f.change_percent,
                "national": f.national,
                "peers": f.peers,
                "withheld": f.withheld,
            }
            for f in result.figures
            if _peer_filter(request, f.office)
        ]
        data = {
            "indicator": _indicator_data(result.indicator),
            "fiscal_year": result.fiscal_year,
            "basis": result.basis,
            "national_median": result.national_median,
            "peer_medians": result.peer_medians,
            "figures": figures,
        }
        return Response(self.get_serializer(data).data)


class OfficeCardView(GenericAPIView):
    permission_classes = [READERS]
    required_scope = "benchmarks:read"
    serializer_class = CardLineSerializer
    pagination_class = None

    @extend_schema(
        operation_id="benchmarks_office_retrieve",
        examples=[CARD_EXAMPLE, X.NOT_FOUND_EXAMPLE],
        summary="One office against the national and peer medians",
        parameters=[YEAR],
        responses={200: CardLineSerializer(many=True), 400: BAD_REQUEST, **DETAIL_ERRORS},
    )
    def get(self, request: Request, office_code: str) -> Response:
        office = None if "\x00" in office_code else Office.objects.filter(code=office_code).first()
        if office is None:
            raise NotFound("ไม่พบสำนักงานนี้")
        year = _year(request)
        lines = comparison.office_card(office=office, fiscal_years=[year])[year]
        data = [
            {
                "indicator": _indicator_data(line.indicator),
                "fiscal_year": line.fiscal_year,
                "value": line.value,
                "per_100": line.per_100,
                "previous": line.previous,
                "change": line.change,
                "national_median": line.national_median,
                "peer_median": line.peer_median,
                "national": line.national,
                "peer": line.peer,
                "withheld": line.withheld,
            }
            for line in lines
        ]
        return Response(self.get_serializer(data, many=True).data)
