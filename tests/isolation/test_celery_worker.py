"""A task sent from an office runs in that office's schema, in a real worker process, with the
embedded broker and, where the machine runs them, with Redis and RabbitMQ."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from tenant_schemas_celery.app import CeleryApp

from tenants.models import Office

pytestmark = [pytest.mark.django_db, pytest.mark.worker]

BROKERS = {
    "filesystem": "filesystem://",
    "redis": "redis://127.0.0.1:6379/15",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}


@dataclass
class Worker:
    """A worker process, and an app of this process's that sends to the same broker and queue
    (and, being a tenant-schemas-celery app, puts the current schema in the headers)."""

    sender: CeleryApp
    queue: str


def _reachable(url: str) -> bool:
    if url.startswith("filesystem"):
        return True
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module", params=list(BROKERS))
def celery_worker(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    """A real `celery worker` process on the test database, consuming a queue of its own.

    It shares the result store of this process (the test settings put it under .var/). Redis
    and RabbitMQ are used only where they answer on this machine; `make test` needs neither.
    """
    url = BROKERS[request.param]
    if not _reachable(url):
        pytest.skip(f"no {request.param} broker on this machine")
    broker_dir = Path(os.environ["KRUCARE_BROKER_DIR"])
    for stale in broker_dir.glob("*/*.msg"):  # no stale messages from an earlier run
        stale.unlink()
    queue = f"krucare-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": url,
    }
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    # Not the current app: shared tasks sent by later tests must still go to the project's app.
    sender = CeleryApp(
        "krucare-test-sender",
        broker=url,
        backend=settings.CELERY_RESULT_BACKEND,
        set_as_current=False,
    )
    if url.startswith("filesystem"):
        sender.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
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
                "--queues",
                queue,
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
            yield Worker(sender, queue)
        finally:
            worker.terminate()
            worker.wait(timeout=20)
            if not url.startswith("filesystem"):  # leave no queue behind on a shared broker
                with sender.connection_for_write() as conn:
                    channel = conn.default_channel
                    channel.queue_delete(queue)
                    if url.startswith("redis"):  # kombu keeps the queue's bindings as keys
                        for key in channel.client.scan_iter(f"*{queue}*"):
                            channel.client.delete(key)
            sender.close()
    if worker.returncode not in (0, -15):
        print(log_path.read_text()[-3000:])  # noqa: T201


PING = "core.tasks.diagnostics_ping_task"


def _ping_from(office: Office, worker: Worker) -> dict[str, object]:
    with schema_context(office.schema_name):
        result = worker.sender.send_task(PING, queue=worker.queue)
    return result.get(timeout=60)


def test_task_runs_in_the_schema_of_the_office_that_sent_it(
    celery_worker: Worker, office_a: Office, office_b: Office
) -> None:
    from_a = _ping_from(office_a, celery_worker)
    from_b = _ping_from(office_b, celery_worker)

    assert from_a["schema"] == "esa_alpha"
    assert "only-in-alpha" in from_a["usernames"]  # type: ignore[operator]
    assert "only-in-beta" not in from_a["usernames"]  # type: ignore[operator]
    assert from_b["schema"] == "esa_beta"
    assert "only-in-beta" in from_b["usernames"]  # type: ignore[operator]


def test_task_of_an_unknown_office_refuses_to_run_anywhere_else(celery_worker: Worker) -> None:
    result = celery_worker.sender.send_task(
        PING, headers={"_schema_name": "esa_gone"}, queue=celery_worker.queue
    )
    with pytest.raises(Exception, match="refusing to run it") as excinfo:
        result.get(timeout=60)
    assert type(excinfo.value).__name__ == "OfficeNotAvailableError"
