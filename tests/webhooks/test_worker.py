"""A real Celery worker process killed (SIGKILL) while a receiver holds its delivery: a new
worker completes the delivery and nothing is lost; the receiver may see the event twice and
de-duplicates by event id.

The worker has a broker folder of its own (the filesystem broker: a message taken by a worker
is gone from the folder, so it is the sweep, run with dispatch, that finds the delivery again
once the dead worker's lease expires). Only the lease is shorter than in production (2 s
instead of 30 s) and the request's timeout longer (the receiver holds the first request until
the worker is dead)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from tenant_schemas_celery.app import CeleryApp

from tests.webhooks.support import SCHEMA, clean, make_client, receiver, subscribe, write_events
from webhooks.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.worker

DISPATCH = "webhooks.tasks.webhooks_dispatch_task"
WORKER_BOOT = """
import sys
import django
django.setup()
from webhooks import services
services.LEASE_SECONDS = 2
services.TIMEOUT_SECONDS = 60
from config.celery import app
app.worker_main(sys.argv[1:])
"""


def _broker_options(folder: Path) -> dict[str, object]:
    for sub in ("out", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "out"),
        "data_folder_out": str(folder / "out"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def broker(
    django_db_setup: None, django_db_blocker: Any, tmp_path: Path
) -> Iterator[tuple[CeleryApp, Callable[[], subprocess.Popen[bytes]]]]:
    """A sender to a broker folder of this test's, and a function starting workers on it."""
    folder = tmp_path / "broker"
    sender = CeleryApp("krucare-webhooks-sender", broker="filesystem://")
    sender.conf.broker_transport_options = _broker_options(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": "filesystem://",
        "KRUCARE_BROKER_DIR": str(folder),
    }
    workers: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"worker{len(workers)}.log", "wb")  # noqa: SIM115 (kept open)
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
            [
                sys.executable,
                "-c",
                WORKER_BOOT,
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append(worker)
        return worker

    with django_db_blocker.unblock():
        clean()
        try:
            yield sender, start
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.terminate()
                    worker.wait(timeout=20)
            sender.close()
            clean()
    for index, worker in enumerate(workers):
        if worker.returncode not in (0, -15, -9):
            print((tmp_path / f"worker{index}.log").read_text()[-3000:])  # noqa: T201


def test_a_worker_killed_mid_delivery_loses_nothing(
    broker: tuple[CeleryApp, Callable[[], subprocess.Popen[bytes]]],
) -> None:
    sender, start = broker
    client, _ = make_client()
    with receiver(hang_first=True) as hook:
        subscription, _ = subscribe(client, hook.url)
        [event_id] = write_events(1)
        first = start()
        with schema_context(SCHEMA):
            sender.send_task(DISPATCH)
        # The worker dispatched, took the delivery and is waiting for the receiver's answer.
        assert hook.first_arrived.wait(60), "the first worker never sent the delivery"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
        assert first.returncode == -signal.SIGKILL
        hook.release.set()
        with schema_context(SCHEMA):
            [delivery] = Delivery.objects.filter(subscription=subscription)
        assert delivery.status == DeliveryStatus.PENDING and delivery.leased_until is not None

        start()

        last_sent = 0.0

        def delivered() -> bool:
            nonlocal last_sent
            with schema_context(SCHEMA):
                if time.monotonic() - last_sent > 1:  # as beat does: dispatch, sweep lost ones
                    sender.send_task(DISPATCH)
                    last_sent = time.monotonic()
                return Delivery.objects.filter(
                    pk=delivery.pk, status=DeliveryStatus.DELIVERED
                ).exists()

        _wait_for(delivered, "the new worker to complete the delivery")
    assert hook.distinct_event_ids() == {event_id}  # exactly one event, maybe seen twice
    assert len(hook.received) == 2  # the lost attempt and the one that completed
    with schema_context(SCHEMA):
        assert Delivery.objects.filter(subscription=subscription).count() == 1
