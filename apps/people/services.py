"""Every write to the register of people: schools, people, their status and their families.

The functions here are the only writers. Each runs in one transaction, refuses bad input with a
`PeopleError` (stable code, Thai and English message) before writing anything, and records
what changed in the office's audit trail (`audit.services.audit_record`), with national IDs
masked. They must run in an office's schema (the view or task has switched to it).

Who may write is checked here (`apps.people.permissions.EDITOR_ROLES`, `people.not_allowed`):
the actor is a user or a machine client of the API acting as its scopes' roles. An actor of
None is the system itself (a management command, a migration, the demo data), never a request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.people.models import (
    ChildStatus,
    FamilyMember,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
from apps.people.module import PERSON
from apps.people.permissions import EDITOR_ROLES
from apps.people.text import clean_text
from audit.services import AuditEntry, audit_record, audit_record_many
from core import kit
from core.thai import is_valid_national_id, mask_national_id, normalize_national_id
from outbox.services import outbox_record, outbox_record_many

MAX_SALARY = Decimal("999999999999.99")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
SINGLE_RELATIONS = {Relation.SPOUSE, Relation.FATHER, Relation.MOTHER}


class PeopleError(kit.Refusal):
    prefix = "people"


# ---------------------------------------------------------------------------------------------
# Values: what a form or an import row says about a person or a family member


@dataclass(frozen=True)
class PersonData:
    """Everything a person's record holds that people edit (not the status; see
    `person_set_status`, which also a form of its own changes)."""

    national_id: str
    title: str
    first_name_th: str
    last_name_th: str
    birth_date: date
    category: str
    first_name_en: str = ""
    last_name_en: str = ""
    position: str = ""
    academic_standing: str = ""
    school: School | None = None
    monthly_salary: Decimal | None = None
    status: str = PersonStatus.ACTIVE
    status_date: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""

    def cleaned(self) -> PersonData:
        """The same values with texts cleaned and the national ID in its stored form."""
        texts: dict[str, Any] = {
            f.name: clean_text(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        texts["national_id"] = normalize_national_id(clean_text(self.national_id))
        texts["email"] = texts["email"].lower()
        salary = self.monthly_salary
        if salary is not None and salary.is_finite() and abs(salary) <= MAX_SALARY:
            salary = salary.quantize(Decimal("0.01"))
        return dataclasses.replace(self, **texts, monthly_salary=salary)


@dataclass(frozen=True)
class FamilyMemberData:
    relation: str
    first_name_th: str
    last_name_th: str
    title: str = ""
    national_id: str = ""
    birth_date: date | None = None
    birth_order: int | None = None
    child_status: str = ""
    is_twin: bool = False
    is_disabled: bool = False
    disabled_on: date | None = None
    is_incompetent: bool = False
    incompetent_on: date | None = None
    is_deceased: bool = False
    died_on: date | None = None

    def cleaned(self) -> FamilyMemberData:
        texts: dict[str, Any] = {
            f.name: clean_text(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        texts["national_id"] = normalize_national_id(texts["national_id"])
        return dataclasses.replace(self, **texts)


PERSON_FIELDS = tuple(f.name for f in dataclasses.fields(PersonData))
FAMILY_FIELDS = tuple(f.name for f in dataclasses.fields(FamilyMemberData))


def _check_editor(actor: Any, doing: tuple[str, str]) -> None:
    """Refuse `people.not_allowed` unless `actor` keeps the register (None: the system)."""
    if actor is not None:
        kit.require_role(actor, *EDITOR_ROLES, code="people.not_allowed", doing=doing)


def national_id_problem(value: str, *, field: str = "national_id") -> PeopleError | None:
    """Why `value` (already normalized) is not a national ID, or None."""
    if len(value) != 13 or not value.isdigit():
        return PeopleError.refuse(
            "invalid_national_id",
            "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก",
            "A national ID has 13 digits.",
            field,
        )
    if not is_valid_national_id(value):
        return PeopleError.refuse(
            "invalid_national_id",
            "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขหลักสุดท้ายไม่ตรงกับเลขตรวจสอบ)",
            "The national ID's check digit is wrong.",
            field,
        )
    return None


def person_problems(data: PersonData) -> list[PeopleError]:
    """Every problem of `data` (cleaned) that needs no database: the import lists them all,
    the services raise the first."""
    problems: list[PeopleError] = []
    if (problem := national_id_problem(data.national_id)) is not None:
        problems.append(problem)
    for name, th, en in (
        ("title", "คำนำหน้าชื่อ", "title"),
        ("first_name_th", "ชื่อ (ภาษาไทย)", "Thai first name"),
        ("last_name_th", "นามสกุล (ภาษาไทย)", "Thai last name"),
    ):
        if not getattr(data, name):
            problems.append(
                PeopleError.refuse("required", f"กรุณากรอก{th}", f"The {en} is required.", name)
            )
    if data.category not in PersonCategory.values:
        problems.append(
            PeopleError.refuse(
                "invalid_category",
                f"ประเภทบุคลากร “{data.category}” ไม่ถูกต้อง",
                f"Unknown category “{data.category}”.",
                "category",
            )
        )
    if data.status not in PersonStatus.values:
        problems.append(
            PeopleError.refuse(
                "invalid_status",
                f"สถานะ “{data.status}” ไม่ถูกต้อง",
                f"Unknown status “{data.status}”.",
                "status",
            )
        )
    today = timezone.localdate()
    if not EARLIEST_BIRTH_DATE <= data.birth_date <= today:
        problems.append(
            PeopleError.refuse(
                "invalid_birth_date",
                "วันเกิดต้องไม่เป็นวันในอนาคตและไม่ก่อน พ.ศ. 2443",
                "The birth date must be between 1900 and today.",
                "birth_date",
            )
        )
    if data.status_date is not None and data.status_date < data.birth_date:
        problems.append(
            PeopleError.refuse(
                "invalid_status_date",
                "วันที่ของสถานะต้องไม่ก่อนวันเกิด",
                "The status date cannot be before the birth date.",
                "status_date",
            )
        )
    salary = data.monthly_salary
    if salary is not None and not (salary.is_finite() and Decimal(0) <= salary <= MAX_SALARY):
        problems.append(
            PeopleError.refuse(
                "invalid_salary",
                "เงินเดือนต้องไม่ติดลบ",
                "The monthly salary cannot be negative.",
                "monthly_salary",
            )
        )
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            problems.append(
                PeopleError.refuse(
                    "invalid_email",
                    "อีเมลไม่ถูกต้อง",
                    "The e-mail address is not valid.",
                    "email",
                )
            )
    return problems


def family_problems(data: FamilyMemberData, *, person_national_id: str) -> list[PeopleError]:
    """Every problem of `data` (cleaned) that needs no database."""
    problems: list[PeopleError] = []
    if data.relation not in Relation.values:
        problems.append(
            PeopleError.refuse(
                "invalid_relation",
                f"ความสัมพันธ์ “{data.relation}” ไม่ถูกต้อง (คู่สมรส บิดา มารดา หรือบุตร)",
                f"Unknown relation “{data.relation}” (spouse, father, mother or child).",
                "relation",
            )
        )
    if data.national_id:
        if (problem := national_id_problem(data.national_id)) is not None:
            problems.append(problem)
        elif data.national_id == person_national_id:
            problems.append(
                PeopleError.refuse(
                    "family_is_the_person",
                    "เลขประจำตัวประชาชนของสมาชิกครอบครัวซ้ำกับของเจ้าของข้อมูล",
                    "A family member cannot have the person's own national ID.",
                    "national_id",
                )
            )
    for name, th, en in (
        ("first_name_th", "ชื่อ (ภาษาไทย)", "Thai first name"),
        ("last_name_th", "นามสกุล (ภาษาไทย)", "Thai last name"),
    ):
        if not getattr(data, name):
            problems.append(
                PeopleError.refuse("required", f"กรุณากรอก{th}", f"The {en} is required.", name)
            )
    if data.relation == Relation.CHILD:
        if data.birth_order is None or data.birth_order < 1:
            problems.append(
                PeopleError.refuse(
                    "child_needs_birth_order",
                    "บุตรต้องมีลำดับการเกิด (1, 2, 3, …)",
                    "A child needs a birth order (1, 2, 3, …).",
                    "birth_order",
                )
            )
        if data.child_status not in ChildStatus.values:
            problems.append(
                PeopleError.refuse(
                    "child_needs_status",
                    "กรุณาระบุสถานะบุตร (บุตรชอบด้วยกฎหมาย บุตรบุญธรรม หรือยกให้ผู้อื่นเป็นบุตรบุญธรรม)",
                    "A child needs a status (legitimate, adopted or given for adoption).",
                    "child_status",
                )
            )
    elif data.child_status or data.birth_order is not None or data.is_twin:
        problems.append(
            PeopleError.refuse(
                "only_children_have_order",
                "ลำดับการเกิด สถานะบุตร และการเป็นแฝด ใช้กับบุตรเท่านั้น",
                "Birth order, child status and twin apply to children only.",
                "relation",
            )
        )
    today = timezone.localdate()
    for name, th in (
        ("birth_date", "วันเกิด"),
        ("disabled_on", "วันที่เป็นผู้พิการ"),
        ("incompetent_on", "วันที่ศาลสั่งให้เป็นคนไร้ความสามารถ"),
        ("died_on", "วันที่ถึงแก่กรรม"),
    ):
        value = getattr(data, name)
        if value is not None and not EARLIEST_BIRTH_DATE <= value <= today:
            problems.append(
                PeopleError.refuse(
                    "invalid_date",
                    f"{th}ต้องไม่เป็นวันในอนาคต",
                    f"The {name.replace('_', ' ')} cannot be in the future.",
                    name,
                )
            )
    for flag, when, th in (
        ("is_disabled", "disabled_on", "ผู้พิการ"),
        ("is_incompetent", "incompetent_on", "คนไร้ความสามารถ"),
        ("is_deceased", "died_on", "ถึงแก่กรรม"),
    ):
        if getattr(data, when) is not None and not getattr(data, flag):
            problems.append(
                PeopleError.refuse(
                    "date_without_flag",
                    f"มีวันที่แต่ไม่ได้ระบุว่าเป็น{th}",
                    f"{when.replace('_', ' ')} is given but {flag} is not set.",
                    flag,
                )
            )
    return problems


def _values(data: PersonData | FamilyMemberData, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(data, name) for name in fields}


def _raise_first(problems: list[PeopleError]) -> None:
    if problems:
        raise problems[0]


# ---------------------------------------------------------------------------------------------
# Audit: values as JSON, national IDs masked


def jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, School):
        return value.code
    return value


def masked(value: str | None) -> str | None:
    """A national ID as it may appear in the audit trail."""
    if not value:
        return value
    try:
        return mask_national_id(value)
    except ValueError:
        return "x" * len(value)


def snapshot(obj: Person | FamilyMember, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in fields}


def audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for the fields that differ, national IDs masked (compared in
    full first, so a change between two IDs that mask alike is still recorded)."""
    changes: dict[str, list[Any]] = {}
    for key in list(before) + [k for k in after if k not in before]:
        old, new = before.get(key), after.get(key)
        if old != new:
            if key == "national_id":
                old, new = masked(old), masked(new)
            changes[key] = [old, new]
    return changes


