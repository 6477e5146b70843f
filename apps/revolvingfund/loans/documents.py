"""The loans' documents: the loan contract and each guarantee (their names are the office's
settings, `LoanRule`: nothing invented is printed as an official form number), the letter to a
guarantor whose deduction starts, a loan's ledger, and the registers of loans and of arrears
for a fiscal year (PDF and XLSX). Sarabun, B.E. dates, amounts in Thai words on the contract
and the letters, Thai digits on request."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.payroll.months import format_be_month
from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.models import FundSettings, Loan, LoanEntry, LoanGuarantor
from core.documents import FONT, Column, Identifier, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import baht_text, format_baht, format_be_date

SIZE = 15
LINE = 7.5
PT_MM = 25.4 / 72
INDENT = 20.0


def _money(value: Decimal) -> str:
    return format_baht(value)


class LetterDocument(ThaiDocument):
    """A letter or contract: no running heading, page numbers after the first page."""

    def header(self) -> None:
        pass

    def footer(self) -> None:
        if self.page_no() > 1:
            super().footer()


def _settings() -> FundSettings:
    return FundSettings.objects.first() or FundSettings()


def _paragraphs(doc: ThaiDocument, paragraphs: Sequence[str]) -> None:
    with doc.text_columns(text_align="J", line_height=LINE / (SIZE * PT_MM)) as columns:
        for text in paragraphs:
            with columns.paragraph(first_line_indent=INDENT, bottom_margin=1) as paragraph:
                paragraph.write(doc.th(text))


def _unconfirmed_note(doc: ThaiDocument, loan: Loan) -> None:
    if loan.rule.confirmed and loan.terms_confirmed:
        return
    doc.set_font(FONT, "", 10)
    doc.set_text_color(150, 0, 0)
    doc.multi_cell(
        0,
        5,
        doc.th(
            "หมายเหตุ: ชื่อแบบสัญญาและเงื่อนไขบางข้อ (อัตราดอกเบี้ย จำนวนงวด จำนวนผู้ค้ำประกัน) "
            "ยังไม่ได้ยืนยันกับหนังสือของกองทุน สำนักงานต้องตรวจสอบก่อนใช้จริง"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_text_color(0, 0, 0)
    doc.set_font(FONT, "", SIZE)


def _signature(doc: ThaiDocument, label: str, name: str) -> None:
    width = 85.0
    doc.set_x(doc.w - doc.r_margin - width)
    doc.multi_cell(
        width,
        LINE,
        doc.th(f"ลงชื่อ{'.' * 40}{label}\n({name})"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(4)


def contract_pdf(loan: Loan, *, office_name: str, thai_digits: bool = False) -> bytes:
    """The loan contract between the office (for the fund) and the borrower."""
    settings = _settings()
    person = loan.person
    doc = LetterDocument(
        title=loan.rule.contract_form_name, office_name=office_name, thai_digits=thai_digits
    )
    doc.set_margins(25, 18, 20)
    doc.add_page()
    doc.set_font(FONT, "B", SIZE + 4)
    doc.cell(0, 10, doc.th(loan.rule.contract_form_name), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "B", SIZE)
    doc.cell(
        0,
        LINE,
        doc.th("เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_font(FONT, "", SIZE)
    doc.cell(0, LINE, doc.th(f"สัญญาเลขที่ {loan.number}"), align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, LINE, doc.th(f"ทำที่ {office_name}"), align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(
        0,
        LINE,
        doc.th(f"วันที่ {doc.be_date(loan.contract_signed_on)}"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(2)
    application = loan.application
    position = application.position if application else ""
    school = application.school_name if application else ""
    first = format_be_month(loan.first_month) if loan.first_month else "เดือนถัดจากเดือนที่ได้รับเงินกู้"
    paragraphs = [
        f"สัญญาฉบับนี้ทำขึ้นระหว่าง {office_name} ในฐานะหน่วยงานที่ดำเนินการแทนสำนักงานปลัด"
        f'กระทรวงศึกษาธิการ ซึ่งต่อไปในสัญญานี้เรียกว่า "ผู้ให้กู้" ฝ่ายหนึ่ง กับ '
        f"{person.full_name_th} ตำแหน่ง {position or '-'} {school} ซึ่งต่อไปในสัญญานี้เรียกว่า "
        f'"ผู้กู้" อีกฝ่ายหนึ่ง ทั้งสองฝ่ายตกลงกันดังต่อไปนี้',
        f"ข้อ 1 ผู้กู้ตกลงกู้และผู้ให้กู้ตกลงให้กู้เงินทุนหมุนเวียนฯ จำนวน {_money(loan.principal)} บาท "
        f"({baht_text(loan.principal)}) เพื่อชำระหนี้สินที่มีอยู่เดิมตามที่คณะอนุกรรมการอนุมัติ "
        "โดยผู้ให้กู้จะจ่ายเงินกู้โดยตรงให้แก่เจ้าหนี้ของผู้กู้",
        f"ข้อ 2 ผู้กู้ตกลงเสียดอกเบี้ยในอัตราร้อยละ {loan.annual_rate.normalize()} ต่อปี "
        "คิดจากเงินต้นคงเหลือ (ลดต้นลดดอก) รายเดือน",
        f"ข้อ 3 ผู้กู้ตกลงผ่อนชำระเงินต้นพร้อมดอกเบี้ยเป็นรายเดือน จำนวน {loan.term_months} งวด "
        f"งวดละ {_money(loan.instalment)} บาท ({baht_text(loan.instalment)}) "
        f"เว้นแต่งวดสุดท้ายซึ่งเป็นยอดที่ชำระหนี้ครบถ้วน เริ่มงวดแรกเดือน{first}",
        "ข้อ 4 ผู้กู้ยินยอมให้ส่วนราชการหรือหน่วยงานผู้เบิกจ่ายหักเงินเดือน เงินได้รายเดือน "
        "และเงินอื่นใดที่ผู้กู้มีสิทธิได้รับจากทางราชการ เพื่อชำระหนี้ตามสัญญานี้จนกว่าจะชำระครบถ้วน",
        f"ข้อ 5 หากผู้กู้ผิดนัดชำระหนี้ติดต่อกันตั้งแต่ {loan.rule.guarantor_after_months} งวดขึ้นไป "
        "ผู้ให้กู้จะหักเงินเดือนผู้ค้ำประกันชำระหนี้แทนตามสัญญาค้ำประกัน",
        f"ข้อ 6 กรณีผู้กู้ถึงแก่กรรม ลาออก หรือพ้นจากราชการ ผู้กู้ยินยอมให้{loan.rule.on_leaving_service}",
        "ข้อ 7 กรณีผู้กู้ย้ายไปสังกัดหน่วยงานอื่น ผู้กู้ยินยอมให้ผู้ให้กู้โอนสัญญานี้ไปยังหน่วยงานใหม่ เพื่อหักเงินเดือนชำระหนี้ต่อไป",
    ]
    _paragraphs(doc, paragraphs)
    guarantors = list(loan.guarantors.all())
    if guarantors:
        doc.ln(1)
        names = ", ".join(g.name for g in guarantors)
        _paragraphs(doc, [f"ผู้ค้ำประกันตามสัญญาค้ำประกันแนบท้าย: {names}"])
    doc.ln(4)
    _signature(doc, "ผู้กู้", person.full_name_th)
    _signature(doc, "ผู้ให้กู้", loan.office_signer_name or settings.director_name or "." * 30)
    for witness in loan.witnesses or ["." * 30, "." * 30]:
        _signature(doc, "พยาน", witness)
    _unconfirmed_note(doc, loan)
    return doc.output_bytes()


def guarantee_pdf(
    loan: Loan, guarantor: LoanGuarantor, *, office_name: str, thai_digits: bool = False
) -> bytes:
    """One guarantor's guarantee of the loan, with their consent to salary deduction."""
    doc = LetterDocument(
        title=loan.rule.guarantee_form_name, office_name=office_name, thai_digits=thai_digits
    )
    doc.set_margins(25, 18, 20)
    doc.add_page()
    doc.set_font(FONT, "B", SIZE + 4)
    doc.cell(0, 10, doc.th(loan.rule.guarantee_form_name), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "", SIZE)
    doc.cell(
        0, LINE, doc.th(f"แนบท้ายสัญญาเลขที่ {loan.number}"), align="R", new_x="LMARGIN", new_y="NEXT"
    )
    doc.cell(
        0,
        LINE,
        doc.th(f"วันที่ {doc.be_date(loan.contract_signed_on)}"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(2)
    _paragraphs(
        doc,
        [
            f"ข้าพเจ้า {guarantor.name} ตำแหน่ง {guarantor.position or '-'} ขอทำสัญญาค้ำประกันไว้ต่อ "
            f"{office_name} ดังต่อไปนี้",
            f"ข้อ 1 ตามที่ {loan.person.full_name_th} ได้กู้เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สิน"
            f"ข้าราชการครู ตามสัญญาเลขที่ {loan.number} จำนวน {_money(loan.principal)} บาท "
            f"({baht_text(loan.principal)}) ข้าพเจ้ายอมค้ำประกันการชำระหนี้ดังกล่าวทั้งเงินต้นและดอกเบี้ย",
            f"ข้อ 2 หากผู้กู้ผิดนัดชำระหนี้ติดต่อกันตั้งแต่ {loan.rule.guarantor_after_months} งวดขึ้นไป "
            "ข้าพเจ้ายินยอมให้ส่วนราชการหรือหน่วยงานผู้เบิกจ่ายหักเงินเดือนและเงินได้รายเดือนของข้าพเจ้า "
            "ชำระหนี้แทนผู้กู้ตามส่วนที่แจ้ง จนกว่าผู้กู้จะชำระหนี้ที่ค้างครบถ้วน",
        ],
    )
    doc.ln(6)
    _signature(doc, "ผู้ค้ำประกัน", guarantor.name)
    _signature(doc, "ผู้กู้", loan.person.full_name_th)
    _unconfirmed_note(doc, loan)
    return doc.output_bytes()


def guarantor_letter_pdf(
    loan: Loan, guarantor: LoanGuarantor, *, office_name: str, thai_digits: bool = False
) -> bytes:
    """The letter telling a guarantor that the instalment is deducted from their salary."""
    settings = _settings()
    doc = LetterDocument(title="หนังสือแจ้งผู้ค้ำประกัน", office_name=office_name, thai_digits=thai_digits)
    doc.set_margins(30, 20, 20)
    doc.add_page()
    doc.set_font(FONT, "", SIZE)
    top = doc.get_y()
    doc.cell(80, LINE, doc.th(f"ที่ {settings.number_prefix}/{guarantor.letter_number or '.' * 10}"))
    doc.set_xy(doc.w - doc.r_margin - 80, top)
    doc.multi_cell(
        80,
        LINE,
        doc.th("\n".join(filter(None, [office_name, settings.address]))),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(2)
    date_text = doc.be_date(guarantor.letter_date) if guarantor.letter_date else "." * 20
    doc.set_x(doc.w / 2)
    doc.cell(0, LINE, doc.th(date_text), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    doc.cell(
        0,
        LINE,
        doc.th("เรื่อง   แจ้งการหักเงินเดือนผู้ค้ำประกันชำระหนี้เงินทุนหมุนเวียนฯ"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.cell(0, LINE, doc.th(f"เรียน   {guarantor.name}"), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    share = guarantor.share or Decimal("0")
    first = guarantor.instruction.first_month if guarantor.instruction else None
    _paragraphs(
        doc,
        [
            f"ตามที่ท่านได้ทำสัญญาค้ำประกันเงินกู้เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู "
            f"ของ {loan.person.full_name_th} ตามสัญญาเลขที่ {loan.number} ลงวันที่ "
            f"{doc.be_date(loan.contract_signed_on)} นั้น",
            f"บัดนี้ ผู้กู้ค้างชำระหนี้ {loan.months_overdue} งวด เป็นเงิน {_money(loan.arrears_amount)} บาท "
            f"({baht_text(loan.arrears_amount)}) ซึ่งถึงเกณฑ์ที่ต้องหักเงินเดือนผู้ค้ำประกันตามสัญญา "
            f"สำนักงานจึงจะหักเงินเดือนของท่านเดือนละ {_money(share)} บาท ({baht_text(share)}) "
            f"ตั้งแต่เดือน{format_be_month(first) if first else '-'} เป็นต้นไป "
            "จนกว่าผู้กู้จะชำระหนี้ที่ค้างครบถ้วน ซึ่งสำนักงานจะแจ้งให้ทราบ",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ],
    )
    doc.ln(8)
    width = 95.0
    doc.set_x(doc.w - doc.r_margin - width)
    doc.cell(width, LINE, doc.th("ขอแสดงความนับถือ"), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(14)
    for text in [f"({settings.director_name or '.' * 40})", settings.director_position]:
        if text:
            doc.set_x(doc.w - doc.r_margin - width)
            doc.multi_cell(width, LINE, doc.th(text), align="C", new_x="LMARGIN", new_y="NEXT")
    if settings.contact:
        doc.set_y(doc.h - 30)
        doc.set_font(FONT, "", 12)
        doc.cell(0, 6, doc.th(settings.contact))
    return doc.output_bytes()


LEDGER_COLUMNS = [
    Column("เดือน", 1.3),
    Column("รายการ", 1.3),
    Column("เงินต้นยกมา", 1.3, "RIGHT"),
    Column("ดอกเบี้ย", 1.0, "RIGHT"),
    Column("ต้องชำระ", 1.1, "RIGHT"),
    Column("หักจากผู้กู้", 1.1, "RIGHT"),
    Column("หักจากผู้ค้ำ", 1.1, "RIGHT"),
    Column("ชำระดอกเบี้ย", 1.1, "RIGHT"),
    Column("ชำระเงินต้น", 1.1, "RIGHT"),
    Column("เงินต้นคงเหลือ", 1.3, "RIGHT"),
    Column("ค้างชำระ", 1.1, "RIGHT"),
    Column("ค้าง (งวด)", 0.7, "RIGHT"),
]


def ledger_rows(entries: Iterable[LoanEntry]) -> list[list[str]]:
    return [
        [
            format_be_month(e.month, "short"),
            e.get_kind_display() if e.kind != "month" else "หักเงินเดือน",
            _money(e.opening_balance),
            _money(e.interest),
            _money(e.due),
            _money(e.from_borrower),
            _money(e.from_guarantors),
            _money(e.interest_paid),
            _money(e.principal_paid),
            _money(e.closing_balance),
            _money(e.arrears),
            str(e.months_overdue),
        ]
        for e in entries
    ]


def ledger_pdf(loan: Loan, *, office_name: str, thai_digits: bool = False) -> bytes:
    doc = ThaiDocument(
        title=f"บัญชีคุมลูกหนี้เงินทุนหมุนเวียนฯ สัญญาเลขที่ {loan.number}",
        subtitle=f"{loan.person.full_name_th} เงินกู้ {_money(loan.principal)} บาท "
        f"ร้อยละ {loan.annual_rate.normalize()} ต่อปี {loan.term_months} งวด "
        f"งวดละ {_money(loan.instalment)} บาท",
        office_name=office_name,
        thai_digits=thai_digits,
        landscape=True,
    )
    doc.add_page()
    doc.ruled_table(LEDGER_COLUMNS, ledger_rows(loan.entries.order_by("on", "pk")), font_size=9)
    return doc.output_bytes()


def schedule_rows(loan: Loan) -> list[list[str]]:
    lines = am.schedule(
        loan.principal, loan.annual_rate, loan.term_months, instalment=loan.instalment
    )
    return [
        [
            str(x.number),
            _money(x.opening_balance),
            _money(x.interest),
            _money(x.principal),
            _money(x.instalment),
            _money(x.closing_balance),
        ]
        for x in lines
    ]


REGISTER_COLUMNS = [
    Column("ที่", 0.5, "RIGHT"),
    Column("เลขที่สัญญา", 1.0),
    Column("ชื่อ-สกุล", 2.0),
    Column("ปีงบ/ครั้งที่", 0.9),
    Column("เงินกู้", 1.1, "RIGHT"),
    Column("ดอกเบี้ย %", 0.7, "RIGHT"),
    Column("งวด", 0.5, "RIGHT"),
    Column("เงินงวด", 0.9, "RIGHT"),
    Column("วันรับเงิน", 1.0),
    Column("ชำระแล้ว (ต้น)", 1.1, "RIGHT"),
    Column("คงเหลือ", 1.1, "RIGHT"),
    Column("ค้างชำระ", 1.0, "RIGHT"),
    Column("ค้าง (งวด)", 0.6, "RIGHT"),
    Column("สถานะ", 1.5),
]


def register_rows(loans: Iterable[Loan], *, full_ids: bool = True) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, loan in enumerate(loans, start=1):
        rows.append(
            [
                str(index),
                Identifier(loan.number),
                loan.person.full_name_th,
                f"{loan.fiscal_year}/{loan.round_number or '-'}",
                _money(loan.principal),
                str(loan.annual_rate.normalize()),
                str(loan.term_months),
                _money(loan.instalment),
                format_be_date(loan.disbursed_on, "short") if loan.disbursed_on else "-",
                _money(loan.principal_repaid),
                _money(loan.balance),
                _money(loan.arrears_amount),
                str(loan.months_overdue),
                loan.get_status_display(),
            ]
        )
    return rows


def register_pdf(
    loans: Sequence[Loan], *, title: str, office_name: str, thai_digits: bool = False
) -> bytes:
    doc = ThaiDocument(
        title=title, office_name=office_name, thai_digits=thai_digits, landscape=True
    )
    doc.add_page()
    rows = register_rows(loans)
    total = sum((loan.balance for loan in loans), Decimal("0.00"))
    rows.append(
        [
            "",
            "",
            f"รวม {len(loans)} สัญญา",
            "",
            _money(sum((x.principal for x in loans), Decimal("0"))),
            "",
            "",
            "",
            "",
            "",
            _money(total),
            _money(sum((x.arrears_amount for x in loans), Decimal("0"))),
            "",
            "",
        ]
    )
    doc.ruled_table(REGISTER_COLUMNS, rows, font_size=9)
    return doc.output_bytes()


def register_xlsx(loans: Sequence[Loan], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # pragma: no cover
        raise RuntimeError("no sheet")
    sheet.title = "loans"
    xlsx_append(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    xlsx_append(sheet, [c.heading for c in REGISTER_COLUMNS])
    for index, loan in enumerate(loans, start=1):
        xlsx_append(
            sheet,
            [
                index,
                loan.number,
                loan.person.full_name_th,
                f"{loan.fiscal_year}/{loan.round_number or '-'}",
                loan.principal,
                loan.annual_rate,
                loan.term_months,
                loan.instalment,
                format_be_date(loan.disbursed_on, "short") if loan.disbursed_on else "",
                loan.principal_repaid,
                loan.balance,
                loan.arrears_amount,
                loan.months_overdue,
                loan.get_status_display(),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
