"""The system's state as Prometheus reads it when it scrapes: the broker's queue depth, the
outbox lag and the webhook failures of every office (a few queries: one over the offices that
have webhooks), after the processes' own metrics (`core.observability`). Here, at the top of the
platform, because it reads the Celery app and the webhooks; a dependency that cannot be read is
left out of the scrape, never an error."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.observability import metrics_registry


class StateCollector(Collector):
    """Queue depth, outbox lag and webhook failures, read when Prometheus scrapes (a few
    queries: one over the offices that have webhooks). A dependency that cannot be read is
    left out of the scrape, never an error."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from _queue_depth()
        yield from _webhook_state()

    def describe(self) -> list[GaugeMetricFamily]:
        return []


def _queue_depth() -> Iterator[GaugeMetricFamily]:
    from config.celery import app
    from core.broker import BROKER_UNREACHABLE

    family = GaugeMetricFamily(
        "krucare_celery_queue_length", "Messages waiting in the broker's queue.", labels=["queue"]
    )
    queue = app.conf.task_default_queue
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
            with connection.channel() as channel:
                _, count, _ = channel.queue_declare(queue=queue, passive=True)
    except BROKER_UNREACHABLE:
        return
    except Exception:  # noqa: BLE001 (the queue does not exist yet, a transport quirk)
        count = 0
    family.add_metric([queue], float(count))
    yield family


def _webhook_state() -> Iterator[GaugeMetricFamily]:
    from django.db import DatabaseError

    from webhooks.selectors import webhook_state

    try:
        rows = webhook_state()
    except DatabaseError:
        return
    lag = GaugeMetricFamily(
        "krucare_outbox_lag_seconds",
        "Age of the oldest outbox event not yet turned into deliveries, by office.",
        labels=["office"],
    )
    pending = GaugeMetricFamily(
        "krucare_webhook_deliveries_pending",
        "Webhook deliveries waiting to be sent, by office.",
        labels=["office"],
    )
    failing = GaugeMetricFamily(
        "krucare_webhook_deliveries_failing",
        "Pending webhook deliveries that failed at least once, by office.",
        labels=["office"],
    )
    parked = GaugeMetricFamily(
        "krucare_webhook_deliveries_parked",
        "Webhook deliveries given up after their last attempt, by office.",
        labels=["office"],
    )
    for row in rows:
        lag.add_metric([row.office], row.outbox_lag_seconds)
        pending.add_metric([row.office], row.pending)
        failing.add_metric([row.office], row.failing)
        parked.add_metric([row.office], row.parked)
    yield from (lag, pending, failing, parked)


_state_registry = CollectorRegistry(auto_describe=False)
_state_registry.register(StateCollector())


def metrics_exposition() -> bytes:
    """The text Prometheus scrapes: the processes' metrics, then the state read now."""
    return generate_latest(metrics_registry()) + generate_latest(_state_registry)
