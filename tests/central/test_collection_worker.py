"""Collection through a real Celery worker process: `collect_all_task` fans out one task per
active office; an office that fails in the worker is retried with backoff and does not stop the
others; collecting again changes nothing.

Offices and rows here are committed (the worker is another process) and removed afterwards.
The worker has a broker folder of its own (so `collect_all_task`'s fan-out to the default
queue reaches it and nothing else), and its collection task retries after at most a second
(the real backoff starts at 10 s) — the only difference from production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from tenant_schemas_celery.app import CeleryApp

from central.benchmarks import Collection, IndicatorValue
from core.indicators import all_indicators
from devdata.synthetic import synthesize_offices
from tenants import routing
from tenants.models import Domain, Office
from tenants.services import office_create

pytestmark = pytest.mark.worker

PREFIX = "wsyn"
BROKEN = "wbroken"
MAX_ATTEMPTS = 4  # the first and collect_office_task's max_retries=3
COLLECT_ALL = "central.tasks.collect_all_task"

# The worker, with collect_office_task's backoff cut to at most a second.
WORKER_BOOT = """
import sys
import django
django.setup()
from celery.app.autoretry import add_autoretry_behaviour
from config.celery import app
app.loader.import_default_modules()
app.finalize()
task = app.tasks["central.tasks.collect_office_task"]
task.run = task._orig_run
del task._orig_run
add_autoretry_behaviour(task, retry_backoff=1, retry_backoff_max=1)
app.worker_main(sys.argv[1:])
"""


@dataclass
class Setup:
    sender: CeleryApp
    good: list[int]  # offices that collect
    broken: int  # an office whose schema is gone


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


def _drop(codes: list[str]) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for code in codes:
            cursor.execute(f'DROP SCHEMA IF EXISTS "esa_{code}" CASCADE')
    Domain.objects.filter(tenant__code__in=codes).delete()
    Office.objects.filter(code__in=codes).delete()
    routing.invalidate()


def _our_codes() -> list[str]:
    return [BROKEN, *Office.objects.filter(code__startswith=PREFIX).values_list("code", flat=True)]


@pytest.fixture(scope="module")
def setup(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Setup]:
    with django_db_blocker.unblock():
        _drop(_our_codes())
        # The broken office first, so that the others come after its failure.
        broken = office_create(
            code=BROKEN,
            name_th="สำนักงานเขตพื้นที่การศึกษาที่ไม่มีข้อมูล",
            kind="primary",
            province="ทดสอบเสีย",
            region="east",
            area_number=1,
        )
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{broken.schema_name}" CASCADE')
        synthesize_offices(count=2, years=2, prefix=PREFIX, seed=3, people_scale=0.1)
        good = list(
            Office.objects.filter(is_active=True).exclude(pk=broken.pk).values_list("pk", flat=True)
        )
        touched = [*good, broken.pk]
        IndicatorValue.objects.filter(office_id__in=touched).delete()
        Collection.objects.filter(office_id__in=touched).delete()

    folder = tmp_path_factory.mktemp("collection-broker")
    options = _broker_options(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": "filesystem://",
        "KRUCARE_BROKER_DIR": str(folder),
    }
    log_path = folder / "worker.log"
    sender = CeleryApp("krucare-collection-sender", broker="filesystem://")
    sender.conf.broker_transport_options = options
    sender.conf.result_backend = settings.CELERY_RESULT_BACKEND
    with open(log_path, "w") as log:
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
        try:
            yield Setup(sender, good, broken.pk)
        finally:
            worker.terminate()
            worker.wait(timeout=20)
            sender.close()
            with django_db_blocker.unblock():
                IndicatorValue.objects.filter(office_id__in=touched).delete()
                Collection.objects.filter(office_id__in=touched).delete()
                _drop(_our_codes())
    if worker.returncode not in (0, -15):
        print(log_path.read_text()[-3000:])  # noqa: T201


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _collections() -> dict[int, Collection]:
    return {c.office_id: c for c in Collection.objects.all()}


def test_collect_all_through_the_worker_retries_a_failure_and_changes_nothing_twice(
    setup: Setup, django_db_blocker: Any
) -> None:
    codes = len(all_indicators()) * 2  # the current and the previous fiscal year
    with django_db_blocker.unblock():
        sent = setup.sender.send_task(COLLECT_ALL).get(timeout=60)
        assert sent == len(setup.good) + 1  # every active office, the broken one included

        def first_round_done() -> bool:
            rows = _collections()
            done = all(rows.get(pk) and rows[pk].last_success_at for pk in setup.good)
            broken = rows.get(setup.broken)
            return done and broken is not None and broken.failures_in_a_row == MAX_ATTEMPTS

        _wait_for(first_round_done, "the first collection and the broken office's retries")
        rows = _collections()
        broken = rows[setup.broken]
        assert broken.last_success_at is None and broken.last_failure_at is not None
        assert "esa_wbroken" in broken.last_error or "does not exist" in broken.last_error
        # The others succeeded, although the broken office failed before them.
        for pk in setup.good:
            assert rows[pk].failures_in_a_row == 0 and rows[pk].last_error == ""
            assert IndicatorValue.objects.filter(office_id=pk).count() == codes
        assert not IndicatorValue.objects.filter(office_id=setup.broken).exists()
        synthetic = Office.objects.filter(code__startswith=PREFIX).values_list("pk", flat=True)
        assert IndicatorValue.objects.filter(
            office_id__in=synthetic, code="idcards.issued.teacher", value__gt=0
        ).exists()
        stored = {
            row.pk: (row.value, row.per_100_personnel, row.collected_at)
            for row in IndicatorValue.objects.all()
        }
        attempts = {pk: rows[pk].last_attempt_at for pk in setup.good}

        # Again: every office is collected once more, nothing is written.
        assert setup.sender.send_task(COLLECT_ALL).get(timeout=60) == len(setup.good) + 1

        def second_round_done() -> bool:
            rows = _collections()
            return all(rows[pk].last_attempt_at > attempts[pk] for pk in setup.good) and (
                rows[setup.broken].failures_in_a_row == 2 * MAX_ATTEMPTS
            )

        _wait_for(second_round_done, "the second collection")
        rows = _collections()
        assert all(rows[pk].values_changed == 0 for pk in setup.good)
        assert {
            row.pk: (row.value, row.per_100_personnel, row.collected_at)
            for row in IndicatorValue.objects.all()
        } == stored
