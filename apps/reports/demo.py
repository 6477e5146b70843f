"""The report's demo (`core.demo`): Phatthalung Area 2 writes, in its FY 2557 report, the
reference's own results for the services KruCare does not run yet (the welfare shop's 132
members, the health check's dates; the salary certificates by bank come from apps.certificates'
records, the revolving fund's borrowers by round from apps.revolvingfund's), through the report's
services, as its welfare officer. The report stays a draft: the demo's director reviews it and
the officer submits it in the pages."""

from __future__ import annotations

from accounts.models import User
from apps.reports.models import AnnualReport
from apps.reports.services import report_texts_save
from core.demo import DemoContext
from core.thai import fiscal_year

# The reference's results (B.E. 2557), by section, for the office that wrote it.
OFFICE_RESULTS: dict[str, dict[str, str]] = {
    "phatthalung2": {
        "welfareshop": ("- มีสมาชิกร้านค้าสวัสดิการจำนวน 132 คน\n- มีผู้มาใช้บริการตามวัตถุประสงค์"),
        "healthchecks": (
            "- หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค. มาบริการตรวจสุขภาพประจำปี "
            "แก่ข้าราชการครูฯ ในเขตพื้นที่ระหว่างวันที่ 26 – 30 กันยายน 2557"
        ),
    }
}


def build(context: DemoContext) -> dict[str, int] | None:
    """Write the office's results texts for the demo's year; None for an office without them
    or one that already has a report of that year (nothing is touched)."""
    results = OFFICE_RESULTS.get(context.office_code)
    if results is None or AnnualReport.objects.filter(fiscal_year=context.fiscal_year).exists():
        return None
    report_texts_save(
        fiscal_year=fiscal_year(context.fiscal_year),
        editor=User.objects.get(username=context.officer),
        opening="",
        methods={},
        results=results,
    )
    return {"sections": len(results)}
