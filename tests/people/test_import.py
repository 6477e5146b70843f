from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from accounts.models import User
from apps.people import importing
from apps.people.importing import ImportAlreadyApplied, import_batch_apply, import_batch_check
from apps.people.models import FamilyMember, ImportBatch, ImportStatus, Person
from audit.models import AuditEvent
from core.thai import format_national_id
from tests.people.factories import make_person, make_school, national_id

pytestmark = pytest.mark.django_db

PEOPLE_HEAD = [c.heading for c in importing.PEOPLE_COLUMNS]
FAMILY_HEAD = [c.key for c in importing.FAMILY_COLUMNS]  # keys are accepted as well


def person_row(nid: str, first: str, **values: Any) -> list[Any]:
    row = {
        "national_id": nid,
        "title": "นาย",
        "first_name_th": first,
        "last_name_th": "ทดสอบ",
        "birth_date": "26/09/2520",
        "category": "ข้าราชการครู",
        "monthly_salary": "35,000.00",
    } | values
    return [row.get(c.key, "") for c in importing.PEOPLE_COLUMNS]


def family_row(person_nid: str, **values: Any) -> list[Any]:
    row = {
        "person_national_id": person_nid,
        "relation": "บุตร",
        "title": "ด.ช.",
        "first_name_th": "ลูก",
        "last_name_th": "ทดสอบ",
        "birth_date": "01/06/2555",
        "birth_order": "1",
        "child_status": "บุตรชอบด้วยกฎหมาย",
    } | values
    return [row.get(c.key, "") for c in importing.FAMILY_COLUMNS]


