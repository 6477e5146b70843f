"""The welfare shop's documents: the member list (บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ, the
annual report's evidence) as PDF and XLSX, and the year's statement of the welfare fund for
the committee (PDF)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.people.models import PersonCategory
from apps.welfareshop.models import Consent, EvidencePhoto, Member, MemberStatus, PaymentMethod
from apps.welfareshop.selectors import Statement
from core.documents import FONT, Column, Identifier, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import format_baht, format_be_date, format_national_id, mask_national_id

MEMBER_LIST_TITLE = "บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ"
MEMBER_COLUMNS = [
    Column("ที่", 0.6, "RIGHT"),
    Column("เลขที่สมาชิก", 1.3, "CENTER"),
    Column("ชื่อ-สกุล", 3.4),
    Column("เลขประจำตัวประชาชน", 2.1, "CENTER"),
    Column("ประเภท", 1.8),
    Column("หน่วยงาน/ โรงเรียน", 2.6),
    Column("เป็นสมาชิกตั้งแต่", 1.8, "CENTER"),
    Column("ค่าสมาชิก/ หุ้น (บาท)", 1.2, "RIGHT"),
    Column("ชำระโดย", 1.4),
    Column("หมายเหตุ", 1.5),
]
PAYMENT_TH = {PaymentMethod.CASH: "เงินสด", PaymentMethod.DEDUCTION: "หักเงินเดือน"}
CATEGORY_TH = {
    PersonCategory.TEACHER: "ข้าราชการครู",
    PersonCategory.EDUCATION_PERSONNEL: "บุคลากรทางการศึกษา",
    PersonCategory.GOVERNMENT_EMPLOYEE: "พนักงานราชการ",
    PersonCategory.PERMANENT_EMPLOYEE: "ลูกจ้างประจำ",
}
REGISTER_FONT_SIZE = 10
CONSENT_TH = {
    Consent.CONSENTED: "ผู้ปรากฏในภาพยินยอม",
    Consent.NO_FACES: "ไม่ปรากฏบุคคลที่ระบุตัวได้",
}


def member_rows(members: Iterable[Member], *, on: date, full_ids: bool) -> list[list[str]]:
    rows = []
    for index, member in enumerate(members, start=1):
        person = member.person
        national_id = (
            format_national_id(person.national_id)
            if full_ids
            else mask_national_id(person.national_id)
        )
        note = ""
        if member.status == MemberStatus.SUSPENDED and (
            member.suspended_on is None or member.suspended_on <= on
        ):
            note = "พักสมาชิกภาพ"
        rows.append(
            [
                str(index),
                Identifier(member.number),
                person.full_name_th,
                Identifier(national_id),
                CATEGORY_TH.get(member.category, member.category),  # type: ignore[call-overload]
                member.unit or "สำนักงานเขตพื้นที่",
                format_be_date(member.joined_on, style="short") if member.joined_on else "",
                format_baht(member.fee_amount),
                PAYMENT_TH.get(member.payment, member.payment),  # type: ignore[call-overload]
                note,
            ]
        )
    return rows


def member_list_title(shop_name: str) -> str:
    """ "บัญชีรายชื่อสมาชิก" and the shop's name (which says ร้านค้าสวัสดิการ itself)."""
    if shop_name.startswith("ร้านค้าสวัสดิการ"):
        return f"บัญชีรายชื่อสมาชิก{shop_name}"
    return f"{MEMBER_LIST_TITLE} {shop_name}".strip()


def member_list_pdf(
    members: Iterable[Member],
    *,
    office_name: str,
    shop_name: str,
    on: date,
    thai_digits: bool,
    full_ids: bool,
) -> bytes:
    rows = member_rows(members, on=on, full_ids=full_ids)
    doc = ThaiDocument(
        title=member_list_title(shop_name),
        office_name=office_name,
        subtitle=f"ณ วันที่ {format_be_date(on, style='long')} จำนวน {len(rows)} คน",
        thai_digits=thai_digits,
        landscape=True,
    )
    doc.set_margins(10, 12, 10)
    doc.add_page()
    doc.ruled_table(MEMBER_COLUMNS, rows, font_size=REGISTER_FONT_SIZE, line_spacing=1.4)
    return doc.output_bytes()


