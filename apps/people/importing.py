"""Importing people and their families from CSV and XLSX: read, check (the dry run), apply.

File layout (also on the import page and in the template from `template_workbook`):

- XLSX: a sheet `people` (or `บุคลากร`, or else the first sheet), one person per row, and an
  optional sheet `family` (or `ครอบครัว`), one family member per row, keyed by the person's
  national ID (`person_national_id`), who is in the same file or already registered.
- CSV: one table, people or family, told apart by the header (a family table has
  `person_national_id`). UTF-8 (with or without BOM) or Windows-874 (Thai Excel); comma,
  semicolon or tab.
- Row 1 holds the column names: the key (`national_id`) or the Thai heading of the template
  (`เลขประจำตัวประชาชน`). Unknown columns are ignored and reported.
- Dates are Buddhist Era, "26/09/2557" or "26 ก.ย. 2557"; a year below 2400 is reported as a
  C.E. year typed by mistake, never converted. Categories, statuses, relations and child
  statuses are written as their key or their Thai name.

Checking writes nothing but the batch. Applying re-checks the stored rows against the register
as it is then, inside one transaction, with the batch row locked, so a batch is applied at
most once. A person or family member whose values equal the register's is neither written
nor audited, so re-importing a file changes nothing. Import never deletes.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import override

from apps.people.models import (
    ChildStatus,
    FamilyMember,
    ImportBatch,
    ImportStatus,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
from apps.people.module import PERSON
from apps.people.services import (
    FAMILY_FIELDS,
    PERSON_FIELDS,
    FamilyMemberData,
    PeopleError,
    PersonData,
    audit_changes,
    family_problems,
    jsonable,
    national_id_problem,
    parse_decimal,
    person_problems,
    snapshot,
)
from apps.people.text import clean_text
from audit.models import AuditEvent
from audit.services import audit_record, client_address
from core.spreadsheets import xlsx_append
from core.thai import (
    BuddhistDateError,
    national_id_check_digit,
    normalize_national_id,
    parse_be_date,
    to_arabic_digits,
)
from outbox.services import outbox_record_many

EXAMPLE_ID = f"110370001234{national_id_check_digit('110370001234')}"
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
TRUE_WORDS = {"1", "y", "yes", "true", "x", "✓", "ใช่", "มี", "เป็น"}
FALSE_WORDS = {"", "0", "n", "no", "false", "-", "ไม่", "ไม่ใช่", "ไม่มี", "ไม่เป็น"}


class ImportFileError(PeopleError):
    code = "people.import_file"


class ImportAlreadyApplied(PeopleError):
    code = "people.import_already_applied"


# ---------------------------------------------------------------------------------------------
# Reading a file into rows of texts


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


# ---------------------------------------------------------------------------------------------
# Checking: what each row would do, and what is wrong with it


def _choice_map(choices: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for value, label in choices.choices:
        names[value.lower()] = value
        names[str(label).lower()] = value
        with override("th"):
            names[clean_text(str(label)).lower()] = value
    return names


# Thai names as officers write them (also those of the Thai translation of the choices).
THAI_NAMES: dict[str, dict[str, str]] = {
    "category": {
        "ข้าราชการครู": "teacher",
        "ครู": "teacher",
        "บุคลากรทางการศึกษาอื่น": "education_personnel",
        "บุคลากรทางการศึกษาอื่นตามมาตรา 38 ค.(2)": "education_personnel",
        "พนักงานราชการ": "government_employee",
        "ลูกจ้างประจำ": "permanent_employee",
        "ข้าราชการบำนาญ": "pensioner",
        "บำนาญ": "pensioner",
        "ลูกจ้างประจำผู้รับบำเหน็จรายเดือน": "pensioned_employee",
    },
    "status": {
        "ปฏิบัติราชการ": "active",
        "ปฏิบัติงาน": "active",
        "เกษียณอายุราชการ": "retired",
        "เกษียณ": "retired",
        "ย้ายออก": "transferred_out",
        "ถึงแก่กรรม": "deceased",
        "เสียชีวิต": "deceased",
    },
    "relation": {
        "คู่สมรส": "spouse",
        "สามี": "spouse",
        "ภรรยา": "spouse",
        "ภริยา": "spouse",
        "บิดา": "father",
        "พ่อ": "father",
        "มารดา": "mother",
        "แม่": "mother",
        "บุตร": "child",
        "ลูก": "child",
    },
    "child_status": {
        "บุตรชอบด้วยกฎหมาย": "legitimate",
        "บุตรโดยชอบด้วยกฎหมาย": "legitimate",
        "บุตรบุญธรรม": "adopted",
        "ยกให้ผู้อื่นเป็นบุตรบุญธรรม": "given_for_adoption",
        "ยกให้ผู้อื่น": "given_for_adoption",
    },
}


@dataclass
class RowReport:
    sheet: str
    row: int
    national_id: str
    name: str
    action: str = "create"  # create / update / unchanged / refused
    problems: list[dict[str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def refuse(self, error: PeopleError | BuddhistDateError, column: str = "") -> None:
        self.action = "refused"
        self.problems.append(
            {
                "code": error.code if isinstance(error, PeopleError) else f"date.{error.code}",
                "column": column or (getattr(error, "field", "") or ""),
                "message_th": error.message_th,
                "message_en": error.message_en,
            }
        )

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Plan:
    reports: list[RowReport]
    people: list[tuple[RowReport, PersonData, Person | None]]
    family: list[tuple[RowReport, str, FamilyMemberData, FamilyMember | None]]

    def counts(self) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
        names = {"create": "created", "update": "updated"}
        for report in self.reports:
            counts[names.get(report.action, report.action)] += 1
        return counts


def _problem(code: str, th: str, en: str, column: str = "") -> PeopleError:
    return PeopleError(th, en, code=f"people.{code}", field=column or None)


def iso_date(text: str) -> date:
    """A date as the API writes it: ISO 8601, C.E. ("1977-09-26"). A year that looks B.E.
    ("2520-09-26") is refused with a hint, never converted."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise _problem(
            "invalid_date",
            f"“{text}” ไม่ใช่วันที่ตามรูปแบบ ISO 8601 (ค.ศ.) เช่น 1977-09-26",
            f"“{text}” is not an ISO 8601 (C.E.) date such as 1977-09-26.",
        ) from None
    if day.year >= 2400:
        raise _problem(
            "date_not_common_era",
            f"ปี {day.year} ดูเป็นปีพุทธศักราช: API ใช้ปีคริสต์ศักราช ({day.year - 543})",
            f"The year {day.year} looks Buddhist Era: the API speaks C.E. ({day.year - 543}).",
        )
    return day