def workbook(people: list[list[Any]], family: list[list[Any]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "people"
    sheet.append(PEOPLE_HEAD)
    for row in people:
        sheet.append(row)
    if family is not None:
        fam = book.create_sheet("family")
        fam.append(FAMILY_HEAD)
        for row in family:
            fam.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def messy_file(in_alpha: object) -> tuple[bytes, dict[str, str]]:
    school = make_school(code="93020001")
    existing = make_person(
        first_name_th="เดิม",
        last_name_th="ทดสอบ",
        first_name_en="",
        last_name_en="",
        position="",
        school=school,
    )
    ids = {"good": national_id(), "dup": national_id(), "existing": existing.national_id}
    good_no_dash = ids["good"]
    people = [
        person_row(format_national_id(good_no_dash), "ดี", school_code="93020001"),  # row 2
        person_row("1103700012345", "เลขผิด"),  # row 3: bad checksum
        person_row(ids["dup"], "ซ้ำหนึ่ง"),  # row 4
        person_row(ids["dup"], "ซ้ำสอง"),  # row 5: duplicate in the file
        person_row(ids["existing"], "เดิม", position="ครูชำนาญการ", school_code="93020001"),
        person_row(national_id(), "ไม่มีโรงเรียน", school_code="99999999"),  # row 7
        person_row(national_id(), "ปีคศ", birth_date="26/09/1977"),  # row 8: C.E. year
        person_row(national_id(), "ไม่มีวัน", birth_date="31/02/2520"),  # row 9
    ]
    family = [
        family_row(good_no_dash),  # row 2: child of the good row
        family_row(
            good_no_dash,
            relation="คู่สมรส",
            birth_order="",
            child_status="",
            title="นาง",
            first_name_th="คู่",
        ),  # row 3
        family_row(national_id()),  # row 4: unknown person
        family_row(good_no_dash, first_name_th="ลูกซ้ำ"),  # row 5: birth order 1 again
        family_row("1103700012345"),  # row 6: person refused (bad checksum)
        family_row(ids["existing"], birth_date="01/06/2012"),  # row 7: C.E. year
    ]
    return workbook(people, family), ids


def _codes(batch: ImportBatch) -> dict[tuple[str, int], list[str]]:
    return {(r["sheet"], r["row"]): [p["code"] for p in r["problems"]] for r in batch.report}


def _actions(batch: ImportBatch) -> dict[tuple[str, int], str]:
    return {(r["sheet"], r["row"]): r["action"] for r in batch.report}


def test_the_dry_run_reports_every_problem_and_writes_nothing(
    messy_file: tuple[bytes, dict[str, str]], officer: User
) -> None:
    content, _ids = messy_file
    people_before, events_before = Person.objects.count(), AuditEvent.objects.count()
    batch = import_batch_check(file_name="people.xlsx", content=content, actor=officer)
    codes, actions = _codes(batch), _actions(batch)
    assert codes[("people", 2)] == [] and actions[("people", 2)] == "create"
    assert codes[("people", 3)] == ["people.invalid_national_id"]
    assert actions[("people", 4)] == "create"
    assert codes[("people", 5)] == ["people.duplicate_in_file"]
    assert actions[("people", 6)] == "update"
    assert codes[("people", 7)] == ["people.unknown_school"]
    assert codes[("people", 8)] == ["date.not_buddhist_era"]
    assert codes[("people", 9)] == ["date.invalid_date"]
    assert actions[("family", 2)] == actions[("family", 3)] == "create"
    assert codes[("family", 4)] == ["people.unknown_person"]
    assert codes[("family", 5)] == ["people.duplicate_in_file"]
    assert codes[("family", 6)] == ["people.invalid_national_id"]
    assert codes[("family", 7)] == ["date.not_buddhist_era"]
    ce_year = next(r for r in batch.report if r["sheet"] == "people" and r["row"] == 8)
    assert "พ.ศ." in ce_year["problems"][0]["message_th"]
    update = next(r for r in batch.report if r["action"] == "update")
    assert update["changed"] == ["position"]
    assert batch.checked_counts == {"created": 4, "updated": 1, "unchanged": 0, "refused": 9}
    assert batch.status == ImportStatus.CHECKED
    assert Person.objects.count() == people_before
    assert not FamilyMember.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_confirming_applies_the_good_rows_in_one_go_and_audits_them(
    messy_file: tuple[bytes, dict[str, str]], officer: User
) -> None:
    content, ids = messy_file
    batch = import_batch_check(file_name="people.xlsx", content=content, actor=officer)
    batch = import_batch_apply(batch=batch, actor=officer)
    assert batch.status == ImportStatus.APPLIED
    assert batch.applied_counts == {"created": 4, "updated": 1, "unchanged": 0, "refused": 9}
    good = Person.objects.get(national_id=ids["good"])
    assert good.school is not None and good.school.code == "93020001"
    assert str(good.monthly_salary) == "35000.00"
    assert good.birth_date == date(1977, 9, 26)
    assert {m.relation for m in good.family.all()} == {"child", "spouse"}
    assert Person.objects.get(national_id=ids["existing"]).position == "ครูชำนาญการ"
    assert Person.objects.filter(national_id=ids["dup"]).get().first_name_th == "ซ้ำหนึ่ง"
    assert AuditEvent.objects.filter(action="person.created", actor=officer).count() == 2
    assert AuditEvent.objects.filter(action="person.updated").count() == 1
    assert AuditEvent.objects.filter(action="family_member.added").count() == 2
    imported = AuditEvent.objects.get(action="people.imported")
    assert imported.changes["created"] == [None, 4]
    for event in AuditEvent.objects.filter(action__startswith="person."):
        assert ids["good"] not in str(event.changes)


def test_importing_the_same_file_again_changes_nothing(
    messy_file: tuple[bytes, dict[str, str]], officer: User
) -> None:
    content, _ids = messy_file
    import_batch_apply(
        batch=import_batch_check(file_name="a.xlsx", content=content, actor=officer),
        actor=officer,
    )
    stamps = dict(Person.objects.values_list("pk", "updated_at"))
    events = AuditEvent.objects.count()
    again = import_batch_check(file_name="a.xlsx", content=content, actor=officer)
    assert again.checked_counts == {"created": 0, "updated": 0, "unchanged": 5, "refused": 9}
    again = import_batch_apply(batch=again, actor=officer)
    assert again.applied_counts == again.checked_counts
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps
    new_events = AuditEvent.objects.order_by("id")[events:]
    assert [e.action for e in new_events] == ["people.imported"]


def test_a_batch_is_applied_at_most_once(
    messy_file: tuple[bytes, dict[str, str]], officer: User
) -> None:
    content, _ids = messy_file
    batch = import_batch_check(file_name="a.xlsx", content=content, actor=officer)
    import_batch_apply(batch=batch, actor=officer)
    people, events = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ImportAlreadyApplied) as refused:
        import_batch_apply(batch=batch, actor=officer)  # the stale object of a double click
    assert refused.value.code == "people.import_already_applied"
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_applying_rechecks_against_the_register_as_it_is_then(officer: User) -> None:
    nid = national_id()
    batch = import_batch_check(
        file_name="a.xlsx", content=workbook([person_row(nid, "ใหม่")]), actor=officer
    )
    make_person(
        national_id=nid,
        first_name_th="ใหม่",
        last_name_th="ทดสอบ",
        first_name_en="",
        last_name_en="",
        position="",
    )
    batch = import_batch_apply(batch=batch, actor=officer)
    assert batch.applied_counts["created"] == 0
    assert Person.objects.filter(national_id=nid).count() == 1


def test_excel_date_cells_are_read_by_their_calendar(officer: User) -> None:
    ids = [national_id() for _ in range(3)]
    content = workbook(
        [
            person_row(ids[0], "พศ", birth_date=date(2520, 9, 26)),  # typed B.E. in a date cell
            person_row(ids[1], "คศ", birth_date=date(1977, 9, 26)),  # a C.E. date cell
            person_row(int(ids[2]), "ตัวเลข"),  # the ID turned into a number by Excel
        ]
    )
    batch = import_batch_check(file_name="a.xlsx", content=content, actor=officer)
    assert _codes(batch) == {
        ("people", 2): [],
        ("people", 3): ["date.not_buddhist_era"],
        ("people", 4): [],
    }
    import_batch_apply(batch=batch, actor=officer)
    assert Person.objects.get(national_id=ids[0]).birth_date == date(1977, 9, 26)


def test_thai_buddhist_calendar_cells_hold_ce_dates(officer: User) -> None:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(PEOPLE_HEAD)
    sheet.append(person_row(national_id(), "ปฏิทินไทย", birth_date=date(1977, 9, 26)))
    sheet["G2"].number_format = "[$-th-TH,107]d/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    batch = import_batch_check(file_name="a.xlsx", content=buffer.getvalue(), actor=officer)
    assert batch.checked_counts["created"] == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874"])
def test_csv_of_people_then_csv_of_families(officer: User, encoding: str) -> None:
    nid = national_id()
    people_csv = "\n".join(
        [",".join(PEOPLE_HEAD), ",".join(person_row(nid, "ซีเอสวี", monthly_salary="35000"))]
    ).encode(encoding)
    import_batch_apply(
        batch=import_batch_check(file_name="p.csv", content=people_csv, actor=officer),
        actor=officer,
    )
    family_csv = "\n".join([";".join(FAMILY_HEAD), ";".join(family_row(nid, is_twin="ใช่"))]).encode(
        encoding
    )
    batch = import_batch_check(file_name="f.csv", content=family_csv, actor=officer)
    assert batch.checked_counts == {"created": 1, "updated": 0, "unchanged": 0, "refused": 0}
    import_batch_apply(batch=batch, actor=officer)
    assert Person.objects.get(national_id=nid).family.get().is_twin


def test_a_file_without_the_required_columns_is_refused(officer: User) -> None:
    content = "ชื่อ,นามสกุล\nสมชาย,ใจดี\n".encode()
    with pytest.raises(importing.ImportFileError) as refused:
        import_batch_check(file_name="p.csv", content=content, actor=officer)
    assert refused.value.code == "people.import_missing_columns"
    assert "เลขประจำตัวประชาชน" in refused.value.message_th
    assert not ImportBatch.objects.exists()


def test_the_template_imports_only_what_the_office_types_and_its_examples_are_valid(
    officer: User,
) -> None:
    """Issue 13, point 2: the examples stood at row 1000 of both sheets and were imported with
    the office's rows. They now stand on the notes sheet only; copied to the sheets they are a
    valid import."""
    content = importing.template_workbook()
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:2] == ["people", "family"]
    assert importing.read_file("template.xlsx", content)["people"] == []
    assert importing.read_file("template.xlsx", content)["family"] == []

    notes = list(book["คำอธิบาย"].iter_rows(values_only=True))
    for sheet in ("people", "family"):
        title = notes.index(
            next(r for r in notes if str(r[0]).startswith(f"ตัวอย่างการกรอกแผ่นงาน {sheet}"))
        )
        example = [value or "" for value in notes[title + 2]]
        for column, value in enumerate(example, start=1):  # row 2, as a clerk types it
            book[sheet].cell(row=2, column=column, value=value)
    filled = io.BytesIO()
    book.save(filled)
    batch = import_batch_check(file_name="filled.xlsx", content=filled.getvalue(), actor=officer)
    assert batch.checked_counts == {"created": 2, "updated": 0, "unchanged": 0, "refused": 0}


