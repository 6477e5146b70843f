"""Test data for the register of people, made through the services (as the style asks).

The factories build the services' values (`PersonData`, `FamilyMemberData`) and create rows
by calling the services, so a test's data is audited and reaches the change feed like an
officer's: `PersonFactory()` registers a person (`person_create`), `PersonFactory.build()` is
only the values; `ChildFactory(person=p)` and `FamilyMemberFactory(person=p, relation=...)` add
to a family (`family_member_add`); `SchoolFactory()` registers a school (`school_create`). Pass
`actor=` to name who did it (default: nobody). The functions below them are the shorthands
most tests use.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import factory

from apps.people.models import FamilyMember, Person, School
from apps.people.services import (
    FamilyMemberData,
    PersonData,
    family_member_add,
    person_create,
    school_create,
)
from core.thai import national_id_check_digit

_serial = itertools.count(1)


def national_id(seed: int | None = None, first: str = "3") -> str:
    """A valid national ID, unique per call unless `seed` is given."""
    number = next(_serial) if seed is None else seed
    body = f"{first}{number:011d}"
    return body + str(national_id_check_digit(body))


class SchoolFactory(factory.Factory):
    class Meta:
        model = dict

    code = factory.LazyFunction(lambda: f"9{next(_serial):07d}")
    name_th = factory.LazyAttribute(lambda school: f"โรงเรียนบ้านทดสอบ {school.code}")
    district = ""
    actor = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> School:
        return school_create(**kwargs)


class PersonFactory(factory.Factory):
    """A teacher with a salary; any field of `PersonData` can be given."""

    class Meta:
        model = PersonData

    national_id = factory.LazyFunction(national_id)
    title = "นาย"
    first_name_th = "สมชาย"
    last_name_th = "ใจดี"
    first_name_en = "Somchai"
    last_name_en = "Jaidee"
    birth_date = date(1977, 9, 26)
    category = "teacher"
    position = "ครู"
    monthly_salary = Decimal("35000.00")
    actor = None

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> PersonData:
        kwargs.pop("actor", None)
        return model_class(**kwargs)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Person:
        actor = kwargs.pop("actor", None)
        return person_create(data=model_class(**kwargs), actor=actor)


class FamilyMemberFactory(factory.Factory):
    """A member of `person`'s family (a new person unless given): a spouse unless `relation`
    says otherwise (for a child, ChildFactory)."""

    class Meta:
        model = FamilyMemberData

    person = factory.SubFactory(PersonFactory)
    actor = None
    relation = "spouse"
    title = "นาง"
    first_name_th = factory.LazyAttribute(lambda member: member.relation)
    last_name_th = factory.LazyAttribute(lambda member: member.person.last_name_th)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> FamilyMember:
        person, actor = kwargs.pop("person"), kwargs.pop("actor", None)
        return family_member_add(person=person, data=model_class(**kwargs), actor=actor)

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> FamilyMemberData:
        kwargs.pop("person", None)
        kwargs.pop("actor", None)
        return model_class(**kwargs)


class ChildFactory(FamilyMemberFactory):
    """A legitimate child, born 2012, first in order unless `birth_order` says otherwise."""

    relation = "child"
    title = "ด.ช."
    first_name_th = factory.LazyAttribute(lambda child: f"ลูกคนที่{child.birth_order}")
    birth_date = date(2012, 6, 1)
    birth_order = 1
    child_status = "legitimate"


def make_school(code: str | None = None, name_th: str = "โรงเรียนบ้านทดสอบ") -> School:
    code = code or f"9{next(_serial):07d}"
    return SchoolFactory(code=code, name_th=f"{name_th} {code}")


def person_data(**overrides: Any) -> PersonData:
    return PersonFactory.build(**overrides)


def make_person(actor: Any = None, **overrides: Any) -> Person:
    return PersonFactory(actor=actor, **overrides)


def make_child(person: Person, order: int = 1, **overrides: Any) -> FamilyMember:
    return ChildFactory(person=person, birth_order=order, **overrides)
