"""The desk's numbers for the central benchmarks, per fiscal year (see `core.indicators`).

Requests count when completed, in the fiscal year of the day their ticket was taken; each is
judged against the standard it was taken under. All four read one aggregate query per year
(`desk_figures`: count, share within the standard, median and 90th percentile together).
"""

from __future__ import annotations

from decimal import Decimal

from apps.onestop.selectors import desk_figures
from core.indicators import indicator, shared
from core.thai import FiscalYear

# Read by the four indicators: computed once per year while the collection runs.
_desk_figures = shared(desk_figures)


@indicator(
    "onestop.requests",
    label_th="จำนวนคำขอที่ให้บริการแล้วเสร็จ ณ จุดบริการเบ็ดเสร็จ",
    label_en="Requests served at the One Stop desk",
    unit="requests",
    per_personnel=True,
)
def requests_served(fiscal_year: FiscalYear) -> int:
    return _desk_figures(fiscal_year=fiscal_year).count


@indicator(
    "onestop.share_within_standard",
    label_th="ร้อยละของคำขอที่แล้วเสร็จภายในเวลามาตรฐาน",
    label_en="Share of requests completed within the service standard",
    unit="percent",
)
def share_within_standard(fiscal_year: FiscalYear) -> Decimal | None:
    return _desk_figures(fiscal_year=fiscal_year).share_within_standard


@indicator(
    "onestop.median_service_minutes",
    label_th="ค่ามัธยฐานของเวลาให้บริการ",
    label_en="Median service time",
    unit="minutes",
    higher_is_better=False,
)
def median_service_minutes(fiscal_year: FiscalYear) -> Decimal | None:
    return _desk_figures(fiscal_year=fiscal_year).median_minutes


@indicator(
    "onestop.p90_service_minutes",
    label_th="เวลาให้บริการที่เปอร์เซ็นไทล์ที่ 90",
    label_en="90th-percentile service time",
    unit="minutes",
    higher_is_better=False,
)
def p90_service_minutes(fiscal_year: FiscalYear) -> Decimal | None:
    return _desk_figures(fiscal_year=fiscal_year).p90_minutes