# ---------------------------------------------------------------------------------------------
# Schools


def _school_code(code: str) -> str:
    from core.thai import to_arabic_digits

    return to_arabic_digits(clean_text(code)).replace(" ", "")


@transaction.atomic
def school_create(
    *,
    code: str,
    name_th: str,
    district: str = "",
    actor: Any,
    request: HttpRequest | None = None,
) -> School:
    _check_editor(actor, ("เพิ่มโรงเรียน", "add schools"))
    school = School(
        code=_school_code(code), name_th=clean_text(name_th), district=clean_text(district)
    )
    _check_school(school)
    _save_unique_school(school)
    audit_record(
        action="school.created",
        actor=actor,
        target=school,
        changes=audit_changes({}, snapshot(school, SCHOOL_FIELDS)),  # type: ignore[arg-type]
        request=request,
    )
    return school


@transaction.atomic
def school_update(
    *,
    school: School,
    code: str,
    name_th: str,
    district: str,
    is_active: bool,
    actor: Any,
    request: HttpRequest | None = None,
) -> School:
    _check_editor(actor, ("แก้ไขโรงเรียน", "change schools"))
    school = kit.lock(School, school.pk)
    before = snapshot(school, SCHOOL_FIELDS)  # type: ignore[arg-type]
    school.code, school.name_th = _school_code(code), clean_text(name_th)
    school.district, school.is_active = clean_text(district), is_active
    _check_school(school)
    changes = audit_changes(before, snapshot(school, SCHOOL_FIELDS))  # type: ignore[arg-type]
    if changes:
        _save_unique_school(school)
        audit_record(
            action="school.updated", actor=actor, target=school, changes=changes, request=request
        )
    return school


