"""`/api/v1/revolvingfund/`: the approvals the fund's subcommittee confirmed (scope
`revolvingfund:read`), for HR and finance systems: the Office of the Permanent Secretary
collects repayments by payroll deduction, so it reads who borrowed how much, at what rate and
instalment, and who guarantees."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import (
    DETAIL_ERRORS,
    FISCAL_YEAR_HELP,
    WRITE_ERRORS,
    bulk_read_record,
    parse_fiscal_year,
    query_params,
)
from api.v1.revolvingfund.serializers import ApprovalSerializer
from apps.revolvingfund import selectors
from apps.revolvingfund.payloads import APPROVAL_EXAMPLE
from apps.revolvingfund.permissions import REGISTER_READER_ROLES
from core.errors import NotFoundError

APPROVAL = {
    **APPROVAL_EXAMPLE,
    "person": X.PERSON_REF,
    "guarantors": [X.PERSON_REF],
}


class ApprovalListView(GenericAPIView):
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES)]
    required_scope = "revolvingfund:read"
    serializer_class = ApprovalSerializer
    cursor_ordering: tuple[str, ...] = ("-decided_at", "-id")

    @extend_schema(
        operation_id="revolvingfund_approvals_list",
        summary="Approved fund loans",
        description="The applications the subcommittee approved, newest first; with "
        "`fiscal_year`, that year's register.",
        parameters=[
            OpenApiParameter(
                "fiscal_year",
                int,
                description=f"Approved in rounds of this fiscal year. {FISCAL_YEAR_HELP}",
            ),
        ],
        responses={200: ApprovalSerializer(many=True), **WRITE_ERRORS},
        examples=[X.response("Approvals", APPROVAL)],
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        year = parse_fiscal_year(params.get("fiscal_year"))
        rows = selectors.approved_applications(
            fiscal_year_be=year.be_year if year is not None else None
        )
        page = self.paginate_queryset(rows)
        bulk_read_record(request, "api.fund_approvals_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ApprovalDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES)]
    required_scope = "revolvingfund:read"
    serializer_class = ApprovalSerializer

    @extend_schema(
        operation_id="revolvingfund_approvals_retrieve",
        summary="An approved fund loan",
        responses={200: ApprovalSerializer, **DETAIL_ERRORS},
        examples=[X.response("An approval", APPROVAL), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, approval_id: int) -> Response:
        found = selectors.approved_applications().filter(pk=approval_id).first()
        if found is None:
            raise NotFoundError("ไม่พบการอนุมัตินี้", "No such approval.")
        return Response(self.get_serializer(found).data)
