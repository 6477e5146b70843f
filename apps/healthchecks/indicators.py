"""The health-check figures of the annual report and the central benchmarks: the days and
check points of the fiscal year's campaigns (the 2557 report: 26–30 September, five days),
and participation: sign-ups, attendance and the share of the office's personnel checked.
Participation is health data about people: sensitive, withheld from other offices below
`core.indicators.MIN_PEOPLE` people (the attendance count is the people behind each)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from apps.healthchecks.models import CampaignStatus, CheckPoint, SignUp, SignUpStatus
from apps.people.models import Person, PersonCategory, PersonStatus
from core.indicators import SELF, indicator
from core.thai import FiscalYear

PERSONNEL = (PersonCategory.TEACHER, PersonCategory.EDUCATION_PERSONNEL)


def checkpoints(fiscal_year: FiscalYear) -> QuerySet[CheckPoint]:
    """The check points of the year's campaigns that were announced (a draft is not a plan)."""
    return CheckPoint.objects.filter(campaign__fiscal_year=fiscal_year.be_year).exclude(
        campaign__status=CampaignStatus.DRAFT
    )


def campaign_days(fiscal_year: FiscalYear) -> list:  # type: ignore[type-arg]
    return sorted(set(checkpoints(fiscal_year).values_list("day", flat=True)))


def attended(fiscal_year: FiscalYear) -> QuerySet[SignUp]:
    return SignUp.objects.filter(
        campaign__fiscal_year=fiscal_year.be_year, attended_at__isnull=False
    )


@indicator(
    "healthcheck.campaign.days",
    label_th="จำนวนวันที่หน่วยแพทย์มาให้บริการตรวจสุขภาพประจำปี",
    label_en="Days of the annual health check in the area",
    unit="days",
)
def days(fiscal_year: FiscalYear) -> int:
    """The module's key indicator: 5 in the 2557 report (26–30 September)."""
    return len(campaign_days(fiscal_year))


@indicator(
    "healthcheck.checkpoints",
    label_th="จำนวนจุดตรวจสุขภาพประจำปี (จุด-วัน)",
    label_en="Health-check points (venue-days)",
    unit="points",
)
def points(fiscal_year: FiscalYear) -> int:
    return checkpoints(fiscal_year).count()


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
    return (
        SignUp.objects.filter(campaign__fiscal_year=fiscal_year.be_year)
        .exclude(status=SignUpStatus.CANCELLED)
        .values("person_id")
        .distinct()
        .count()
    )


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
    return attended(fiscal_year).values("person_id").distinct().count()


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
    checked = (
        attended(fiscal_year).filter(category__in=PERSONNEL).values("person_id").distinct().count()
    )
    return (Decimal(checked) * 100 / personnel).quantize(Decimal("0.1"))
