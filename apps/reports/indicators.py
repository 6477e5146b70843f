"""The report's numbers for the central benchmarks, per fiscal year.

- `reports.submitted`: the days from the fiscal year's last day (30 September) to the day the
  office submitted its report (negative: before the year ended); none while it is not
  submitted. A number because the indicator registry holds numbers; the central list of
  submissions shows the date itself.
- `reports.evidence_completeness`: of the registers the report cites from KruCare, the share
  present and non-empty, in percent (the submitted report's, else the report built today).
"""

from __future__ import annotations

from decimal import Decimal

from apps.reports.compose import submitted_on_of, year_evidence_completeness
from core.indicators import indicator
from core.thai import FiscalYear
from tenants.requests import current_office


@indicator(
    "reports.submitted",
    label_th="วันที่ส่งรายงานการประเมินตนเองหลังสิ้นปีงบประมาณ (วัน)",
    label_en="Days from the fiscal year's end to the report's submission",
    unit="days",
    higher_is_better=False,
)
def submitted(fiscal_year: FiscalYear) -> int | None:
    submitted_on = submitted_on_of(fiscal_year.be_year)
    return (submitted_on - fiscal_year.end).days if submitted_on is not None else None


@indicator(
    "reports.evidence_completeness",
    label_th="ร้อยละของทะเบียนหลักฐานที่อ้างถึงและมีข้อมูล",
    label_en="Share of the cited evidence registers present and non-empty",
    unit="percent",
)
def evidence_completeness(fiscal_year: FiscalYear) -> Decimal | None:
    if current_office() is None:
        return None
    return year_evidence_completeness(fiscal_year)
