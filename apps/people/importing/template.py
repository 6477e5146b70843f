"""The downloadable template: an XLSX with the two tables' Thai headings, example rows and a
sheet that explains every column."""

from __future__ import annotations

import io

from apps.people.importing.reading import FAMILY_COLUMNS, PEOPLE_COLUMNS
from core.spreadsheets import xlsx_append
from core.thai import national_id_check_digit

EXAMPLE_ID = f"110370001234{national_id_check_digit('110370001234')}"


def template_workbook() -> bytes:
    """An XLSX with the two sheets (Thai headings only, cells formatted as text) and a sheet of
    notes per column with example rows, which are never imported."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    people = workbook.worksheets[0]
    people.title = "people"
    family = workbook.create_sheet("family")
    examples: dict[str, list[list[str]]] = {
        "people": [
            [
                EXAMPLE_ID,
                "นาย",
                "สมชาย",
                "ใจดี",
                "Somchai",
                "Jaidee",
                "26/09/2520",
                "ข้าราชการครู",
                "ครู",
                "ชำนาญการพิเศษ",
                "",
                "35000.00",
                "",
                "",
                "0812345678",
                "",
                "",
            ],
        ],
        "family": [
            [
                EXAMPLE_ID,
                "บุตร",
                "",
                "ด.ช.",
                "สมหวัง",
                "ใจดี",
                "01/06/2555",
                "1",
                "บุตรชอบด้วยกฎหมาย",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    }
    for ws, columns in ((people, PEOPLE_COLUMNS), (family, FAMILY_COLUMNS)):
        ws.append([c.heading for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(14, len(column.heading) + 4)
            for row in range(2, 1000):  # text cells: Excel must not turn IDs or dates into numbers
                ws.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet("คำอธิบาย")
    notes.append(["ตาราง", "คอลัมน์", "รหัสคอลัมน์", "จำเป็น", "หมายเหตุ"])
    for sheet, columns in (("people", PEOPLE_COLUMNS), ("family", FAMILY_COLUMNS)):
        for c in columns:
            xlsx_append(notes, [sheet, c.heading, c.key, "ใช่" if c.required else "", c.note])
    # The example rows stand here, under their sheet's headings, never on the sheets that are
    # imported: a filled template imports exactly the rows the office typed (issue 13, point 2).
    for name, columns in (("people", PEOPLE_COLUMNS), ("family", FAMILY_COLUMNS)):
        notes.append([])
        xlsx_append(notes, [f"ตัวอย่างการกรอกแผ่นงาน {name} (ไม่ถูกนำเข้า)"])
        xlsx_append(notes, [c.heading for c in columns])
        for example in examples[name]:
            xlsx_append(notes, example)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
