"""The probe's section of the annual report: a module the outline does not name."""

from core.reporting import Figure, ReportSection, SectionResults
from core.thai import FiscalYear


def results(fiscal_year: FiscalYear) -> SectionResults:
    return SectionResults(
        lines=(f"- ปี {fiscal_year.be_year} ทดสอบ 1 ครั้ง",),
        figures=(Figure("probe.things", "สิ่งทดสอบ", 1, "ครั้ง"),),
    )


SECTION = ReportSection(key="probe", default_methods="- วิธีทดสอบ", results=results)
