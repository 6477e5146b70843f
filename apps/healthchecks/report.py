"""The health check's section of the annual report (section 5 of the outline, key
"healthchecks"): when the provider's unit served the area, from the campaigns' check points,
with the schedule register as evidence. No participant figure: the report cites dates and
places, the office counts only what it recorded (sign-ups and attendance stay in the summary)."""

from __future__ import annotations

from datetime import date

from apps.healthchecks.indicators import campaign_days
from core.reporting import Evidence, Figure, ReportSection, SectionResults
from core.thai import FiscalYear, format_be_date
from core.thai.calendar import THAI_MONTHS

SCHEDULE_TITLE = "กำหนดการตรวจสุขภาพประจำปี"

DEFAULT_METHODS = (
    "- ประสานงานกับสำนักงานคณะกรรมการ สกสค. ในการกำหนดจุดตรวจสุขภาพประจำปี\n"
    "- ประชาสัมพันธ์ แจ้งให้ผู้ประสงค์ตรวจสุขภาพประจำปี ไปตรวจสุขภาพ ณ จุดที่กำหนด"
)


def date_span(first: date, last: date) -> str:
    """ "26 – 30 กันยายน 2557", "30 กันยายน – 2 ตุลาคม 2557", "26 กันยายน 2557" (the report's
    way: the month and year once when they are shared)."""
    if first == last:
        return format_be_date(first, "long")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {format_be_date(last, 'long')}"
    if first.year == last.year:
        return f"{first.day} {THAI_MONTHS[first.month - 1]} – {format_be_date(last, 'long')}"
    return f"{format_be_date(first, 'long')} – {format_be_date(last, 'long')}"


def _schedule_pdf(fiscal_year: FiscalYear) -> bytes:
    from apps.healthchecks import documents, selectors
    from tenants.requests import current_office

    return documents.schedule_pdf(
        selectors.schedule(fiscal_year=fiscal_year, announced_only=True),
        office_name=office.name_th if (office := current_office()) is not None else "",
        fiscal_year=fiscal_year,
        thai_digits=False,
    )


def results(fiscal_year: FiscalYear) -> SectionResults:
    """One line per announced campaign of the year: its provider and the span of its days
    (from the check points counted per campaign and day that the indicators share)."""
    days_of = campaign_days(fiscal_year)
    by_campaign: dict[int, list[date]] = {}
    providers: dict[int, str] = {}
    for row in days_of:
        by_campaign.setdefault(row.campaign_id, []).append(row.day)
        providers[row.campaign_id] = row.provider
    lines = [
        f"- {providers[campaign_id]} มาบริการตรวจสุขภาพประจำปี แก่ข้าราชการครูฯ ในเขตพื้นที่"
        f"{'ในวันที่' if min(days) == max(days) else 'ระหว่างวันที่'} "
        f"{date_span(min(days), max(days))}"
        for campaign_id, days in by_campaign.items()
    ]
    if not lines:
        lines = [f"- ปี {fiscal_year.be_year} ยังไม่มีกำหนดการตรวจสุขภาพประจำปี"]
    days_count = len({row.day for row in days_of})
    figures = (
        Figure(
            "healthcheck.campaign.days",
            "จำนวนวันที่หน่วยแพทย์มาให้บริการตรวจสุขภาพประจำปี",
            days_count,
            "วัน",
        ),
    )
    evidence = (
        Evidence(
            "healthchecks.schedule",
            f"{SCHEDULE_TITLE} {fiscal_year.be_year}",
            sum(row.points for row in days_of),
            pdf=lambda: _schedule_pdf(fiscal_year),
        ),
    )
    return SectionResults(lines=tuple(lines), figures=figures, evidence=evidence)


SECTION = ReportSection(key="healthchecks", default_methods=DEFAULT_METHODS, results=results)
