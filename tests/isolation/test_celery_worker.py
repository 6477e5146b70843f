"""A task sent from an office runs in that office's schema, in a real worker process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from tenants.models import Office

pytestmark = [pytest.mark.django_db, pytest.mark.worker]


@pytest.fixture(scope="module")
def celery_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A real `celery worker` process on the test database. It shares this process's broker and
    result store (the test settings put both under .var/, apart from `make run`'s)."""
    broker = Path(os.environ["KRUCARE_BROKER_DIR"])
    for stale in broker.glob("*/*.msg"):  # no stale messages from an earlier run
        stale.unlink()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": connection.settings_dict["NAME"],
    }
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config.celery",
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
            yield
        finally:
            worker.terminate()
            worker.wait(timeout=20)
    if worker.returncode not in (0, -15):
        print(log_path.read_text()[-3000:])  # noqa: T201


def _ping_from(office: Office) -> dict[str, object]:
    from core.tasks import diagnostics_ping_task

    with schema_context(office.schema_name):
        result = diagnostics_ping_task.delay()
    return result.get(timeout=60)


def test_task_runs_in_the_schema_of_the_office_that_sent_it(
    celery_worker: None, office_a: Office, office_b: Office
) -> None:
    from_a = _ping_from(office_a)
    from_b = _ping_from(office_b)

    assert from_a["schema"] == "esa_alpha"
    assert "only-in-alpha" in from_a["usernames"]  # type: ignore[operator]
    assert "only-in-beta" not in from_a["usernames"]  # type: ignore[operator]
    assert from_b["schema"] == "esa_beta"
    assert "only-in-beta" in from_b["usernames"]  # type: ignore[operator]


def test_task_of_an_unknown_office_refuses_to_run_anywhere_else(celery_worker: None) -> None:
    from core.tasks import diagnostics_ping_task

    result = diagnostics_ping_task.apply_async(headers={"_schema_name": "esa_gone"})
    with pytest.raises(Exception, match="refusing to run it") as excinfo:
        result.get(timeout=60)
    assert type(excinfo.value).__name__ == "OfficeNotAvailableError"