SCHOOL_FIELDS = ("code", "name_th", "district", "is_active")


def _check_school(school: School) -> None:
    if not school.code:
        raise PeopleError.refuse(
            "required", "กรุณากรอกรหัสโรงเรียน", "The school code is required.", "code"
        )
    if not school.name_th:
        raise PeopleError.refuse(
            "required", "กรุณากรอกชื่อโรงเรียน", "The school name is required.", "name_th"
        )


def _save_unique_school(school: School) -> None:
    duplicate = PeopleError.refuse(
        "duplicate_school_code",
        f"มีโรงเรียนรหัส {school.code} อยู่แล้ว",
        f"A school with code {school.code} exists.",
        "code",
    )
    if School.objects.filter(code=school.code).exclude(pk=school.pk).exists():
        raise duplicate
    try:
        with transaction.atomic():
            school.save()
    except IntegrityError:  # a concurrent insert of the same code
        raise duplicate from None


# ---------------------------------------------------------------------------------------------
# People


def _duplicate_national_id(national_id: str) -> PeopleError:
    return PeopleError.refuse(
        "duplicate_national_id",
        f"มีบุคคลเลขประจำตัวประชาชน {mask_national_id(national_id)} ในทะเบียนอยู่แล้ว",
        f"A person with national ID {mask_national_id(national_id)} is already registered.",
        "national_id",
    )


