"""`/api/v1/certificates/`: the salary certificates (scope `certificates:read`) and the public
verification of one by its token (no credentials; rate-limited per address like the page)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.certificates.serializers import CertificateSerializer, VerificationSerializer
from api.v1.common import (
    DETAIL_ERRORS,
    FISCAL_YEAR_HELP,
    NOT_FOUND,
    WRITE_ERRORS,
    ErrorSerializer,
    bulk_read_record,
    parse_fiscal_year,
    query_choice,
    query_params,
)
from apps.certificates import selectors
from apps.certificates.models import Certificate, CertificateStatus
from apps.certificates.payloads import CERTIFICATE_EXAMPLE
from apps.certificates.permissions import REGISTER_READER_ROLES
from apps.certificates.views import VERIFY_LIMIT_PER_MINUTE, verification
from core import ratelimit
from core.errors import NotFoundError

# The feed's example, the national ID masked as a reader without the right to it sees it.
CERTIFICATE = {**CERTIFICATE_EXAMPLE, "person": X.PERSON_REF}
VERIFICATION = {
    "number": "0012/2570",
    "issue_date": "2026-11-24",
    "bank": "ธนาคารออมสิน",
    "programme": "สินเชื่อสวัสดิการหักเงินเดือน",
    "name": "นายสมชาย ใ••••",
    "status": "valid",
    "status_th": "ใช้ได้ (ออกโดยสำนักงานนี้จริงและยังไม่ถูกเพิกถอน)",
}
RATE_LIMITED = {
    "code": "certificates.rate_limited",
    "message": "มีการตรวจสอบจากเครื่องนี้มากเกินไป กรุณารอสักครู่แล้วลองใหม่",
    "fields": {},
}


class CertificateListView(GenericAPIView):
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES)]
    required_scope = "certificates:read"
    serializer_class = CertificateSerializer
    cursor_ordering: tuple[str, ...] = ("-received_at", "-id")

    @extend_schema(
        operation_id="certificates_list",
        summary="Salary certificates",
        description="Newest received first; with `fiscal_year`, the register of that year "
        "(issued certificates in the order signed).",
        parameters=[
            OpenApiParameter(
                "fiscal_year", int, description=f"Issued in this fiscal year. {FISCAL_YEAR_HELP}"
            ),
            OpenApiParameter("status", str, enum=CertificateStatus.values),
        ],
        responses={200: CertificateSerializer(many=True), **WRITE_ERRORS},
        examples=[X.response("Salary certificates", CERTIFICATE)],
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        year = parse_fiscal_year(params.get("fiscal_year"))
        rows: QuerySet[Certificate]
        if year is not None:
            rows = selectors.certificate_register(fiscal_year=year)
            self.cursor_ordering = ("signed_at", "id")
        else:
            rows = Certificate.objects.select_related("person", "superseded_by")
        if wanted := query_choice(params, "status", CertificateStatus.values):
            rows = rows.filter(status=wanted)
        page = self.paginate_queryset(rows)
        bulk_read_record(request, "api.certificates_listed", len(page or []))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CertificateDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*REGISTER_READER_ROLES)]
    required_scope = "certificates:read"
    serializer_class = CertificateSerializer

    @extend_schema(
        operation_id="certificates_retrieve",
        summary="A salary certificate",
        responses={200: CertificateSerializer, **DETAIL_ERRORS},
        examples=[X.response("A signed certificate", CERTIFICATE), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, certificate_id: int) -> Response:
        certificate = selectors.certificate_get(certificate_id=certificate_id)
        return Response(self.get_serializer(certificate).data)


class VerifyView(GenericAPIView):
    """The verification page's JSON twin."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    serializer_class = VerificationSerializer

    @extend_schema(
        operation_id="certificates_verify",
        summary="Verify a certificate by its token (public)",
        description="What the letter's QR code page shows: number, date, bank, masked name and "
        "status. Public: no credentials (any sent are ignored), so a bank's officer or system "
        "can check a certificate; limited per address (429 `certificates.rate_limited` with "
        "`Retry-After`). An unknown token, or another office's, is 404.",
        auth=[],
        responses={
            200: VerificationSerializer,
            404: NOT_FOUND,
            429: OpenApiResponse(
                ErrorSerializer, description="Too many checks from this address; wait a minute."
            ),
        },
        examples=[
            X.response("A valid certificate", VERIFICATION),
            X.NOT_FOUND_EXAMPLE,
            X.response("Too many checks", RATE_LIMITED, "429"),
        ],
    )
    def get(self, request: Request, token: str) -> Response:
        if not ratelimit.allow(
            request._request, "certificates.verify", limit=VERIFY_LIMIT_PER_MINUTE
        ):
            return Response(
                {
                    "code": "certificates.rate_limited",
                    "message": "มีการตรวจสอบจากเครื่องนี้มากเกินไป กรุณารอสักครู่แล้วลองใหม่",
                    "fields": {},
                },
                status=429,
                headers={"Retry-After": "60"},
            )
        try:
            certificate = selectors.certificate_public(token=token[:64])
        except NotFoundError:
            raise
        return Response(verification(certificate))
