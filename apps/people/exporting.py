"""The register of people as an XLSX workbook: Thai headings, B.E. dates, one row per person.

Whoever may not see national IDs and salaries (`can_see_national_id`) gets them masked and
left out. Exporting is audited by the view (`person.exported`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import override

from apps.people.models import Person
from core.spreadsheets import xlsx_append
from core.thai import format_be_date, format_national_id, mask_national_id


def people_workbook(people: Iterable[Person], *, full: bool) -> bytes:
    """An XLSX of `people` (with their schools selected). Streams rows (write-only mode), so
    memory stays flat for a whole office."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("บุคลากร")
    headings = [
        "ลำดับ",
        "เลขประจำตัวประชาชน",
        "คำนำหน้าชื่อ",
        "ชื่อ",
        "นามสกุล",
        "ชื่อภาษาอังกฤษ",
        "นามสกุลภาษาอังกฤษ",
        "วันเกิด (พ.ศ.)",
        "ประเภทบุคลากร",
        "ตำแหน่ง",
        "วิทยฐานะ",
        "รหัสโรงเรียน",
        "สถานที่ปฏิบัติงาน",
        "สถานะ",
        "วันที่ของสถานะ (พ.ศ.)",
        "โทรศัพท์",
        "อีเมล",
    ]
    if full:
        headings.insert(12, "เงินเดือน")
    bold = Font(bold=True)
    header_cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    with override("th"):
        for number, p in enumerate(people, start=1):
            row: list[object] = [
                number,
                format_national_id(p.national_id) if full else mask_national_id(p.national_id),
                p.title,
                p.first_name_th,
                p.last_name_th,
                p.first_name_en,
                p.last_name_en,
                format_be_date(p.birth_date),
                str(p.get_category_display()),
                p.position,
                p.academic_standing,
                p.school.code if p.school else "",
                p.school.name_th if p.school else "สำนักงานเขตพื้นที่การศึกษา",
                str(p.get_status_display()),
                format_be_date(p.status_date) if p.status_date else "",
                p.phone,
                p.email,
            ]
            if full:
                row.insert(12, p.monthly_salary)
            xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
