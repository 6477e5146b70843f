"""`/api/v1/revolvingfund/loans/` and `/repayments/`: the fund's loans and their ledger lines
(scope `revolvingfund.loans:read`), for HR and finance systems that collect the instalments."""

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
    WRITE_ERRORS,
    bulk_read_record,
    parse_fiscal_year,
    query_choice,
    query_params,
)
from api.v1.revolvingfund.loans_serializers import LoanSerializer, RepaymentSerializer
from apps.revolvingfund.loans import selectors
from apps.revolvingfund.loans.declaration import LOANS_READ
from apps.revolvingfund.loans.payloads import LOAN_EXAMPLE, REPAYMENT_EXAMPLE
from apps.revolvingfund.loans.services import READER_ROLES
from apps.revolvingfund.models import Loan, LoanEntry, LoanStatus
from core.errors import NotFoundError

LOAN = {
    key: value
    for key, value in {**LOAN_EXAMPLE, "person": X.PERSON_REF}.items()
    if key not in ("guarantors", "disbursements")
}
REPAYMENT = {key: value for key, value in REPAYMENT_EXAMPLE.items() if key != "person"}


class LoanListView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = LOANS_READ
    serializer_class = LoanSerializer
    cursor_ordering: tuple[str, ...] = ("-id",)

    @extend_schema(
        operation_id="revolvingfund_loans_list",
        summary="Fund loans",
        description="Newest first; with `fiscal_year`, that year's register of loans.",
        parameters=[
            OpenApiParameter("fiscal_year", int, description=f"Running in. {FISCAL_YEAR_HELP}"),
            OpenApiParameter("status", str, enum=LoanStatus.values),
        ],
        responses={200: LoanSerializer(many=True), **WRITE_ERRORS},
        examples=[X.response("Loans", LOAN)],
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        year = parse_fiscal_year(params.get("fiscal_year"))
        rows: QuerySet[Loan] = (
            selectors.loan_register(fiscal_year=year)
            if year is not None
            else Loan.objects.select_related("person")
        )
        if wanted := query_choice(params, "status", LoanStatus.values):
            rows = rows.filter(status=wanted)
        page = self.paginate_queryset(rows)
        bulk_read_record(request, "api.fund_loans_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class LoanDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = LOANS_READ
    serializer_class = LoanSerializer

    @extend_schema(
        operation_id="revolvingfund_loans_retrieve",
        summary="A fund loan",
        responses={200: LoanSerializer, **DETAIL_ERRORS},
        examples=[X.response("A loan", LOAN), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, loan_id: int) -> Response:
        found = Loan.objects.select_related("person").filter(pk=loan_id).first()
        if found is None:
            raise NotFoundError("ไม่พบสัญญาเงินกู้นี้", "No such loan.")
        bulk_read_record(request, "api.fund_loan_read", 1)
        return Response(self.get_serializer(found).data)


class RepaymentListView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = LOANS_READ
    serializer_class = RepaymentSerializer
    cursor_ordering: tuple[str, ...] = ("-id",)

    @extend_schema(
        operation_id="revolvingfund_repayments_list",
        summary="Repayments (ledger lines of the fund's loans)",
        description="Newest first; with `fiscal_year`, the lines dated in that year.",
        parameters=[
            OpenApiParameter("fiscal_year", int, description=f"Dated in. {FISCAL_YEAR_HELP}"),
        ],
        responses={200: RepaymentSerializer(many=True), **WRITE_ERRORS},
        examples=[X.response("Repayments", REPAYMENT)],
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        year = parse_fiscal_year(params.get("fiscal_year"))
        rows = LoanEntry.objects.select_related("loan")
        if year is not None:
            rows = rows.filter(on__gte=year.start, on__lte=year.end)
        page = self.paginate_queryset(rows)
        bulk_read_record(request, "api.fund_repayments_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RepaymentDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = LOANS_READ
    serializer_class = RepaymentSerializer

    @extend_schema(
        operation_id="revolvingfund_repayments_retrieve",
        summary="A repayment",
        responses={200: RepaymentSerializer, **DETAIL_ERRORS},
        examples=[X.response("A month's deduction", REPAYMENT), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, repayment_id: int) -> Response:
        found = LoanEntry.objects.select_related("loan").filter(pk=repayment_id).first()
        if found is None:
            raise NotFoundError("ไม่พบรายการชำระนี้", "No such repayment.")
        return Response(self.get_serializer(found).data)
