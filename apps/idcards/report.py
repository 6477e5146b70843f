"""The ID cards' section of the annual report (`core.reporting`, item 7 section 1.1): cards
issued in the fiscal year to teachers and pensioners (the indicators `idcards.issued.*`), and
the register of ID-card requests as its evidence. Runs in the office's schema."""

from __future__ import annotations

from apps.idcards import documents, indicators, selectors
from apps.idcards.models import CardSettings
from core.reporting import Evidence, Figure, ReportSection, SectionResults
from core.thai import FiscalYear
from tenants.requests import current_office

REGISTER_CODE = "idcards.register"
REGISTER_TITLE = "ทะเบียนการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ"


def register_pdf(fiscal_year: FiscalYear) -> bytes:
    """The year's register as the register page prints it, national IDs masked (the evidence
    bundle is for whoever assembles the report, not only the card officers)."""
    office = current_office()
    return documents.register_pdf(
        selectors.card_application_register(fiscal_year=fiscal_year),
        office_name=office.name_th if office is not None else "",
        issuer=(CardSettings.objects.first() or CardSettings()).issuer_position,
        fiscal_year=fiscal_year,
        thai_digits=True,
        full_ids=False,
    )


def results(fiscal_year: FiscalYear) -> SectionResults:
    """The figures and the register's row count from the indicators' summary of the year (no
    query of its own while the collection, which computes it anyway, builds the report)."""
    summary = indicators.card_summary(fiscal_year)
    teachers, pensioners, others = summary["teachers"], summary["pensioners"], summary["others"]
    line = (
        f"- ปี {fiscal_year.be_year} มีผู้มารับบริการ ข้าราชการครู จำนวน {teachers} ราย "
        f"และข้าราชการบำนาญ {pensioners} ราย"
    )
    if others:
        line += f" และบุคลากรอื่น {others} ราย"
    figures = [
        Figure("idcards.issued.teacher", "ข้าราชการครูที่มารับบริการบัตร", teachers, "ราย"),
        Figure("idcards.issued.pensioner", "ข้าราชการบำนาญที่มารับบริการบัตร", pensioners, "ราย"),
    ]
    if others:
        figures.append(Figure("idcards.issued.other", "บุคลากรอื่นที่มารับบริการบัตร", others, "ราย"))
    evidence = Evidence(
        REGISTER_CODE, REGISTER_TITLE, summary["received"], pdf=lambda: register_pdf(fiscal_year)
    )
    return SectionResults(lines=(line,), figures=tuple(figures), evidence=(evidence,))


SECTION = ReportSection(
    key="idcards",
    default_methods=(
        "- เมื่อมีข้าราชการที่ยื่นความประสงค์ขอบัตรประจำตัวเจ้าหน้าที่ของรัฐ "
        "เจ้าหน้าที่ผู้รับผิดชอบบริการจัดทำบัตรให้ ภายในเวลา 15 นาที"
    ),
    results=results,
)