def member_list_xlsx(members: Iterable[Member], *, office_name: str, on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = "สมาชิก"
    sheet.append([f"{MEMBER_LIST_TITLE} ณ วันที่ {format_be_date(on, style='long')}"])
    xlsx_append(sheet, [office_name])
    sheet.append([column.heading for column in MEMBER_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for row in member_rows(members, on=on, full_ids=True):
        xlsx_append(sheet, row)
    for letter, width in zip("ABCDEFGHIJ", (6, 12, 28, 19, 20, 32, 14, 12, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _money(value: Decimal) -> str:
    return format_baht(value)


def statement_pdf(
    statement: Statement, *, office_name: str, shop_name: str, thai_digits: bool
) -> bytes:
    """The welfare fund's year for the committee: brought forward, each month, carried
    forward, and lines for the treasurer's and the chair's signatures."""
    year = statement.fiscal_year
    doc = ThaiDocument(
        title=f"งบรับ–จ่ายเงินกองทุนสวัสดิการ ปีงบประมาณ {year.be_year}",
        office_name=f"{shop_name} {office_name}"
        if len(shop_name + office_name) < 70
        else office_name,
        subtitle=f"ตั้งแต่วันที่ {format_be_date(year.start, style='long')} "
        f"ถึงวันที่ {format_be_date(year.end, style='long')}",
        thai_digits=thai_digits,
    )
    doc.add_page()
    columns = [
        Column("เดือน", 2.2),
        Column("รายรับ (บาท)", 1.6, "RIGHT"),
        Column("รายจ่าย (บาท)", 1.6, "RIGHT"),
        Column("คงเหลือ (บาท)", 1.8, "RIGHT"),
    ]
    rows = [["ยอดยกมา", "", "", _money(statement.opening)]]
    for month in statement.months:
        rows.append(
            [
                format_be_date(month.month, style="long").split(" ", 1)[1],
                _money(month.takings),
                _money(month.spending),
                _money(month.balance),
            ]
        )
    rows.append(["รวมทั้งปี", _money(statement.takings), _money(statement.spending), ""])
    rows.append(["ยอดยกไป", "", "", _money(statement.closing)])
    doc.ruled_table(columns, rows, font_size=13, line_spacing=1.5)
    doc.ln(14)
    doc.set_font(FONT, "", 14)
    for role in ("เหรัญญิก", "ประธานกรรมการสวัสดิการ"):
        doc.cell(0, 8, doc.th("ลงชื่อ ...................................................."),
                 align="R", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        doc.cell(0, 8, doc.th(f"({role})     "), align="R", new_x="LMARGIN", new_y="NEXT")
        doc.ln(6)
    return doc.output_bytes()


def album_pdf(
    photos: Iterable[EvidencePhoto], *, office_name: str, be_year: int, thai_digits: bool
) -> bytes:
    """The year's album: two photos a row, three rows a page, each with its date, place,
    caption and the consent noted."""
    doc = ThaiDocument(
        title=f"ภาพการใช้บริการร้านค้าสวัสดิการ ห้องและพื้นที่นั่งพักผ่อน ปีงบประมาณ {be_year}",
        office_name=office_name,
        thai_digits=thai_digits,
    )
    doc.set_auto_page_break(auto=False)
    cell_w, image_h, caption_h = (doc.epw - 6) / 2, 62.0, 14.0
    top = 36.0
    for index, photo in enumerate(photos):
        slot = index % 6
        if slot == 0:
            doc.add_page()
        x = doc.l_margin + (slot % 2) * (cell_w + 6)
        y = top + (slot // 2) * (image_h + caption_h + 6)
        with photo.image.open("rb") as handle:
            data = handle.read()
        width, height = photo.width or 4, photo.height or 3
        scale = min(cell_w / width, image_h / height)
        w, h = width * scale, height * scale
        doc.image(io.BytesIO(data), x=x + (cell_w - w) / 2, y=y + (image_h - h) / 2, w=w, h=h)
        doc.set_xy(x, y + image_h + 1)
        doc.set_font(FONT, "", 10)
        place = photo.resource.name if photo.resource is not None else ""
        consent = CONSENT_TH.get(photo.consent, "")  # type: ignore[call-overload]
        doc.multi_cell(
            cell_w,
            5,
            doc.th(f"{format_be_date(photo.taken_on, style='short')} {place}: {photo.caption}")
            + doc.th(f" ({consent})"),
            align="L",
        )
    if doc.page_no() == 0:
        doc.add_page()
        doc.set_font(FONT, "", 14)
        doc.cell(0, 10, doc.th("ยังไม่มีภาพในปีนี้"), align="C")
    return doc.output_bytes()
