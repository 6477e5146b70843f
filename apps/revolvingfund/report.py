"""The fund's section of the annual report (section 4 of the outline, key "revolvingfund"):
the borrowers the subcommittee approved in each round of the fiscal year, then the loans at the
year's end from the ledger (`apps.revolvingfund.loans.indicators`): running, principal
outstanding, repaid in the year, and the arrears rate only when at least
`core.indicators.MIN_PEOPLE` borrowers are behind it (the report is published to the other
offices and the central agency, so a sensitive figure follows the indicator's small-count
rule). Evidence: the register of approvals and the loans' register (ทะเบียนคุมลูกหนี้)."""

from __future__ import annotations

from decimal import Decimal

from apps.revolvingfund.indicators import approved_by_round
from apps.revolvingfund.loans import indicators as loan_indicators
from core.indicators import MIN_PEOPLE
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


def _loans_register_pdf(fiscal_year: FiscalYear) -> bytes:
    from apps.revolvingfund.loans import documents, selectors
    from tenants.requests import current_office

    office = current_office()
    return documents.register_pdf(
        list(selectors.loan_register(fiscal_year=fiscal_year)),
        title=LOANS_REGISTER_TITLE.format(be_year=fiscal_year.be_year),
        office_name=office.name_th if office is not None else "",
    )


LOANS_REGISTER_TITLE = "ทะเบียนคุมลูกหนี้เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู ปีงบประมาณ {be_year}"


def loan_register_rows(fiscal_year: FiscalYear) -> int:
    """The rows of the year's loans register (`loans.selectors.loan_register`), counted by the
    loans' summary that the indicators share (no query of its own while they are collected)."""
    return loan_indicators.loan_year(fiscal_year).register_rows


def _baht(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def loan_figures(fiscal_year: FiscalYear) -> tuple[Figure, ...]:
    """The loans at the year's end and the money repaid in it (the indicators' shared
    summaries: two queries, none more while the indicators are collected); the arrears rate
    only with at least MIN_PEOPLE borrowers in arrears (never a rate a handful of people could
    be read from)."""
    position = loan_indicators.year_end(fiscal_year)
    figures = [
        Figure(
            "fund.loans.active",
            "สัญญาเงินกู้กองทุนหมุนเวียนฯ ที่ยังผ่อนชำระ ณ สิ้นปีงบประมาณ",
            position.active,
            "ราย",
        ),
        Figure(
            "fund.outstanding",
            "เงินต้นคงเหลือของเงินกู้กองทุนหมุนเวียนฯ ณ สิ้นปีงบประมาณ",
            position.outstanding,
            "บาท",
        ),
        Figure(
            "fund.repaid",
            "เงินที่ได้รับชำระคืนกองทุนหมุนเวียนฯ ในปีงบประมาณ",
            Decimal(loan_indicators.repaid(fiscal_year) or 0),
            "บาท",
        ),
    ]
    if position.arrears_people >= MIN_PEOPLE and position.arrears_rate is not None:
        figures.append(
            Figure(
                "fund.arrears.rate",
                "ร้อยละของสัญญาเงินกู้กองทุนหมุนเวียนฯ ที่ค้างชำระ ณ สิ้นปีงบประมาณ",
                position.arrears_rate,
                "ร้อยละ",
            )
        )
    return tuple(figures)


def results(fiscal_year: FiscalYear) -> SectionResults:
    """The reference's line: "อนุมัติเงินกู้… ครั้งที่ 1 จำนวน 5 ราย ครั้งที่ 2 จำนวน 11 ราย"."""
    counts = approved_by_round(fiscal_year)
    total = sum(counts.values())
    lines: tuple[str, ...]
    if total:
        rounds = " ".join(f"ครั้งที่ {n} จำนวน {c} ราย" for n, c in sorted(counts.items()) if c)
        lines = (f"- อนุมัติเงินกู้เงินทุนหมุนเวียนฯ ให้แก่ข้าราชการครูฯ ประจำปี {fiscal_year.be_year} {rounds}",)
    else:
        lines = (f"- ปี {fiscal_year.be_year} ไม่มีการอนุมัติเงินกู้เงินทุนหมุนเวียนฯ",)
    loans = loan_figures(fiscal_year)
    active, outstanding = loans[0].value, loans[1].value
    if active:
        lines += (
            f"- ณ สิ้นปีงบประมาณ {fiscal_year.be_year} มีเงินกู้คงค้าง {active} ราย "
            f"เป็นเงิน {_baht(Decimal(outstanding))} บาท",
        )
    figures = (
        tuple(
            Figure(
                f"fund.approved.round{number}",
                f"ผู้ได้รับอนุมัติให้กู้ยืมเงินทุนหมุนเวียนฯ ครั้งที่ {number}",
                count,
                "ราย",
            )
            for number, count in sorted(counts.items())
        )
        + loans
    )
    evidence = (
        Evidence(
            "revolvingfund.register",
            "ทะเบียนรายชื่อผู้ได้รับการอนุมัติให้กู้ยืมเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู "
            f"ประจำปี {fiscal_year.be_year}",
            total,
            pdf=lambda: _register_pdf(fiscal_year),
        ),
        Evidence(
            "revolvingfund.loans",
            LOANS_REGISTER_TITLE.format(be_year=fiscal_year.be_year),
            loan_register_rows(fiscal_year),
            pdf=lambda: _loans_register_pdf(fiscal_year),
        ),
    )
    return SectionResults(lines=lines, figures=figures, evidence=evidence)


SECTION = ReportSection(key="revolvingfund", default_methods=DEFAULT_METHODS, results=results)