def _save_unique_person(person: Person) -> None:
    if Person.objects.filter(national_id=person.national_id).exclude(pk=person.pk).exists():
        raise _duplicate_national_id(person.national_id)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # a concurrent insert of the same national ID
        raise _duplicate_national_id(person.national_id) from None


def _check_school_usable(data: PersonData, current: School | None = None) -> None:
    # An inactive school stays on the people already there, but takes no new ones.
    if data.school is not None and not data.school.is_active and data.school != current:
        raise PeopleError.refuse(
            "inactive_school",
            f"โรงเรียน {data.school} ปิดการใช้งานแล้ว",
            f"The school {data.school} is inactive.",
            "school",
        )


@transaction.atomic
def person_create(*, data: PersonData, actor: Any, request: HttpRequest | None = None) -> Person:
    """Register a person. Refuses a bad or already registered national ID
    (`people.invalid_national_id`, `people.duplicate_national_id`)."""
    _check_editor(actor, ("เพิ่มบุคคลในทะเบียน", "register people"))
    data = data.cleaned()
    _raise_first(person_problems(data))
    _check_school_usable(data)
    person = Person(**_values(data, PERSON_FIELDS))
    _save_unique_person(person)
    audit_record(
        action="person.created",
        actor=actor,
        target=person,
        changes=audit_changes({}, snapshot(person, PERSON_FIELDS)),
        request=request,
    )
    outbox_record(resource=PERSON, action="created", obj=person)
    return person


