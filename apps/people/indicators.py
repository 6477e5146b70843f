"""The register's numbers for the central benchmarks: the office's personnel in service (the
denominator of "per 100 personnel") and its pensioners.

Both are counted as at the fiscal year's last day: a person whose status changed after that
day (retired, transferred out, died: `status_date`) still counts for that year, one whose
status changed on or before it no longer does. The register keeps no appointment date, so a
person registered later counts for earlier years too.
"""

from __future__ import annotations

from django.db.models import Q

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
    in_service = Q(status=PersonStatus.ACTIVE) | Q(status_date__gt=fiscal_year.end)
    return Person.objects.filter(in_service).exclude(category__in=PENSIONER_CATEGORIES).count()


@indicator(
    "people.pensioners",
    label_th="ข้าราชการบำนาญและลูกจ้างบำเหน็จรายเดือน",
    label_en="Pensioners",
    unit="people",
)
def pensioners(fiscal_year: FiscalYear) -> int:
    living = Q(status=PersonStatus.RETIRED) | Q(
        status=PersonStatus.DECEASED, status_date__gt=fiscal_year.end
    )
    return Person.objects.filter(living, category__in=PENSIONER_CATEGORIES).count()
