"""Gap-free running numbers: the shared helper behind ticket and card numbers."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from apps.idcards.models import CardNumberCounter
from apps.onestop.models import TicketCounter
from core.sequences import next_number
from tenants.models import Office

pytestmark = pytest.mark.django_db


def test_numbers_run_per_key_from_one(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        day = date(2040, 1, 2)
        taken = [next_number(TicketCounter, day=day, prefix="A") for _ in range(3)]
        other = next_number(TicketCounter, day=day, prefix="B")
        assert taken == [1, 2, 3] and other == 1
        assert [next_number(CardNumberCounter, be_year=2583) for _ in range(2)] == [1, 2]


def test_a_key_is_required_and_must_name_columns(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        with pytest.raises(ValueError, match="needs a key"):
            next_number(TicketCounter)
        with pytest.raises(Exception):  # noqa: B017 (Django's FieldDoesNotExist)
            next_number(TicketCounter, nosuch=1)