def _date(
    values: dict[str, str],
    key: str,
    report: RowReport,
    parse: Callable[[str], date] = parse_be_date,
) -> date | None:
    text = values.get(key, "")
    if not text:
        return None
    try:
        return parse(text)
    except (BuddhistDateError, PeopleError) as error:
        report.refuse(error, key)
        return None


def _refuse_given(report: RowReport, entry: dict[str, Any]) -> None:
    """Problems found before the check (the API's row types), stored with the row."""
    for problem in entry.get("problems", ()):
        report.refuse(
            PeopleError(
                problem["message_th"],
                problem["message_en"],
                code=problem["code"],
                field=problem["column"],
            )
        )


def _choice(values: dict[str, str], key: str, names: dict[str, str], default: str = "") -> str:
    text = clean_text(values.get(key, "")).lower()
    return names.get(text, text) if text else default


def _flag(values: dict[str, str], key: str, report: RowReport) -> bool:
    text = clean_text(values.get(key, "")).lower()
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        report.refuse(
            _problem(
                "import_bad_flag",
                f"ค่า “{text}” ในคอลัมน์ {key} ต้องเป็น ใช่ หรือว่าง",
                f"“{text}” in {key} must be yes or empty.",
                key,
            )
        )
    return False


def check(rows: dict[str, Any]) -> Plan:
    """What applying `rows` to the register now would do, row by row. Reads, never writes.
    Dates are B.E. texts as in files, or ISO 8601 C.E. when `rows["dates"] == "iso"` (the API);
    a row may carry `problems` found before (refused whatever else it holds)."""
    plan = Plan(reports=[], people=[], family=[])
    parse = iso_date if rows.get("dates") == "iso" else parse_be_date
    categories = _choice_map(PersonCategory) | THAI_NAMES["category"]
    statuses = _choice_map(PersonStatus) | THAI_NAMES["status"]
    relations = _choice_map(Relation) | THAI_NAMES["relation"]
    child_statuses = _choice_map(ChildStatus) | THAI_NAMES["child_status"]
    schools = {s.code: s for s in School.objects.all()}

    people_rows = rows.get("people", [])
    family_rows = rows.get("family", [])
    wanted_ids = {normalize_national_id(r["values"].get("national_id", "")) for r in people_rows}
    wanted_ids |= {
        normalize_national_id(r["values"].get("person_national_id", "")) for r in family_rows
    }
    existing = {
        p.national_id: p
        for p in Person.objects.filter(national_id__in=wanted_ids).select_related("school")
    }

    in_file: dict[str, RowReport] = {}
    for entry in people_rows:
        values: dict[str, str] = entry["values"]
        national_id = normalize_national_id(values.get("national_id", ""))
        report = RowReport(
            "people",
            entry["row"],
            national_id,
            f"{values.get('title', '')}{values.get('first_name_th', '')} "
            f"{values.get('last_name_th', '')}".strip(),
        )
        plan.reports.append(report)
        _refuse_given(report, entry)
        if report.action == "refused":
            in_file.setdefault(national_id, report)
            continue
        first = in_file.get(national_id)
        if first is not None:
            report.refuse(
                _problem(
                    "duplicate_in_file",
                    f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first.row} ในไฟล์",
                    f"The national ID repeats row {first.row} of the file.",
                    "national_id",
                )
            )
            continue
        in_file[national_id] = report
        birth_date = _date(values, "birth_date", report, parse)
        status_date = _date(values, "status_date", report, parse)
        school = None
        if code := to_arabic_digits(values.get("school_code", "")).replace(" ", ""):
            school = schools.get(code)
            if school is None:
                report.refuse(
                    _problem(
                        "unknown_school",
                        f"ไม่พบรหัสโรงเรียน {code} ในทะเบียนโรงเรียน",
                        f"No school with code {code} is registered.",
                        "school_code",
                    )
                )
        salary = None
        if values.get("monthly_salary"):
            try:
                salary = parse_decimal(values["monthly_salary"])
            except ValueError:
                report.refuse(
                    _problem(
                        "invalid_salary",
                        f"เงินเดือน “{values['monthly_salary']}” ไม่ใช่ตัวเลข",
                        f"“{values['monthly_salary']}” is not an amount.",
                        "monthly_salary",
                    )
                )
        if birth_date is None and not values.get("birth_date"):
            report.refuse(
                _problem("required", "กรุณากรอกวันเกิด", "The birth date is required.", "birth_date")
            )
        data = PersonData(
            national_id=national_id,
            title=values.get("title", ""),
            first_name_th=values.get("first_name_th", ""),
            last_name_th=values.get("last_name_th", ""),
            first_name_en=values.get("first_name_en", ""),
            last_name_en=values.get("last_name_en", ""),
            birth_date=birth_date or date(2000, 1, 1),
            category=_choice(values, "category", categories),
            position=values.get("position", ""),
            academic_standing=values.get("academic_standing", ""),
            school=school,
            monthly_salary=salary,
            status=_choice(values, "status", statuses, PersonStatus.ACTIVE),
            status_date=status_date,
            phone=values.get("phone", ""),
            email=values.get("email", ""),
            address=values.get("address", ""),
        ).cleaned()
        for problem in person_problems(data):
            if birth_date is None and problem.field in ("birth_date", "status_date"):
                continue
            report.refuse(problem)
        current = existing.get(national_id)
        if (
            school is not None
            and not school.is_active
            and (current is None or current.school != school)
        ):
            report.refuse(
                _problem(
                    "inactive_school",
                    f"โรงเรียน {school} ปิดการใช้งานแล้ว",
                    f"The school {school} is inactive.",
                    "school_code",
                )
            )
        if report.action == "refused":
            continue
        if current is not None:
            before = snapshot(current, PERSON_FIELDS)
            after = {name: jsonable(getattr(data, name)) for name in PERSON_FIELDS}
            report.changed = sorted(audit_changes(before, after))
            report.action = "update" if report.changed else "unchanged"
        plan.people.append((report, data, current))

    _check_family(plan, family_rows, existing, in_file, relations, child_statuses, parse)
    return plan