@transaction.atomic
def person_update(
    *, person: Person, data: PersonData, actor: Any, request: HttpRequest | None = None
) -> Person:
    """Replace a person's editable values with `data`. Writes (and audits) nothing when
    nothing differs; the row is locked for the read-compare-write."""
    _check_editor(actor, ("แก้ไขทะเบียนบุคคล", "change the register of people"))
    data = data.cleaned()
    _raise_first(person_problems(data))
    person = kit.lock(Person.objects.select_related("school"), person.pk)
    _check_school_usable(data, current=person.school)
    before = snapshot(person, PERSON_FIELDS)
    for name in PERSON_FIELDS:
        setattr(person, name, getattr(data, name))
    changes = audit_changes(before, snapshot(person, PERSON_FIELDS))
    if changes:
        _save_unique_person(person)
        audit_record(
            action="person.updated", actor=actor, target=person, changes=changes, request=request
        )
        outbox_record(resource=PERSON, action="updated", obj=person)
    return person


@transaction.atomic
def person_set_status(
    *,
    person: Person,
    status: str,
    status_date: date | None,
    actor: Any,
    request: HttpRequest | None = None,
) -> Person:
    """Record that a person retired, transferred out or died (or is back in service)."""
    _check_editor(actor, ("เปลี่ยนสถานะบุคคล", "change a person's status"))
    person = kit.lock(Person, person.pk)
    if status not in PersonStatus.values:
        raise PeopleError.refuse(
            "invalid_status", f"สถานะ “{status}” ไม่ถูกต้อง", f"Unknown status “{status}”.", "status"
        )
    if status != PersonStatus.ACTIVE and status_date is None:
        raise PeopleError.refuse(
            "status_needs_date",
            "กรุณาระบุวันที่ของสถานะ",
            "A status other than in service needs its date.",
            "status_date",
        )
    if status_date is not None and (
        status_date < person.birth_date or status_date > timezone.localdate()
    ):
        raise PeopleError.refuse(
            "invalid_status_date",
            "วันที่ของสถานะต้องอยู่ระหว่างวันเกิดกับวันนี้",
            "The status date must be between the birth date and today.",
            "status_date",
        )
    before = snapshot(person, ("status", "status_date"))
    person.status, person.status_date = status, status_date
    changes = audit_changes(before, snapshot(person, ("status", "status_date")))
    if changes:
        person.save(update_fields=["status", "status_date", "updated_at"])
        audit_record(
            action="person.status_changed",
            actor=actor,
            target=person,
            changes=changes,
            request=request,
        )
        outbox_record(resource=PERSON, action="updated", obj=person)
    return person


# ---------------------------------------------------------------------------------------------
# Family members


def family_conflict(
    person: Person, data: FamilyMemberData, *, exclude_pk: int | None = None
) -> PeopleError | None:
    """Whether `data` clashes with the person's other family members (one spouse, father and
    mother; one child per birth order; a national ID once)."""
    others = FamilyMember.objects.filter(person=person)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if data.relation in SINGLE_RELATIONS and others.filter(relation=data.relation).exists():
        return PeopleError.refuse(
            "duplicate_relation",
            f"{person} มี{Relation(data.relation).label}ในทะเบียนแล้ว",
            f"{person} already has a {data.relation} registered.",
            "relation",
        )
    if (
        data.relation == Relation.CHILD
        and others.filter(relation=Relation.CHILD, birth_order=data.birth_order).exists()
    ):
        return PeopleError.refuse(
            "duplicate_birth_order",
            f"มีบุตรลำดับที่ {data.birth_order} แล้ว",
            f"A child with birth order {data.birth_order} is already registered.",
            "birth_order",
        )
    if data.national_id and others.filter(national_id=data.national_id).exists():
        return PeopleError.refuse(
            "duplicate_family_national_id",
            "เลขประจำตัวประชาชนนี้เป็นของสมาชิกครอบครัวคนอื่นของบุคคลนี้แล้ว",
            "Another family member of this person has this national ID.",
            "national_id",
        )
    return None


