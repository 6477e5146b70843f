"""The import report as a clerk reads it (issue 13, point 11): problems under the file's Thai
column headings, and each update as "heading: old → new" in the register's own formats."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from apps.people.importing import import_batch_check
from apps.people.importing.describing import describe_row
from apps.people.models import PersonCategory
from tenants.models import Office
from tests.conftest import office_client
from tests.people.factories import make_person, national_id
from tests.people.test_import import person_row, workbook

pytestmark = pytest.mark.django_db


def _batch(office: Office) -> int:
    with schema_context(office.schema_name):
        existing = make_person(
            first_name_th="เดิม",
            last_name_th="ทดสอบ",
            first_name_en="",
            last_name_en="",
            birth_date=datetime.date(1977, 9, 26),
            category=PersonCategory.TEACHER,
            monthly_salary=Decimal("30000.00"),
            position="",
            school=None,
        )
        content = workbook(
            [
                person_row(
                    existing.national_id,
                    "เดิม",
                    birth_date="26/09/2521",
                    category="ข้าราชการบำนาญ",
                    monthly_salary="35,000.00",
                ),
                person_row("1103700012345", "ผิด"),  # a wrong check digit
                person_row(national_id(), "ใหม่", birth_date="26/09/1977"),  # a C.E. year
            ]
        )
        officer = User.objects.get(username="welfare_officer")
        return import_batch_check(file_name="p.xlsx", content=content, actor=officer).pk


def test_an_update_records_old_and_new_values(office_a: Office) -> None:
    batch_id = _batch(office_a)
    with schema_context(office_a.schema_name):
        from apps.people.models import ImportBatch

        update = next(r for r in ImportBatch.objects.get(pk=batch_id).report if r["row"] == 2)
    assert update["action"] == "update"
    assert update["changes"] == {
        "birth_date": ["1977-09-26", "1978-09-26"],
        "category": ["teacher", "pensioner"],
        "monthly_salary": ["30000.00", "35000.00"],
    }
    lines = {c.label: (c.old, c.new) for c in describe_row(update)["change_lines"]}
    assert lines == {
        "วันเกิด": ("26 ก.ย. 2520", "26 ก.ย. 2521"),
        "ประเภทบุคลากร": ("ข้าราชการครู", "ข้าราชการบำนาญ"),
        "เงินเดือน": ("30,000.00", "35,000.00"),
    }


def test_the_batch_page_speaks_the_files_headings_not_field_codes(office_a: Office) -> None:
    batch_id = _batch(office_a)
    page = (
        office_client(office_a, "welfare_officer")
        .get(f"/people/import/{batch_id}/")
        .content.decode()
    )
    assert "เงินเดือน</strong>: 30,000.00 → 35,000.00" in page
    assert "ประเภทบุคลากร</strong>: ข้าราชการครู → ข้าราชการบำนาญ" in page
    assert "<strong>เลขประจำตัวประชาชน</strong>:" in page
    assert "<strong>วันเกิด</strong>:" in page  # the C.E. year's problem
    for code in ("national_id", "monthly_salary", "birth_date", "category"):
        assert f">{code}" not in page and f"{code}:" not in page


def test_a_report_kept_before_values_were_recorded_still_names_the_fields() -> None:
    row = {"sheet": "people", "row": 2, "problems": [], "changed": ["monthly_salary"]}
    (line,) = describe_row(row)["change_lines"]
    assert (line.label, line.old, line.new) == ("เงินเดือน", "", "")
