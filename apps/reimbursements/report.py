"""The claims' section of the annual report (`core.reporting`, item 7 section 1.2): medical
payments to teachers and other personnel and to pensioners, and child-education payments, in
the fiscal year (the indicators `reimbursements.*.paid*`), with the two payment registers as
its evidence. Runs in the office's schema."""

from __future__ import annotations

from apps.reimbursements import documents, indicators, selectors
from apps.reimbursements.models import ClaimKind
from core.reporting import Evidence, Figure, ReportSection, SectionResults
from core.thai import FiscalYear
from tenants.requests import current_office

MEDICAL_CODE = "reimbursements.medical"
CHILD_EDUCATION_CODE = "reimbursements.child_education"
MEDICAL_TITLE = "ทะเบียนการเบิกจ่ายเงินสวัสดิการค่ารักษาพยาบาล"
CHILD_EDUCATION_TITLE = "ทะเบียนการเบิกจ่ายเงินสวัสดิการค่าการศึกษาบุตร"


def _office_name() -> str:
    office = current_office()
    return office.name_th if office is not None else ""


def medical_register_pdf(fiscal_year: FiscalYear) -> bytes:
    """The year's medical register as its page prints it, national IDs masked."""
    return documents.medical_register_pdf(
        selectors.payment_register(kind=ClaimKind.MEDICAL, fiscal_year=fiscal_year),
        office_name=_office_name(),
        fiscal_year=fiscal_year,
        thai_digits=True,
        full_ids=False,
    )


def child_education_register_pdf(fiscal_year: FiscalYear) -> bytes:
    """The year's child-education register as its page prints it, national IDs masked."""
    return documents.child_education_register_pdf(
        selectors.child_education_register(fiscal_year=fiscal_year),
        office_name=_office_name(),
        fiscal_year=fiscal_year,
        thai_digits=True,
        full_ids=False,
    )


def results(fiscal_year: FiscalYear) -> SectionResults:
    """The year's payments and the sizes of its two registers, all read from the payment
    figures the indicators read (one query; none more while the collection runs)."""
    paid = indicators.payment_figures(fiscal_year)
    teachers = paid.medical_to_teachers
    others = paid.medical_to_others
    pensioners = paid.medical_to_pensioners
    child_education = paid.child_education_payments
    line = (
        f"- ปี {fiscal_year.be_year} บริการค่ารักษาพยาบาลแก่ข้าราชการครูฯ จำนวน {teachers} ครั้ง "
        + (f"บุคลากรอื่น {others} ครั้ง " if others else "")
        + f"ข้าราชการบำนาญ {pensioners} ครั้ง ค่าการศึกษาบุตร จำนวน {child_education} ครั้ง"
    )
    figures = [
        Figure(
            "reimbursements.medical.paid.teacher",
            "การจ่ายค่ารักษาพยาบาลแก่ข้าราชการครู",
            teachers,
            "ครั้ง",
        ),
        Figure(
            "reimbursements.medical.paid.pensioner",
            "การจ่ายค่ารักษาพยาบาลแก่ข้าราชการบำนาญ",
            pensioners,
            "ครั้ง",
        ),
        Figure(
            "reimbursements.child_education.paid",
            "การจ่ายค่าการศึกษาบุตร",
            child_education,
            "ครั้ง",
        ),
    ]
    if others:
        figures.append(
            Figure(
                "reimbursements.medical.paid.other",
                "การจ่ายค่ารักษาพยาบาลแก่บุคลากรอื่น",
                others,
                "ครั้ง",
            )
        )
    medical_rows = paid.medical_payments
    child_rows = paid.child_education_rows
    evidence = (
        Evidence(
            MEDICAL_CODE, MEDICAL_TITLE, medical_rows, pdf=lambda: medical_register_pdf(fiscal_year)
        ),
        Evidence(
            CHILD_EDUCATION_CODE,
            CHILD_EDUCATION_TITLE,
            child_rows,
            pdf=lambda: child_education_register_pdf(fiscal_year),
        ),
    )
    return SectionResults(lines=(line,), figures=tuple(figures), evidence=evidence)


SECTION = ReportSection(
    key="reimbursements",
    default_methods=(
        "- ในปีงบประมาณ {fiscal_year} สำนักงานเขตพื้นที่จัดให้มีเจ้าหน้าที่รับผิดชอบ "
        "จ่ายเงินสดให้กับข้าราชการและบุคลากรทางการศึกษา ลูกจ้างประจำ "
        "และข้าราชการบำนาญที่ยื่นคำขอเบิกเงินค่ารักษาพยาบาลและค่าการศึกษาบุตร ภายใน 15 นาที"
    ),
    results=results,
)
