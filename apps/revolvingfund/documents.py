"""The fund's documents: the round's call as a circular letter to every school (หนังสือเวียน, in
the format of the Prime Minister's Office regulation on correspondence B.E. 2526: ที่ …/ว,
the office and its address, the date, เรื่อง, เรียน, สิ่งที่ส่งมาด้วย, the body, the signature
block and the contact line); the register of approvals of a fiscal year and a round's ranking
list, as PDF (A4 landscape, compact) and XLSX. Terms not confirmed are printed as such."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.revolvingfund.models import Application, FundSettings, Round
from apps.revolvingfund.services import fund_settings
from core.documents import FONT, Column, Identifier, Mixed, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import format_baht, format_be_date

LETTER_SIZE = 15
PT_MM = 25.4 / 72
PARAGRAPH_INDENT = 20.0
REGISTER_TITLE = "ทะเบียนรายชื่อผู้ได้รับการอนุมัติให้กู้ยืมเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู"
REGISTER_COLUMNS = (
    Column("ที่", 0.45, "CENTER"),
    Column("ครั้งที่", 0.6, "CENTER"),
    Column("ชื่อ-สกุล", 2.0),
    Column("ตำแหน่ง", 1.15),
    Column("โรงเรียน", 1.9),
    Column("วงเงินที่ขอ", 1.45, "RIGHT"),
    Column("วงเงินที่อนุมัติ", 1.45, "RIGHT"),
    Column("ดอกเบี้ย (% ต่อปี)", 0.95, "RIGHT"),
    Column("จำนวนงวด", 0.75, "CENTER"),
    Column("เงินงวด", 1.25, "RIGHT"),
    Column("ผู้ค้ำประกัน", 2.5),
    Column("วันที่อนุมัติ", 1.5, "CENTER"),
)
RANKING_COLUMNS = (
    Column("ลำดับ", 0.6, "CENTER"),
    Column("เลขที่คำขอ", 1.0),
    Column("ชื่อ-สกุล", 2.2),
    Column("โรงเรียน", 2.2),
    Column("ยอดหนี้", 1.2, "RIGHT"),
    Column("วงเงินที่ขอ", 1.2, "RIGHT"),
    Column("คะแนน", 0.8, "RIGHT"),
    Column("ผล", 1.0, "CENTER"),
    Column("วงเงินที่อนุมัติ", 1.2, "RIGHT"),
    Column("หมายเหตุ", 3.0),
)
OUTCOME_TH = {
    "approved": "อนุมัติ",
    "waitlisted": "สำรอง",
    "refused": "ไม่อนุมัติ",
    "ineligible": "ขาดคุณสมบัติ",
    "eligible": "รอพิจารณา",
}


def _money(value: Decimal | str | None) -> str:
    return "" if value is None else format_baht(Decimal(str(value)))


def unconfirmed_note(terms: dict[str, object], confirmed: bool) -> str:
    """What a page or document prints under figures from terms nobody has confirmed."""
    if confirmed:
        return ""
    items = str(terms.get("unconfirmed_items") or "บางข้อ")
    return Mixed(
        "หมายเหตุ: หลักเกณฑ์ฉบับ ",
        Identifier(str(terms.get("code", ""))),
        f" ยังไม่ได้ยืนยันกับหนังสือสั่งการ ({items})",
    )


def _rate(value: object) -> str:
    return f"{Decimal(str(value or 0)).normalize():f}"


class LetterDocument(ThaiDocument):
    """An official letter: its own heading, a page number only after the first page."""

    def header(self) -> None:
        pass

    def footer(self) -> None:
        if self.page_no() > 1:
            super().footer()


def call_letter_pdf(
    round: Round,
    *,
    office_name: str,
    thai_digits: bool = False,
    settings: FundSettings | None = None,
) -> bytes:
    """The round's call as a circular letter to the schools (หนังสือเวียน), with the office's
    letter settings (`settings`, default: the office's row)."""
    office = settings or fund_settings()
    terms = round.terms
    doc = LetterDocument(
        title=f"ประกาศรับสมัครกู้ยืมเงินทุนหมุนเวียนฯ ครั้งที่ {round.number}/{round.fiscal_year}",
        office_name=office_name,
        thai_digits=thai_digits,
    )
    doc.set_margins(30, 15, 20)
    doc.add_page()
    line = 6.8
    doc.ln(12)  # the Garuda's place, printed on the office's letterhead paper
    doc.set_font(FONT, "", LETTER_SIZE)
    top = doc.get_y()
    doc.cell(80, line, doc.th(f"ที่ {round.call_letter_number or office.number_prefix + '/ว'}"))
    right = doc.w - doc.r_margin - 80
    doc.set_xy(right, top)
    doc.multi_cell(80, line, doc.th("\n".join(filter(None, [office_name, office.address]))),
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    doc.ln(2)
    published = round.call_published_at.date() if round.call_published_at else None
    doc.set_x(doc.l_margin + 75)
    doc.cell(0, line, doc.th(doc.be_date(published) if published else ""), new_x="LMARGIN",
             new_y="NEXT")  # fmt: skip
    doc.ln(2)
    subject = (
        f"รับสมัครผู้ประสงค์กู้ยืมเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู "
        f"ครั้งที่ {round.number} ประจำปีงบประมาณ {round.fiscal_year}"
    )
    for label, text in (
        ("เรื่อง", subject),
        ("เรียน", "ผู้อำนวยการโรงเรียนในสังกัดทุกโรง"),
        ("สิ่งที่ส่งมาด้วย", "แบบคำขอกู้ยืม (ทป.1) และแบบหนังสือยินยอมให้หักเงินเดือน จำนวน 1 ชุด"),
    ):
        y = doc.get_y()
        doc.cell(25 if label != "สิ่งที่ส่งมาด้วย" else 32, line, doc.th(label))
        doc.set_xy(doc.l_margin + (25 if label != "สิ่งที่ส่งมาด้วย" else 32), y)
        doc.multi_cell(0, line, doc.th(text), new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)
    cap = _money(str(terms.get("cap_per_borrower", "0")))
    rate_kind = terms.get("rate_kind")
    rate = (
        f"อัตรา MLR ลบร้อยละ {_rate(terms.get('rate_value'))} ต่อปี "
        f"(ร้อยละ {_rate(terms.get('annual_rate'))})"
        if rate_kind == "mlr_minus"
        else f"อัตราร้อยละ {_rate(terms.get('annual_rate'))} ต่อปี"
    )
    documents = " ".join(str(item.get("label", "")) for item in round.documents_to_bring)
    body = [
        f"ด้วยสำนักงานคณะกรรมการข้าราชการครูและบุคลากรทางการศึกษาได้จัดสรรเงินทุนหมุนเวียนเพื่อแก้ไข"
        f"ปัญหาหนี้สินข้าราชการครู ครั้งที่ {round.number} ประจำปีงบประมาณ {round.fiscal_year} "
        f"ให้{office_name} เป็นเงิน {_money(round.allocation_amount)} บาท เพื่อให้ข้าราชการครูผู้มีหนี้สิน"
        f"กู้ยืมไปชำระหนี้ โดยคณะอนุกรรมการบริหารเงินทุนหมุนเวียนฯ ประจำเขตพื้นที่การศึกษาเป็นผู้พิจารณา"
        f"อย่างรอบคอบและเป็นธรรม",
        f"ผู้กู้ต้องเป็นข้าราชการครูสายผู้สอน กู้ได้รายละไม่เกิน {cap} บาท {rate} ผ่อนชำระไม่เกิน "
        f"{terms.get('term_months')} งวด โดยหักจากเงินเดือน มีผู้ค้ำประกัน "
        f"{terms.get('guarantors_min')} คน และต้องนำเงินกู้ไปชำระหนี้ที่มีอยู่ก่อนยื่นคำขอเท่านั้น",
        f"ผู้ประสงค์จะกู้ยืมให้ยื่นคำขอที่จุดบริการ One Stop Service ของสำนักงาน "
        f"ตั้งแต่วันที่ {doc.be_date(round.opens_on)} ถึงวันที่ {doc.be_date(round.closes_on)} "
        f"พร้อม{documents} หนังสือรับรองยอดหนี้จากเจ้าหนี้ทุกราย "
        f"หนังสือยินยอมให้หักเงินเดือนของผู้ค้ำประกันทุกคน และการรับรองของผู้อำนวยการโรงเรียน "
        f"คำขอที่เอกสารไม่ครบจะคืนให้ผู้ยื่นนำมายื่นใหม่ภายในระยะเวลารับสมัคร",
        "จึงเรียนมาเพื่อโปรดทราบ และแจ้งข้าราชการครูในสังกัดทราบโดยทั่วกัน",
    ]
    if round.call_note:
        body.insert(3, round.call_note)
    with doc.text_columns(text_align="J", line_height=line / (LETTER_SIZE * PT_MM)) as columns:
        for paragraph in body:
            with columns.paragraph(first_line_indent=PARAGRAPH_INDENT, bottom_margin=1) as par:
                par.write(doc.th(paragraph))
    doc.ln(2)
    width = 95.0
    left = doc.w - doc.r_margin - width
    doc.set_x(left)
    doc.cell(width, line, doc.th("ขอแสดงความนับถือ"), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(12)
    for text in [
        f"({office.director_name or '.' * 40})",
        *filter(None, office.director_position.splitlines()),
    ]:
        doc.set_x(left)
        doc.multi_cell(width, line, doc.th(text), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "", 12)
    note = unconfirmed_note(terms, round.terms_confirmed)
    doc.set_y(max(doc.get_y() + 4, doc.h - 30))
    if office.contact:
        doc.cell(0, 6, doc.th(office.contact), new_x="LMARGIN", new_y="NEXT")
    if note:
        doc.set_text_color(150, 0, 0)
        doc.multi_cell(0, 5, doc.th(note), new_x="LMARGIN", new_y="NEXT")
        doc.set_text_color(0, 0, 0)
    return doc.output_bytes()


def _guarantor_names(application: Application) -> str:
    return ", ".join(g.person.full_name_th for g in application.guarantors.all())


def register_rows(applications: Iterable[Application]) -> list[list[str]]:
    rows = []
    for index, a in enumerate(applications, start=1):
        rows.append(
            [
                str(index),
                str(a.round.number),
                a.person.full_name_th,
                a.position,
                a.school_name,
                _money(a.amount_requested),
                _money(a.approved_amount),
                _rate(a.annual_rate),
                str(a.term_months or ""),
                _money(a.instalment),
                _guarantor_names(a),
                format_be_date(a.decided_at, style="short") if a.decided_at else "",
            ]
        )
    return rows


def ranking_rows(applications: Iterable[Application]) -> list[list[str]]:
    rows = []
    for a in applications:
        outcome = a.status
        note = a.decision_reason if a.status in ("refused", "ineligible", "waitlisted") else ""
        if a.status == "approved" and a.approved_amount != a.amount_requested:
            note = "อนุมัติบางส่วนตามวงเงินที่เหลือ"
        rows.append(
            [
                str(a.rank or "-"),
                Identifier(a.number),
                a.person.full_name_th,
                a.school_name,
                _money(a.debt_total),
                _money(a.amount_requested),
                "" if a.score_total is None else f"{a.score_total}",
                OUTCOME_TH.get(outcome, a.get_status_display()),
                _money(a.approved_amount),
                note[:160],
            ]
        )
    return rows


def _table_pdf(
    *,
    title: str,
    subtitle: str,
    office_name: str,
    columns: Sequence[Column],
    rows: list[list[str]],
    thai_digits: bool,
    note: str = "",
) -> bytes:
    doc = ThaiDocument(
        title=title, office_name=office_name, subtitle=subtitle, thai_digits=thai_digits,
        landscape=True,
    )  # fmt: skip
    doc.set_margins(8, 12, 8)
    doc.add_page()
    doc.ruled_table(columns, rows, font_size=10, line_spacing=1.35)
    if note:
        doc.ln(2)
        doc.set_font(FONT, "", 10)
        doc.multi_cell(0, 5, doc.th(note), new_x="LMARGIN", new_y="NEXT")
    return doc.output_bytes()


def register_pdf(
    applications: Iterable[Application],
    *,
    office_name: str,
    fiscal_year_be: int,
    thai_digits: bool = False,
    note: str = "",
) -> bytes:
    return _table_pdf(
        title=f"{REGISTER_TITLE} ประจำปี {fiscal_year_be}",
        subtitle="",
        office_name=office_name,
        columns=REGISTER_COLUMNS,
        rows=register_rows(applications),
        thai_digits=thai_digits,
        note=note,
    )


def ranking_pdf(
    round: Round,
    applications: Iterable[Application],
    *,
    office_name: str,
    thai_digits: bool = False,
) -> bytes:
    return _table_pdf(
        title=f"บัญชีจัดลำดับผู้ขอกู้ยืมเงินทุนหมุนเวียนฯ ครั้งที่ {round.number}/{round.fiscal_year}",
        subtitle=f"วงเงินจัดสรร {_money(round.allocation_amount)} บาท",
        office_name=office_name,
        columns=RANKING_COLUMNS,
        rows=ranking_rows(applications),
        thai_digits=thai_digits,
        note=unconfirmed_note(round.terms, round.terms_confirmed),
    )


def register_xlsx(
    applications: Iterable[Application], *, office_name: str, fiscal_year_be: int
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = f"กองทุนหมุนเวียน {fiscal_year_be}"
    sheet.append([f"{REGISTER_TITLE} ประจำปี {fiscal_year_be}"])
    xlsx_append(sheet, [office_name])
    sheet.append([column.heading for column in REGISTER_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for row in register_rows(applications):
        xlsx_append(sheet, row)
    for letter, width in zip(
        "ABCDEFGHIJKL", (6, 8, 26, 16, 28, 13, 13, 10, 9, 11, 40, 12), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
