"""Benchmark: webhook delivery throughput to a local receiver (issue 6's figure), in
deliveries per second.

1,000 card events are committed to office alpha's outbox for one subscription whose receiver
is an HTTP server on 127.0.0.1 (answering 204 at once). Timed: dispatch (the outbox read into
delivery rows), then delivering them through the service a worker task calls (lease, signed
POST, outcome recorded), one after another as one worker process with the solo pool would, and
with 8 threads as 8 workers would. Everything is removed afterwards. Nothing here asserts on
time; it asserts that every event was delivered once, signed."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tests.benchmarks._report import Timer, print_table, record
from tests.webhooks.support import SCHEMA, clean, make_client, receiver, subscribe, write_events
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus
from webhooks.signing import signature_verify

pytestmark = pytest.mark.benchmark

EVENTS = 1_000
THREADS = 8


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), mock.patch.object(services, "_enqueue"):
        clean()
        try:
            yield
        finally:
            clean()


def _deliver(ids: list[int]) -> None:
    with schema_context(SCHEMA):
        for delivery_id in ids:
            assert services.delivery_attempt(delivery_id=delivery_id).status == "delivered"
    connection.close()


def test_webhook_delivery_throughput(committed: None) -> None:
    rows = []
    for case, threads in [("1 worker", 1), (f"{THREADS} workers (threads)", THREADS)]:
        client, _ = make_client(case)
        with receiver(status=204) as hook:
            subscription, secret = subscribe(client, hook.url)
            event_ids = write_events(EVENTS, per_transaction=100)
            with Timer() as dispatch, schema_context(SCHEMA):
                assert services.subscription_dispatch(subscription_id=subscription.pk) == EVENTS
            with schema_context(SCHEMA):
                ids = list(
                    Delivery.objects.filter(subscription=subscription)
                    .order_by("id")
                    .values_list("id", flat=True)
                )
            with Timer() as deliver:
                if threads == 1:
                    _deliver(ids)
                else:
                    chunks = [ids[i::threads] for i in range(threads)]
                    with ThreadPoolExecutor(threads) as pool:
                        list(pool.map(_deliver, chunks))
            assert sorted(hook.distinct_event_ids()) == event_ids
            assert len(hook.received) == EVENTS
            assert all(
                signature_verify(secret, item.body, item.headers["KruCare-Signature"])
                for item in hook.received[:50]
            )
        with schema_context(SCHEMA):
            assert (
                Delivery.objects.filter(
                    subscription=subscription, status=DeliveryStatus.DELIVERED
                ).count()
                == EVENTS
            )
        rate = EVENTS / deliver.seconds
        dispatch_rate = EVENTS / dispatch.seconds
        rows.append(
            [
                case,
                EVENTS,
                f"{dispatch.seconds:.2f} s ({dispatch_rate:,.0f}/s)",
                f"{deliver.seconds:.2f} s",
                f"{rate:,.0f}",
            ]
        )
        record(
            "webhooks",
            f"deliver_threads_{threads}",
            unit="deliveries/s",
            events=EVENTS,
            dispatch_seconds=round(dispatch.seconds, 3),
            deliver_seconds=round(deliver.seconds, 3),
            deliveries_per_second=round(rate),
        )
        clean()
    print_table(
        "Webhooks: 1,000 events delivered to a local receiver",
        ["case", "events", "dispatch", "delivery", "deliveries/s"],
        rows,
    )
