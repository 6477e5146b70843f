"""The ID-card numbers of the central benchmarks: cards issued in the fiscal year, by the
applicant's category when they applied."""

from __future__ import annotations

from django.db.models import Count, Q

from apps.idcards.models import ApplicationStatus, CardApplication
from apps.people.models import PersonCategory
from core.indicators import indicator, shared
from core.thai import FiscalYear

ISSUED = (ApplicationStatus.PRINTED, ApplicationStatus.HANDED_OVER)
# The categories counted on their own; every other one is "other personnel".
COUNTED_CATEGORIES = (PersonCategory.TEACHER, PersonCategory.PENSIONER)


def _issued(fiscal_year: FiscalYear) -> Q:
    return Q(status__in=ISSUED, issue_date__gte=fiscal_year.start, issue_date__lte=fiscal_year.end)


def _received(fiscal_year: FiscalYear) -> Q:
    """The applications of the year's register (`selectors.card_application_register`)."""
    return Q(received_at__date__gte=fiscal_year.start, received_at__date__lte=fiscal_year.end)


@shared
def card_summary(fiscal_year: FiscalYear) -> dict[str, int]:
    """The year's figures in one aggregate query: cards issued to `teachers`, `pensioners`
    and `others` (by the applicant's category when applying), and `received`, the rows of the
    year's register of requests (the report's evidence). The three indicators and the report's
    section read it, so while the collection runs it is computed once per year (`shared`)."""
    issued = _issued(fiscal_year)
    counts: dict[str, int] = CardApplication.objects.filter(
        issued | _received(fiscal_year)
    ).aggregate(
        teachers=Count("id", filter=issued & Q(applicant_category=PersonCategory.TEACHER)),
        pensioners=Count("id", filter=issued & Q(applicant_category=PersonCategory.PENSIONER)),
        others=Count("id", filter=issued & ~Q(applicant_category__in=COUNTED_CATEGORIES)),
        received=Count("id", filter=_received(fiscal_year)),
    )
    return counts


@indicator(
    "idcards.issued.teacher",
    label_th="บัตรที่ออกให้ข้าราชการครู",
    label_en="Cards issued to teacher civil servants",
    unit="cards",
    per_personnel=True,
)
def issued_to_teachers(fiscal_year: FiscalYear) -> int:
    return card_summary(fiscal_year)["teachers"]


@indicator(
    "idcards.issued.pensioner",
    label_th="บัตรที่ออกให้ข้าราชการบำนาญ",
    label_en="Cards issued to pensioners",
    unit="cards",
)
def issued_to_pensioners(fiscal_year: FiscalYear) -> int:
    return card_summary(fiscal_year)["pensioners"]


@indicator(
    "idcards.issued.other",
    label_th="บัตรที่ออกให้บุคลากรอื่น",
    label_en="Cards issued to other personnel",
    unit="cards",
    per_personnel=True,
)
def issued_to_others(fiscal_year: FiscalYear) -> int:
    return card_summary(fiscal_year)["others"]
