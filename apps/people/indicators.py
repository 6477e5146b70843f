"""The register's numbers for the central benchmarks: the office's personnel in service (the
denominator of "per 100 personnel") and its pensioners.

Both are counted as at the fiscal year's last day: a person whose status changed after that
day (retired, transferred out, died: `status_date`) still counts for that year, one whose
status changed on or before it no longer does. The register keeps no appointment date, so a
person registered later counts for earlier years too. Both are counted by one query per year
(`_headcounts`).
"""

from __future__ import annotations

from django.db.models import Count, Q

from apps.people.models import Person, PersonCategory, PersonStatus
from core.indicators import indicator, shared
from core.thai import FiscalYear

PENSIONER_CATEGORIES = (PersonCategory.PENSIONER, PersonCategory.PENSIONED_EMPLOYEE)


@shared
def _headcounts(fiscal_year: FiscalYear) -> dict[str, int]:
    """The register's personnel in service and living pensioners as at the year's last day,
    counted together in one aggregate query: both indicators read it, so the collection of
    every office (`core.indicators.shared`) counts the register once per year."""
    end = fiscal_year.end
    in_service = Q(status=PersonStatus.ACTIVE) | Q(status_date__gt=end)
    living = Q(status=PersonStatus.RETIRED) | Q(status=PersonStatus.DECEASED, status_date__gt=end)
    pension = Q(category__in=PENSIONER_CATEGORIES)
    return Person.objects.aggregate(
        personnel=Count("id", filter=in_service & ~pension),
        pensioners=Count("id", filter=living & pension),
    )


@indicator(
    "people.personnel",
    label_th="บุคลากรในสังกัดที่ยังรับราชการ",
    label_en="Personnel in service",
    unit="people",
)
def personnel(fiscal_year: FiscalYear) -> int:
    return _headcounts(fiscal_year)["personnel"]


@indicator(
    "people.pensioners",
    label_th="ข้าราชการบำนาญและลูกจ้างบำเหน็จรายเดือน",
    label_en="Pensioners",
    unit="people",
)
def pensioners(fiscal_year: FiscalYear) -> int:
    return _headcounts(fiscal_year)["pensioners"]
