"""Benchmark: a client paging through 100,000 events of an office's change feed (issue 6's
figure), in events per second.

The events are person payloads of the real size, written straight to office alpha's outbox in
100 committed transactions of 1,000 (so the feed's (txid, id) order spans many transactions),
then read from the feed's tail to its end: through the API (Django's test client, the whole
middleware stack, JSON rendering included) at 100 and 1,000 events a page, and through the
selector alone at 1,000. Everything is removed afterwards. Nothing here asserts on time; it
asserts that every event was served once, in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from outbox.cursor import START, cursor_encode
from outbox.models import OutboxEvent
from outbox.selectors import outbox_event_page
from tenants.models import Office
from tests.benchmarks._report import Timer, print_table, record
from tests.conftest import office_client

pytestmark = pytest.mark.benchmark

EVENTS = 100_000
PER_TRANSACTION = 1_000
SCHEMA = "esa_alpha"
RESOURCE = "people.person"
PREFIX = "bench-"

PAYLOAD = {
    "id": 0,
    "national_id": "3100701234567",
    "title": "นาย",
    "first_name_th": "สมชาย",
    "last_name_th": "ใจดี",
    "first_name_en": "Somchai",
    "last_name_en": "Jaidee",
    "full_name_th": "นายสมชาย ใจดี",
    "birth_date": "1977-09-26",
    "category": "teacher",
    "position": "ครู",
    "academic_standing": "ชำนาญการพิเศษ",
    "monthly_salary": "35000.00",
    "status": "active",
    "status_date": None,
    "phone": "081-234-5678",
    "email": "somchai@example.org",
    "address": "99 หมู่ 1 ตำบลทดสอบ อำเภอเมือง จังหวัดทดสอบ",
    "created_at": "2026-11-24T09:15:02.481223+07:00",
    "updated_at": "2026-11-24T09:15:02.481223+07:00",
    "school": {"id": 3, "code": "93010001", "name_th": "โรงเรียนบ้านทดสอบ"},
    "family": [
        {
            "id": 1,
            "relation": "child",
            "national_id": "1103700012345",
            "title": "ด.ช.",
            "first_name_th": "ก้องภพ",
            "last_name_th": "ใจดี",
            "birth_date": "2012-06-01",
            "birth_order": 1,
            "child_status": "legitimate",
            "is_twin": False,
            "is_disabled": False,
            "disabled_on": None,
            "is_incompetent": False,
            "incompetent_on": None,
            "is_deceased": False,
            "died_on": None,
        }
    ],
}


def _clean() -> None:
    with schema_context(SCHEMA):
        OutboxEvent.objects.filter(resource_id__startswith=PREFIX).delete()


@pytest.fixture
def events(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _clean()
        try:
            with schema_context(SCHEMA):
                yield
        finally:
            _clean()


def _tail() -> Any:
    page = outbox_event_page(after=START, resource=RESOURCE, limit=1000)
    position = page.position
    while page.has_more:
        page = outbox_event_page(after=position, resource=RESOURCE, limit=1000)
        position = page.position
    return position


def _write_events() -> float:
    payload = json.dumps(PAYLOAD, ensure_ascii=False)
    table = connection.ops.quote_name(OutboxEvent._meta.db_table)
    with Timer() as timer, connection.cursor() as cursor:
        for start in range(0, EVENTS, PER_TRANSACTION):  # autocommit: one transaction each
            cursor.execute(
                f"INSERT INTO {table} (resource, resource_id, action, payload) "  # noqa: S608
                "SELECT %s, %s || g, 'created', %s::jsonb "
                "FROM generate_series(%s, %s) AS g",
                [RESOURCE, PREFIX, payload, start + 1, start + PER_TRANSACTION],
            )
        cursor.execute(f"ANALYZE {table}")  # noqa: S608
    return timer.seconds


def test_feed_throughput_paging_through_100000_events(events: None) -> None:
    tail = _tail()
    write_seconds = _write_events()
    office = Office.objects.get(code="alpha")
    client = office_client(office, "viewer")
    rows: list[list[object]] = []
    for limit in (100, 1000):
        after = cursor_encode(tail, office="alpha", resource=RESOURCE)
        served, requests, last_id = 0, 0, 0
        with Timer() as timer:
            while True:
                response = client.get(
                    "/api/v1/feed/", {"resource": RESOURCE, "after": after, "limit": limit}
                )
                body = response.json()
                requests += 1
                for event in body["events"]:
                    assert event["resource_id"].startswith(PREFIX)
                    assert event["id"] > last_id  # one writer: ids are in commit order
                    last_id = event["id"]
                served += len(body["events"])
                after = body["next"]
                if not body["has_more"]:
                    break
        assert served == EVENTS
        rate = served / timer.seconds
        rows.append(
            [f"API, {limit} a page", served, requests, f"{timer.seconds:.2f} s", f"{rate:,.0f}"]
        )
        record(
            "feed",
            f"api_limit_{limit}",
            unit="events/s",
            events=served,
            requests=requests,
            seconds=round(timer.seconds, 3),
            events_per_second=round(rate),
        )

    position, served = tail, 0
    with Timer() as timer:
        while True:
            page = outbox_event_page(after=position, resource=RESOURCE, limit=1000)
            served += len(page.events)
            position = page.position
            if not page.has_more:
                break
    assert served == EVENTS
    rate = served / timer.seconds
    rows.append(
        [
            "selector, 1000 a page",
            served,
            EVENTS // 1000 + 1,
            f"{timer.seconds:.2f} s",
            f"{rate:,.0f}",
        ]
    )
    record(
        "feed",
        "selector_limit_1000",
        unit="events/s",
        events=served,
        seconds=round(timer.seconds, 3),
        events_per_second=round(rate),
    )
    rows.append(
        [
            "(writing them)",
            EVENTS,
            EVENTS // PER_TRANSACTION,
            f"{write_seconds:.2f} s",
            f"{EVENTS / write_seconds:,.0f}",
        ]
    )
    print_table(
        "Change feed: paging through 100,000 events",
        ["case", "events", "requests", "time", "events/s"],
        rows,
    )
