"""Importing payslips: the dry run writes nothing, bad rows are reported in Thai under their
column headings, applying is one transaction, and importing again changes nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from accounts.models import User
from apps.payroll.importing import (
    COLUMNS,
    ImportAlreadyApplied,
    ImportFileError,
    import_batch_apply,
    import_batch_check,
    template_workbook,
)
from apps.payroll.models import PayrollImportBatch, Payslip, PayslipLine
from apps.people.models import Person
from audit.models import AuditEvent
from core.errors import PermissionDeniedError
from tests.payroll.factories import SEPT_2557, make_payslip
from tests.people.factories import make_person, national_id

pytestmark = pytest.mark.django_db

HEADINGS = [c.heading for c in COLUMNS]


def row(person_id: str, month: str = "09/2557", **values: str) -> list[str]:
    cells = {"national_id": person_id, "month": month, **values}
    return [cells.get(c.key, "") for c in COLUMNS]


def csv_file(rows: list[list[str]], headings: list[str] = HEADINGS) -> bytes:
    lines = [",".join(f'"{cell}"' for cell in r) for r in [headings, *rows]]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def xlsx_file(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "payslips"
    sheet.append(HEADINGS)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _state() -> tuple[Any, ...]:
    return (
        list(Payslip.objects.order_by("pk").values()),
        list(PayslipLine.objects.order_by("pk").values()),
    )


def test_the_dry_run_writes_nothing_but_the_batch_and_reports_each_row(
    person: Person, finance: User
) -> None:
    other = make_person()
    content = csv_file(
        [
            row(person.national_id, salary="30,000.00", tax="512.50", loan_gsb="4000"),
            row(other.national_id, month="ก.ย. 2557", salary="25000", academic_standing="3500"),
        ]
    )
    before = _state()
    batch = import_batch_check(file_name="sept.csv", content=content, actor=finance)
    assert _state() == before
    assert batch.checked_counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 0}
    assert [r["month"] for r in batch.report] == ["กันยายน 2557", "กันยายน 2557"]


def test_bad_rows_are_refused_in_thai_under_the_files_headings(
    person: Person, finance: User
) -> None:
    stranger = national_id()
    content = csv_file(
        [
            row("1234567890123", salary="1000"),
            row(stranger, salary="1000"),
            row(person.national_id, month="09/2014", salary="1000"),
            row(person.national_id, salary="abc", tax="-5"),
            row(person.national_id, salary="", tax="100"),
            row(person.national_id, salary="1000", loan_other_bank="500"),
            row(person.national_id, salary="1000"),
            row(person.national_id, salary="1000"),
        ]
    )
    batch = import_batch_check(file_name="bad.csv", content=content, actor=finance)
    report = batch.report
    problems = [[(p["label"], p["message_th"]) for p in r["problems"]] for r in report]
    assert problems[0][0][0] == "เลขประจำตัวประชาชน" and "ไม่ถูกต้อง" in problems[0][0][1]
    assert "ไม่พบบุคคลนี้ในทะเบียน" in problems[1][0][1]
    assert problems[2][0][0] == "เดือน" and "ค.ศ." in problems[2][0][1]
    assert [label for label, _ in problems[3]] == ["เงินเดือน", "ภาษี"]
    assert "ไม่มีรายรับ" in problems[4][0][1]
    assert problems[5][0][0] == "ธนาคารอื่น"
    assert problems[6] == [] and "ซ้ำกับแถวที่ 8" in problems[7][0][1]
    assert [r["action"] for r in report].count("refused") == 7
    import_batch_apply(batch=batch, actor=finance)
    assert Payslip.objects.count() == 1  # the one good row only


def test_applying_records_the_rows_and_importing_again_changes_nothing(
    person: Person, finance: User
) -> None:
    content = xlsx_file([row(person.national_id, salary="30000", tax="500", loan_ktb="2500")])
    batch = import_batch_apply(
        batch=import_batch_check(file_name="a.xlsx", content=content, actor=finance),
        actor=finance,
    )
    assert batch.applied_counts["create"] == 1
    payslip = Payslip.objects.get(person=person, month=SEPT_2557)
    assert payslip.source == "imported"
    assert {(line.kind, line.creditor, line.amount) for line in payslip.lines.all()} == {
        ("salary", "", Decimal("30000.00")),
        ("tax", "", Decimal("500.00")),
        ("bank_loan", "ธนาคารกรุงไทย", Decimal("2500.00")),
    }
    assert AuditEvent.objects.filter(action="payroll.imported").count() == 1

    state, events = (
        _state(),
        AuditEvent.objects.filter(action__startswith="payroll.payslip").count(),
    )
    again = import_batch_check(file_name="a.xlsx", content=content, actor=finance)
    assert again.checked_counts["unchanged"] == 1
    import_batch_apply(batch=again, actor=finance)
    assert _state() == state
    assert AuditEvent.objects.filter(action__startswith="payroll.payslip").count() == events


def test_a_changed_month_is_an_update(person: Person, finance: User) -> None:
    make_payslip(person, salary="30000")
    content = csv_file([row(person.national_id, salary="30500")])
    batch = import_batch_check(file_name="b.csv", content=content, actor=finance)
    assert batch.checked_counts["update"] == 1
    import_batch_apply(batch=batch, actor=finance)
    assert Payslip.objects.get().lines.get().amount == Decimal("30500.00")


def test_a_batch_applies_once(person: Person, finance: User) -> None:
    content = csv_file([row(person.national_id, salary="30000")])
    batch = import_batch_check(file_name="c.csv", content=content, actor=finance)
    import_batch_apply(batch=batch, actor=finance)
    with pytest.raises(ImportAlreadyApplied):
        import_batch_apply(batch=batch, actor=finance)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.pdf", b"%PDF", "payroll.import_file_type"),
        ("a.xlsx", b"PK\x03\x04broken", "payroll.import_unreadable"),
        ("a.csv", csv_file([], headings=["ชื่อ"]), "payroll.import_missing_columns"),
        ("a.csv", csv_file([]), "payroll.import_empty"),
        ("a.csv", b"\xff\xfe\x00\x00", "payroll.import_unreadable"),
    ],
)
def test_unreadable_files_are_refused_and_nothing_is_kept(
    finance: User, name: str, content: bytes, code: str
) -> None:
    with pytest.raises(ImportFileError) as error:
        import_batch_check(file_name=name, content=content, actor=finance)
    assert error.value.code == code and error.value.message_th
    assert not PayrollImportBatch.objects.exists()


def test_roles_without_pay_access_cannot_import(person: Person) -> None:
    content = csv_file([row(person.national_id, salary="30000")])
    with pytest.raises(PermissionDeniedError):
        import_batch_check(
            file_name="a.csv", content=content, actor=User.objects.get(username="viewer")
        )


def test_the_filled_template_imports_and_its_example_does_not(
    person: Person, finance: User
) -> None:
    book = load_workbook(io.BytesIO(template_workbook()))
    sheet = book["payslips"]
    assert [c.value for c in sheet[1]] == HEADINGS
    assert all(cell.value is None for r in sheet.iter_rows(min_row=2) for cell in r)
    sheet.append(row(person.national_id, salary="31000", cpk="812"))
    buffer = io.BytesIO()
    book.save(buffer)
    batch = import_batch_check(file_name="t.xlsx", content=buffer.getvalue(), actor=finance)
    assert batch.checked_counts == {"create": 1, "update": 0, "unchanged": 0, "refused": 0}
