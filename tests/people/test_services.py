from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from apps.people import services
from apps.people.models import FamilyMember, Person, PersonStatus, School
from apps.people.services import FamilyMemberData, PeopleError
from audit.models import AuditEvent
from core.errors import PermissionDeniedError
from core.thai import format_national_id, is_valid_national_id, to_thai_digits
from tests.people.factories import make_child, make_person, make_school, national_id, person_data

pytestmark = pytest.mark.django_db


def test_the_check_digit_rule_of_the_domain_brief() -> None:
    assert is_valid_national_id("1103700012346")
    assert not is_valid_national_id("1103700012345")
    body = "110370001234"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    assert int(national_id()[-1]) in range(10)
    assert is_valid_national_id(body + str((11 - total % 11) % 10))


def test_national_id_with_dashes_and_thai_digits_is_stored_as_13_digits(
    in_alpha: object, officer: User
) -> None:
    number = national_id()
    typed = to_thai_digits(format_national_id(number))
    person = services.person_create(data=person_data(national_id=typed), actor=officer)
    assert Person.objects.get(pk=person.pk).national_id == number


@pytest.mark.parametrize("bad", ["1103700012345", "12345", "11037000123ab"])
def test_a_bad_national_id_is_refused_and_nothing_is_written(
    in_alpha: object, officer: User, bad: str
) -> None:
    with pytest.raises(PeopleError) as refused:
        services.person_create(data=person_data(national_id=bad), actor=officer)
    assert refused.value.code == "people.invalid_national_id"
    assert refused.value.message_th and refused.value.message_en
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="person.").exists()


def test_a_registered_national_id_is_refused(in_alpha: object, officer: User) -> None:
    person = make_person()
    with pytest.raises(PeopleError) as refused:
        services.person_create(
            data=person_data(national_id=format_national_id(person.national_id)), actor=officer
        )
    assert refused.value.code == "people.duplicate_national_id"
    assert refused.value.field == "national_id"
    assert Person.objects.count() == 1


def test_creation_is_audited_with_the_national_id_masked(in_alpha: object, officer: User) -> None:
    person = services.person_create(data=person_data(), actor=officer)
    event = AuditEvent.objects.get(action="person.created")
    assert event.actor == officer and event.target_id == str(person.pk)
    assert person.national_id not in json.dumps(event.changes)
    assert event.changes["national_id"] == [None, person.masked_national_id]
    assert event.changes["first_name_th"] == [None, "สมชาย"]


def test_an_update_records_old_and_new_values(in_alpha: object, officer: User) -> None:
    person = make_person()
    services.person_update(
        person=person,
        data=person_data(national_id=person.national_id, monthly_salary=Decimal("36000")),
        actor=officer,
    )
    event = AuditEvent.objects.get(action="person.updated")
    assert event.changes == {"monthly_salary": ["35000.00", "36000.00"]}


def test_a_changed_national_id_is_audited_masked_even_when_both_mask_alike(
    in_alpha: object, officer: User
) -> None:
    person = make_person(national_id=national_id(seed=1))
    other = national_id(seed=1)[:5] + "9999999" + national_id(seed=1)[12]
    body = other[:12]
    from core.thai import national_id_check_digit

    other = body + str(national_id_check_digit(body))
    services.person_update(person=person, data=person_data(national_id=other), actor=officer)
    event = AuditEvent.objects.get(action="person.updated")
    assert "national_id" in event.changes
    assert person.national_id not in json.dumps(event.changes)
    assert other not in json.dumps(event.changes)


def test_an_update_that_changes_nothing_writes_nothing(in_alpha: object, officer: User) -> None:
    person = make_person()
    stamp = Person.objects.get(pk=person.pk).updated_at
    services.person_update(
        person=person, data=person_data(national_id=person.national_id), actor=officer
    )
    assert not AuditEvent.objects.filter(action="person.updated").exists()
    assert Person.objects.get(pk=person.pk).updated_at == stamp


def test_names_are_stored_cleaned_of_invisible_differences(in_alpha: object) -> None:
    person = make_person(first_name_th="  สม\u200bชาย ", last_name_th="ค\u0e4d\u0e32ดี")
    assert person.first_name_th == "สมชาย"
    assert person.last_name_th == "คำดี"


def test_a_birth_date_in_the_future_is_refused(in_alpha: object, officer: User) -> None:
    with pytest.raises(PeopleError) as refused:
        services.person_create(data=person_data(birth_date=date(2999, 1, 1)), actor=officer)
    assert refused.value.code == "people.invalid_birth_date"


def test_status_other_than_in_service_needs_a_date(in_alpha: object, officer: User) -> None:
    person = make_person()
    with pytest.raises(PeopleError) as refused:
        services.person_set_status(
            person=person, status=PersonStatus.RETIRED, status_date=None, actor=officer
        )
    assert refused.value.code == "people.status_needs_date"
    services.person_set_status(
        person=person, status=PersonStatus.RETIRED, status_date=date(2020, 9, 30), actor=officer
    )
    person.refresh_from_db()
    assert person.status == PersonStatus.RETIRED
    event = AuditEvent.objects.get(action="person.status_changed")
    assert event.changes["status"] == ["active", "retired"]


