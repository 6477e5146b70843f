"""Officers printing cards at the same instant, on real threads and connections against
PostgreSQL (committed outside the test transaction; removed afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.idcards import services
from apps.idcards.models import CardApplication, CardNumberCounter
from apps.onestop.models import ServiceRequest, TicketCounter
from apps.people.models import Person
from audit.models import AuditEvent
from outbox.models import OutboxEvent
from tests.onestop.conftest import bangkok, make_person, user
from tests.onestop.test_concurrency import SCHEMA, run_at_once

DAY = date(2033, 3, 3)  # B.E. 2576: a year no other test numbers cards in
BE_YEAR = 2576
CARDS = 12


def _clean() -> None:
    with schema_context(SCHEMA):
        applications = CardApplication.objects.filter(received_at__date__gte=DAY - timedelta(1))
        ids = list(applications.values_list("pk", flat=True))
        people = list(applications.values_list("person_id", flat=True))
        requests = list(applications.values_list("service_request_id", flat=True))
        applications.delete()
        ServiceRequest.objects.filter(pk__in=requests).delete()
        TicketCounter.objects.filter(day=DAY).delete()
        CardNumberCounter.objects.filter(be_year=BE_YEAR).delete()
        Person.objects.filter(pk__in=people).delete()
        AuditEvent.objects.filter(
            target_type="idcards.cardapplication", target_id__in=[str(pk) for pk in ids]
        ).delete()
        # The people were registered through the people services: their trail and feed too.
        AuditEvent.objects.filter(
            target_type="people.person", target_id__in=[str(pk) for pk in people]
        ).delete()
        OutboxEvent.objects.filter(
            resource="people.person", resource_id__in=[str(pk) for pk in people]
        ).delete()


@pytest.fixture
def approved(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[int]]:
    """`CARDS` committed applications, approved and waiting to be printed."""
    with django_db_blocker.unblock():
        _clean()
        with schema_context(SCHEMA):
            officer, director = user("welfare_officer"), user("approver")
            ids = []
            for n in range(CARDS):
                at = bangkok(DAY, 9, n)
                application = services.card_application_create(
                    person=make_person(first_name=f"พร้อม{n}"),
                    reason="expired",
                    received_by=officer,
                    at=at,
                )
                services.card_application_check(
                    application=application,
                    documents=["request_form", "old_card"],
                    officer=officer,
                    at=at,
                )
                services.card_application_approve(application=application, approver=director, at=at)
                ids.append(application.pk)
        try:
            yield ids
        finally:
            _clean()


def test_card_numbers_are_unique_and_gap_free_when_printed_at_once(approved: list[int]) -> None:
    def print_card(index: int) -> str | None:
        application = CardApplication.objects.get(pk=approved[index])
        card = services.card_issue(
            application=application, officer=user("welfare_officer"), at=bangkok(DAY, 10)
        )
        return card.card_number

    numbers = run_at_once(CARDS, print_card)
    assert all(isinstance(n, str) for n in numbers), numbers
    running = sorted(int(str(n).rsplit("-", 1)[1]) for n in numbers)
    assert running == list(range(1, CARDS + 1))


def test_printing_the_same_card_twice_at_once_numbers_it_once(approved: list[int]) -> None:
    def print_first(index: int) -> str | None:
        application = CardApplication.objects.get(pk=approved[0])
        return services.card_issue(
            application=application, officer=user("welfare_officer"), at=bangkok(DAY, 10)
        ).card_number

    numbers = run_at_once(4, print_first)
    assert len(set(numbers)) == 1 and numbers[0] is not None
    with schema_context(SCHEMA):
        assert CardNumberCounter.objects.get(be_year=BE_YEAR).last_number == 1
