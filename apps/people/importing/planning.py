"""The dry run: what applying rows to the register now would do, row by row, and why a row is
refused (each problem with a stable code and a Thai and English message). Reads, never writes.

Dates are Buddhist Era, "26/09/2557" or "26 ก.ย. 2557"; a year below 2400 is reported as a
C.E. year typed by mistake, never converted (the API's rows: ISO 8601, C.E.). Categories,
statuses, relations and child statuses are written as their key or their Thai name. A column
the rows lack leaves a registered value alone; an empty cell clears it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import override

from apps.people.models import (
    ChildStatus,
    FamilyMember,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
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
from core.thai import BuddhistDateError, normalize_national_id, parse_be_date, to_arabic_digits

TRUE_WORDS = {"1", "y", "yes", "true", "x", "✓", "ใช่", "มี", "เป็น"}
FALSE_WORDS = {"", "0", "n", "no", "false", "-", "ไม่", "ไม่ใช่", "ไม่มี", "ไม่เป็น"}


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
    """One row's outcome, as kept in `ImportBatch.report` and shown on the batch's page."""

    sheet: str
    row: int
    national_id: str
    name: str
    action: str = "create"  # create / update / unchanged / refused
    problems: list[dict[str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # {field: [old, new]} of an update, as the audit trail keeps them (national IDs masked)
    changes: dict[str, list[Any]] = field(default_factory=dict)

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
    """What `check` found: a report per row (in file order), and the rows that pass, with
    the registered row each would replace (None: new)."""

    reports: list[RowReport]
    people: list[tuple[RowReport, PersonData, Person | None]]
    family: list[tuple[RowReport, str, FamilyMemberData, FamilyMember | None]]

    def people_changes(self) -> list[tuple[PersonData, Person | None]]:
        """The people to write, with the registered row each replaces (None: new)."""
        return [
            (data, current) for report, data, current in self.people if report.action != "unchanged"
        ]

    def family_changes(self) -> list[tuple[str, FamilyMemberData, FamilyMember | None]]:
        """The family members to write: their person's national ID, values and registered row."""
        return [
            (person_id, data, current)
            for report, person_id, data, current in self.family
            if report.action != "unchanged"
        ]

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


def _refuse_too_long(report: RowReport, values: dict[str, str], model: type[Any]) -> None:
    """A text longer than its column holds, as it would be stored (cleaned; a national ID
    without dashes), is refused: never left to the database to refuse (a server error)."""
    for key, text in values.items():
        column = next((f for f in model._meta.get_fields() if f.name == key), None)
        limit = getattr(column, "max_length", None)
        stored = normalize_national_id(text) if key == "national_id" else clean_text(text)
        if limit is not None and len(stored) > limit:
            report.refuse(
                _problem(
                    "too_long",
                    f"{key} ยาวเกิน {limit} ตัวอักษร",
                    f"{key} is longer than {limit} characters.",
                    key,
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
        _refuse_too_long(report, values, Person)
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
            report.changes = audit_changes(before, after)
            report.changed = sorted(report.changes)
            report.action = "update" if report.changed else "unchanged"
        plan.people.append((report, data, current))

    _check_family(plan, family_rows, existing, in_file, relations, child_statuses, parse)
    return plan


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
        _refuse_too_long(report, values, FamilyMember)
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
            report.changes = audit_changes(before, after)
            report.changed = sorted(report.changes)
            report.action = "update" if report.changed else "unchanged"
        plan.family.append((report, person_id, data, current))


def _member_data(member: FamilyMember) -> FamilyMemberData:
    return FamilyMemberData(**{name: getattr(member, name) for name in FAMILY_FIELDS})
