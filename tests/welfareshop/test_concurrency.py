"""Two officers booking the same room for the same time at the same instant, on real threads
and connections against PostgreSQL (outside the test transaction; everything made is removed
afterwards): one booking, one clear refusal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from apps.welfareshop import services
from apps.welfareshop.models import Booking, Resource
from audit.models import AuditEvent
from outbox.models import OutboxEvent
from tenants.models import Office

SCHEMA = "esa_alpha"
ROOM = "ห้องทดสอบพร้อมกัน"
DAY = date(2032, 7, 14)  # a day no other test uses: the rows are committed


def _clean() -> None:
    with schema_context(SCHEMA):
        ids = [
            str(pk)
            for pk in Booking.objects.filter(resource__name=ROOM).values_list("pk", flat=True)
        ]
        AuditEvent.objects.filter(target_type="welfareshop.booking", target_id__in=ids).delete()
        OutboxEvent.objects.filter(resource="welfareshop.booking", resource_id__in=ids).delete()
        Booking.objects.filter(resource__name=ROOM).delete()
        room = Resource.objects.filter(name=ROOM).first()
        if room is not None:
            AuditEvent.objects.filter(
                target_type="welfareshop.resource", target_id=str(room.pk)
            ).delete()
            room.delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[Resource]:
    with django_db_blocker.unblock():
        assert Office.objects.filter(schema_name=SCHEMA).exists()
        _clean()
        with schema_context(SCHEMA):
            room = services.resource_save(
                actor=User.objects.get(username="welfare_officer"),
                name=ROOM,
                kind="room",
                capacity=10,
                opens=time(8),
                closes=time(17),
            )
        try:
            yield room
        finally:
            _clean()


def run_at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
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


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), timezone.get_current_timezone())


def test_two_officers_booking_the_same_slot_at_once_get_one_booking_and_one_refusal(
    committed: Resource,
) -> None:
    with schema_context(SCHEMA):
        officers = [User.objects.get(username=n) for n in ("welfare_officer", "finance_officer")]

    def book(index: int) -> int:
        # Overlapping, not identical: 10:00–12:00 and 11:00–13:00.
        booking = services.booking_create(
            resource=committed,
            starts_at=_at(10 + index),
            ends_at=_at(12 + index),
            purpose=f"ประชุม {index}",
            booked_by=officers[index],
        )
        return booking.pk

    results = run_at_once(2, book)
    booked = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, services.ShopError)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert refused[0].code == "welfareshop.booking_conflict"
    assert "ไม่ว่าง" in refused[0].message_th and ":00–1" in refused[0].message_th
    with schema_context(SCHEMA):
        assert (
            list(Booking.objects.filter(resource=committed).values_list("pk", flat=True)) == booked
        )
        # The refused one left nothing behind: no audit event, no feed event.
        assert (
            AuditEvent.objects.filter(action="welfareshop.booked")
            .filter(target_id__in=[str(b) for b in booked])
            .count()
            == 1
        )
        assert (
            OutboxEvent.objects.filter(resource="welfareshop.booking")
            .filter(resource_id__in=[str(b) for b in booked])
            .count()
            == 1
        )


def test_many_officers_racing_for_one_slot_leave_exactly_one_booking(committed: Resource) -> None:
    with schema_context(SCHEMA):
        officers = [
            User.objects.get(username=n)
            for n in (
                "welfare_officer",
                "finance_officer",
                "viewer",
                "approver",
                "office_admin",
                "everything",
            )
        ]

    def book(index: int) -> int:
        return services.booking_create(
            resource=committed,
            starts_at=_at(14),
            ends_at=_at(15, 30),
            purpose="ประชุม",
            booked_by=officers[index],
        ).pk

    results = run_at_once(len(officers), book)
    assert sum(isinstance(r, int) for r in results) == 1, results
    assert all(
        isinstance(r, int) or getattr(r, "code", "") == "welfareshop.booking_conflict"
        for r in results
    ), results
