"""Set-up of the desk tests: people and accounts of office `alpha`, times in Bangkok."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from apps.people.models import Person
from core.thai import BANGKOK
from tenants.models import Office
from tests.people.factories import PersonFactory


def bangkok(day: date, hour: int = 9, minute: int = 0, second: int = 0) -> datetime:
    """An aware datetime at a Bangkok wall-clock time."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=BANGKOK)


def make_person(first_name: str = "สมศรี", last_name: str = "ใจดี") -> Person:
    """A person of the current schema's register, registered through the people services."""
    return PersonFactory(
        title="นาง",
        first_name_th=first_name,
        last_name_th=last_name,
        birth_date=date(1975, 5, 1),
        category="teacher",
    )


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def in_alpha(office_a: Office) -> Iterator[Office]:
    """Run the test body in office alpha's schema."""
    with schema_context(office_a.schema_name):
        yield office_a