def test_an_inactive_school_takes_no_new_people(in_alpha: object, officer: User) -> None:
    school = make_school()
    services.school_update(
        school=school,
        code=school.code,
        name_th=school.name_th,
        district="",
        is_active=False,
        actor=officer,
    )
    school.refresh_from_db()
    with pytest.raises(PeopleError) as refused:
        services.person_create(data=person_data(school=school), actor=officer)
    assert refused.value.code == "people.inactive_school"


def test_school_codes_are_unique(in_alpha: object, officer: User) -> None:
    make_school(code="93020001")
    with pytest.raises(PeopleError) as refused:
        services.school_create(code="๙๓๐๒๐๐๐๑", name_th="ซ้ำ", actor=officer)
    assert refused.value.code == "people.duplicate_school_code"
    assert School.objects.count() == 1
    assert AuditEvent.objects.filter(action="school.created").count() == 1


def _spouse(**overrides: object) -> FamilyMemberData:
    values: dict[str, object] = {
        "relation": "spouse",
        "title": "นาง",
        "first_name_th": "สมศรี",
        "last_name_th": "ใจดี",
    }
    values.update(overrides)
    return FamilyMemberData(**values)  # type: ignore[arg-type]


def test_family_add_update_remove_are_audited(in_alpha: object, officer: User) -> None:
    person = make_person()
    member = services.family_member_add(person=person, data=_spouse(), actor=officer)
    services.family_member_update(
        member=member, data=_spouse(first_name_th="สมศรีใหม่"), actor=officer
    )
    services.family_member_remove(member=member, actor=officer)
    actions = list(
        AuditEvent.objects.filter(action__startswith="family_member.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["family_member.added", "family_member.updated", "family_member.removed"]
    updated = AuditEvent.objects.get(action="family_member.updated")
    assert updated.changes == {"first_name_th": ["สมศรี", "สมศรีใหม่"]}
    assert not FamilyMember.objects.exists()


def test_one_spouse_and_one_child_per_birth_order(in_alpha: object, officer: User) -> None:
    person = make_person()
    services.family_member_add(person=person, data=_spouse(), actor=officer)
    with pytest.raises(PeopleError) as refused:
        services.family_member_add(person=person, data=_spouse(), actor=officer)
    assert refused.value.code == "people.duplicate_relation"
    make_child(person, 1)
    with pytest.raises(PeopleError) as refused:
        make_child(person, 1)
    assert refused.value.code == "people.duplicate_birth_order"
    assert FamilyMember.objects.count() == 2


def test_a_child_needs_order_and_status_and_only_children_have_them(
    in_alpha: object, officer: User
) -> None:
    person = make_person()
    with pytest.raises(PeopleError) as refused:
        services.family_member_add(person=person, data=_spouse(relation="child"), actor=officer)
    assert refused.value.code == "people.child_needs_birth_order"
    with pytest.raises(PeopleError) as refused:
        services.family_member_add(person=person, data=_spouse(birth_order=1), actor=officer)
    assert refused.value.code == "people.only_children_have_order"


def test_a_family_member_cannot_carry_the_persons_own_id(in_alpha: object, officer: User) -> None:
    person = make_person()
    with pytest.raises(PeopleError) as refused:
        services.family_member_add(
            person=person, data=_spouse(national_id=person.national_id), actor=officer
        )
    assert refused.value.code == "people.family_is_the_person"


def test_family_national_ids_are_masked_in_the_audit_trail(in_alpha: object, officer: User) -> None:
    person = make_person()
    number = national_id()
    services.family_member_add(person=person, data=_spouse(national_id=number), actor=officer)
    event = AuditEvent.objects.get(action="family_member.added")
    assert number not in json.dumps(event.changes)


# --- who may write: checked by the services, whoever calls them -----------------------------

EDITORS = {"office_admin", "welfare_officer"}


@pytest.mark.parametrize(
    "role", ["office_admin", "welfare_officer", "finance_officer", "approver", "viewer"]
)
def test_every_write_refuses_a_role_that_does_not_keep_the_register(
    in_alpha: object, role: str
) -> None:
    actor = User.objects.get(username=role)
    person, school = make_person(), make_school()
    child = make_child(person)
    writes = [
        lambda: services.person_create(data=person_data(), actor=actor),
        lambda: services.person_update(
            person=person, data=person_data(national_id=person.national_id), actor=actor
        ),
        lambda: services.person_set_status(
            person=person, status="retired", status_date=date(2024, 10, 1), actor=actor
        ),
        lambda: services.family_member_add(
            person=person,
            data=FamilyMemberData(relation="spouse", first_name_th="สมหญิง", last_name_th="ใจดี"),
            actor=actor,
        ),
        lambda: services.family_member_update(
            member=child,
            data=FamilyMemberData(
                relation="child",
                first_name_th="เปลี่ยน",
                last_name_th="ใจดี",
                birth_date=date(2012, 6, 1),
                birth_order=1,
                child_status="legitimate",
            ),
            actor=actor,
        ),
        lambda: services.family_member_remove(member=child, actor=actor),
        lambda: services.school_create(code="91234567", name_th="โรงเรียนใหม่", actor=actor),
        lambda: services.school_update(
            school=school,
            code=school.code,
            name_th="ชื่อใหม่",
            district="",
            is_active=True,
            actor=actor,
        ),
        lambda: services.people_change_many(people=[(person_data(), None)], family=[], actor=actor),
    ]
    if role in EDITORS:
        for write in writes:
            write()
        assert Person.objects.get(pk=person.pk).status == "retired"
        assert not FamilyMember.objects.filter(pk=child.pk).exists()
        return
    before = (
        list(Person.objects.values_list("pk", "first_name_th", "status")),
        list(FamilyMember.objects.values_list("pk", "first_name_th")),
        list(School.objects.values_list("pk", "name_th")),
        AuditEvent.objects.count(),
    )
    for write in writes:
        with pytest.raises(PermissionDeniedError) as caught:
            write()
        assert caught.value.code == "people.not_allowed"
    after = (
        list(Person.objects.values_list("pk", "first_name_th", "status")),
        list(FamilyMember.objects.values_list("pk", "first_name_th")),
        list(School.objects.values_list("pk", "name_th")),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_writing_many_writes_and_audits_only_what_differs_and_feeds_each_person_once(
    officer: User,
) -> None:
    from outbox.models import OutboxEvent

    def _fields(member: FamilyMember) -> dict[str, object]:
        return {name: getattr(member, name) for name in services.FAMILY_FIELDS}

    kept, changed = make_person(), make_person()
    child = make_child(changed)
    last_event = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events = AuditEvent.objects.count()
    new = person_data()
    stored = {p.pk: p for p in Person.objects.filter(pk__in=[kept.pk, changed.pk])}
    services.people_change_many(
        people=[
            (new, None),
            (person_data(national_id=kept.national_id), stored[kept.pk]),  # the same values
            (
                person_data(national_id=changed.national_id, position="ครูชำนาญการ"),
                stored[changed.pk],
            ),
        ],
        family=[
            (
                new.national_id,
                FamilyMemberData(relation="spouse", first_name_th="คู่", last_name_th="ใจดี"),
                None,
            ),
            (
                changed.national_id,
                FamilyMemberData(**_fields(child) | {"first_name_th": "ลูกชาย"}),
                FamilyMember.objects.select_related("person").get(pk=child.pk),
            ),
        ],
        actor=officer,
        source={"import_batch": [None, 7]},
    )
    created = Person.objects.get(national_id=new.national_id)
    assert created.family.get().first_name_th == "คู่"
    assert Person.objects.get(pk=changed.pk).position == "ครูชำนาญการ"
    assert FamilyMember.objects.get(pk=child.pk).first_name_th == "ลูกชาย"
    trail = list(AuditEvent.objects.order_by("id")[events:])
    assert [(e.action, e.actor_id) for e in trail] == [
        ("person.created", officer.pk),
        ("person.updated", officer.pk),
        ("family_member.added", officer.pk),
        ("family_member.updated", officer.pk),
    ]
    assert all(e.changes["import_batch"] == [None, 7] for e in trail)
    assert trail[1].changes["position"] == ["ครู", "ครูชำนาญการ"]
    assert new.national_id not in str(trail[0].changes)  # masked, as the services record it
    fed = OutboxEvent.objects.filter(id__gt=last_event).order_by("id")
    assert [(e.action, e.resource_id) for e in fed] == [
        ("created", str(created.pk)),
        ("updated", str(changed.pk)),
    ]
    assert Person.objects.get(pk=kept.pk).updated_at == kept.updated_at


def test_the_factories_register_through_the_services(officer: User) -> None:
    from tests.people.factories import ChildFactory, FamilyMemberFactory, PersonFactory

    person = PersonFactory(actor=officer, first_name_th="โรงงาน")
    child, spouse = ChildFactory(person=person), FamilyMemberFactory(person=person)
    assert (child.birth_order, child.first_name_th, spouse.relation) == (1, "ลูกคนที่1", "spouse")
    assert isinstance(PersonFactory.build(), services.PersonData)
    actions = [
        (event.action, event.actor_id)
        for obj in (person, child, spouse)
        for event in AuditEvent.objects.filter(
            target_type=obj._meta.label_lower, target_id=str(obj.pk)
        )
    ]
    assert sorted(actions) == [
        ("family_member.added", None),
        ("family_member.added", None),
        ("person.created", officer.pk),
    ]