def _column_of(field_name: str) -> str:
    return "school_code" if field_name == "school" else field_name


def _family_key(person_id: str, data: FamilyMemberData) -> tuple[str, str, int | None]:
    return (person_id, data.relation, data.birth_order if data.relation == "child" else None)


def _check_family(
    plan: Plan,
    family_rows: list[dict[str, Any]],
    existing: dict[str, Person],
    in_file: dict[str, RowReport],
    relations: dict[str, str],
    child_statuses: dict[str, str],
    parse: Callable[[str], date] = parse_be_date,
) -> None:
    registered: dict[str, list[FamilyMember]] = {}
    for member in FamilyMember.objects.filter(person__in=list(existing.values())).select_related(
        "person"
    ):
        registered.setdefault(member.person.national_id, []).append(member)
    seen: dict[tuple[str, str, int | None], RowReport] = {}
    seen_ids: dict[tuple[str, str], RowReport] = {}
    for entry in family_rows:
        values: dict[str, str] = entry["values"]
        person_id = normalize_national_id(values.get("person_national_id", ""))
        report = RowReport(
            "family",
            entry["row"],
            person_id,
            f"{values.get('title', '')}{values.get('first_name_th', '')} "
            f"{values.get('last_name_th', '')}".strip(),
        )
        plan.reports.append(report)
        _refuse_given(report, entry)
        if report.action == "refused":
            continue
        if (problem := national_id_problem(person_id, field="person_national_id")) is not None:
            report.refuse(problem)
            continue
        person_report = in_file.get(person_id)
        if person_report is not None and person_report.action == "refused":
            report.refuse(
                _problem(
                    "import_person_refused",
                    f"บุคลากรของแถวนี้ (แถวที่ {person_report.row}) มีข้อผิดพลาด จึงนำเข้าไม่ได้",
                    f"This row's person (row {person_report.row}) is refused.",
                    "person_national_id",
                )
            )
            continue
        if person_report is None and person_id not in existing:
            report.refuse(
                _problem(
                    "unknown_person",
                    "ไม่พบบุคลากรเลขประจำตัวประชาชนนี้ทั้งในไฟล์และในทะเบียน",
                    "No person with this national ID in the file or the register.",
                    "person_national_id",
                )
            )
            continue
        order_text = to_arabic_digits(values.get("birth_order", "")).strip()
        birth_order = None
        if order_text:
            if order_text.isdigit():
                birth_order = int(order_text)
            else:
                report.refuse(
                    _problem(
                        "invalid_birth_order",
                        f"ลำดับการเกิด “{order_text}” ต้องเป็นตัวเลข",
                        f"Birth order “{order_text}” must be a number.",
                        "birth_order",
                    )
                )
        data = FamilyMemberData(
            relation=_choice(values, "relation", relations),
            first_name_th=values.get("first_name_th", ""),
            last_name_th=values.get("last_name_th", ""),
            title=values.get("title", ""),
            national_id=values.get("national_id", ""),
            birth_date=_date(values, "birth_date", report, parse),
            birth_order=birth_order,
            child_status=_choice(values, "child_status", child_statuses),
            is_twin=_flag(values, "is_twin", report),
            is_disabled=_flag(values, "is_disabled", report),
            disabled_on=_date(values, "disabled_on", report, parse),
            is_incompetent=_flag(values, "is_incompetent", report),
            incompetent_on=_date(values, "incompetent_on", report, parse),
            is_deceased=_flag(values, "is_deceased", report),
            died_on=_date(values, "died_on", report, parse),
        ).cleaned()
        for problem in family_problems(data, person_national_id=person_id):
            report.refuse(problem)
        if report.action == "refused":
            continue
        key = _family_key(person_id, data)
        if (first := seen.get(key)) is not None:
            report.refuse(
                _problem(
                    "duplicate_in_file",
                    f"ซ้ำกับแถวที่ {first.row} ของตารางครอบครัว (ความสัมพันธ์/ลำดับบุตรเดียวกัน)",
                    f"Repeats family row {first.row} (same relation and birth order).",
                    "relation",
                )
            )
            continue
        if data.national_id and (first := seen_ids.get((person_id, data.national_id))):
            report.refuse(
                _problem(
                    "duplicate_in_file",
                    f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first.row} ของตารางครอบครัว",
                    f"The national ID repeats family row {first.row}.",
                    "national_id",
                )
            )
            continue
        seen[key] = report
        if data.national_id:
            seen_ids[(person_id, data.national_id)] = report
        current = next(
            (
                m
                for m in registered.get(person_id, [])
                if _family_key(person_id, _member_data(m)) == key
            ),
            None,
        )
        others = [m for m in registered.get(person_id, []) if m is not current]
        if data.national_id and any(m.national_id == data.national_id for m in others):
            report.refuse(
                _problem(
                    "duplicate_family_national_id",
                    "เลขประจำตัวประชาชนนี้เป็นของสมาชิกครอบครัวคนอื่นของบุคคลนี้ในทะเบียนแล้ว",
                    "Another registered family member of this person has this national ID.",
                    "national_id",
                )
            )
            continue
        if current is not None:
            kept = {name: getattr(current, name) for name in FAMILY_FIELDS if name not in values}
            data = dataclasses.replace(data, **kept)
            before = snapshot(current, FAMILY_FIELDS)
            after = {name: jsonable(getattr(data, name)) for name in FAMILY_FIELDS}
            report.changed = sorted(audit_changes(before, after))
            report.action = "update" if report.changed else "unchanged"
        plan.family.append((report, person_id, data, current))


