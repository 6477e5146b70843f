"""The month's payroll-deduction file for finance, and what finance actually deducted read back
(the dry run, then applied once), and existing loans imported so an office can start mid-term.

The deduction file is built from `apps.payroll`'s standing deduction instructions of the fund
(`InstructionSource.FUND_LOAN`): one row per person deducted (the borrower; the guarantors of a
loan in arrears), the amount to deduct, and an empty column "จำนวนเงินที่หักได้" that finance
fills and sends back. The import reads that column (a missing row or an empty cell is nothing
deducted: a missed month) and records the month for every running loan through
`services.loan_month_record`, in one transaction: a month applies once (a unique constraint),
months apply in order, and a file checked against a state that changed is checked again.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.http import HttpRequest

from apps.payroll.models import DeductionInstruction, InstructionSource
from apps.payroll.months import MonthError, format_be_month, month_start, parse_be_month
from apps.people.models import Person
from apps.people.text import clean_text
from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.loans.services import (
    FINANCE_ROLES,
    MAX_AMOUNT,
    PREPARER_ROLES,
    LoanError,
    _refuse,
    _user,
    add_months,
    expected_month,
    loan_month_record,
    loan_rule_in_force,
    months_between,
)
from apps.revolvingfund.models import (
    RUNNING,
    EntryKind,
    ImportKind,
    Loan,
    LoanEntry,
    LoanGuarantor,
    LoanOrigin,
    LoanStatus,
    PaymentSource,
    RepaymentImport,
)
from apps.revolvingfund.models.loans import LoanImportStatus
from audit.services import audit_record
from core.kit import lock, now, require_role
from core.thai import (
    is_valid_national_id,
    normalize_national_id,
    quantize_baht,
    to_arabic_digits,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

# The deduction file's columns (Thai heading, key); the import reads the same headings.
FILE_COLUMNS = (
    ("ลำดับ", "row"),
    ("เดือน", "month"),
    ("เลขประจำตัวประชาชน", "national_id"),
    ("ชื่อ-สกุล", "name"),
    ("เลขที่สัญญา", "contract"),
    ("ฐานะ", "role"),
    ("จำนวนเงินที่ต้องหัก", "amount_due"),
    ("จำนวนเงินที่หักได้", "deducted"),
)
LOAN_COLUMNS = (
    ("เลขประจำตัวประชาชน", "national_id"),
    ("เลขที่สัญญา", "contract"),
    ("ปีงบประมาณที่อนุมัติ", "fiscal_year"),
    ("เงินต้น", "principal"),
    ("อัตราดอกเบี้ย", "rate"),
    ("จำนวนงวด", "term"),
    ("เงินงวด", "instalment"),
    ("เดือนแรกที่หัก", "first_month"),
    ("เงินต้นคงเหลือ", "balance"),
    ("ดอกเบี้ยค้างชำระ", "interest_due"),
    ("ยอดค้างชำระ", "arrears"),
    ("ผู้ค้ำประกัน", "guarantors"),
)
BORROWER, GUARANTOR = "ผู้กู้", "ผู้ค้ำประกัน"


# ---------------------------------------------------------------------------------------------
# The deduction file


@dataclass(frozen=True)
class DeductionLine:
    month: date
    national_id: str
    name: str
    contract: str
    role: str
    amount: Decimal
    loan_id: int


def _loan_id(reference: str) -> int | None:
    # "revolvingfund.loan:<id>" or "revolvingfund.loan:<id>:guarantor"
    parts = reference.split(":")
    if len(parts) >= 2 and parts[0] == "revolvingfund.loan" and parts[1].isdigit():
        return int(parts[1])
    return None


def deduction_lines(*, month: date) -> list[DeductionLine]:
    """Who the fund asks finance to deduct in `month`, and how much: the fund's instructions
    in force that month. Two queries."""
    month = month_start(month)
    instructions = list(
        DeductionInstruction.objects.filter(
            source=InstructionSource.FUND_LOAN, first_month__lte=month
        )
        .filter(Q(last_month__isnull=True) | Q(last_month__gte=month))
        .select_related("person")
    )
    ids = {i for i in (_loan_id(x.source_reference) for x in instructions) if i is not None}
    numbers = dict(Loan.objects.filter(pk__in=ids).values_list("pk", "number"))
    lines = []
    for instruction in instructions:
        loan_id = _loan_id(instruction.source_reference)
        if loan_id is None or loan_id not in numbers:
            continue
        role = GUARANTOR if instruction.source_reference.endswith(":guarantor") else BORROWER
        lines.append(
            DeductionLine(
                month,
                instruction.person.national_id,
                str(instruction.person),
                numbers[loan_id],
                role,
                instruction.monthly_amount,
                loan_id,
            )
        )
    lines.sort(key=lambda line: (line.contract, line.role != BORROWER, line.national_id))
    return lines


def deduction_file_csv(*, month: date) -> bytes:
    from core.spreadsheets import csv_row

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _key in FILE_COLUMNS])
    for index, line in enumerate(deduction_lines(month=month), start=1):
        writer.writerow(
            csv_row(
                [
                    index,
                    format_be_month(line.month, "short"),
                    line.national_id,
                    line.name,
                    line.contract,
                    line.role,
                    f"{line.amount:.2f}",
                    "",
                ]
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def deduction_file_xlsx(*, month: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.spreadsheets import xlsx_append

    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # pragma: no cover (a new workbook has its sheet)
        raise RuntimeError("no sheet")
    sheet.title = "deductions"
    xlsx_append(sheet, [heading for heading, _key in FILE_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    lines = deduction_lines(month=month)
    for index, line in enumerate(lines, start=1):
        xlsx_append(
            sheet,
            [
                index,
                format_be_month(line.month, "short"),
                line.national_id,
                line.name,
                line.contract,
                line.role,
                line.amount,
                None,
            ],
        )
        sheet.cell(row=index + 1, column=3).number_format = "@"
        sheet.cell(row=index + 1, column=7).number_format = "#,##0.00"
    xlsx_append(
        sheet, ["", "", "", "รวม", "", "", sum((x.amount for x in lines), Decimal("0")), None]
    )
    for letter, width in zip("ABCDEFGH", (6, 10, 16, 30, 14, 12, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Reading a file


def _file_error(code: str, th: str, en: str) -> LoanError:
    return _refuse(code, th, en, "file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return f"{value.month:02d}/{value.year + 543 if value.year < 2400 else value.year}"
    return clean_text(value)


def read_table(
    name: str, content: bytes, columns: tuple[tuple[str, str], ...], required: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Rows of a CSV or XLSX file as {"row": n, "values": {key: text}} under `columns`'
    headings (or keys). LoanError for a file that cannot be read or lacks a required column."""
    if not content:
        raise _file_error("import_empty", "ไฟล์ว่างเปล่า", "The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        raise _file_error("import_too_large", "ไฟล์ใหญ่เกิน 5 MB", "The file is larger than 5 MB.")
    if name.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            rows = [
                [_cell(c) for c in row]
                for row in workbook.worksheets[0].iter_rows(values_only=True)
            ]
            workbook.close()
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise _file_error(
                "import_unreadable",
                "อ่านไฟล์ Excel ไม่ได้ (ต้องเป็น .xlsx)",
                "The file is not a readable .xlsx workbook.",
            ) from None
    elif name.lower().endswith((".csv", ".txt")):
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
                "The CSV is neither UTF-8 nor Windows-874.",
            )
        if "\x00" in text:
            raise _file_error("import_unreadable", "ไฟล์ CSV มีอักขระที่อ่านไม่ได้", "NUL in the file.")
        rows = [[clean_text(c) for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise _file_error(
            "import_file_type", "รองรับเฉพาะไฟล์ .xlsx และ .csv", "Only .xlsx and .csv files."
        )
    if not rows:
        raise _file_error("import_empty", "ไฟล์ว่างเปล่า", "The file is empty.")
    names = {clean_text(h).lower(): k for h, k in columns} | {k: k for _h, k in columns}
    keys = [names.get(clean_text(h).lower()) for h in rows[0]]
    missing = [h for h, k in columns if k in required and k not in keys]
    if missing:
        raise _file_error(
            "import_missing_columns",
            f"ไฟล์ไม่มีคอลัมน์: {', '.join(missing)}",
            f"The file lacks the columns: {', '.join(missing)}",
        )
    if len(rows) > MAX_ROWS + 1:
        raise _file_error("import_too_large", "ไฟล์มีแถวมากเกินไป", "Too many rows.")
    table = []
    for number, cells in enumerate(rows[1:], start=2):
        values = {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys) if k}
        if any(values.values()):
            table.append({"row": number, "values": values})
    return table


def parse_amount(text: str) -> Decimal | None:
    """Baht from a cell ("1,234.50", Thai digits); "" -> 0; None when not an amount."""
    cleaned = to_arabic_digits(text).replace(",", "").replace(" ", "")
    if cleaned in ("", "-", "–"):
        return Decimal("0.00")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        return None
    return quantize_baht(value)


# ---------------------------------------------------------------------------------------------
# What finance deducted: check (dry run), apply


@dataclass
class MonthPlan:
    month: date
    reports: list[dict[str, Any]] = field(default_factory=list)
    # loan id -> [from borrower, from guarantors]
    amounts: dict[int, list[Decimal]] = field(default_factory=dict)
    blocking: list[dict[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("record", "refused", "missed", "partial"), 0)
        for report in self.reports:
            counts[report["action"]] = counts.get(report["action"], 0) + 1
        return counts


def _problem(report: dict[str, Any], code: str, th: str, en: str) -> None:
    report["action"] = "refused"
    report["problems"].append({"code": f"revolvingfund.{code}", "message_th": th, "message_en": en})


def repayments_check_rows(*, month: date, rows: list[dict[str, Any]]) -> MonthPlan:
    """The dry run: each row matched to a running loan due this month and to its borrower or a
    guarantor; every running loan due this month without a row is reported as missed."""
    plan = MonthPlan(month=month)
    running = list(Loan.objects.filter(status__in=RUNNING).select_related("person"))
    due = {loan.pk: loan for loan in running if expected_month(loan) == month}
    late = [loan for loan in running if (m := expected_month(loan)) is not None and m < month]
    for loan in late:
        plan.blocking.append(
            {
                "code": "revolvingfund.month_gap",
                "message_th": f"สัญญา {loan.number} ยังไม่ได้บันทึกเดือน "
                f"{format_be_month(expected_month(loan) or month)} กรุณานำเข้าเดือนก่อนหน้าก่อน",
                "message_en": f"Loan {loan.number} still waits for an earlier month.",
            }
        )
    by_number = {loan.number: loan for loan in running}
    guarantors: dict[int, set[str]] = defaultdict(set)
    for g in LoanGuarantor.objects.filter(loan__in=running).values("loan_id", "national_id"):
        guarantors[g["loan_id"]].add(g["national_id"])
    seen: set[tuple[int, str]] = set()
    for row in rows:
        values = row["values"]
        report: dict[str, Any] = {
            "row": row["row"],
            "contract": values.get("contract", "")[:40],
            "national_id": "",
            "action": "record",
            "problems": [],
            "amount": "0.00",
            "role": "",
        }
        plan.reports.append(report)
        national_id = normalize_national_id(to_arabic_digits(values.get("national_id", "")))
        report["national_id"] = national_id[:13]
        amount = parse_amount(values.get("deducted", ""))
        found = by_number.get(values.get("contract", "").strip())
        if amount is None:
            _problem(report, "import_amount", "จำนวนเงินที่หักได้ไม่ใช่ตัวเลข", "Not an amount.")
            continue
        report["amount"] = f"{amount:.2f}"
        if not is_valid_national_id(national_id):
            _problem(
                report, "import_national_id", "เลขประจำตัวประชาชนไม่ถูกต้อง", "Invalid national ID."
            )
            continue
        if found is None:
            _problem(
                report,
                "import_unknown_loan",
                "ไม่พบสัญญาที่กำลังผ่อนชำระเลขนี้",
                "No running loan has this number.",
            )
            continue
        loan = found
        if loan.pk not in due:
            _problem(
                report,
                "import_not_due",
                "สัญญานี้ไม่มีงวดของเดือนนี้ให้บันทึก (บันทึกแล้วหรือยังไม่ถึง)",
                "This loan has no instalment of this month to record.",
            )
            continue
        if national_id == loan.person.national_id:
            role = "borrower"
        elif national_id in guarantors[loan.pk]:
            role = "guarantor"
        else:
            _problem(
                report,
                "import_not_party",
                "ผู้ถูกหักไม่ใช่ผู้กู้หรือผู้ค้ำประกันของสัญญานี้",
                "Neither the borrower nor a guarantor of this loan.",
            )
            continue
        if (loan.pk, national_id) in seen:
            _problem(
                report,
                "import_duplicate",
                "ซ้ำกับแถวก่อนหน้า",
                "Same person and loan as an earlier row.",
            )
            continue
        seen.add((loan.pk, national_id))
        report["role"] = role
        pair = plan.amounts.setdefault(loan.pk, [Decimal("0.00"), Decimal("0.00")])
        pair[0 if role == "borrower" else 1] += amount
    for loan_id, loan in due.items():
        received = sum(plan.amounts.get(loan_id, [Decimal("0")]), Decimal("0.00"))
        if received == 0:
            plan.reports.append(
                {
                    "row": None,
                    "contract": loan.number,
                    "national_id": loan.person.national_id,
                    "action": "missed",
                    "problems": [],
                    "amount": "0.00",
                    "role": "borrower",
                }
            )
        elif received < min(loan.schedule_instalment, loan.outstanding):
            for report in plan.reports:
                if report["contract"] == loan.number and report["action"] == "record":
                    report["action"] = "partial"
    return plan


def _check_role(actor: Any) -> None:
    require_role(
        actor,
        *FINANCE_ROLES,
        code="revolvingfund.not_allowed",
        doing=("นำเข้ายอดหักเงินเดือน", "import deductions"),
    )


@transaction.atomic
def repayments_import_check(
    *, month: date, file_name: str, content: bytes, actor: Any, request: HttpRequest | None = None
) -> RepaymentImport:
    """Read the file finance sent back and check it (nothing is recorded): the batch keeps the
    rows and the report for the confirmation page."""
    _check_role(actor)
    month = month_start(month)
    rows = read_table(file_name, content, FILE_COLUMNS, ("national_id", "contract", "deducted"))
    plan = repayments_check_rows(month=month, rows=rows)
    batch = RepaymentImport.objects.create(
        kind=ImportKind.REPAYMENTS,
        month=month,
        file_name=file_name[-255:],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=rows,
        report=plan.reports + [{"row": None, "action": "blocking", **b} for b in plan.blocking],
        counts=plan.counts(),
        uploaded_by=_user(actor),
    )
    audit_record(
        action="revolvingfund.repayments_checked",
        actor=actor,
        target=batch,
        changes={"month": [None, month.isoformat()], "counts": [None, plan.counts()]},
        request=request,
    )
    return batch


@dataclass(frozen=True)
class ApplyResult:
    recorded: int
    missed: int
    partial: int
    guarantors_started: list[str]
    settled: list[str]


@transaction.atomic
def repayments_import_apply(
    *, batch: RepaymentImport, actor: Any, request: HttpRequest | None = None
) -> ApplyResult:
    """Record the month for every running loan due in it, from the checked file (checked again
    now, under lock). Refused: applied already (a double submission applies once), a month
    applied already, an earlier month not recorded, a row refused by the check."""
    _check_role(actor)
    batch = lock(RepaymentImport, batch.pk)
    if batch.status == LoanImportStatus.APPLIED or batch.kind != ImportKind.REPAYMENTS:
        raise _refuse("import_applied", "นำเข้าไฟล์นี้แล้ว", "This file was applied already.")
    month = batch.month
    if month is None:
        raise _refuse("import_applied", "ไฟล์นี้ไม่ใช่ยอดหักรายเดือน", "Not a month's file.")
    if RepaymentImport.objects.filter(
        kind=ImportKind.REPAYMENTS, month=month, status=LoanImportStatus.APPLIED
    ).exists():
        raise _refuse(
            "import_month_done",
            f"บันทึกยอดหักเดือน {format_be_month(month)} แล้ว",
            "This month was recorded already.",
        )
    loans = list(
        Loan.objects.select_for_update(of=("self",))
        .select_related("person", "rule")
        .filter(status__in=RUNNING)
        .order_by("pk")
    )
    plan = repayments_check_rows(month=month, rows=batch.rows)
    if plan.blocking:
        raise _refuse("month_gap", plan.blocking[0]["message_th"], plan.blocking[0]["message_en"])
    refused = [r for r in plan.reports if r["action"] == "refused"]
    if refused:
        raise _refuse(
            "import_refused_rows",
            f"มี {len(refused)} แถวที่ไม่ผ่านการตรวจ กรุณาแก้ไขไฟล์แล้วนำเข้าใหม่",
            f"{len(refused)} rows were refused; correct the file.",
        )
    by_pk = {loan.pk: loan for loan in loans}
    started, settled, recorded, missed, partial = [], [], 0, 0, 0
    for loan in loans:
        if expected_month(loan) != month:
            continue
        borrower, guarantors = plan.amounts.get(loan.pk, [Decimal("0.00"), Decimal("0.00")])
        loan = by_pk[loan.pk]
        result = loan_month_record(
            loan=loan,
            month=month,
            from_borrower=borrower,
            from_guarantors=guarantors,
            actor=actor,
            batch=batch,
            request=request,
        )
        recorded += 1
        if result.entry.received == 0:
            missed += 1
        elif result.entry.received < result.entry.due:
            partial += 1
        if result.guarantors_started:
            started.append(loan.number)
        if result.settled:
            settled.append(loan.number)
    batch.status = LoanImportStatus.APPLIED
    batch.applied_at = now()
    batch.applied_by = _user(actor)
    try:
        with transaction.atomic():
            batch.save(update_fields=["status", "applied_at", "applied_by"])
    except IntegrityError:
        raise _refuse(
            "import_month_done", "บันทึกยอดหักเดือนนี้แล้ว", "This month was recorded already."
        ) from None
    audit_record(
        action="revolvingfund.repayments_applied",
        actor=actor,
        target=batch,
        changes={
            "month": [None, month.isoformat()],
            "recorded": [None, recorded],
            "missed": [None, missed],
            "guarantors": [None, started],
        },
        request=request,
        row_count=recorded,
    )
    return ApplyResult(recorded, missed, partial, started, settled)


# ---------------------------------------------------------------------------------------------
# Existing loans (an office starting mid-term): check (dry run), apply


@dataclass
class LoanRow:
    row: int
    values: dict[str, Any]
    person: Person | None = None
    guarantors: list[Person] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    parsed: dict[str, Any] = field(default_factory=dict)

    def refuse(self, code: str, th: str, en: str) -> None:
        self.problems.append({"code": f"revolvingfund.{code}", "message_th": th, "message_en": en})

    def report(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "contract": str(self.values.get("contract", ""))[:40],
            "national_id": str(self.values.get("national_id", ""))[:13],
            "action": "refused" if self.problems else "create",
            "problems": self.problems,
            "amount": str(self.parsed.get("balance", "")),
            "role": "borrower",
        }


def _loan_rows(rows: list[dict[str, Any]], as_of: date) -> list[LoanRow]:
    numbers = set(Loan.objects.values_list("number", flat=True))
    seen: set[str] = set()
    checked = []
    for raw in rows:
        item = LoanRow(raw["row"], raw["values"])
        checked.append(item)
        v = raw["values"]
        national_id = normalize_national_id(to_arabic_digits(v.get("national_id", "")))
        item.person = Person.objects.filter(national_id=national_id).first()
        if item.person is None:
            item.refuse(
                "import_no_person", "ไม่พบผู้กู้ในทะเบียนบุคลากร", "The borrower is not in the register."
            )
        contract = str(v.get("contract", "")).strip()[:20]
        if not contract or contract in numbers or contract in seen:
            item.refuse(
                "import_contract", "เลขที่สัญญาว่างหรือซ้ำ", "The contract number is empty or taken."
            )
        seen.add(contract)
        amounts = {
            k: parse_amount(str(v.get(k, "")))
            for k in ("principal", "instalment", "balance", "interest_due", "arrears")
        }
        if (
            any(a is None for a in amounts.values())
            or not amounts["principal"]
            or not amounts["instalment"]
        ):
            item.refuse("import_amount", "จำนวนเงินไม่ถูกต้อง", "An amount is not valid.")
            continue
        try:
            rate = Decimal(to_arabic_digits(str(v.get("rate", ""))).strip())
            term = int(to_arabic_digits(str(v.get("term", ""))).strip())
            year = int(to_arabic_digits(str(v.get("fiscal_year", ""))).strip())
            first = parse_be_month(str(v.get("first_month", "")))
        except (InvalidOperation, ValueError, MonthError):
            item.refuse(
                "import_terms",
                "อัตราดอกเบี้ย จำนวนงวด ปีงบประมาณ หรือเดือนแรกไม่ถูกต้อง",
                "The rate, term, fiscal year or first month is not valid.",
            )
            continue
        if not (0 <= rate <= 30 and 1 <= term <= 600 and 2540 <= year <= 2700):
            item.refuse(
                "import_terms", "อัตราดอกเบี้ย จำนวนงวด หรือปีงบประมาณเกินขอบเขต", "Terms out of range."
            )
        if amounts["balance"] > amounts["principal"] or first > as_of:  # type: ignore[operator]
            item.refuse(
                "import_balance",
                "เงินต้นคงเหลือเกินเงินกู้ หรือเดือนแรกหลังเดือนที่ยกยอดมา",
                "The balance exceeds the loan, or the first month is after the balance's month.",
            )
        for text in str(v.get("guarantors", "")).replace(";", " ").replace(",", " ").split():
            found = Person.objects.filter(
                national_id=normalize_national_id(to_arabic_digits(text))
            ).first()
            if found is None:
                item.refuse(
                    "import_guarantor",
                    f"ไม่พบผู้ค้ำประกัน {text[:13]} ในทะเบียน",
                    "A guarantor is not in the register.",
                )
            else:
                item.guarantors.append(found)
        item.parsed = {
            "contract": contract,
            "rate": rate,
            "term": term,
            "fiscal_year": year,
            "first": first,
            **{k: a for k, a in amounts.items()},
        }
    return checked


def _loans_role(actor: Any) -> None:
    require_role(
        actor,
        *PREPARER_ROLES,
        code="revolvingfund.not_allowed",
        doing=("นำเข้าสัญญาเงินกู้เดิม", "import existing loans"),
    )


@transaction.atomic
def loans_import_check(
    *, as_of: date, file_name: str, content: bytes, actor: Any, request: HttpRequest | None = None
) -> RepaymentImport:
    """Read a file of existing loans and check it (nothing is recorded). `as_of`: the month
    whose deductions the balances already include; the office collects from the next."""
    _loans_role(actor)
    as_of = month_start(as_of)
    rows = read_table(
        file_name,
        content,
        LOAN_COLUMNS,
        (
            "national_id",
            "contract",
            "principal",
            "rate",
            "term",
            "instalment",
            "first_month",
            "balance",
        ),
    )
    checked = _loan_rows(rows, as_of)
    reports = [item.report() for item in checked]
    counts = {
        "create": sum(r["action"] == "create" for r in reports),
        "refused": sum(r["action"] == "refused" for r in reports),
    }
    batch = RepaymentImport.objects.create(
        kind=ImportKind.LOANS,
        month=as_of,
        file_name=file_name[-255:],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=rows,
        report=reports,
        counts=counts,
        uploaded_by=_user(actor),
    )
    audit_record(
        action="revolvingfund.loans_import_checked",
        actor=actor,
        target=batch,
        changes={"counts": [None, counts]},
        request=request,
    )
    return batch


@transaction.atomic
def loans_import_apply(
    *, batch: RepaymentImport, actor: Any, request: HttpRequest | None = None
) -> list[Loan]:
    """Create the checked loans (all or none: a refused row refuses the file), each with its
    opening ledger line and its payroll deduction from the month after `as_of`."""
    from apps.revolvingfund.loans.services import _start_deduction
    from core.thai import fiscal_year_of

    _loans_role(actor)
    batch = lock(RepaymentImport, batch.pk)
    if (
        batch.status == LoanImportStatus.APPLIED
        or batch.kind != ImportKind.LOANS
        or batch.month is None
    ):
        raise _refuse("import_applied", "นำเข้าไฟล์นี้แล้ว", "This file was applied already.")
    as_of = batch.month
    checked = _loan_rows(batch.rows, as_of)
    if any(item.problems for item in checked):
        raise _refuse(
            "import_refused_rows",
            "มีแถวที่ไม่ผ่านการตรวจ กรุณาแก้ไขไฟล์แล้วนำเข้าใหม่",
            "Some rows were refused; correct the file.",
        )
    rule = loan_rule_in_force(on=as_of)
    created = []
    for item in checked:
        p = item.parsed
        assert item.person is not None  # noqa: S101 (refused above otherwise)
        elapsed = months_between(p["first"], as_of)
        paid = max(Decimal("0.00"), p["instalment"] * min(elapsed, p["term"]) - p["arrears"])
        outstanding = p["balance"] + p["interest_due"]
        late = am.arrears(
            instalment=p["instalment"],
            months=p["term"],
            elapsed=elapsed,
            paid=paid,
            outstanding=outstanding,
        )
        loan = Loan.objects.create(
            number=p["contract"],
            origin=LoanOrigin.IMPORTED,
            person=item.person,
            fiscal_year=p["fiscal_year"],
            principal=p["principal"],
            annual_rate=p["rate"],
            term_months=p["term"],
            instalment=p["instalment"],
            rule=rule,
            status=LoanStatus.REPAYING,
            contract_signed_on=p["first"],
            borrower_signed=True,
            office_signer_name="นำเข้าจากทะเบียนเดิม",
            disbursed_on=p["first"],
            first_month=add_months(as_of, 1),
            schedule_start=p["first"],
            schedule_months=p["term"],
            schedule_instalment=p["instalment"],
            schedule_paid=paid,
            balance=p["balance"],
            interest_due=p["interest_due"],
            principal_repaid=p["principal"] - p["balance"],
            last_month=as_of,
            arrears_amount=late.amount,
            months_overdue=late.months,
            created_by=_user(actor),
        )
        for g in item.guarantors:
            LoanGuarantor.objects.create(
                loan=loan, person=g, name=str(g), national_id=g.national_id, guarantee_signed=True
            )
        LoanEntry.objects.create(
            loan=loan,
            kind=EntryKind.OPENING,
            month=as_of,
            on=as_of,
            opening_balance=loan.balance,
            interest=Decimal("0.00"),
            source=PaymentSource.NONE,
            closing_balance=loan.balance,
            interest_due=loan.interest_due,
            arrears=loan.arrears_amount,
            months_overdue=loan.months_overdue,
            note=f"ยกยอดจากทะเบียนเดิม ({batch.file_name[:100]})",
            recorded_by=_user(actor),
        )
        remaining = max(1, p["term"] - elapsed)
        full = loan.schedule_months
        loan.schedule_months = remaining
        _start_deduction(loan, first=add_months(as_of, 1), actor=actor, request=request)
        loan.schedule_months = full
        loan.save()
        created.append(loan)
    batch.status = LoanImportStatus.APPLIED
    batch.applied_at = now()
    batch.applied_by = _user(actor)
    batch.save(update_fields=["status", "applied_at", "applied_by"])
    audit_record(
        action="revolvingfund.loans_imported",
        actor=actor,
        target=batch,
        changes={
            "loans": [None, len(created)],
            "fiscal_year": [None, fiscal_year_of(as_of).be_year],
        },
        request=request,
        row_count=len(created),
    )
    return created


@transaction.atomic
def repayments_remit(
    *,
    batch: RepaymentImport,
    on: date,
    reference: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> RepaymentImport:
    """Record that the month's deducted money was sent on to the fund: the amount is what the
    month's ledger lines received (borrowers and guarantors), never typed. Once per month."""
    _check_role(actor)
    batch = lock(RepaymentImport, batch.pk)
    if batch.kind != ImportKind.REPAYMENTS or batch.status != LoanImportStatus.APPLIED:
        raise _refuse(
            "remit_not_applied",
            "ส่งเงินได้เมื่อบันทึกยอดหักของเดือนแล้ว",
            "Record the month's deductions first.",
        )
    if batch.remitted_on is not None:
        raise _refuse("remit_done", "บันทึกการส่งเงินของเดือนนี้แล้ว", "Already remitted.")
    reference = reference.strip()[:80]
    if not reference:
        raise _refuse(
            "remit_reference", "ระบุเลขที่อ้างอิงการโอนเงิน", "Give the transfer reference.", "reference"
        )
    if batch.month is not None and on < batch.month:
        raise _refuse("remit_date", "วันที่ส่งเงินต้องไม่ก่อนเดือนที่หัก", "Dated before the month.", "on")
    sums = batch.entries.aggregate(
        borrowers=Sum("from_borrower"), guarantors=Sum("from_guarantors"), excess=Sum("excess")
    )
    amount = (sums["borrowers"] or Decimal("0")) + (sums["guarantors"] or Decimal("0"))
    amount -= sums["excess"] or Decimal("0")  # what exceeded a debt goes back to the payer
    batch.remitted_amount = amount
    batch.remitted_on = on
    batch.remittance_reference = reference
    batch.save(update_fields=["remitted_amount", "remitted_on", "remittance_reference"])
    audit_record(
        action="revolvingfund.repayments_remitted",
        actor=actor,
        target=batch,
        changes={
            "amount": [None, f"{amount:.2f}"],
            "on": [None, on.isoformat()],
            "reference": [None, reference],
        },
        request=request,
    )
    return batch