def _member_label(member: FamilyMember, person: Person) -> str:
    return f"{member} ({member.get_relation_display()} – {person})"


@transaction.atomic
def family_member_add(
    *,
    person: Person,
    data: FamilyMemberData,
    actor: Any,
    request: HttpRequest | None = None,
) -> FamilyMember:
    _check_editor(actor, ("เพิ่มสมาชิกครอบครัว", "add family members"))
    person = kit.lock(Person, person.pk)  # serializes family edits
    data = data.cleaned()
    _raise_first(family_problems(data, person_national_id=person.national_id))
    if (conflict := family_conflict(person, data)) is not None:
        raise conflict
    member = FamilyMember(person=person, **_values(data, FAMILY_FIELDS))
    member.save()
    audit_record(
        action="family_member.added",
        actor=actor,
        target=member,
        target_label=_member_label(member, person),
        changes=audit_changes({}, snapshot(member, FAMILY_FIELDS)),
        request=request,
    )
    outbox_record(resource=PERSON, action="updated", obj=person)
    return member


@transaction.atomic
def family_member_update(
    *,
    member: FamilyMember,
    data: FamilyMemberData,
    actor: Any,
    request: HttpRequest | None = None,
) -> FamilyMember:
    _check_editor(actor, ("แก้ไขสมาชิกครอบครัว", "change family members"))
    person = kit.lock(Person, member.person_id)
    member = FamilyMember.objects.get(pk=member.pk, person=person)
    data = data.cleaned()
    _raise_first(family_problems(data, person_national_id=person.national_id))
    if (conflict := family_conflict(person, data, exclude_pk=member.pk)) is not None:
        raise conflict
    before = snapshot(member, FAMILY_FIELDS)
    for name in FAMILY_FIELDS:
        setattr(member, name, getattr(data, name))
    changes = audit_changes(before, snapshot(member, FAMILY_FIELDS))
    if changes:
        member.save()
        audit_record(
            action="family_member.updated",
            actor=actor,
            target=member,
            target_label=_member_label(member, person),
            changes=changes,
            request=request,
        )
        outbox_record(resource=PERSON, action="updated", obj=person)
    return member


@transaction.atomic
def family_member_remove(
    *, member: FamilyMember, actor: Any, request: HttpRequest | None = None
) -> None:
    _check_editor(actor, ("ลบสมาชิกครอบครัว", "remove family members"))
    person = kit.lock(Person, member.person_id)
    member = FamilyMember.objects.get(pk=member.pk, person=person)
    audit_record(
        action="family_member.removed",
        actor=actor,
        target=member,
        target_label=_member_label(member, person),
        changes=audit_changes(snapshot(member, FAMILY_FIELDS), {}),
        request=request,
    )
    member.delete()
    outbox_record(resource=PERSON, action="updated", obj=person)


def parse_decimal(text: str) -> Decimal:
    """A salary as typed or exported: "35,000.50", Thai digits; raises ValueError."""
    from core.thai import to_arabic_digits

    cleaned = to_arabic_digits(clean_text(text)).replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------
# Many at once (the import)


