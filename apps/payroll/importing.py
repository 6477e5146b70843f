"""Importing a month's payslips from CSV or XLSX: read, check (the dry run, a report per row
in Thai under the file's column headings), then apply once when an officer confirms.

One row is one person's payslip of one month: the national ID, the B.E. month ("09/2557"),
and one column per kind of line (`COLUMNS`); an empty or zero cell is no line. Applying
records each row through `services.payslip_save` (the payslip's lines become the row's), in
one transaction with the batch locked: a batch applies once, and a row whose lines equal the
recorded ones is "unchanged" (nothing written or audited), so importing a file again changes
nothing. Import never deletes a payslip.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.payroll.models import (
    BANK_CREDITORS,
    DeductionKind,
    ImportStatus,
    IncomeKind,
    PayrollImportBatch,
    Payslip,
    PayslipSource,
)
from apps.payroll.months import MonthError, format_be_month, parse_be_month
from apps.payroll.permissions import PAYROLL_ROLES
from apps.payroll.services import (
    MAX_AMOUNT,
    LineData,
    PayrollError,
    line_data,
    payslip_save,
    same_lines,
)
from apps.people.models import Person
from apps.people.text import clean_text
from audit.services import audit_record
from core.kit import lock, require_role
from core.thai import format_baht, is_valid_national_id, normalize_national_id, to_arabic_digits

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
SHEETS = ("payslips", "สลิปเงินเดือน")


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # Thai, as in the template
    kind: str = ""  # the line kind a money column makes
    creditor: str = ""  # the creditor of a bank-loan column
    required: bool = False
    note: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("national_id", "เลขประจำตัวประชาชน", required=True, note="13 หลัก"),
    Column("month", "เดือน", required=True, note="เดือนและปี พ.ศ. เช่น 09/2557 หรือ ก.ย. 2557"),
    Column("name", "ชื่อ-สกุล", note="ไม่ใช้ตรวจสอบ ใส่ไว้ให้อ่านง่าย"),
    Column("salary", "เงินเดือน", IncomeKind.SALARY, note="บาท เช่น 35,000.00"),
    Column("position_allowance", "เงินประจำตำแหน่ง", IncomeKind.POSITION_ALLOWANCE),
    Column("academic_standing", "เงินวิทยฐานะ", IncomeKind.ACADEMIC_STANDING),
    Column("cost_of_living", "ค่าครองชีพชั่วคราว", IncomeKind.COST_OF_LIVING),
    Column("other_income", "รายรับอื่น", IncomeKind.OTHER_INCOME),
    Column("tax", "ภาษี", DeductionKind.TAX),
    Column("gpf", "กบข.", DeductionKind.GPF),
    Column("cooperative", "สหกรณ์ออมทรัพย์", DeductionKind.COOPERATIVE),
    Column("cpk", "ช.พ.ค.", DeductionKind.CPK),
    Column("cps", "ช.พ.ส.", DeductionKind.CPS),
    Column("student_loan", "กยศ.", DeductionKind.STUDENT_LOAN),
    Column("revolving_fund", "เงินทุนหมุนเวียน", DeductionKind.REVOLVING_FUND),
    Column("loan_gsb", "เงินกู้ธนาคารออมสิน", DeductionKind.BANK_LOAN, BANK_CREDITORS["gsb"]),
    Column("loan_ktb", "เงินกู้ธนาคารกรุงไทย", DeductionKind.BANK_LOAN, BANK_CREDITORS["ktb"]),
    Column("loan_ghb", "เงินกู้ ธอส.", DeductionKind.BANK_LOAN, BANK_CREDITORS["ghb"]),
    Column("other_bank", "ธนาคารอื่น", note="ชื่อธนาคารของคอลัมน์ถัดไป"),
    Column("loan_other_bank", "เงินกู้ธนาคารอื่น", DeductionKind.BANK_LOAN),
    Column("other_deduction", "หักอื่น", DeductionKind.OTHER_DEDUCTION),
)
HEADINGS = {c.key: c.heading for c in COLUMNS}
# The kind and creditor of each line a column makes, to show a row's lines under headings.
_COLUMN_OF_LINE = {(c.kind, c.creditor): c.key for c in COLUMNS if c.kind}


class ImportFileError(PayrollError):
    code = "payroll.import_file"


class ImportAlreadyApplied(PayrollError):
    code = "payroll.import_already_applied"


def _file_error(code: str, th: str, en: str) -> ImportFileError:
    return ImportFileError(th, en, code=f"payroll.{code}")


# ---------------------------------------------------------------------------------------------
# Reading


def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for column in COLUMNS:
        names[column.key.lower()] = column.key
        names[clean_text(column.heading).lower()] = column.key
    return names


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):  # a month typed into a date cell: its month
        day = value.date() if isinstance(value, datetime) else value
        return f"{day.month:02d}/{day.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def _table(rows: Iterator[list[str]]) -> tuple[list[dict[str, Any]], list[str]]:
    try:
        header = next(rows)
    except StopIteration:
        return [], []
    names = _names()
    keys = [names.get(clean_text(h).lower()) for h in header]
    ignored = [h for h, k in zip(header, keys, strict=True) if k is None and clean_text(h)]
    missing = [c for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        wanted = ", ".join(f"{c.heading} ({c.key})" for c in missing)
        raise _file_error(
            "import_missing_columns",
            f"ไฟล์ไม่มีคอลัมน์ที่จำเป็น: {wanted}",
            f"The file lacks required columns: {wanted}",
        )
    table: list[dict[str, Any]] = []
    for number, cells in enumerate(rows, start=2):
        values = dict.fromkeys((k for k in keys if k is not None), "")
        values |= {k: cell for k, cell in zip(keys, cells, strict=False) if k is not None}
        if any(values.values()):
            table.append({"row": number, "values": values})
        if len(table) > MAX_ROWS:
            raise _file_error(
                "import_too_large",
                f"ไฟล์มีเกิน {MAX_ROWS:,} แถว กรุณาแบ่งไฟล์",
                f"More than {MAX_ROWS:,} rows: split the file.",
            )
    return table, ignored


def read_file(name: str, content: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows (`{"row": n, "values": {key: text}}`) and the ignored headings of a CSV or
    XLSX file. Raises ImportFileError for a file that cannot be read."""
    if len(content) > MAX_FILE_BYTES:
        raise _file_error("import_too_large", "ไฟล์ใหญ่เกิน 10 MB", "The file is larger than 10 MB.")
    lower = name.lower()
    if lower.endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise _file_error(
        "import_file_type", "รองรับเฉพาะไฟล์ .xlsx และ .csv", "Only .xlsx and .csv files."
    )