def _member_data(member: FamilyMember) -> FamilyMemberData:
    return FamilyMemberData(**{name: getattr(member, name) for name in FAMILY_FIELDS})


# ---------------------------------------------------------------------------------------------
# The batch: upload and check, then apply once


@transaction.atomic
def import_batch_check(
    *, file_name: str, content: bytes, actor: Any, request: HttpRequest | None = None
) -> ImportBatch:
    """Read and check a file (the dry run) and keep it as a batch waiting for confirmation.
    Writes nothing to the register. Raises ImportFileError for an unreadable file."""
    rows = read_file(file_name, content)
    if not rows["people"] and not rows["family"]:
        raise ImportFileError(
            "ไม่พบข้อมูลในไฟล์", "The file holds no rows.", code="people.import_empty"
        )
    plan = check(rows)
    batch = ImportBatch.objects.create(
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        rows=rows,
        report=[r.as_dict() for r in plan.reports],
        checked_counts=plan.counts(),
    )
    return batch


def _account_of(actor: Any) -> Any:
    """The user row behind `actor`, or None: a machine client of the API has none (`pk` None)
    and is named in the audit trail by its label only."""
    authenticated = getattr(actor, "is_authenticated", False)
    return actor if authenticated and getattr(actor, "pk", None) is not None else None


