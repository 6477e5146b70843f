"""Reads of the annual health check: campaigns, the schedule of a fiscal year, rosters per
check point and the participation summary (counts by check point, day and category)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.healthchecks.models import (
    Campaign,
    CampaignStatus,
    Channel,
    CheckPoint,
    SignUp,
    SignUpStatus,
)
from apps.people.models import PersonCategory
from core.errors import NotFoundError
from core.thai import FiscalYear

BOOKED = Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED))
WAITLISTED = Count("signups", filter=Q(signups__status=SignUpStatus.WAITLISTED))
ATTENDED = Count("signups", filter=Q(signups__attended_at__isnull=False))


def checkpoints_counted(rows: QuerySet[CheckPoint] | None = None) -> QuerySet[CheckPoint]:
    """Check points with their `booked`, `waitlisted` and `attended` counts."""
    rows = CheckPoint.objects.all() if rows is None else rows
    return rows.annotate(booked=BOOKED, waitlisted=WAITLISTED, attended=ATTENDED)


def campaign_list(*, fiscal_year: FiscalYear | None = None) -> QuerySet[Campaign]:
    rows = Campaign.objects.annotate(
        first_day=Min("checkpoints__day"),
        last_day=Max("checkpoints__day"),
        points=Count("checkpoints", distinct=True),
    )
    if fiscal_year is not None:
        rows = rows.filter(fiscal_year=fiscal_year.be_year)
    return rows.order_by("-fiscal_year", "id")


def campaign_get(*, campaign_id: int) -> Campaign:
    found = Campaign.objects.filter(pk=campaign_id).first()
    if found is None:
        raise NotFoundError("ไม่พบโครงการตรวจสุขภาพ", "No such campaign.")
    return found


def checkpoint_get(*, checkpoint_id: int) -> CheckPoint:
    found = CheckPoint.objects.select_related("campaign").filter(pk=checkpoint_id).first()
    if found is None:
        raise NotFoundError("ไม่พบจุดตรวจ", "No such check point.")
    return found


def campaign_checkpoints(campaign: Campaign) -> QuerySet[CheckPoint]:
    return checkpoints_counted(campaign.checkpoints.all()).prefetch_related("target_schools")


def schedule(*, fiscal_year: FiscalYear, announced_only: bool = False) -> QuerySet[CheckPoint]:
    """The check points of the fiscal year's campaigns, by day: the register
    "กำหนดการตรวจสุขภาพประจำปี"."""
    rows = CheckPoint.objects.filter(campaign__fiscal_year=fiscal_year.be_year)
    if announced_only:
        rows = rows.exclude(campaign__status=CampaignStatus.DRAFT)
    return (
        checkpoints_counted(rows)
        .select_related("campaign")
        .prefetch_related("target_schools")
        .order_by("day", "starts_at", "id")
    )


def public_campaigns(*, today: date | None = None) -> list[Campaign]:
    """Announced campaigns with a check point from `today` on, each with `open_points`: the
    check points still to come, with their counts (no names: what the public page shows)."""
    day = today or timezone.localdate()
    upcoming = checkpoints_counted(CheckPoint.objects.filter(day__gte=day)).order_by(
        "day", "starts_at", "id"
    )
    found: list[Campaign] = list(
        Campaign.objects.filter(status=CampaignStatus.ANNOUNCED, checkpoints__day__gte=day)
        .distinct()
        .order_by("id")
        .prefetch_related(Prefetch("checkpoints", queryset=upcoming, to_attr="open_points"))
    )
    for campaign in found:
        for point in getattr(campaign, "open_points", []):
            point.places_left = max(0, point.capacity - point.booked)
    return found


def public_context() -> dict[str, Any]:
    """The public page's block (`core.modules.public_context`)."""
    return {"healthcheck_campaigns": public_campaigns()}


def roster(checkpoint: CheckPoint) -> QuerySet[SignUp]:
    """Who signed up at a check point (booked first, then the waiting list) and who came:
    the reminder list and the check-in list."""
    return (
        SignUp.objects.filter(checkpoint=checkpoint)
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("person")
        .order_by("status", "person__first_name_th", "person__last_name_th", "id")
    )


@dataclass
class SummaryRow:
    """One check point's counts: signed up (booked), waiting, attended, of them walk-ins,
    and attended by category."""

    checkpoint: CheckPoint
    booked: int = 0
    waitlisted: int = 0
    attended: int = 0
    walk_ins: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    category_counts: list[int] = field(default_factory=list)  # in `Summary.categories` order


@dataclass
class Summary:
    rows: list[SummaryRow]
    categories: list[tuple[str, str]]

    @property
    def totals(self) -> SummaryRow:
        total = SummaryRow(checkpoint=None)  # type: ignore[arg-type]
        for row in self.rows:
            total.booked += row.booked
            total.waitlisted += row.waitlisted
            total.attended += row.attended
            total.walk_ins += row.walk_ins
            for code, count in row.by_category.items():
                total.by_category[code] = total.by_category.get(code, 0) + count
        total.category_counts = [total.by_category.get(code, 0) for code, _label in self.categories]
        return total


def summary(*, campaign: Campaign) -> Summary:
    """The participation summary for สกสค.: counts per check point (a venue on a day) and,
    for those who came, per category. Two queries, whatever the size."""
    points = list(campaign.checkpoints.order_by("day", "starts_at", "id"))
    rows = {point.pk: SummaryRow(point) for point in points}
    counted = (
        SignUp.objects.filter(campaign=campaign)
        .values_list("checkpoint_id", "status", "channel", "category")
        .annotate(n=Count("id"), came=Count("id", filter=Q(attended_at__isnull=False)))
    )
    for point_id, status, channel, category, n, came in counted:
        row = rows[point_id]
        if status == SignUpStatus.BOOKED and channel != Channel.WALK_IN:
            row.booked += n
        elif status == SignUpStatus.WAITLISTED:
            row.waitlisted += n
        row.attended += came
        if channel == Channel.WALK_IN:
            row.walk_ins += came
        if came:
            row.by_category[category] = row.by_category.get(category, 0) + came
    used = {code for row in rows.values() for code in row.by_category}
    categories = [(code, str(label)) for code, label in PersonCategory.choices if code in used]
    for row in rows.values():
        row.category_counts = [row.by_category.get(code, 0) for code, _label in categories]
    return Summary(rows=list(rows.values()), categories=categories)


def fiscal_years_with_campaigns() -> list[int]:
    return sorted(set(Campaign.objects.values_list("fiscal_year", flat=True)), reverse=True)
