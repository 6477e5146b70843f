"""The certificates' documents: the office's certificate as an official letter (หนังสือรับรอง,
in the format of the Prime Minister's Office regulation on correspondence B.E. 2526: ที่, the
office as the issuer, the title, the body, "ให้ไว้ ณ วันที่", the signature block and the
contact line), with a QR code to its public verification page; the values of the bank's own
form (`central.bankforms.FIELDS`); the register of the fiscal year as PDF and XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

import segno
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.certificates.models import Certificate, CertificateSettings, CheckOutcome
from apps.payroll.months import format_be_month
from core.documents import FONT, ZERO_WIDTH_SPACE, Column, Identifier, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import FiscalYear, baht_text, format_baht, format_be_date, format_national_id

OUTCOME_TH = {
    CheckOutcome.PASS: "ผ่าน",
    CheckOutcome.WARN: "ต่ำกว่าเกณฑ์ (เตือน)",
    CheckOutcome.BLOCK: "ไม่ผ่าน",
}
LETTER_SIZE = 15
PT_MM = 25.4 / 72
PARAGRAPH_INDENT = 20.0  # mm: the first line of each paragraph
QR_SIZE = 28.0  # mm


def _money(value: Decimal | str) -> str:
    return format_baht(Decimal(str(value)))


class LetterDocument(ThaiDocument):
    """An official letter: no running heading (the letter has its own), a page number only
    after the first page."""

    def header(self) -> None:
        pass

    def footer(self) -> None:
        if self.page_no() > 1:
            super().footer()


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=1)
    buffer.seek(0)
    return buffer


def letter_pdf(
    certificate: Certificate,
    *,
    office_name: str,
    verify_url: str,
    thai_digits: bool = False,
) -> bytes:
    """The certificate as the office issues it. Before signing it is a draft (marked so, no
    number and no QR code); once signed it carries its number, date, signer and QR code."""
    office = CertificateSettings.objects.first() or CertificateSettings()
    figures = certificate.check_figures
    person = certificate.person
    doc = LetterDocument(
        title="หนังสือรับรองเงินเดือน", office_name=office_name, thai_digits=thai_digits
    )
    doc.set_margins(30, 20, 20)  # the regulation's margins: 3 cm left, 2 cm right
    doc.add_page()
    line = 7.5
    doc.set_font(FONT, "", LETTER_SIZE)
    issued = certificate.is_issued
    if not issued:
        doc.set_text_color(170, 0, 0)
        doc.cell(0, line, doc.th("ร่าง — ยังไม่ได้ลงนาม"), align="C", new_x="LMARGIN", new_y="NEXT")
        doc.set_text_color(0, 0, 0)
    top = doc.get_y() + 4
    doc.set_y(top)
    number = certificate.letter_number or f"{office.number_prefix}/"
    doc.cell(80, line, doc.th(f"ที่ {number}"))
    right_x = doc.w - doc.r_margin - 80
    doc.set_xy(right_x, top)
    doc.multi_cell(80, line, doc.th("\n".join(filter(None, [office_name, office.address]))),
                   align="L", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    doc.ln(6)
    doc.set_font(FONT, "B", LETTER_SIZE + 5)
    doc.cell(0, 10, doc.th("หนังสือรับรอง"), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "", LETTER_SIZE)
    doc.ln(3)
    income = Decimal(figures.get("income_total", "0"))
    deductions_before = Decimal(figures.get("deductions_total", "0")) - certificate.instalment
    net_before = income - deductions_before
    salary = Decimal(figures.get("salary", "0"))
    school = f" {certificate.school_name}" if certificate.school_name else ""
    body = [
        f"หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า {person.full_name_th} ตำแหน่ง "
        f"{certificate.position or '-'} สังกัด{school} {office_name} "
        f"เป็น{certificate.get_applicant_category_display()} "
        f"ได้รับเงินเดือนเดือนละ {_money(salary)} บาท ({baht_text(salary)}) "
        f"รวมรายรับเดือนละ {_money(income)} บาท ({baht_text(income)}) "
        f"มีรายการหักรวมเดือนละ {_money(deductions_before)} บาท "
        f"คงเหลือสุทธิเดือนละ {_money(net_before)} บาท ({baht_text(net_before)})",
        f"ผู้มีนามข้างต้นประสงค์ขอกู้เงิน{certificate.bank_name} ประเภท{certificate.programme_name} "
        f"จำนวน {_money(certificate.amount)} บาท ({baht_text(certificate.amount)}) "
        f"ผ่อนชำระงวดละ {_money(certificate.instalment)} บาท "
        f"({baht_text(certificate.instalment)}) จำนวน {certificate.term_months} งวด "
        f"เพื่อ{certificate.purpose} "
        # "แล้ว จะ": PyThaiNLP's segmenter splits "แล้วจะ" as แล้|วจะ (a line could break there).
        f"เมื่อหักงวดผ่อนชำระนี้แล้ว จะมีเงินคงเหลือสุทธิเดือนละ {_money(certificate.net_pay)} บาท "
        f"คิดเป็นร้อยละ {certificate.net_percent} ของ"
        f"{'เงินเดือน' if figures.get('rule', {}).get('base') == 'salary' else 'รายรับ'}",
        "หากธนาคารอนุมัติเงินกู้ สำนักงานจะหักเงินเดือนของผู้กู้ส่งชำระหนี้ให้ธนาคารตามงวด "
        "และจะแจ้งธนาคารทราบเมื่อผู้กู้ย้าย ลาออก หรือพ้นจากราชการ",
    ]
    # Justified paragraphs with the first line indented 2 cm (a leading run of spaces would be
    # stretched with the line's other spaces, so each paragraph would start elsewhere).
    with doc.text_columns(text_align="J", line_height=line / (LETTER_SIZE * PT_MM)) as columns:
        for paragraph in body:
            with columns.paragraph(first_line_indent=PARAGRAPH_INDENT, bottom_margin=1) as par:
                par.write(doc.th(paragraph))
    doc.ln(3)
    given = (
        doc.be_date(certificate.issue_date) if certificate.issue_date else "...................."
    )
    doc.cell(0, line, doc.th(f"ให้ไว้ ณ วันที่ {given}"), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(14)
    width = 95.0
    left = doc.w - doc.r_margin - width
    signer_lines = [
        f"({certificate.signed_by_name or office.director_name or '.' * 40})",
        *filter(None, (certificate.signed_by_position or office.director_position).splitlines()),
    ]
    for text in signer_lines:
        doc.set_x(left)
        doc.multi_cell(width, line, doc.th(text), align="C", new_x="LMARGIN", new_y="NEXT")
    foot_y = doc.h - 20 - QR_SIZE
    if issued and verify_url:
        doc.image(_qr_png(verify_url), x=doc.l_margin, y=foot_y, w=QR_SIZE, h=QR_SIZE)
        doc.set_font(FONT, "", 10)
        doc.set_xy(doc.l_margin + QR_SIZE + 3, foot_y + 4)
        doc.multi_cell(
            doc.epw - QR_SIZE - 3,
            5,
            doc.th(f"ตรวจสอบหนังสือรับรองเลขที่ {certificate.number} ได้ที่\n") + Identifier(verify_url),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if office.contact:
        doc.set_font(FONT, "", 12)
        doc.set_xy(doc.l_margin, foot_y + QR_SIZE - 6 if issued else foot_y + 10)
        doc.set_x(doc.l_margin + (QR_SIZE + 3 if issued else 0))
        doc.cell(0, 6, doc.th(office.contact))
    return doc.output_bytes()


def bank_form_values(certificate: Certificate, *, office_name: str) -> dict[str, str]:
    """The bank form's fields (`central.bankforms.FIELDS`) from the certificate, its stored
    check and the office's settings; what the certificate does not know is left out (a dotted
    line on the form)."""
    office = CertificateSettings.objects.first() or CertificateSettings()
    person = certificate.person
    figures = certificate.check_figures
    salary = Decimal(figures.get("salary", "0"))
    income = Decimal(figures.get("income_total", "0"))
    deductions_before = Decimal(figures.get("deductions_total", "0")) - certificate.instalment
    values = {
        "person.name": person.full_name_th,
        "person.national_id": Identifier(format_national_id(person.national_id)),
        "person.position": person.position,
        "person.academic_standing": person.academic_standing,
        "person.school": certificate.school_name,
        "person.birth_date": format_be_date(person.birth_date),
        "office.name": office_name,
        "office.address": office.address,
        "payslip.base_salary": _money(salary),
        "payslip.allowances": _money(income - salary),
        "payslip.total_income": _money(income),
        "payslip.total_deductions": _money(deductions_before),
        "payslip.net_pay": _money(income - deductions_before),
        "payslip.net_pay_after": _money(certificate.net_pay),
        "loan.amount": _money(certificate.amount),
        "loan.amount_words": baht_text(certificate.amount),
        "loan.instalment": _money(certificate.instalment),
        "loan.instalment_words": baht_text(certificate.instalment),
        "loan.term_months": str(certificate.term_months),
        "loan.purpose": certificate.purpose,
        "loan.contract_number": certificate.contract_number,
        "bank.name": certificate.bank_name,
        "programme.name": certificate.programme_name,
        "certificate.number": certificate.letter_number,
        "certificate.date": format_be_date(certificate.issue_date)
        if certificate.issue_date
        else "",
        "signer.name": certificate.signed_by_name,
        "signer.position": certificate.signed_by_position.replace("\n", " "),
    }
    if certificate.check_month:
        values["payslip.month"] = format_be_month(certificate.check_month)
    for n, guarantor in enumerate(certificate.guarantors.select_related("person"), start=1):
        g = guarantor.person
        values[f"guarantor.{n}.name"] = g.full_name_th
        values[f"guarantor.{n}.national_id"] = Identifier(format_national_id(g.national_id))
        values[f"guarantor.{n}.position"] = g.position
        values[f"guarantor.{n}.base_salary"] = _money(guarantor.check_figures.get("salary", "0"))
        values[f"guarantor.{n}.net_pay"] = _money(guarantor.net_pay)
    return {key: value for key, value in values.items() if value}


# --- The register -----------------------------------------------------------------------------

REGISTER_TITLE = "ทะเบียนการออกหนังสือรับรองการขอกู้เงินสถาบันการเงิน"
REGISTER_COLUMNS = [
    Column("เลขที่", 1, "CENTER"),
    Column("วันที่"),
    Column("เวลารับ", 1, "CENTER"),
    Column("เวลาออก", 1, "CENTER"),
    Column("ชื่อ-สกุล"),
    Column("ตำแหน่ง"),
    Column("โรงเรียน/ หน่วยงาน"),
    Column("ธนาคาร"),
    Column("โครงการ"),
    Column("วงเงินกู้", 1, "RIGHT"),
    Column("งวดละ", 1, "RIGHT"),
    Column("คงเหลือสุทธิ", 1, "RIGHT"),
    Column("ร้อยละ", 1, "RIGHT"),
    Column("ผลตรวจ"),
    Column("ผู้ลงนาม"),
]
WRAPPING = (4, 5, 6, 7, 8, 14)  # name, position, school, bank, programme, signer may wrap
WRAP_AT = 38.0  # mm: a wrapping column is never wider
REGISTER_FONT_SIZE = 8
DELEGATED_MARK = " (แทน)"


def _time(value: object) -> str:
    from django.utils import timezone

    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M")  # type: ignore[arg-type]


def _status_note(certificate: Certificate) -> str:
    validity = certificate.validity
    return {"revoked": " (เพิกถอน)", "superseded": " (มีฉบับใหม่แทน)"}.get(validity, "")


def register_rows(certificates: Iterable[Certificate], *, full_ids: bool = True) -> list[list[str]]:
    rows = []
    for c in certificates:
        signer = c.signed_by_name + (DELEGATED_MARK if c.signed_by_delegate else "")
        rows.append(
            [
                Identifier(c.number or ""),
                format_be_date(c.issue_date, style="short") if c.issue_date else "",
                _time(c.received_at),
                _time(c.signed_at),
                c.person.full_name_th,
                c.position,
                c.school_name,
                c.bank_name,
                c.programme_name,
                _money(c.amount),
                _money(c.instalment),
                _money(c.net_pay),
                f"{c.net_percent}",
                OUTCOME_TH.get(CheckOutcome(c.check_outcome), c.check_outcome) + _status_note(c),
                signer,
            ]
        )
    return rows


def _fitted_columns(doc: ThaiDocument, rows: list[list[str]]) -> list[Column]:
    """Each column as wide as its widest cell; when the page is too narrow, the columns that
    may wrap give up width in proportion to what they can spare, never below their longest
    word (a Thai word is never split: the line breaks come from `ThaiDocument.th`)."""
    doc.set_font(FONT, "", REGISTER_FONT_SIZE)
    margin = 2 * doc.c_margin + 1.5

    def words(text: str) -> list[str]:
        return [w for w in doc.th(text).replace(ZERO_WIDTH_SPACE, " ").split() if w] or [""]

    widths, floors = [], []
    for index, column in enumerate(REGISTER_COLUMNS):
        texts = [column.heading, *(row[index] for row in rows)]
        longest_word = max(doc.get_string_width(w) for text in texts for w in words(text))
        cells = [doc.get_string_width(doc.th(row[index])) for row in rows]
        widest = max([longest_word, *cells])
        if index in WRAPPING:
            widest = min(widest, WRAP_AT)
        widths.append(widest + margin)
        floors.append(longest_word + margin)
    spare = doc.epw - sum(widths)
    if spare > 0:
        widths = [w + spare / len(widths) for w in widths]
    else:
        room = {i: max(widths[i] - floors[i], 0.0) for i in WRAPPING}
        total = sum(room.values())
        if total:
            for index, can in room.items():
                widths[index] -= min(can, -spare * can / total)
    return [
        replace(column, width=width) for column, width in zip(REGISTER_COLUMNS, widths, strict=True)
    ]


def register_pdf(
    certificates: Iterable[Certificate],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    thai_digits: bool,
    full_ids: bool,
    issuer: str = "",
) -> bytes:
    doc = ThaiDocument(
        title=f"{REGISTER_TITLE} ปีงบประมาณ {fiscal_year.be_year}",
        office_name=office_name,
        subtitle="(แทน) = ลงนามปฏิบัติราชการแทนตามคำสั่งมอบอำนาจ; ร้อยละ = เงินคงเหลือสุทธิต่อฐานตามเกณฑ์",
        thai_digits=thai_digits,
        landscape=True,
    )
    doc.set_margins(8, 12, 8)
    rows = register_rows(certificates, full_ids=full_ids)
    doc.add_page()
    doc.ruled_table(
        _fitted_columns(doc, rows), rows, font_size=REGISTER_FONT_SIZE, line_spacing=1.4
    )
    return doc.output_bytes()


def register_xlsx(
    certificates: Iterable[Certificate], *, office_name: str, fiscal_year: FiscalYear
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = f"หนังสือรับรอง {fiscal_year.be_year}"
    sheet.append([f"{REGISTER_TITLE} ปีงบประมาณ {fiscal_year.be_year}"])
    xlsx_append(sheet, [office_name])
    sheet.append([column.heading for column in REGISTER_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for row in register_rows(certificates):
        xlsx_append(sheet, row)
    for letter, width in zip(
        "ABCDEFGHIJKLMNO", (11, 12, 8, 8, 26, 22, 26, 22, 26, 13, 11, 12, 8, 16, 24), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
