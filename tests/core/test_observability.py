"""Request ids on every response and in the log context, and Prometheus metrics by office on
the central host only."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from celery import signals

from core.observability import log_context
from core.tasks import diagnostics_ping_task
from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_keeps_a_well_formed_incoming_one(
    office_a: Office,
) -> None:
    client = office_client(office_a)
    first, second = client.get("/"), client.get("/nosuch/")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")["X-Request-ID"] == (
        "nginx-0123456789abcdef"
    )
    forged = client.get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert forged != "<script>" and len(forged) == 32
    assert central_client().get("/healthz")["X-Request-ID"]


class _Context(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[dict[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(log_context())


@pytest.fixture
def request_log() -> Iterator[_Context]:
    handler = _Context()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def test_a_log_line_of_a_request_names_its_request_office_and_user(
    office_a: Office, request_log: _Context
) -> None:
    response = office_client(office_a, "welfare_officer").get("/people/999999999/")
    assert response.status_code == 404  # Django logs "Not Found" while serving it
    assert request_log.seen, "nothing was logged"
    context = request_log.seen[-1]
    assert context["request_id"] == response["X-Request-ID"]
    assert context["office"] == "alpha"
    assert context["user"] == "welfare_officer"


def test_a_log_line_of_a_task_names_the_task() -> None:
    task = diagnostics_ping_task
    signals.task_prerun.send(sender=task, task_id="task-123", task=task, args=(), kwargs={})
    try:
        context = log_context()
    finally:
        signals.task_postrun.send(
            sender=task, task_id="task-123", task=task, args=(), kwargs={}, state="SUCCESS"
        )
    assert context["task_id"] == "task-123"
    assert context["task"] == "core.tasks.diagnostics_ping_task"
    assert "task_id" not in log_context()


def _metric(body: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in body.splitlines():
        if line.startswith(f"{name}{{") and line.split("}")[0][len(name) + 1 :] == wanted:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_office_and_status_on_the_central_host_only(
    office_a: Office, settings: object
) -> None:
    body = central_client().get("/metrics").content.decode()
    before = _metric(body, "krucare_http_requests_total", office="alpha", status="404")
    office_client(office_a).get("/nosuch/")
    response = central_client().get("/metrics")
    assert response.status_code == 200
    body = response.content.decode()
    assert _metric(body, "krucare_http_requests_total", office="alpha", status="404") == (
        before + 1
    )
    assert "krucare_http_request_duration_seconds_bucket" in body
    assert "krucare_celery_queue_length" in body
    assert "django_http_requests_latency_seconds_by_view_method" in body  # django-prometheus

    assert office_client(office_a).get("/metrics").status_code == 404

    settings.KRUCARE_METRICS_TOKEN = "s3cret-metrics-token"  # type: ignore[attr-defined]
    assert central_client().get("/metrics").status_code == 401
    authorized = central_client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token")
    assert authorized.status_code == 200
