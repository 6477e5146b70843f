"""The feed under concurrent writers that commit out of order, on real threads and connections
against PostgreSQL (committed in office alpha's schema outside any test transaction; removed
afterwards): a reader paging by cursor sees every committed event exactly once, in
(txid, id) order, and never an event of a rolled-back transaction."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django_tenants.utils import schema_context

from apps.people.models import Person
from audit.models import AuditEvent
from outbox.cursor import START, NationalPosition, Position
from outbox.models import OutboxEvent
from outbox.selectors import (
    NATIONAL_START,
    FeedEvent,
    NationalFeedEvent,
    national_event_page,
    outbox_event_page,
)
from outbox.services import outbox_record
from tenants.models import Office
from tests.people.factories import make_person

SCHEMA = "esa_alpha"
TEST_RESOURCE = "test.concurrency"  # events written straight to the outbox by the stress test
MARK = "ฟีดพร้อมกัน"  # the first name of the people made here
DRAIN_SECONDS = 60  # a transaction elsewhere in the cluster may hold the feed back a while


def _clean() -> None:
    with schema_context(SCHEMA):
        people = Person.objects.filter(first_name_th=MARK)
        ids = [str(pk) for pk in people.values_list("pk", flat=True)]
        OutboxEvent.objects.filter(resource="people.person", resource_id__in=ids).delete()
        OutboxEvent.objects.filter(resource=TEST_RESOURCE).delete()
        AuditEvent.objects.filter(target_type="people.person", target_id__in=ids).delete()
        people.delete()


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        assert Office.objects.filter(schema_name=SCHEMA).exists()
        _clean()
        try:
            with schema_context(SCHEMA):
                yield
        finally:
            _clean()


def _page_all(after: Position, resource: str) -> tuple[list[FeedEvent], Position]:
    """Every event readable now after `after`, page by page (small pages: many cursors)."""
    events: list[FeedEvent] = []
    while True:
        page = outbox_event_page(after=after, resource=resource, limit=7)
        events += page.events
        after = page.position
        if not page.has_more:
            return events, after


def _national_all(after: NationalPosition) -> tuple[list[NationalFeedEvent], NationalPosition]:
    events: list[NationalFeedEvent] = []
    while True:
        page = national_event_page(after=after, resource=TEST_RESOURCE, limit=7)
        events += page.events
        after = page.position
        if not page.has_more:
            return events, after


def _in_thread(work: Any) -> threading.Thread:
    def run() -> None:
        try:
            with schema_context(SCHEMA):
                work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_outbox_record_refuses_to_run_outside_a_transaction(committed: None) -> None:
    assert not connection.in_atomic_block  # autocommit: an event could outlive its change
    with pytest.raises(RuntimeError):
        outbox_record(resource="people.person", action="created", obj=Person(pk=1))


def test_an_earlier_transaction_committing_later_is_delivered_after_not_skipped(
    committed: None,
) -> None:
    _, tail = _page_all(START, "people.person")
    a_wrote, a_may_commit = threading.Event(), threading.Event()
    made: dict[str, int] = {}

    def writer_a() -> None:
        with transaction.atomic():
            made["a"] = make_person(first_name_th=MARK).pk  # takes the smaller txid
            a_wrote.set()
            assert a_may_commit.wait(timeout=30)

    def writer_b() -> None:
        made["b"] = make_person(first_name_th=MARK).pk  # commits at once

    thread_a = _in_thread(writer_a)
    assert a_wrote.wait(timeout=30)
    _in_thread(writer_b).join(timeout=30)
    assert OutboxEvent.objects.filter(resource_id=str(made["b"])).exists()  # B is committed

    # A is still open: B's event (a larger txid) is held back behind it, not served.
    seen, cursor = _page_all(tail, "people.person")
    assert [e.resource_id for e in seen if e.resource_id in {str(made["b"])}] == []
    assert cursor == tail or all(e.position < cursor for e in seen)

    a_may_commit.set()
    thread_a.join(timeout=30)
    deadline = time.monotonic() + DRAIN_SECONDS
    ours = {str(made["a"]), str(made["b"])}
    served: list[FeedEvent] = []
    while time.monotonic() < deadline:
        more, cursor = _page_all(cursor, "people.person")
        served += [e for e in more if e.resource_id in ours]
        if len(served) >= 2:
            break
        time.sleep(0.05)
    assert [e.resource_id for e in served] == [str(made["a"]), str(made["b"])]
    assert served[0].position < served[1].position


def test_a_reader_paging_during_random_concurrent_writes_sees_each_event_once_in_order(
    committed: None,
) -> None:
    writers, transactions_each = 8, 25
    _, tail = _page_all(START, TEST_RESOURCE)
    national, national_cursor = _national_all(NATIONAL_START)
    committed_ids: list[int] = []
    rolled_back_ids: list[int] = []
    lock = threading.Lock()

    def write(seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 (a test's interleaving, not a secret)
        for n in range(transactions_each):
            ids: list[int] = []
            roll_back = rng.random() < 0.15
            try:
                with transaction.atomic():
                    for k in range(rng.randint(1, 3)):
                        event = OutboxEvent.objects.create(
                            resource=TEST_RESOURCE,
                            resource_id=f"{seed}-{n}-{k}",
                            action="created",
                            payload={"writer": seed, "n": n, "k": k},
                        )
                        ids.append(event.id)
                        time.sleep(rng.random() * 0.004)  # commit out of order
                    if roll_back:
                        raise _RollBack
            except _RollBack:
                with lock:
                    rolled_back_ids.extend(ids)
            else:
                with lock:
                    committed_ids.extend(ids)

    threads = [_in_thread(lambda seed=seed: write(seed)) for seed in range(writers)]
    served: list[FeedEvent] = []
    cursor = tail
    pages = 0
    while any(thread.is_alive() for thread in threads):
        page = outbox_event_page(after=cursor, resource=TEST_RESOURCE, limit=5)
        served += page.events
        cursor = page.position
        pages += 1
        merged = national_event_page(after=national_cursor, resource=TEST_RESOURCE, limit=5)
        national += merged.events
        national_cursor = merged.position
    for thread in threads:
        thread.join(timeout=60)
    deadline = time.monotonic() + DRAIN_SECONDS
    while len(served) < len(committed_ids) and time.monotonic() < deadline:
        more, cursor = _page_all(cursor, TEST_RESOURCE)
        served += more
        if not more:
            time.sleep(0.05)

    while len(national) < len(committed_ids) and time.monotonic() < deadline:
        more_national, national_cursor = _national_all(national_cursor)
        national += more_national
        if not more_national:
            time.sleep(0.05)

    served_ids = [event.id for event in served]
    assert len(served_ids) == len(set(served_ids)), "an event was served twice"
    assert set(served_ids) == set(committed_ids), "an event was skipped (or a ghost served)"
    assert not set(served_ids) & set(rolled_back_ids)
    positions = [event.position for event in served]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    # The national feed, read alongside, served the same events once each, in the same order.
    assert [(e.office, e.event.id) for e in national] == [("alpha", i) for i in served_ids]
    assert pages > 1  # the reader really paged while the writers wrote
    assert len({event.txid for event in served}) > writers  # many transactions interleaved


class _RollBack(Exception):
    pass