def _read_xlsx(content: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise _file_error(
            "import_unreadable",
            "อ่านไฟล์ Excel ไม่ได้ (ต้องเป็น .xlsx)",
            "The file is not a readable .xlsx workbook.",
        ) from None
    try:
        by_name = {clean_text(ws.title).lower(): ws for ws in workbook.worksheets}
        sheet = next((by_name[n] for n in SHEETS if n in by_name), workbook.worksheets[0])
        return _table([_cell_text(c.value) for c in row] for row in sheet.iter_rows())
    finally:
        workbook.close()


def _read_csv(content: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_error(
            "import_unreadable",
            "อ่านไฟล์ CSV ไม่ได้ (ต้องเป็น UTF-8 หรือ Windows-874)",
            "The CSV file is neither UTF-8 nor Windows-874.",
        )
    if "\x00" in text:
        raise _file_error("import_unreadable", "ไฟล์ CSV มีอักขระที่อ่านไม่ได้", "NUL in the file.")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return _table(
        [clean_text(cell) for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    )


# ---------------------------------------------------------------------------------------------
# Checking (the dry run)


@dataclass
class RowReport:
    row: int
    national_id: str
    name: str = ""
    month: str = ""  # B.E., as shown
    action: str = "create"  # create / update / unchanged / refused
    problems: list[dict[str, str]] = field(default_factory=list)
    lines: list[dict[str, str]] = field(default_factory=list)  # "heading: amount", for the page

    def refuse(self, code: str, column: str, message_th: str, message_en: str) -> None:
        self.action = "refused"
        self.problems.append(
            {
                "code": f"payroll.{code}",
                "column": column,
                "label": HEADINGS.get(column, ""),
                "message_th": message_th,
                "message_en": message_en,
            }
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "national_id": self.national_id,
            "name": self.name,
            "month": self.month,
            "action": self.action,
            "problems": self.problems,
            "lines": self.lines,
        }


@dataclass
class Plan:
    reports: list[RowReport] = field(default_factory=list)
    saves: list[tuple[Person, date, list[LineData]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("create", "update", "unchanged", "refused"), 0)
        for report in self.reports:
            counts[report.action] += 1
        return counts


def _amount(text: str) -> Decimal:
    cleaned = to_arabic_digits(text).replace(",", "").replace(" ", "")
    if not cleaned or cleaned in ("-", "–"):
        return Decimal("0.00")
    if len(cleaned) > 20:
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def _row_lines(values: dict[str, str], report: RowReport) -> list[LineData]:
    lines: list[LineData] = []
    for column in COLUMNS:
        if not column.kind or column.key not in values:
            continue
        text = values[column.key]
        try:
            amount = _amount(text)
        except ValueError:
            report.refuse(
                "invalid_amount",
                column.key,
                f"“{text[:40]}” ไม่ใช่จำนวนเงิน (ตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 1,250.50)",
                f"{text[:40]!r} is not an amount.",
            )
            continue
        if amount < 0:
            report.refuse(
                "negative_amount", column.key, "จำนวนเงินต้องไม่ติดลบ", "The amount is negative."
            )
            continue
        if amount > MAX_AMOUNT:
            report.refuse(
                "amount_too_large",
                column.key,
                f"จำนวนเงินต้องไม่เกิน {format_baht(MAX_AMOUNT)} บาท",
                "The amount is too large.",
            )
            continue
        if not amount:
            continue
        creditor = column.creditor
        if column.key == "loan_other_bank":
            creditor = values.get("other_bank", "")[:100]
            if not creditor:
                report.refuse(
                    "creditor_required",
                    "other_bank",
                    "มีเงินกู้ธนาคารอื่นแต่ไม่ได้ระบุชื่อธนาคาร",
                    "A loan from another bank needs the bank's name.",
                )
                continue
        lines.append(LineData(column.kind, amount, creditor))
    if not report.problems and not any(line.side == "income" for line in lines):
        report.refuse(
            "no_income",
            "salary",
            "แถวนี้ไม่มีรายรับ (อย่างน้อยต้องมีเงินเดือน)",
            "The row has no income (at least the salary).",
        )
    return lines


def _shown_lines(lines: list[LineData]) -> list[dict[str, str]]:
    return [
        {
            "label": HEADINGS.get(_COLUMN_OF_LINE.get((line.kind, line.creditor), ""), "")
            or line.creditor
            or line.kind,
            "amount": format_baht(line.amount),
        }
        for line in lines
    ]


def check(rows: list[dict[str, Any]]) -> Plan:
    """What applying `rows` now would do, row by row. Reads, never writes."""
    plan = Plan()
    ids = {normalize_national_id(r["values"].get("national_id", "")) for r in rows}
    people = {p.national_id: p for p in Person.objects.filter(national_id__in=ids)}
    recorded: dict[tuple[int, date], Payslip] = {}
    months: set[date] = set()
    seen: dict[tuple[str, date], int] = {}
    parsed: list[tuple[RowReport, Person | None, date | None, list[LineData]]] = []
    for row in rows:
        values = row["values"]
        national_id = normalize_national_id(values.get("national_id", ""))
        report = RowReport(
            row=row["row"], national_id=national_id[:13], name=values.get("name", "")[:200]
        )
        person = people.get(national_id)
        if not is_valid_national_id(national_id):
            report.refuse(
                "invalid_national_id",
                "national_id",
                "เลขประจำตัวประชาชนไม่ถูกต้อง (13 หลัก ตรวจเลขหลักสุดท้ายแล้วไม่ตรง)",
                "Not a valid national ID.",
            )
        elif person is None:
            report.refuse(
                "person_not_registered",
                "national_id",
                "ไม่พบบุคคลนี้ในทะเบียนบุคลากร กรุณาเพิ่มในทะเบียนก่อน",
                "No such person in the register.",
            )
        else:
            report.name = person.full_name_th
        month: date | None = None
        try:
            month = parse_be_month(values.get("month", ""))
            report.month = format_be_month(month)
            months.add(month)
        except MonthError as error:
            report.refuse("invalid_month", "month", error.message_th, error.message_en)
        lines = _row_lines(values, report)
        report.lines = _shown_lines(lines)
        if person is not None and month is not None:
            key = (national_id, month)
            if key in seen and report.action != "refused":
                report.refuse(
                    "duplicate_in_file",
                    "national_id",
                    f"ซ้ำกับแถวที่ {seen[key]} (บุคคลและเดือนเดียวกัน)",
                    f"Repeats row {seen[key]} (same person and month).",
                )
            if report.action != "refused":
                seen.setdefault(key, report.row)
        parsed.append((report, person, month, lines))
    if months:
        for payslip in Payslip.objects.filter(
            person__in=list(people.values()), month__in=months
        ).prefetch_related("lines"):
            recorded[(payslip.person_id, payslip.month)] = payslip
    for report, person, month, lines in parsed:
        plan.reports.append(report)
        if report.action == "refused" or person is None or month is None:
            continue
        current = recorded.get((person.pk, month))
        if current is not None:
            before = [line_data(line) for line in current.lines.all()]
            report.action = "unchanged" if same_lines(before, lines) else "update"
        if report.action != "unchanged":
            plan.saves.append((person, month, lines))
    return plan


# ---------------------------------------------------------------------------------------------
# The batch


@transaction.atomic
def import_batch_check(
    *, file_name: str, content: bytes, actor: Any, request: HttpRequest | None = None
) -> PayrollImportBatch:
    """Read and check a file (the dry run) and keep it as a batch waiting for confirmation.
    Writes nothing but the batch. Raises ImportFileError for an unreadable or empty file."""
    require_role(
        actor,
        *PAYROLL_ROLES,
        code="payroll.not_allowed",
        doing=("นำเข้าข้อมูลเงินเดือน", "import pay data"),
    )
    rows, ignored = read_file(file_name, content)
    if not rows:
        raise _file_error("import_empty", "ไม่พบข้อมูลในไฟล์", "The file holds no rows.")
    plan = check(rows)
    return PayrollImportBatch.objects.create(
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        rows=rows,
        ignored_columns=ignored,
        report=[r.as_dict() for r in plan.reports],
        checked_counts=plan.counts(),
    )


@transaction.atomic
def import_batch_apply(
    *, batch: PayrollImportBatch, actor: Any, request: HttpRequest | None = None
) -> PayrollImportBatch:
    """Apply a checked batch: rows that pass the checks now are recorded, refused and
    unchanged ones skipped, all in this transaction. The batch row is locked first, so a
    double confirmation applies it once (the second raises ImportAlreadyApplied)."""
    require_role(
        actor,
        *PAYROLL_ROLES,
        code="payroll.not_allowed",
        doing=("นำเข้าข้อมูลเงินเดือน", "import pay data"),
    )
    batch = lock(PayrollImportBatch, batch.pk)
    if batch.status == ImportStatus.APPLIED:
        raise ImportAlreadyApplied("ไฟล์นี้นำเข้าไปแล้ว", "This batch has been applied already.")
    plan = check(batch.rows)
    for person, month, lines in plan.saves:
        payslip_save(
            person=person,
            month=month,
            lines=lines,
            actor=actor,
            request=request,
            source=PayslipSource.IMPORTED,
        )
    batch.status = ImportStatus.APPLIED
    batch.applied_at = timezone.now()
    batch.applied_by = actor if getattr(actor, "pk", None) else None
    batch.applied_counts = plan.counts()
    batch.report = [r.as_dict() for r in plan.reports]
    batch.save()
    audit_record(
        action="payroll.imported",
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


def template_workbook() -> bytes:
    """The downloadable template: the sheet `payslips` with the Thai headings (text cells)
    and a sheet of notes per column with an example row, which is never imported."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.spreadsheets import xlsx_append

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "payslips"
    sheet.append([c.heading for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.heading) + 4)
        for row in range(2, 500):
            sheet.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet("คำอธิบาย")
    xlsx_append(notes, ["คอลัมน์", "รหัสคอลัมน์", "จำเป็น", "หมายเหตุ"])
    for c in COLUMNS:
        xlsx_append(notes, [c.heading, c.key, "ใช่" if c.required else "", c.note])
    notes.append([])
    xlsx_append(notes, ["ตัวอย่างการกรอก (ไม่ถูกนำเข้า)"])
    xlsx_append(notes, [c.heading for c in COLUMNS])
    example = {
        "national_id": "3930100012345",
        "month": "09/2557",
        "name": "นายสมชาย ใจดี",
        "salary": "35,000.00",
        "academic_standing": "5,600.00",
        "tax": "1,250.00",
        "gpf": "1,050.00",
        "cooperative": "6,500.00",
        "cpk": "520.00",
        "loan_gsb": "4,200.00",
    }
    xlsx_append(notes, [example.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
