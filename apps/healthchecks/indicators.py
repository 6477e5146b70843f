"""The health-check figures of the annual report and the central benchmarks: the days and
check points of the fiscal year's campaigns (the 2557 report: 26–30 September, five days),
and participation: sign-ups, attendance and the share of the office's personnel checked.
Participation is health data about people: sensitive, withheld from other offices below
`core.indicators.MIN_PEOPLE` people (the attendance count is the people behind each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet

from apps.healthchecks.models import CampaignStatus, CheckPoint, SignUp, SignUpStatus
from apps.people.models import Person, PersonCategory, PersonStatus
from core.indicators import SELF, indicator, shared
from core.thai import FiscalYear

PERSONNEL = (PersonCategory.TEACHER, PersonCategory.EDUCATION_PERSONNEL)


def checkpoints(fiscal_year: FiscalYear) -> QuerySet[CheckPoint]:
    """The check points of the year's campaigns that were announced (a draft is not a plan)."""
    return CheckPoint.objects.filter(campaign__fiscal_year=fiscal_year.be_year).exclude(
        campaign__status=CampaignStatus.DRAFT
    )


@dataclass(frozen=True)
class CampaignDay:
    """A day of an announced campaign of the year: its provider and its check points."""

    campaign_id: int
    provider: str
    day: date
    points: int


@shared
def campaign_days(fiscal_year: FiscalYear) -> tuple[CampaignDay, ...]:
    """The year's announced check points counted per campaign and day, in one query (a few
    rows), by day and then by the campaign's first check point entered that day: so each
    campaign first appears at its first check point in the schedule's order, the order the
    report names the campaigns in. Shared: the days and check-point indicators and the
    report's section read it, so the nightly collection asks once per year (issue 21); a
    tuple, as every reader gets the same one."""
    rows = (
        checkpoints(fiscal_year)
        .values_list("campaign_id", "campaign__provider", "day")
        .annotate(points=Count("id"), first_point=Min("id"))
        .order_by("day", "first_point")
    )
    return tuple(
        CampaignDay(campaign_id, provider, day, points)
        for campaign_id, provider, day, points, _first in rows
    )


@dataclass(frozen=True)
class Participation:
    """The people behind the year's sign-ups (cancelled ones aside), those who came, and of
    them the teachers and education personnel (the category they signed up as)."""

    signed_up: int
    attended: int
    personnel_attended: int


@shared
def participation(fiscal_year: FiscalYear) -> Participation:
    """One aggregate query over the year's sign-ups (every campaign, drafts included). Shared:
    three indicators read it."""
    came = Q(attended_at__isnull=False)
    figures = SignUp.objects.filter(campaign__fiscal_year=fiscal_year.be_year).aggregate(
        signed_up=Count("person_id", distinct=True, filter=~Q(status=SignUpStatus.CANCELLED)),
        attended=Count("person_id", distinct=True, filter=came),
        personnel_attended=Count(
            "person_id", distinct=True, filter=came & Q(category__in=PERSONNEL)
        ),
    )
    return Participation(**figures)


@indicator(
    "healthcheck.campaign.days",
    label_th="จำนวนวันที่หน่วยแพทย์มาให้บริการตรวจสุขภาพประจำปี",
    label_en="Days of the annual health check in the area",
    unit="days",
)
def days(fiscal_year: FiscalYear) -> int:
    """The module's key indicator: 5 in the 2557 report (26–30 September)."""
    return len({row.day for row in campaign_days(fiscal_year)})


@indicator(
    "healthcheck.checkpoints",
    label_th="จำนวนจุดตรวจสุขภาพประจำปี (จุด-วัน)",
    label_en="Health-check points (venue-days)",
    unit="points",
)
def points(fiscal_year: FiscalYear) -> int:
    return sum(row.points for row in campaign_days(fiscal_year))


@indicator(
    "healthcheck.signups",
    label_th="ผู้ลงทะเบียนตรวจสุขภาพประจำปี",
    label_en="People signed up for the annual health check",
    unit="people",
    per_personnel=True,
    sensitive=True,
    people_count=SELF,
)
def signups(fiscal_year: FiscalYear) -> int:
    return participation(fiscal_year).signed_up


@indicator(
    "healthcheck.attended",
    label_th="ผู้มาตรวจสุขภาพประจำปี",
    label_en="People checked at the annual health check",
    unit="people",
    per_personnel=True,
    sensitive=True,
    people_count=SELF,
)
def attendance(fiscal_year: FiscalYear) -> int:
    return participation(fiscal_year).attended


@indicator(
    "healthcheck.share_checked",
    label_th="ร้อยละของข้าราชการครูและบุคลากรทางการศึกษาที่มาตรวจสุขภาพประจำปี",
    label_en="Share of teachers and education personnel checked",
    unit="percent",
    sensitive=True,
    people_count="healthcheck.attended",
)
def share_checked(fiscal_year: FiscalYear) -> Decimal | None:
    """Teachers and education personnel checked, per hundred of those in service (the
    register today: it keeps no history of who was in service when)."""
    personnel = Person.objects.filter(category__in=PERSONNEL, status=PersonStatus.ACTIVE).count()
    if not personnel:
        return None
    checked = participation(fiscal_year).personnel_attended
    return (Decimal(checked) * 100 / personnel).quantize(Decimal("0.1"))
