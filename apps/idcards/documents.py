"""The ID-card documents: the register of requests (PDF and XLSX) and the request form (PDF)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.idcards.models import DOCUMENTS, CardApplication
from core.documents import Column, Identifier, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import FiscalYear, format_be_date, format_national_id, mask_national_id

REGISTER_COLUMNS = [
    Column("ที่", 0.45, "CENTER"),
    Column("วันที่รับคำขอ", 1.3),
    Column("ชื่อ-สกุล", 2.3),
    Column("เลขประจำตัวประชาชน", 2.0),
    Column("เหตุที่ขอ", 1.4),
    Column("เลขที่บัตร", 1.7),
    Column("วันออกบัตร", 1.3),
    Column("วันบัตรหมดอายุ", 1.3),
    Column("ผู้ออกบัตร / ตำแหน่ง", 2.4),
    Column("สถานะ", 1.5),
]


def _rows(
    applications: Iterable[CardApplication], *, full_ids: bool, lifetime: str
) -> list[list[str]]:
    rows = []
    for number, a in enumerate(applications, start=1):
        national_id = a.person.national_id
        expiry = format_be_date(a.expiry_date, style="abbr") if a.expiry_date else ""
        rows.append(
            [
                str(number),
                format_be_date(a.received_at, style="abbr"),
                a.person.full_name_th,
                Identifier(
                    format_national_id(national_id) if full_ids else mask_national_id(national_id)
                ),
                str(a.get_reason_display()),
                a.card_number or "",
                format_be_date(a.issue_date, style="abbr") if a.issue_date else "",
                lifetime if a.is_lifetime else expiry,
                " ".join(filter(None, [a.issued_by_name, a.issued_by_position])),
                str(a.get_status_display()),
            ]
        )
    return rows


def register_pdf(
    applications: Iterable[CardApplication],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    thai_digits: bool,
    full_ids: bool,
) -> bytes:
    doc = ThaiDocument(
        title=f"ทะเบียนคุมการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ {fiscal_year}",
        office_name=office_name,
        thai_digits=thai_digits,
        landscape=True,
    )
    doc.add_page()
    doc.register_table(
        REGISTER_COLUMNS, _rows(applications, full_ids=full_ids, lifetime="ตลอดชีพ"), font_size=11
    )
    return doc.output_bytes()


def register_xlsx(
    applications: Iterable[CardApplication],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    full_ids: bool,
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = f"ทะเบียนบัตร {fiscal_year.be_year}"
    sheet.append([f"ทะเบียนคุมการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ {fiscal_year}"])
    xlsx_append(sheet, [office_name])
    sheet.append([column.heading for column in REGISTER_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet["A1"].font = Font(bold=True, size=14)
    for row in _rows(applications, full_ids=full_ids, lifetime="ตลอดชีพ"):
        xlsx_append(sheet, row)
    for letter, width in zip("ABCDEFGHIJ", (6, 14, 28, 20, 18, 18, 14, 14, 32, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def request_form_pdf(application: CardApplication, *, office_name: str, thai_digits: bool) -> bytes:
    """The request (แบบ บ.จ.1), filled from the application, to be signed at the desk."""
    person = application.person
    doc = ThaiDocument(
        title="คำขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ (บ.จ.1)",
        office_name=office_name,
        thai_digits=thai_digits,
    )
    doc.add_page()
    doc.set_font("Sarabun", "", 14)
    line = 8

    def field(label: str, value: object) -> None:
        doc.set_font("Sarabun", "B", 14)
        doc.cell(55, line, doc.th(label))
        doc.set_font("Sarabun", "", 14)
        doc.multi_cell(0, line, doc.th(value or "-"), align="L", new_x="LMARGIN", new_y="NEXT")

    doc.cell(0, line, doc.th(f"เขียนที่ {office_name}"), align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(
        0,
        line,
        doc.th(f"วันที่ {doc.be_date(application.received_at)}"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(2)
    field("ชื่อ-สกุล", person.full_name_th)
    field("เลขประจำตัวประชาชน", Identifier(format_national_id(person.national_id)))
    field("วันเดือนปีเกิด", doc.be_date(person.birth_date))
    field("ตำแหน่ง", " ".join(filter(None, [person.position, person.academic_standing])))
    field("ประเภทผู้ขอ", person.get_category_display())
    field("เหตุที่ขอมีบัตร", application.get_reason_display())
    if application.police_report_number:
        field("ใบแจ้งความเลขที่", Identifier(application.police_report_number))
    if application.old_card_number:
        field("บัตรเดิมเลขที่", Identifier(application.old_card_number))
    field("เอกสารประกอบ", "\n".join(f"• {DOCUMENTS[d]}" for d in application.documents))
    if application.card_number:
        field("เลขที่บัตรที่ออก", application.card_number)
        field("วันออกบัตร", doc.be_date(application.issue_date))
        field(
            "วันบัตรหมดอายุ",
            "ตลอดชีพ" if application.is_lifetime else doc.be_date(application.expiry_date),
        )
    doc.ln(14)
    for label in (
        "ลงชื่อ ...................................................... ผู้ยื่นคำขอ",
        "ลงชื่อ ...................................................... เจ้าหน้าที่",
        "ลงชื่อ ...................................................... ผู้อนุมัติ",
    ):
        doc.cell(0, line + 4, doc.th(label), align="R", new_x="LMARGIN", new_y="NEXT")
    return doc.output_bytes()
