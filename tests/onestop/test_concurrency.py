"""Officers issuing and calling tickets at the same instant, on real threads and connections
against PostgreSQL (outside the test transaction; everything made is removed afterwards)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from apps.onestop import services
from apps.onestop.models import ServiceRequest, TicketCounter
from audit.models import AuditEvent
from tenants.models import Office
from tests.onestop.conftest import bangkok, user

# A day no other test uses: the rows are committed.
DAY = date(2032, 6, 15)
SCHEMA = "esa_alpha"


def _clean() -> None:
    with schema_context(SCHEMA):
        ids = [
            str(pk)
            for pk in ServiceRequest.objects.filter(ticket_date=DAY).values_list("pk", flat=True)
        ]
        AuditEvent.objects.filter(target_type="onestop.servicerequest", target_id__in=ids).delete()
        ServiceRequest.objects.filter(ticket_date=DAY).delete()
        TicketCounter.objects.filter(day=DAY).delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        assert Office.objects.filter(schema_name=SCHEMA).exists()
        _clean()
        try:
            yield
        finally:
            _clean()


def run_at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` on `count` threads released together; their results (or exceptions)."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            with schema_context(SCHEMA):
                barrier.wait()
                results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 (the assertions report it)
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_ticket_numbers_are_unique_and_gap_free_under_concurrent_issue(committed: None) -> None:
    per_thread, threads = 5, 8

    def issue(index: int) -> list[str]:
        return [
            services.service_request_open(
                service_type_code="id_card", at=bangkok(DAY, 9, index, n)
            ).ticket
            for n in range(per_thread)
        ]

    results = run_at_once(threads, issue)
    assert not [r for r in results if isinstance(r, Exception)], results
    tickets = sorted(ticket for batch in results for ticket in batch)
    assert tickets == [f"A{n:03d}" for n in range(1, per_thread * threads + 1)]
    with schema_context(SCHEMA):
        numbers = sorted(
            ServiceRequest.objects.filter(ticket_date=DAY).values_list("ticket_number", flat=True)
        )
        assert numbers == list(range(1, per_thread * threads + 1))
        assert TicketCounter.objects.get(day=DAY, prefix="A").last_number == per_thread * threads


def test_a_rolled_back_ticket_leaves_no_gap(committed: None) -> None:
    from django.db import transaction

    with schema_context(SCHEMA):
        services.service_request_open(service_type_code="id_card", at=bangkok(DAY, 8))
        with pytest.raises(RuntimeError), transaction.atomic():
            services.service_request_open(service_type_code="id_card", at=bangkok(DAY, 8, 1))
            raise RuntimeError("the caller's transaction fails after taking the ticket")
        after = services.service_request_open(service_type_code="id_card", at=bangkok(DAY, 8, 2))
        assert after.ticket == "A002"


def test_two_officers_calling_at_once_never_get_the_same_ticket(committed: None) -> None:
    with schema_context(SCHEMA):
        for minute in range(3):
            services.service_request_open(service_type_code="id_card", at=bangkok(DAY, 8, minute))
        officers = [
            user(name)
            for name in ("welfare_officer", "finance_officer", "office_admin", "everything")
        ]

    def call(index: int) -> int | None:
        called = services.service_request_call_next(
            officer=officers[index], counter=str(index + 1), at=bangkok(DAY, 9)
        )
        return None if called is None else called.pk

    results = run_at_once(len(officers), call)
    assert not [r for r in results if isinstance(r, Exception)], results
    called = [pk for pk in results if pk is not None]
    assert len(called) == 3 and len(set(called)) == 3
    assert results.count(None) == 1
    with schema_context(SCHEMA):
        rows = ServiceRequest.objects.filter(ticket_date=DAY)
        assert {r.status for r in rows} == {"called"}
        assert len({r.officer_id for r in rows}) == 3


def test_two_clicks_on_complete_at_once_record_one_completion(committed: None) -> None:
    with schema_context(SCHEMA):
        opened = services.service_request_open(service_type_code="id_card", at=bangkok(DAY, 8))
        officer = user("welfare_officer")

    def complete(index: int) -> str:
        return services.service_request_complete(
            service_request=opened, officer=officer, outcome=f"click {index}", at=bangkok(DAY, 8, 5)
        ).outcome

    results = run_at_once(2, complete)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0] == results[1]
    with schema_context(SCHEMA):
        events = AuditEvent.objects.filter(
            target_type="onestop.servicerequest",
            target_id=str(opened.pk),
            action="onestop.request_completed",
        )
        assert events.count() == 1