@transaction.atomic
def people_change_many(
    *,
    people: Sequence[tuple[PersonData, Person | None]],
    family: Sequence[tuple[str, FamilyMemberData, FamilyMember | None]],
    actor: Any,
    request: HttpRequest | None = None,
    source: dict[str, Any] | None = None,
) -> None:
    """Create or update many people and family members at once, in bulk: the import's writer.

    `people` pairs each person's values with the registered row they replace (None: a new
    person); `family` names each member's person by national ID (one of `people`, or
    registered) and pairs the values with the registered member they replace (None: new).

    Contract: the values were checked in this transaction against the register as it is, as
    `apps.people.importing.planning.check` does (every `person_problems` and `family_problems`,
    clashes within the batch and with the register), and the rows to replace were read in it;
    nothing here checks them again, the database's constraints still hold (a clash raises
    IntegrityError, which rolls the whole call back). A row whose values equal the register's
    is neither written nor audited. Every write is audited as the single-row services audit
    it, with `source` added to each event's changes (`{"import_batch": [None, pk]}`), and each
    person whose record or family changed goes to the change feed once."""
    _check_editor(actor, ("นำเข้าทะเบียนบุคลากร", "import into the register"))
    now, source = timezone.now(), source or {}
    entries: list[AuditEntry] = []
    people_by_id: dict[str, Person] = {}
    new_people: list[Person] = []
    changed_people: list[Person] = []
    for data, current in people:
        if current is None:
            person = Person(**_values(data, PERSON_FIELDS))
            new_people.append(person)
        else:
            person = current
            before = snapshot(person, PERSON_FIELDS)
            for name in PERSON_FIELDS:
                setattr(person, name, getattr(data, name))
            if changes := audit_changes(before, snapshot(person, PERSON_FIELDS)):
                person.updated_at = now  # bulk_update skips auto_now
                changed_people.append(person)
                entries.append(AuditEntry("person.updated", person, changes | source))
        people_by_id[data.national_id] = person
    Person.objects.bulk_create(new_people, batch_size=1000)
    Person.objects.bulk_update(changed_people, [*PERSON_FIELDS, "updated_at"], batch_size=500)
    entries[:0] = [
        AuditEntry("person.created", p, audit_changes({}, snapshot(p, PERSON_FIELDS)) | source)
        for p in new_people
    ]

    elsewhere = {pid for pid, _, _ in family if pid not in people_by_id}
    people_by_id |= {p.national_id: p for p in Person.objects.filter(national_id__in=elsewhere)}
    new_members: list[FamilyMember] = []
    changed_members: list[tuple[FamilyMember, dict[str, Any]]] = []
    for person_id, member_data, member in family:
        if member is None:
            values = _values(member_data, FAMILY_FIELDS)
            new_members.append(FamilyMember(person=people_by_id[person_id], **values))
            continue
        before = snapshot(member, FAMILY_FIELDS)
        for name in FAMILY_FIELDS:
            setattr(member, name, getattr(member_data, name))
        if changes := audit_changes(before, snapshot(member, FAMILY_FIELDS)):
            changed_members.append((member, changes))
    FamilyMember.objects.bulk_create(new_members, batch_size=1000)
    FamilyMember.objects.bulk_update(
        [m for m, _ in changed_members], list(FAMILY_FIELDS), batch_size=500
    )
    # `_member_label`'s text, with each relation's name translated once rather than per row.
    relation_names = {value: str(name) for value, name in Relation.choices}

    def label(member: FamilyMember) -> str:
        return f"{member} ({relation_names[member.relation]} – {member.person})"

    entries += [
        AuditEntry(
            "family_member.added",
            m,
            audit_changes({}, snapshot(m, FAMILY_FIELDS)) | source,
            label(m),
        )
        for m in new_members
    ]
    entries += [
        AuditEntry("family_member.updated", m, changes | source, label(m))
        for m, changes in changed_members
    ]
    audit_record_many(entries=entries, actor=actor, request=request)
    created = {person.pk for person in new_people}
    touched = {person.pk: person for person in changed_people}
    for member in [*(m for m, _ in changed_members), *new_members]:
        touched.setdefault(member.person_id, member.person)
    outbox_record_many(resource=PERSON, action="created", objs=new_people)
    outbox_record_many(
        resource=PERSON,
        action="updated",
        objs=[person for pk, person in touched.items() if pk not in created],
    )