@transaction.atomic
def import_batch_apply(
    *, batch: ImportBatch, actor: Any, request: HttpRequest | None = None
) -> ImportBatch:
    """Apply a checked batch: create and update the rows that pass the checks now, skip the
    refused and unchanged ones, all in this transaction. The batch row is locked first, so two
    confirmations (a double click, two officers) apply it once; the second raises
    ImportAlreadyApplied and changes nothing."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportStatus.APPLIED:
        raise ImportAlreadyApplied("ไฟล์นี้นำเข้าไปแล้ว", "This batch has been applied already.")
    plan = check(batch.rows)
    now = timezone.now()
    events: list[AuditEvent] = []
    actor_label = actor.get_username() if getattr(actor, "is_authenticated", False) else ""
    account = _account_of(actor)
    address = client_address(request)
    source = {"import_batch": [None, batch.pk]}

    def event(
        action: str, target: Person | FamilyMember, label: str, changes: dict[str, Any]
    ) -> None:
        events.append(
            AuditEvent(
                at=now,
                action=action,
                actor=account,
                actor_label=actor_label,
                target_type=target._meta.label_lower,
                target_id=str(target.pk),
                target_label=label[:200],
                ip_address=address,
                changes=changes | source,
            )
        )

    people_by_id: dict[str, Person] = {}
    new_people: list[Person] = []
    changed_people: list[tuple[Person, dict[str, Any]]] = []
    for report, data, current in plan.people:
        if report.action == "create":
            person = Person(**{name: getattr(data, name) for name in PERSON_FIELDS})
            new_people.append(person)
        else:
            person = current  # type: ignore[assignment]  # not a creation: the row exists
            if report.action == "update":
                before = snapshot(person, PERSON_FIELDS)
                for name in PERSON_FIELDS:
                    setattr(person, name, getattr(data, name))
                person.updated_at = now
                changed_people.append(
                    (person, audit_changes(before, snapshot(person, PERSON_FIELDS)))
                )
        people_by_id[data.national_id] = person
    Person.objects.bulk_create(new_people, batch_size=1000)
    if changed_people:
        Person.objects.bulk_update(
            [p for p, _ in changed_people], [*PERSON_FIELDS, "updated_at"], batch_size=500
        )
    for person in new_people:
        event(
            "person.created",
            person,
            str(person),
            audit_changes({}, snapshot(person, PERSON_FIELDS)),
        )
    for person, changes in changed_people:
        event("person.updated", person, str(person), changes)

    missing = {pid for _, pid, _, _ in plan.family if pid not in people_by_id}
    people_by_id |= {p.national_id: p for p in Person.objects.filter(national_id__in=missing)}
    new_members: list[FamilyMember] = []
    changed_members: list[tuple[FamilyMember, dict[str, Any]]] = []
    for row, person_id, member_data, member in plan.family:
        if row.action == "create":
            new_members.append(
                FamilyMember(
                    person=people_by_id[person_id],
                    **{name: getattr(member_data, name) for name in FAMILY_FIELDS},
                )
            )
        elif row.action == "update" and member is not None:
            before = snapshot(member, FAMILY_FIELDS)
            for name in FAMILY_FIELDS:
                setattr(member, name, getattr(member_data, name))
            changed_members.append((member, audit_changes(before, snapshot(member, FAMILY_FIELDS))))
    FamilyMember.objects.bulk_create(new_members, batch_size=1000)
    if changed_members:
        FamilyMember.objects.bulk_update(
            [m for m, _ in changed_members], list(FAMILY_FIELDS), batch_size=500
        )
    for member in new_members:
        label = f"{member} ({member.person})"
        event(
            "family_member.added", member, label, audit_changes({}, snapshot(member, FAMILY_FIELDS))
        )
    for member, changes in changed_members:
        event("family_member.updated", member, f"{member} ({member.person})", changes)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    # The change feed (same transaction): each new person once, and each person whose record
    # or family changed once, with the family as it now is.
    created_ids = {person.pk for person in new_people}
    touched = {person.pk: person for person, _ in changed_people}
    for member, _ in changed_members:
        touched.setdefault(member.person_id, member.person)
    for member in new_members:
        touched.setdefault(member.person_id, member.person)
    outbox_record_many(resource=PERSON, action="created", objs=new_people)
    outbox_record_many(
        resource=PERSON,
        action="updated",
        objs=[person for pk, person in touched.items() if pk not in created_ids],
    )

    batch.status = ImportStatus.APPLIED
    batch.applied_at = now
    batch.applied_by = account
    batch.applied_counts = plan.counts()
    batch.report = [r.as_dict() for r in plan.reports]
    batch.save()
    audit_record(
        action="people.imported",
        actor=actor,
        target=batch,
        changes={
            "file": [None, batch.file_name],
            "sha256": [None, batch.sha256],
            **{key: [None, value] for key, value in batch.applied_counts.items()},
        },
        request=request,
    )
    return batch


class IdempotencyKeyReused(PeopleError):
    code = "api.idempotency_key_reused"


def import_rows_apply(
    *,
    rows: dict[str, Any],
    idempotency_key: str,
    request_sha256: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> tuple[ImportBatch, bool]:
    """Check and apply `rows` (people and families sent by a machine, as `check` reads them) at
    once, as a batch recorded under `idempotency_key`; `(batch, replayed)`.

    Idempotent: the key is unique in the office's schema, so a batch is applied at most once
    per key. The same key with the same request (`request_sha256`) again returns the stored
    batch (`replayed` True) and writes nothing; with another request it raises
    IdempotencyKeyReused. Two requests with one key at the same time: the second's insert of
    the key waits on the unique index until the first commits, then replays its batch (or,
    if the first rolled back, applies). Refused rows do not stop the others, as in a file."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the key's insert may fail alone
                batch = ImportBatch.objects.create(
                    file_name=f"API: {idempotency_key}"[:255],
                    sha256=request_sha256,
                    idempotency_key=idempotency_key,
                    uploaded_by=_account_of(actor),
                    rows=rows,
                )
        except IntegrityError:
            stored = ImportBatch.objects.get(idempotency_key=idempotency_key)
            if stored.sha256 != request_sha256:
                raise IdempotencyKeyReused(
                    "Idempotency-Key นี้ใช้กับคำขอที่มีข้อมูลต่างกันไปแล้ว",
                    "This Idempotency-Key was used with a different request.",
                ) from None
            return stored, True
        batch = import_batch_apply(batch=batch, actor=actor, request=request)
        batch.checked_counts = batch.applied_counts  # checked and applied in one go
        batch.save(update_fields=["checked_counts"])
        return batch, False


# ---------------------------------------------------------------------------------------------
# The template


def template_workbook() -> bytes:
    """An XLSX with the two sheets, Thai headings, a notes row per column, and example rows."""
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
    for ws, columns, name in (
        (people, PEOPLE_COLUMNS, "people"),
        (family, FAMILY_COLUMNS, "family"),
    ):
        ws.append([c.heading for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(14, len(column.heading) + 4)
            for row in range(2, 1000):  # text cells: Excel must not turn IDs or dates into numbers
                ws.cell(row=row, column=index).number_format = "@"
        for example in examples[name]:
            xlsx_append(ws, example)
    notes = workbook.create_sheet("คำอธิบาย")
    notes.append(["ตาราง", "คอลัมน์", "รหัสคอลัมน์", "จำเป็น", "หมายเหตุ"])
    for sheet, columns in (("people", PEOPLE_COLUMNS), ("family", FAMILY_COLUMNS)):
        for c in columns:
            xlsx_append(notes, [sheet, c.heading, c.key, "ใช่" if c.required else "", c.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def columns_for_page() -> Iterable[tuple[str, tuple[Column, ...]]]:
    return (("people", PEOPLE_COLUMNS), ("family", FAMILY_COLUMNS))
