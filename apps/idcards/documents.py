"""The ID-card documents: the register of requests (PDF and XLSX) and the request form (PDF)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import replace

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.idcards.models import DOCUMENTS, CardApplication
from core.documents import FONT, Column, Identifier, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import FiscalYear, format_be_date, format_national_id, mask_national_id

# A year's register is a few landscape pages: one line a row (the IDs and card numbers have
# room not to wrap), the issuing authority once in the heading, and only the signer's name in
# the rows (marked when they signed by delegation).
REGISTER_COLUMNS = [
    Column("ที่", 1, "CENTER"),
    Column("วันที่รับ"),
    Column("ชื่อ-สกุล"),
    Column("เลขประจำตัวประชาชน"),
    Column("เหตุที่ขอ"),
    Column("เลขที่บัตร"),
    Column("วันออกบัตร"),
    Column("วันหมดอายุ"),
    Column("ผู้ลงนามอนุมัติ"),
    Column("สถานะ"),
]
NAME_COLUMN = 2  # the one column that may wrap when a name is very long
REGISTER_FONT_SIZE = 9
DELEGATED_MARK = " (แทน)"
DELEGATED_NOTE = "(แทน) = ลงนามปฏิบัติราชการแทนตามคำสั่งมอบอำนาจ"


def _signer(application: CardApplication) -> str:
    name = application.issued_by_name or application.approved_by_name
    if name and application.signed_by_delegate:
        return name + DELEGATED_MARK
    return name


def _rows(
    applications: Iterable[CardApplication], *, full_ids: bool, lifetime: str
) -> list[list[str]]:
    rows = []
    for number, a in enumerate(applications, start=1):
        national_id = a.person.national_id
        expiry = format_be_date(a.expiry_date) if a.expiry_date else ""
        rows.append(
            [
                str(number),
                format_be_date(a.received_at),
                a.person.full_name_th,
                Identifier(
                    format_national_id(national_id) if full_ids else mask_national_id(national_id)
                ),
                str(a.get_reason_display()),
                a.card_number or "",
                format_be_date(a.issue_date) if a.issue_date else "",
                lifetime if a.is_lifetime else expiry,
                _signer(a),
                str(a.get_status_display()),
            ]
        )
    return rows


def _fitted_columns(doc: ThaiDocument, rows: list[list[str]]) -> list[Column]:
    """The register's columns as wide as their widest cell (a heading may wrap), so that no
    identifier, date or status breaks across lines; the name column gives way if the page is
    too narrow, and any room left is shared out."""
    doc.set_font(FONT, "", REGISTER_FONT_SIZE)
    margin = 2 * doc.c_margin + 1.5
    widths = []
    for index, column in enumerate(REGISTER_COLUMNS):
        longest_word = max(doc.get_string_width(word) for word in column.heading.split())
        cells = (doc.get_string_width(doc.th(row[index])) for row in rows)
        widths.append(max(longest_word, *cells, 0) + margin)
    spare = doc.epw - sum(widths)
    if spare < 0:
        widths[NAME_COLUMN] = max(widths[NAME_COLUMN] + spare, doc.epw * 0.15)
    else:
        widths = [width + spare / len(widths) for width in widths]
    return [
        replace(column, width=width) for column, width in zip(REGISTER_COLUMNS, widths, strict=True)
    ]


def _issuer_line(issuer: str) -> str:
    return f"ผู้ออกบัตร: {issuer}   {DELEGATED_NOTE}" if issuer else DELEGATED_NOTE


def register_pdf(
    applications: Iterable[CardApplication],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    thai_digits: bool,
    full_ids: bool,
    issuer: str = "",
) -> bytes:
    doc = ThaiDocument(
        title=f"ทะเบียนคุมการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ {fiscal_year}",
        office_name=office_name,
        subtitle=_issuer_line(issuer),
        thai_digits=thai_digits,
        landscape=True,
    )
    rows = _rows(applications, full_ids=full_ids, lifetime="ตลอดชีพ")
    doc.add_page()
    doc.ruled_table(
        _fitted_columns(doc, rows), rows, font_size=REGISTER_FONT_SIZE, line_spacing=1.45
    )
    return doc.output_bytes()


def register_xlsx(
    applications: Iterable[CardApplication],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    full_ids: bool,
    issuer: str = "",
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = f"ทะเบียนบัตร {fiscal_year.be_year}"
    sheet.append([f"ทะเบียนคุมการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ {fiscal_year}"])
    xlsx_append(sheet, [office_name])
    xlsx_append(sheet, [_issuer_line(issuer)])
    sheet.append([column.heading for column in REGISTER_COLUMNS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet["A1"].font = Font(bold=True, size=14)
    for row in _rows(applications, full_ids=full_ids, lifetime="ตลอดชีพ"):
        xlsx_append(sheet, row)
    for letter, width in zip("ABCDEFGHIJ", (6, 14, 28, 20, 22, 18, 14, 14, 28, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _photo(application: CardApplication) -> io.BytesIO | None:
    if not application.photo:
        return None
    with application.photo.open("rb") as file:
        return io.BytesIO(file.read())


def _signature_block(
    doc: ThaiDocument, application: CardApplication, role: str, line: float
) -> None:
    """A signature line for `role`, with the signer's name and position under it once known
    (the delegate's position and "ปฏิบัติราชการแทน …" on lines of their own)."""
    dots = "." * 54
    doc.cell(0, line + 4, doc.th(f"ลงชื่อ {dots} {role}"), align="R", new_x="LMARGIN", new_y="NEXT")
    name = application.issued_by_name or application.approved_by_name
    if not name:
        return
    position = application.issued_by_position or application.approved_by_position
    width = 120.0  # under the signature line, wrapped if a position is long
    left = doc.w - doc.r_margin - width
    for text in [f"({name})", *filter(None, position.splitlines())]:
        doc.set_x(left)
        doc.multi_cell(width, line, doc.th(text), align="C", new_x="LMARGIN", new_y="NEXT")


PHOTO_W, PHOTO_H = 25.0, 30.0  # the request's photo, 2.5 × 3 cm


def request_form_pdf(application: CardApplication, *, office_name: str, thai_digits: bool) -> bytes:
    """The request (แบบ บ.จ.1), filled from the application, with the applicant's photo, to be
    signed at the desk; the approver's line names who approved (by delegation or not)."""
    person = application.person
    doc = ThaiDocument(
        title="คำขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ (บ.จ.1)",
        office_name=office_name,
        thai_digits=thai_digits,
    )
    doc.add_page()
    doc.set_font("Sarabun", "", 14)
    line = 8
    top = doc.get_y()
    photo_x = doc.w - doc.r_margin - PHOTO_W
    photo = _photo(application)
    if photo is not None:
        doc.image(photo, x=photo_x, y=top, w=PHOTO_W, h=PHOTO_H)
    else:
        doc.set_font("Sarabun", "", 10)
        doc.rect(photo_x, top, PHOTO_W, PHOTO_H)
        doc.set_xy(photo_x, top + PHOTO_H / 2 - 3)
        doc.cell(PHOTO_W, 6, doc.th("รูปถ่าย 2.5 × 3 ซม."), align="C")
        doc.set_font("Sarabun", "", 14)
    text_width = doc.epw - PHOTO_W - 5

    def field(label: str, value: object) -> None:
        width = text_width if doc.get_y() < top + PHOTO_H + 2 else 0
        doc.set_font("Sarabun", "B", 14)
        doc.cell(55, line, doc.th(label))
        doc.set_font("Sarabun", "", 14)
        doc.multi_cell(
            width - 55 if width else 0,
            line,
            doc.th(value or "-"),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    doc.set_xy(doc.l_margin, top)
    doc.cell(text_width, line, doc.th(f"เขียนที่ {office_name}"), new_x="LMARGIN", new_y="NEXT")
    doc.cell(
        text_width,
        line,
        doc.th(f"วันที่ {doc.be_date(application.received_at)}"),
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
    if application.approved_under is not None:
        field("อนุมัติตามคำสั่ง", application.approved_under.order_reference)
    doc.set_y(max(doc.get_y(), top + PHOTO_H + 2))
    doc.ln(10)
    for label in (
        "ลงชื่อ ...................................................... ผู้ยื่นคำขอ",
        "ลงชื่อ ...................................................... เจ้าหน้าที่",
    ):
        doc.cell(0, line + 4, doc.th(label), align="R", new_x="LMARGIN", new_y="NEXT")
    _signature_block(doc, application, "ผู้อนุมัติ", line)
    return doc.output_bytes()


# --- The card ---------------------------------------------------------------------------------

# ISO/IEC 7810 ID-1 (CR80), the size of a bank card.
CARD_W, CARD_H = 85.6, 53.98
CARD_PHOTO_W, CARD_PHOTO_H = 20.0, 24.0  # 2.5 : 3


class CardDocument(ThaiDocument):
    """One card-sized page, without the register's heading and page numbers."""

    def header(self) -> None:
        pass

    def footer(self) -> None:
        pass


def card_pdf(application: CardApplication, *, office_name: str) -> bytes:
    """The state-official ID card (front), at card size, to print on a card printer: the
    photo, the holder's name, position, the card's number, issue and expiry dates, and the
    issuer (who approved it: by delegation, "ปฏิบัติราชการแทน …")."""
    person = application.person
    doc = CardDocument(title="บัตรประจำตัวเจ้าหน้าที่ของรัฐ", office_name=office_name)
    doc.set_auto_page_break(auto=False)
    doc.set_margins(3, 3, 3)
    doc.add_page(format=(CARD_W, CARD_H))
    doc.set_fill_color(224, 236, 236)
    doc.rect(0, 0, CARD_W, 10.5, style="F")
    doc.set_xy(3, 1.2)
    doc.set_font("Sarabun", "B", 9)
    doc.cell(CARD_W - 6, 4.2, doc.th("บัตรประจำตัวเจ้าหน้าที่ของรัฐ"), align="C",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    doc.set_font("Sarabun", "", 6.5)
    doc.cell(CARD_W - 6, 3.6, doc.th(office_name), align="C", new_x="LMARGIN", new_y="NEXT")
    photo_y = 12.5
    photo = _photo(application)
    if photo is not None:
        doc.image(photo, x=3, y=photo_y, w=CARD_PHOTO_W, h=CARD_PHOTO_H)
    else:
        doc.rect(3, photo_y, CARD_PHOTO_W, CARD_PHOTO_H)
    x = 3 + CARD_PHOTO_W + 3
    width = CARD_W - x - 3
    doc.set_xy(x, photo_y - 0.5)

    def line(label: str, value: str, *, bold: bool = False) -> None:
        doc.set_x(x)
        doc.set_font("Sarabun", "", 5.5)
        doc.cell(14, 3.6, doc.th(label))
        doc.set_font("Sarabun", "B" if bold else "", 7.5 if bold else 7)
        doc.cell(width - 14, 3.6, doc.th(value), new_x="LMARGIN", new_y="NEXT")

    expires = "ตลอดชีพ" if application.is_lifetime else doc.be_date(application.expiry_date)
    line("เลขที่บัตร", application.card_number or "", bold=True)
    line("ชื่อ-สกุล", person.full_name_th, bold=True)
    line("ตำแหน่ง", " ".join(filter(None, [person.position, person.academic_standing])))
    line("เลขประชาชน", format_national_id(person.national_id))
    line("วันออกบัตร", doc.be_date(application.issue_date))
    line("วันหมดอายุ", expires)
    # The issuer, across the foot: name, position (and on whose behalf), "ผู้ออกบัตร".
    position_lines = [t for t in application.issued_by_position.splitlines() if t]
    doc.set_xy(3, CARD_H - 2 - 2.5 * (len(position_lines) + 2))
    doc.set_font("Sarabun", "", 6)
    doc.cell(CARD_W - 6, 2.5, doc.th(f"({application.issued_by_name})"), align="C",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    doc.set_font("Sarabun", "", 5)
    for text in position_lines:
        doc.cell(CARD_W - 6, 2.5, doc.th(text), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Sarabun", "B", 5.5)
    doc.cell(CARD_W - 6, 2.5, doc.th("ผู้ออกบัตร"), align="C")
    return doc.output_bytes()
