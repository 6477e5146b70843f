"""Reading an uploaded file into rows of texts, keyed by column; no checks, no database.

- XLSX: a sheet `people` (or `บุคลากร`, or else the first sheet), one person per row, and an
  optional sheet `family` (or `ครอบครัว`), one family member per row, keyed by the person's
  national ID (`person_national_id`), who is in the same file or already registered.
- CSV: one table, people or family, told apart by the header (a family table has
  `person_national_id`). UTF-8 (with or without BOM) or Windows-874 (Thai Excel); comma,
  semicolon or tab.
- Row 1 holds the column names: the key (`national_id`) or the Thai heading of the template
  (`เลขประจำตัวประชาชน`). Unknown columns are ignored and reported.

`read_file` returns `{"people": [...], "family": [...], "ignored_columns": [...]}`, each row
`{"row": n, "values": {key: text}}`: what `planning.check` reads and an `ImportBatch` keeps.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from apps.people.services import PeopleError
from apps.people.text import clean_text

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # Thai, as in the template
    required: bool = False
    note: str = ""


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("national_id", "เลขประจำตัวประชาชน", True, "13 หลัก มีขีดหรือไม่มีก็ได้"),
    Column("title", "คำนำหน้าชื่อ", True, "นาย นาง นางสาว ว่าที่ร้อยตรี …"),
    Column("first_name_th", "ชื่อ", True),
    Column("last_name_th", "นามสกุล", True),
    Column("first_name_en", "ชื่อภาษาอังกฤษ"),
    Column("last_name_en", "นามสกุลภาษาอังกฤษ"),
    Column("birth_date", "วันเกิด", True, "พ.ศ. เช่น 26/09/2520"),
    Column("category", "ประเภทบุคลากร", True, "เช่น ข้าราชการครู ข้าราชการบำนาญ"),
    Column("position", "ตำแหน่ง"),
    Column("academic_standing", "วิทยฐานะ"),
    Column("school_code", "รหัสโรงเรียน", False, "ว่าง = สำนักงานเขตพื้นที่"),
    Column("monthly_salary", "เงินเดือน", False, "บาท เช่น 35,000.00"),
    Column("status", "สถานะ", False, "ว่าง = ปฏิบัติราชการ"),
    Column("status_date", "วันที่ของสถานะ", False, "พ.ศ."),
    Column("phone", "โทรศัพท์"),
    Column("email", "อีเมล"),
    Column("address", "ที่อยู่"),
)

FAMILY_COLUMNS: tuple[Column, ...] = (
    Column("person_national_id", "เลขประจำตัวประชาชนของบุคลากร", True, "ผู้มีสิทธิ"),
    Column("relation", "ความสัมพันธ์", True, "คู่สมรส บิดา มารดา บุตร"),
    Column("national_id", "เลขประจำตัวประชาชน"),
    Column("title", "คำนำหน้าชื่อ"),
    Column("first_name_th", "ชื่อ", True),
    Column("last_name_th", "นามสกุล", True),
    Column("birth_date", "วันเกิด", False, "พ.ศ."),
    Column("birth_order", "ลำดับการเกิด", False, "บุตรเท่านั้น: 1, 2, 3 …"),
    Column("child_status", "สถานะบุตร", False, "บุตรชอบด้วยกฎหมาย บุตรบุญธรรม ยกให้ผู้อื่น"),
    Column("is_twin", "แฝด", False, "ใช่ / ว่าง"),
    Column("is_disabled", "พิการ", False, "ใช่ / ว่าง"),
    Column("disabled_on", "วันที่พิการ", False, "พ.ศ."),
    Column("is_incompetent", "ไร้ความสามารถ", False, "ใช่ / ว่าง"),
    Column("incompetent_on", "วันที่ศาลสั่ง", False, "พ.ศ."),
    Column("is_deceased", "ถึงแก่กรรม", False, "ใช่ / ว่าง"),
    Column("died_on", "วันที่ถึงแก่กรรม", False, "พ.ศ."),
)

PEOPLE_SHEETS = ("people", "บุคลากร")
FAMILY_SHEETS = ("family", "ครอบครัว")


class ImportFileError(PeopleError):
    code = "people.import_file"


def _heading_map(columns: tuple[Column, ...]) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in columns:
        names[column.key.lower()] = column.key
        names[clean_text(column.heading).lower()] = column.key
    return names


def _cell_text(value: Any, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        # A real date cell shown with the Buddhist calendar (Thai Excel's "B2"/"[$-th-TH,107]")
        # holds the C.E. date; any other date cell holds the year as typed.
        year = day.year + 543 if ("B2" in number_format or ",107]" in number_format) else day.year
        return f"{day.day:02d}/{day.month:02d}/{year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def _table(
    rows: Iterator[list[str]], columns: tuple[Column, ...], sheet: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows as `{"row": n, "values": {key: text}}`, and the ignored headings. Every row's
    values have every column of the file (empty: ""), so a column the file lacks can be told
    from an empty cell: the first leaves a registered value alone, the second clears it."""
    try:
        header = next(rows)
    except StopIteration:
        return [], []
    names = _heading_map(columns)
    keys = [names.get(clean_text(h).lower()) for h in header]
    ignored = [h for h, k in zip(header, keys, strict=True) if k is None and clean_text(h)]
    missing = [c for c in columns if c.required and c.key not in keys]
    if missing:
        wanted = ", ".join(f"{c.heading} ({c.key})" for c in missing)
        raise ImportFileError(
            f"ตาราง {sheet} ไม่มีคอลัมน์ที่จำเป็น: {wanted}",
            f"The {sheet} table lacks required columns: {wanted}",
            code="people.import_missing_columns",
        )
    table: list[dict[str, Any]] = []
    for number, cells in enumerate(rows, start=2):
        values = dict.fromkeys((k for k in keys if k is not None), "")
        values |= {k: cell for k, cell in zip(keys, cells, strict=False) if k is not None}
        if any(values.values()):
            table.append({"row": number, "values": values})
        if len(table) > MAX_ROWS:
            raise ImportFileError(
                f"ไฟล์มีเกิน {MAX_ROWS:,} แถว กรุณาแบ่งไฟล์",
                f"More than {MAX_ROWS:,} rows: split the file.",
                code="people.import_too_large",
            )
    return table, ignored


