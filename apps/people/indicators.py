"""The register's numbers for the central benchmarks: the office's personnel in service (the
denominator of "per 100 personnel") and its pensioners.

The register keeps each person's current status, not its history, so both are the counts of
today for every fiscal year asked.
"""

from __future__ import annotations

from apps.people.models import Person, PersonCategory, PersonStatus
from core.indicators import indicator
from core.thai import FiscalYear

PENSIONER_CATEGORIES = (PersonCategory.PENSIONER, PersonCategory.PENSIONED_EMPLOYEE)


@indicator(
    "people.personnel",
    label_th="บุคลากรในสังกัดที่ยังรับราชการ",
    label_en="Personnel in service",
    unit="people",
)
def personnel(fiscal_year: FiscalYear) -> int:
    return (
        Person.objects.filter(status=PersonStatus.ACTIVE)
        .exclude(category__in=PENSIONER_CATEGORIES)
        .count()
    )


@indicator(
    "people.pensioners",
    label_th="ข้าราชการบำนาญและลูกจ้างบำเหน็จรายเดือน",
    label_en="Pensioners",
    unit="people",
)
def pensioners(fiscal_year: FiscalYear) -> int:
    return Person.objects.filter(
        category__in=PENSIONER_CATEGORIES, status=PersonStatus.RETIRED
    ).count()
