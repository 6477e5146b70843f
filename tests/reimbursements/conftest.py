"""Set-up of the claim tests: a teacher of office alpha with a family, receipts, and rates."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from apps.people.models import FamilyMember, Person
from apps.reimbursements.models import Claim
from apps.reimbursements.services import ItemInput, ReceiptInput
from central.rates import ChildEducationRate
from core.thai import BANGKOK, national_id_check_digit
from tenants.models import Office
from tests.onestop.conftest import bangkok, user
from tests.reimbursements.factories import MedicalClaimFactory

__all__ = ["bangkok", "user"]

_serial = itertools.count(500_000)


def national_id(serial: int | None = None) -> str:
    first_12 = f"1{serial or next(_serial):011d}"
    return first_12 + str(national_id_check_digit(first_12))


def make_claimant(category: str = "teacher", status: str = "active") -> Person:
    return Person.objects.create(
        national_id=national_id(),
        title="นาง",
        first_name_th="สมศรี",
        last_name_th="ใจดี",
        birth_date=date(1975, 5, 1),
        category=category,
        status=status,
    )


def add_child(person: Person, order: int, born: date, **facts: object) -> FamilyMember:
    values: dict[str, object] = {
        "child_status": "legitimate",
        "national_id": national_id(),
        **facts,
    }
    return FamilyMember.objects.create(
        person=person,
        relation="child",
        title="เด็กหญิง",
        first_name_th=f"ลูกคนที่{order}",
        last_name_th=person.last_name_th,
        birth_date=born,
        birth_order=order,
        **values,
    )


def add_member(person: Person, relation: str, **facts: object) -> FamilyMember:
    return FamilyMember.objects.create(
        person=person,
        relation=relation,
        national_id=national_id(),
        title="นาย",
        first_name_th=relation,
        last_name_th=person.last_name_th,
        birth_date=date(1945, 1, 1),
        **facts,
    )


def medical_receipt(
    number: str = "R-001", issued_on: date = date(2014, 5, 20), *items: ItemInput
) -> ReceiptInput:
    return ReceiptInput(
        number=number,
        issued_on=issued_on,
        items=items or (ItemInput(kind="medicine", amount=Decimal("1250.50")),),
    )


def make_medical_claim(receipt_number: str = "R-001") -> Claim:
    """A received outpatient claim of a new teacher, at a government hospital, with one receipt
    (in the schema that is active)."""
    return MedicalClaimFactory(receipts=[medical_receipt(receipt_number, date(2014, 5, 20))])


def school_receipt(
    number: str = "S-001", issued_on: date = date(2014, 6, 2), amount: str = "3000.00"
) -> ReceiptInput:
    return ReceiptInput(number=number, issued_on=issued_on, amount=Decimal(amount))


@pytest.fixture
def in_alpha(office_a: Office) -> Iterator[Office]:
    with schema_context(office_a.schema_name):
        yield office_a


@pytest.fixture
def rates(db: None) -> Iterator[dict[str, ChildEducationRate]]:
    """Rates in force for academic year 2557, confirmed (public schema; rolled back with the
    test)."""
    actual = ChildEducationRate.objects.create(
        effective_academic_year=2550,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("4000.00"),
        source_letter="ทดสอบ 1",
        is_confirmed=True,
    )
    share = ChildEducationRate.objects.create(
        effective_academic_year=2550,
        school_type="private",
        level="primary",
        method="share",
        share_percent=Decimal("50"),
        cap_per_academic_year=Decimal("3500.00"),
        source_letter="ทดสอบ 2",
        is_confirmed=True,
    )
    yield {"actual": actual, "share": share}


def noon(day: date) -> object:
    return bangkok(day, 12, 0)


__all__ += ["BANGKOK"]
