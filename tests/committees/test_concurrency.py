"""Secretaries scheduling meetings of one committee at the same instant, on real threads and
connections against PostgreSQL (outside the test transaction; everything made is removed
afterwards): the numbers are unique and gap-free."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps.committees import services
from apps.committees.models import AppointmentOrder, Committee, Meeting, Membership
from apps.committees.services import MemberData
from audit.models import AuditEvent
from tenants.models import Office
from tests.committees.factories import secretary
from tests.onestop.test_concurrency import SCHEMA, run_at_once

KIND = "race.committee"


def _clean() -> None:
    with schema_context(SCHEMA):
        Meeting.objects.filter(committee__kind=KIND).delete()
        Membership.objects.filter(committee__kind=KIND).delete()
        AppointmentOrder.objects.filter(committee__kind=KIND).delete()
        Committee.objects.filter(kind=KIND).delete()  # its counters go with it
        AuditEvent.objects.filter(target_label__startswith=KIND).delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[Committee]:
    with django_db_blocker.unblock():
        assert Office.objects.filter(schema_name=SCHEMA).exists()
        _clean()
        try:
            with schema_context(SCHEMA):
                committee = services.committee_create(
                    kind=KIND, name_th="คณะทดสอบพร้อมกัน", owner_module="race", actor=secretary()
                )
                services.appointment_order_record(
                    committee=committee,
                    number="1/2557",
                    order_date=date(2013, 10, 1),
                    signed_by_name="ผอ.",
                    signed_by_position="ผู้อำนวยการ",
                    effective_from=date(2013, 10, 1),
                    members=[MemberData(role="chair", name="ประธาน ก")],
                    actor=secretary(),
                )
            yield committee
        finally:
            _clean()


def test_meeting_numbers_are_unique_and_gap_free_under_concurrent_scheduling(
    committed: Committee,
) -> None:
    def schedule(index: int) -> str:
        return services.meeting_schedule(
            committee=committed,
            date=date(2014, 5, 1 + index),
            start_time=time(9, 0),
            venue="ห้องประชุม",
            actor=secretary(),
        ).number_label

    results = run_at_once(6, schedule)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(results, key=lambda label: int(label.split("/")[0])) == [
        f"{n}/2557" for n in range(1, 7)
    ]