def read_file(name: str, content: bytes) -> dict[str, Any]:
    """`{"people": [...], "family": [...], "ignored_columns": [...]}` from a CSV or XLSX file.
    Raises ImportFileError for a file that cannot be read as either."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            "ไฟล์ใหญ่เกิน 10 MB", "The file is larger than 10 MB.", code="people.import_too_large"
        )
    lower = name.lower()
    if lower.endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise ImportFileError(
        "รองรับเฉพาะไฟล์ .xlsx และ .csv",
        "Only .xlsx and .csv files can be imported.",
        code="people.import_file_type",
    )


def _read_xlsx(content: bytes) -> dict[str, Any]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ImportFileError(
            "อ่านไฟล์ Excel ไม่ได้ (ต้องเป็น .xlsx)",
            "The file is not a readable .xlsx workbook.",
            code="people.import_unreadable",
        ) from None
    by_name = {clean_text(ws.title).lower(): ws for ws in workbook.worksheets}
    people_ws = next((by_name[n] for n in PEOPLE_SHEETS if n in by_name), workbook.worksheets[0])
    family_ws = next((by_name[n] for n in FAMILY_SHEETS if n in by_name), None)

    def texts(ws: Any) -> Iterator[list[str]]:
        for row in ws.iter_rows():
            yield [_cell_text(c.value, getattr(c, "number_format", "") or "") for c in row]

    try:
        people, ignored = _table(texts(people_ws), PEOPLE_COLUMNS, "people")
        family, ignored_family = (
            _table(texts(family_ws), FAMILY_COLUMNS, "family") if family_ws else ([], [])
        )
    finally:
        workbook.close()
    return {"people": people, "family": family, "ignored_columns": ignored + ignored_family}


def _read_csv(content: bytes) -> dict[str, Any]:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            "อ่านไฟล์ CSV ไม่ได้ (ต้องเป็น UTF-8 หรือ Windows-874)",
            "The CSV file is neither UTF-8 nor Windows-874.",
            code="people.import_unreadable",
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = ([clean_text(cell) for cell in row] for row in reader)
    header_keys = {
        _heading_map(FAMILY_COLUMNS).get(clean_text(h).lower()) for h in first_line.split(delimiter)
    }
    if "person_national_id" in header_keys:
        family, ignored = _table(rows, FAMILY_COLUMNS, "family")
        return {"people": [], "family": family, "ignored_columns": ignored}
    people, ignored = _table(rows, PEOPLE_COLUMNS, "people")
    return {"people": people, "family": [], "ignored_columns": ignored}


def columns_for_page() -> Iterable[tuple[str, tuple[Column, ...]]]:
    """The two tables and their columns, as the import page lists them."""
    return (("people", PEOPLE_COLUMNS), ("family", FAMILY_COLUMNS))
