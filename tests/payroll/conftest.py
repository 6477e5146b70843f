from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from apps.people.models import Person
from tenants.models import Office
from tests.people.factories import make_person


@pytest.fixture
def in_alpha(office_a: Office) -> Iterator[Office]:
    with schema_context(office_a.schema_name):
        yield office_a


@pytest.fixture
def finance(in_alpha: Office) -> User:
    return User.objects.get(username="finance_officer")


@pytest.fixture
def person(in_alpha: Office) -> Person:
    return make_person(monthly_salary=None)
