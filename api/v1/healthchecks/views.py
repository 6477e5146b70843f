"""`/api/v1/healthchecks/`: the schedule of the announced campaigns, readable without
credentials as on the office's public page (rate-limited per address); a campaign with its
counts and the attendance counts per check point and category (scope `healthchecks:read`).
Never a person, never a result."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import HasRole
from api.v1 import examples as X
from api.v1.common import (
    DETAIL_ERRORS,
    FISCAL_YEAR_HELP,
    LIST_ERRORS,
    ErrorSerializer,
    parse_fiscal_year,
    query_params,
)
from api.v1.healthchecks.serializers import (
    AttendanceSerializer,
    CampaignSerializer,
    PublicCampaignSerializer,
)
from apps.healthchecks import selectors
from apps.healthchecks.models import Campaign, CampaignStatus
from apps.healthchecks.payloads import CAMPAIGN_EXAMPLE, campaign_payload
from apps.healthchecks.permissions import READER_ROLES
from apps.healthchecks.views import SCHEDULE_LIMIT_PER_MINUTE
from core import ratelimit
from core.thai import fiscal_year_of

PUBLIC_FIELDS = ("booked", "waitlisted", "attended", "announced_at", "closed_at")
RATE_LIMITED = {
    "code": "healthchecks.rate_limited",
    "message": "มีการใช้งานจากเครื่องนี้มากเกินไป กรุณารอสักครู่แล้วลองใหม่",
    "fields": {},
}


def public_campaign(campaign: Campaign) -> dict[str, Any]:
    """The schedule as the public page shows it: no counts but the places left."""
    payload = campaign_payload(campaign)
    payload.pop("announced_at", None)
    payload.pop("closed_at", None)
    for point in payload["checkpoints"]:
        for name in ("booked", "waitlisted", "attended"):
            point.pop(name, None)
    return payload


PUBLIC_EXAMPLE: dict[str, Any] = {
    **{k: v for k, v in CAMPAIGN_EXAMPLE.items() if k not in ("announced_at", "closed_at")},
    "checkpoints": [
        {k: v for k, v in point.items() if k not in ("booked", "waitlisted", "attended")}
        for point in CAMPAIGN_EXAMPLE["checkpoints"]
    ],
}
ATTENDANCE_EXAMPLE = {
    "fiscal_year": 2557,
    "rows": [
        {
            "checkpoint": 11,
            "campaign": 3,
            "day": "2014-09-26",
            "venue": "หอประชุมโรงเรียนบ้านควนขนุน",
            "booked": 87,
            "waitlisted": 0,
            "attended": 80,
            "walk_ins": 4,
            "attended_by_category": {"teacher": 66, "education_personnel": 9, "pensioner": 5},
        }
    ],
}


class ScheduleView(GenericAPIView):
    """The public schedule: the page's JSON twin."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    serializer_class = PublicCampaignSerializer
    pagination_class = None

    @extend_schema(
        operation_id="healthchecks_schedule",
        summary="The health-check schedule (public)",
        description="The announced and closed campaigns of a fiscal year (default: the current "
        "one) with their check points: date, time, venue, district or cluster, target schools, "
        "capacity, services, coordinator and places left. Public: no credentials (any sent are "
        "ignored), as on the office's public page; limited per address (429 "
        "`healthchecks.rate_limited` with `Retry-After`).",
        auth=[],
        parameters=[OpenApiParameter("fiscal_year", int, description=FISCAL_YEAR_HELP)],
        responses={
            200: PublicCampaignSerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="A fiscal year that is not one."),
            429: OpenApiResponse(ErrorSerializer, description="Too many requests; wait a minute."),
        },
        examples=[
            X.response("The schedule", PUBLIC_EXAMPLE),
            X.response("Too many requests", RATE_LIMITED, "429"),
        ],
    )
    def get(self, request: Request) -> Response:
        if not ratelimit.allow(
            request._request, "healthchecks.schedule", limit=SCHEDULE_LIMIT_PER_MINUTE
        ):
            return Response(RATE_LIMITED, status=429, headers={"Retry-After": "60"})
        year = parse_fiscal_year(query_params(request).get("fiscal_year"))
        year = year or fiscal_year_of(timezone.localdate())
        rows = (
            Campaign.objects.filter(fiscal_year=year.be_year)
            .exclude(status=CampaignStatus.DRAFT)
            .order_by("id")
        )
        return Response([public_campaign(campaign) for campaign in rows])


class CampaignDetailView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = "healthchecks:read"
    serializer_class = CampaignSerializer

    @extend_schema(
        operation_id="healthchecks_campaign_retrieve",
        summary="A health-check campaign with its counts",
        description="The feed resource `healthchecks.campaign`: the campaign, its check points "
        "and, per check point, how many booked, wait and came. Counts only.",
        responses={200: CampaignSerializer, **DETAIL_ERRORS},
        examples=[X.response("A campaign", CAMPAIGN_EXAMPLE), X.NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, campaign_id: int) -> Response:
        campaign = selectors.campaign_get(campaign_id=campaign_id)
        return Response(campaign_payload(campaign))


class AttendanceView(GenericAPIView):
    permission_classes = [HasRole.of(*READER_ROLES)]
    required_scope = "healthchecks:read"
    serializer_class = AttendanceSerializer
    pagination_class = None

    @extend_schema(
        operation_id="healthchecks_attendance",
        summary="Attendance counts per check point and category",
        description="For each check point of the fiscal year's campaigns: booked, waiting, "
        "attended, walk-ins, and attended per category of personnel. Counts only: never a "
        "person or a result.",
        parameters=[OpenApiParameter("fiscal_year", int, description=FISCAL_YEAR_HELP)],
        responses={200: AttendanceSerializer, **LIST_ERRORS},
        examples=[X.response("Attendance", ATTENDANCE_EXAMPLE)],
    )
    def get(self, request: Request) -> Response:
        year = parse_fiscal_year(query_params(request).get("fiscal_year"))
        year = year or fiscal_year_of(timezone.localdate())
        rows = []
        for campaign in Campaign.objects.filter(fiscal_year=year.be_year).order_by("id"):
            for row in selectors.summary(campaign=campaign).rows:
                rows.append(
                    {
                        "checkpoint": row.checkpoint.pk,
                        "campaign": campaign.pk,
                        "day": row.checkpoint.day.isoformat(),
                        "venue": row.checkpoint.venue,
                        "booked": row.booked,
                        "waitlisted": row.waitlisted,
                        "attended": row.attended,
                        "walk_ins": row.walk_ins,
                        "attended_by_category": row.by_category,
                    }
                )
        return Response({"fiscal_year": year.be_year, "rows": rows})
