"""The health check's documents: the schedule register "กำหนดการตรวจสุขภาพประจำปี" of a fiscal
year (PDF and XLSX, the columns of DOMAIN-wave2 d.4), the circular to schools with the schedule,
the reminder and sign-in list of a check point, and the participation summary for สกสค. (PDF
and XLSX: counts only)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.healthchecks.models import Campaign, CheckPoint, SignUp, SignUpStatus
from apps.healthchecks.selectors import Summary
from apps.people.models import PersonCategory
from core.documents import FONT, Column, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import FiscalYear, format_be_date

SCHEDULE_TITLE = "กำหนดการตรวจสุขภาพประจำปี"
SUMMARY_TITLE = "สรุปผู้มารับบริการตรวจสุขภาพประจำปี"
DEMO_MARK = " (สถานที่สาธิต)"
SCHEDULE_COLUMNS = (
    Column("ที่", 0.35, "CENTER"),
    Column("วันที่", 1.0),
    Column("เวลา", 1.15, "CENTER"),
    Column("จุดตรวจ", 1.7),
    Column("อำเภอ/กลุ่มโรงเรียน", 1.2),
    Column("โรงเรียนเป้าหมาย", 1.8),
    Column("จำนวนที่คาด", 0.6, "RIGHT"),
    Column("หน่วยบริการ", 1.3),
    Column("ผู้ประสานงาน", 1.3),
)
LETTER_SIZE = 15


def _hours(point: CheckPoint) -> str:
    return f"{point.starts_at:%H.%M}–{point.ends_at:%H.%M} น."


def _venue(point: CheckPoint) -> str:
    return point.venue + (DEMO_MARK if point.is_demo_venue else "")


def schedule_rows(points: Iterable[CheckPoint]) -> list[list[object]]:
    return [
        [
            index,
            format_be_date(point.day, "abbr"),
            _hours(point),
            _venue(point),
            point.district,
            ", ".join(school.name_th for school in point.target_schools.all()) or "ทุกโรงเรียน",
            point.capacity,
            point.campaign.provider,
            point.coordinator,
        ]
        for index, point in enumerate(points, start=1)
    ]


def schedule_pdf(
    points: Iterable[CheckPoint], *, office_name: str, fiscal_year: FiscalYear, thai_digits: bool
) -> bytes:
    doc = ThaiDocument(
        title=f"{SCHEDULE_TITLE} {fiscal_year.be_year}",
        office_name=office_name,
        subtitle="ร่วมกับโครงการตรวจสุขภาพประจำปีของสำนักงานคณะกรรมการ สกสค.",
        thai_digits=thai_digits,
        landscape=True,
    )
    doc.set_margins(8, 12, 8)
    doc.add_page()
    doc.ruled_table(SCHEDULE_COLUMNS, schedule_rows(points), font_size=10.5, line_spacing=1.35)
    return doc.output_bytes()


def schedule_xlsx(
    points: Iterable[CheckPoint], *, office_name: str, fiscal_year: FiscalYear
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = f"กำหนดการ {fiscal_year.be_year}"
    sheet.append([f"{SCHEDULE_TITLE} {fiscal_year.be_year}"])
    xlsx_append(sheet, [office_name])
    sheet.append([column.heading for column in SCHEDULE_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for row in schedule_rows(points):
        xlsx_append(sheet, row)
    for letter, width in zip("ABCDEFGHI", (5, 12, 14, 34, 22, 36, 10, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class LetterDocument(ThaiDocument):
    """A circular: no running heading (the letter has its own), page numbers after page 1."""

    def header(self) -> None:
        pass

    def footer(self) -> None:
        if self.page_no() > 1:
            super().footer()


def circular_pdf(
    campaign: Campaign,
    points: Sequence[CheckPoint],
    *,
    office_name: str,
    signup_url: str,
    thai_digits: bool,
) -> bytes:
    """The circular to the schools (หนังสือเวียน): the campaign, its schedule, how to sign up;
    schools forward it to their staff."""
    doc = LetterDocument(
        title=f"แจ้ง{SCHEDULE_TITLE} {campaign.fiscal_year}",
        office_name=office_name,
        thai_digits=thai_digits,
    )
    doc.set_margins(25, 20, 20)
    doc.add_page()
    line = LETTER_SIZE * 0.5
    doc.set_font(FONT, "", LETTER_SIZE)
    number = campaign.circular_number or "(ร่าง)"
    doc.cell(0, line, doc.th(f"ที่ ว {number}"), new_x="LMARGIN", new_y="NEXT")
    doc.set_x(doc.w - doc.r_margin - 80)
    doc.multi_cell(80, line, doc.th(office_name), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    when = campaign.announced_at
    dated = doc.be_date(when) if when else "…………………"
    doc.set_x(doc.l_margin + 70)
    doc.cell(0, line, doc.th(dated), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    first, last = (points[0].day, points[-1].day) if points else (None, None)
    doc.multi_cell(
        0,
        line,
        doc.th(f"เรื่อง  แจ้ง{SCHEDULE_TITLE} {campaign.fiscal_year}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.cell(
        0, line, doc.th("เรียน  ผู้อำนวยการโรงเรียนในสังกัดทุกโรงเรียน"), new_x="LMARGIN", new_y="NEXT"
    )
    doc.ln(2)
    span = ""
    if first and last:
        span = (
            f"ในวันที่ {doc.be_date(first)}"
            if first == last
            else f"ระหว่างวันที่ {doc.be_date(first)} ถึงวันที่ {doc.be_date(last)}"
        )
    body = (
        f"ด้วย{office_name} ได้ประสานงานกับ{campaign.partner} กำหนดให้{campaign.provider} "
        f"มาให้บริการตรวจสุขภาพประจำปีแก่ข้าราชการครูและบุคลากรทางการศึกษาในเขตพื้นที่ {span} "
        "ณ จุดตรวจตามกำหนดการท้ายหนังสือนี้"
    )
    closing = (
        "จึงเรียนมาเพื่อโปรดแจ้งข้าราชการครูและบุคลากรทางการศึกษาในสังกัดทราบ ผู้ประสงค์ตรวจสุขภาพ"
        "ลงทะเบียนเลือกจุดตรวจและวันได้ที่ผู้ประสานงานของโรงเรียน ที่ศูนย์บริการแบบเบ็ดเสร็จ (One Stop "
        f"Service) ของสำนักงาน หรือด้วยตนเองที่ {signup_url} จำนวนที่รับแต่ละจุดมีจำกัด "
        "ผลการตรวจเป็นของผู้รับการตรวจและหน่วยบริการ สำนักงานไม่เก็บผลการตรวจ"
    )
    for paragraph in (body, campaign.notes, closing):
        if paragraph:
            doc.set_x(doc.l_margin)
            doc.multi_cell(
                0,
                line,
                doc.th("\u2003\u2003\u2003" + paragraph),
                align="J",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            doc.ln(1.5)
    doc.ln(4)
    doc.set_x(doc.l_margin + 70)
    doc.multi_cell(
        0,
        line,
        doc.th("ขอแสดงความนับถือ\n\n\n(…………………………………)\nผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(6)
    doc.set_font(FONT, "B", LETTER_SIZE - 1)
    doc.cell(
        0,
        line,
        doc.th(f"{SCHEDULE_TITLE} {campaign.fiscal_year}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    columns = (
        Column("วันที่", 1.25),
        Column("เวลา", 1.3, "CENTER"),
        Column("จุดตรวจ", 1.6),
        Column("อำเภอ/กลุ่มโรงเรียน", 1.2),
        Column("รับได้ (คน)", 0.6, "RIGHT"),
        Column("ผู้ประสานงาน", 1.6),
    )
    rows = [
        [format_be_date(p.day, "abbr"), _hours(p), _venue(p), p.district, p.capacity, p.coordinator]
        for p in points
    ]
    doc.ruled_table(columns, rows, font_size=11, line_spacing=1.35)
    if points and points[0].services:
        doc.ln(2)
        doc.set_font(FONT, "", LETTER_SIZE - 2)
        doc.multi_cell(
            0, line, doc.th(f"รายการตรวจ: {points[0].services}"), new_x="LMARGIN", new_y="NEXT"
        )
    return doc.output_bytes()


STATUS_TH: dict[str, str] = {SignUpStatus.BOOKED: "ลงทะเบียน", SignUpStatus.WAITLISTED: "สำรอง"}


def roster_pdf(
    point: CheckPoint, signups: Iterable[SignUp], *, office_name: str, thai_digits: bool
) -> bytes:
    """The reminder list of a check point, printed before the day and signed on it: who
    signed up (then the waiting list), their school and category; a column to sign."""
    doc = ThaiDocument(
        title=f"รายชื่อผู้ลงทะเบียนตรวจสุขภาพ {_venue(point)}",
        office_name=office_name,
        subtitle=f"วันที่ {format_be_date(point.day, 'long')} เวลา {_hours(point)} "
        f"รับได้ {point.capacity} คน",
        thai_digits=thai_digits,
    )
    doc.set_margins(12, 12, 12)
    doc.add_page()
    columns = (
        Column("ที่", 0.4, "CENTER"),
        Column("ชื่อ-สกุล", 2.0),
        Column("โรงเรียน/หน่วยงาน", 2.0),
        Column("ประเภท", 1.3),
        Column("สถานะ", 0.8, "CENTER"),
        Column("ลงชื่อมาตรวจ", 1.2),
    )
    categories = dict(PersonCategory.choices)
    rows = [
        [
            index,
            signup.person.full_name_th,
            signup.school_name or "-",
            str(categories.get(signup.category, signup.category)),
            "มาแล้ว" if signup.attended_at else STATUS_TH.get(signup.status, signup.status),
            "",
        ]
        for index, signup in enumerate(signups, start=1)
    ]
    doc.ruled_table(columns, rows, font_size=11, line_spacing=1.9)
    return doc.output_bytes()


def _summary_columns(summary: Summary) -> list[Column]:
    return [
        Column("วันที่", 1.0),
        Column("จุดตรวจ", 2.0),
        Column("ลงทะเบียน", 0.7, "RIGHT"),
        Column("สำรอง", 0.6, "RIGHT"),
        Column("มาตรวจ", 0.6, "RIGHT"),
        Column("ไม่ได้ลงทะเบียน (walk-in)", 0.8, "RIGHT"),
        *[Column(label, 0.8, "RIGHT") for _code, label in summary.categories],
    ]


def summary_rows(summary: Summary) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            format_be_date(row.checkpoint.day, "abbr"),
            _venue(row.checkpoint),
            row.booked,
            row.waitlisted,
            row.attended,
            row.walk_ins,
            *[row.by_category.get(code, 0) for code, _label in summary.categories],
        ]
        for row in summary.rows
    ]
    total = summary.totals
    rows.append(
        [
            "รวม",
            "",
            total.booked,
            total.waitlisted,
            total.attended,
            total.walk_ins,
            *[total.by_category.get(code, 0) for code, _label in summary.categories],
        ]
    )
    return rows


def summary_pdf(
    campaign: Campaign, summary: Summary, *, office_name: str, thai_digits: bool
) -> bytes:
    doc = ThaiDocument(
        title=f"{SUMMARY_TITLE} {campaign.fiscal_year}",
        office_name=office_name,
        subtitle=f"{campaign.title} — {campaign.provider} (จำนวนคน ไม่มีผลการตรวจรายบุคคล)",
        thai_digits=thai_digits,
        landscape=True,
    )
    doc.set_margins(10, 12, 10)
    doc.add_page()
    doc.ruled_table(_summary_columns(summary), summary_rows(summary), font_size=11)
    return doc.output_bytes()


def summary_xlsx(campaign: Campaign, summary: Summary, *, office_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = f"สรุป {campaign.fiscal_year}"
    sheet.append([f"{SUMMARY_TITLE} {campaign.fiscal_year}"])
    xlsx_append(sheet, [office_name])
    xlsx_append(sheet, [campaign.title])
    sheet.append([column.heading for column in _summary_columns(summary)])
    for row in summary_rows(summary):
        xlsx_append(sheet, row)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
