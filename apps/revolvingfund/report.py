"""The fund's section of the annual report (section 4 of the outline, key "revolvingfund"):
the borrowers the subcommittee approved in each round of the fiscal year, with the register of
approvals and each round's ranking list as evidence."""

from __future__ import annotations

from apps.revolvingfund.indicators import approved_by_round
from core.reporting import Evidence, Figure, ReportSection, SectionResults
from core.thai import FiscalYear

DEFAULT_METHODS = (
    "แต่งตั้งคณะอนุกรรมการบริหารเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู ประจำเขตพื้นที่การศึกษา "
    "เพื่อพิจารณาเงินกู้อย่างรอบคอบและเป็นธรรม ประกาศรับสมัครผู้ประสงค์จะกู้ยืมทางเว็บไซต์ของสำนักงาน"
    "และแจ้งโรงเรียนทุกโรงทราบ รับคำขอที่จุดบริการ One Stop Service ตรวจสอบความครบถ้วนของเอกสาร "
    "คุณสมบัติและเงินคงเหลือสุทธิของผู้กู้และผู้ค้ำประกัน จัดเตรียมแฟ้มเสนอคณะอนุกรรมการพิจารณา"
    "ให้คะแนนและจัดลำดับภายในวงเงินที่ได้รับจัดสรร และคณะอนุกรรมการพิจารณาอนุมัติ"
)


def _register_pdf(fiscal_year: FiscalYear) -> bytes:
    from apps.revolvingfund import documents, selectors
    from tenants.requests import current_office

    office = current_office()
    return documents.register_pdf(
        selectors.register(fiscal_year_be=fiscal_year.be_year),
        office_name=office.name_th if office is not None else "",
        fiscal_year_be=fiscal_year.be_year,
    )


def results(fiscal_year: FiscalYear) -> SectionResults:
    """The reference's line: "อนุมัติเงินกู้… ครั้งที่ 1 จำนวน 5 ราย ครั้งที่ 2 จำนวน 11 ราย"."""
    counts = approved_by_round(fiscal_year)
    total = sum(counts.values())
    if total:
        rounds = " ".join(f"ครั้งที่ {n} จำนวน {c} ราย" for n, c in sorted(counts.items()) if c)
        lines = (f"- อนุมัติเงินกู้เงินทุนหมุนเวียนฯ ให้แก่ข้าราชการครูฯ ประจำปี {fiscal_year.be_year} {rounds}",)
    else:
        lines = (f"- ปี {fiscal_year.be_year} ไม่มีการอนุมัติเงินกู้เงินทุนหมุนเวียนฯ",)
    figures = tuple(
        Figure(
            f"fund.approved.round{number}",
            f"ผู้ได้รับอนุมัติให้กู้ยืมเงินทุนหมุนเวียนฯ ครั้งที่ {number}",
            count,
            "ราย",
        )
        for number, count in sorted(counts.items())
    )
    evidence = (
        Evidence(
            "revolvingfund.register",
            "ทะเบียนรายชื่อผู้ได้รับการอนุมัติให้กู้ยืมเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู "
            f"ประจำปี {fiscal_year.be_year}",
            total,
            pdf=lambda: _register_pdf(fiscal_year),
        ),
    )
    return SectionResults(lines=lines, figures=figures, evidence=evidence)


SECTION = ReportSection(key="revolvingfund", default_methods=DEFAULT_METHODS, results=results)