def test_rows_under_a_taken_key_are_refused_with_the_stored_batch_and_write_nothing(
    officer: User,
) -> None:
    rows = {
        "dates": "iso",
        "people": [
            {
                "row": 0,
                "values": {
                    "national_id": national_id(),
                    "title": "นาง",
                    "first_name_th": "คีย์",
                    "last_name_th": "ซ้ำ",
                    "birth_date": "1980-02-29",
                    "category": "teacher",
                },
            }
        ],
    }
    first = importing.import_rows_apply(
        rows=rows, name="API: k1", key="k1", sha256="a" * 64, actor=officer
    )
    assert (
        first.checked_counts
        == first.applied_counts
        == {
            "created": 1,
            "updated": 0,
            "unchanged": 0,
            "refused": 0,
        }
    )
    people, events, batches = (
        Person.objects.count(),
        AuditEvent.objects.count(),
        ImportBatch.objects.count(),
    )
    rows["people"][0]["values"]["national_id"] = national_id()
    with pytest.raises(importing.ImportKeyTaken) as taken:
        importing.import_rows_apply(
            rows=rows, name="API: k1", key="k1", sha256="b" * 64, actor=officer
        )
    assert taken.value.code == "people.import_key_taken"
    assert taken.value.batch == first and taken.value.batch.sha256 == "a" * 64
    assert (Person.objects.count(), AuditEvent.objects.count(), ImportBatch.objects.count()) == (
        people,
        events,
        batches,
    )
