"""The ID-card numbers of the central benchmarks: cards issued in the fiscal year, by the
applicant's category when they applied."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.idcards.models import ApplicationStatus, CardApplication
from apps.people.models import PersonCategory
from core.indicators import indicator
from core.thai import FiscalYear

ISSUED = (ApplicationStatus.PRINTED, ApplicationStatus.HANDED_OVER)


def _issued(fiscal_year: FiscalYear) -> QuerySet[CardApplication]:
    return CardApplication.objects.filter(
        status__in=ISSUED, issue_date__gte=fiscal_year.start, issue_date__lte=fiscal_year.end
    )


@indicator(
    "idcards.issued.teacher",
    label_th="บัตรที่ออกให้ข้าราชการครู",
    label_en="Cards issued to teacher civil servants",
    unit="cards",
    per_personnel=True,
)
def issued_to_teachers(fiscal_year: FiscalYear) -> int:
    return _issued(fiscal_year).filter(applicant_category=PersonCategory.TEACHER).count()


@indicator(
    "idcards.issued.pensioner",
    label_th="บัตรที่ออกให้ข้าราชการบำนาญ",
    label_en="Cards issued to pensioners",
    unit="cards",
)
def issued_to_pensioners(fiscal_year: FiscalYear) -> int:
    return _issued(fiscal_year).filter(applicant_category=PersonCategory.PENSIONER).count()


@indicator(
    "idcards.issued.other",
    label_th="บัตรที่ออกให้บุคลากรอื่น",
    label_en="Cards issued to other personnel",
    unit="cards",
    per_personnel=True,
)
def issued_to_others(fiscal_year: FiscalYear) -> int:
    return (
        _issued(fiscal_year)
        .exclude(applicant_category__in=[PersonCategory.TEACHER, PersonCategory.PENSIONER])
        .count()
    )
