"""Test data for the register of people, made through the services (as the style asks)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

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


def make_school(code: str | None = None, name_th: str = "โรงเรียนบ้านทดสอบ") -> School:
    code = code or f"9{next(_serial):07d}"
    return school_create(code=code, name_th=f"{name_th} {code}", actor=None)


def person_data(**overrides: Any) -> PersonData:
    values: dict[str, Any] = {
        "national_id": national_id(),
        "title": "นาย",
        "first_name_th": "สมชาย",
        "last_name_th": "ใจดี",
        "first_name_en": "Somchai",
        "last_name_en": "Jaidee",
        "birth_date": date(1977, 9, 26),
        "category": "teacher",
        "position": "ครู",
        "monthly_salary": Decimal("35000.00"),
    }
    values.update(overrides)
    return PersonData(**values)


def make_person(actor: Any = None, **overrides: Any) -> Person:
    return person_create(data=person_data(**overrides), actor=actor)


def make_child(person: Person, order: int = 1, **overrides: Any) -> FamilyMember:
    values: dict[str, Any] = {
        "relation": "child",
        "title": "ด.ช.",
        "first_name_th": f"ลูกคนที่{order}",
        "last_name_th": person.last_name_th,
        "birth_date": date(2012, 6, 1),
        "birth_order": order,
        "child_status": "legitimate",
    }
    values.update(overrides)
    return family_member_add(person=person, data=FamilyMemberData(**values), actor=None)
