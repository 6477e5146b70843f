"""Request ids, log context and Prometheus metrics.

- Every response carries `X-Request-ID`: the proxy's (a well-formed one, nginx `$request_id`)
  or a new one. Log records made while a request or a task runs carry its request id, the
  office, the user and the task id (`log_context()`, used by the JSON formatter of the
  production settings).
- Metrics (prometheus_client; django-prometheus adds its per-view ones): requests by office
  and status and their latency, task outcomes and durations. `config.metrics` adds, computed
  when scraped, queue depth, outbox lag and webhook failures, and serves them all on the
  central host only; the proxy refuses `/metrics` to the public.
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    multiprocess,
)

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "krucare_request", default=None
)
_task: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "krucare_task", default=None
)

HTTP_REQUESTS = Counter(
    "krucare_http_requests_total",
    "HTTP requests by office (its code, `central`, or `unknown` host) and status code.",
    ["office", "status"],
)
HTTP_LATENCY = Histogram(
    "krucare_http_request_duration_seconds",
    "Time from the first middleware to the response, by office.",
    ["office"],
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0),
)
TASKS = Counter(
    "krucare_celery_tasks_total",
    "Celery tasks run, by task and outcome (succeeded, failed, retried).",
    ["task", "outcome"],
)
TASK_DURATION = Histogram(
    "krucare_celery_task_duration_seconds",
    "Celery task run time, by task.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0),
)


# --- requests -------------------------------------------------------------------------------


def _office_label(request: HttpRequest) -> str:
    office = getattr(request, "office", None)
    if office is not None:
        return str(office.code)
    if getattr(request, "urlconf", None) == settings.PUBLIC_SCHEMA_URLCONF:
        return "central"
    return "unknown"


class RequestObservabilityMiddleware:
    """The outermost middleware: a request id for the request, its logs and its response, and
    the request counted and timed under its office."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (request_finished), so that Django's own log line
        # of a 4xx/5xx, written after the middleware, carries it too.
        _request.set(request)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        office = _office_label(request)
        HTTP_REQUESTS.labels(office=office, status=str(response.status_code)).inc()
        HTTP_LATENCY.labels(office=office).observe(time.perf_counter() - started)
        return response


@receiver(request_finished)
def _request_done(**_: object) -> None:
    _request.set(None)


def _username(request: HttpRequest) -> str | None:
    """The signed-in user if the request has already loaded it; never a query from here."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # Django's lazy user: loaded or not
    if wrapped is None or wrapped is empty:
        return None
    if not getattr(wrapped, "is_authenticated", False):
        return None
    return str(getattr(wrapped, "username", "")) or None


def log_context() -> dict[str, str]:
    """What the current request or task adds to a log record: request_id, office, user,
    task_id, task (only the keys that apply)."""
    context: dict[str, str] = {}
    request = _request.get()
    if request is not None:
        context["request_id"] = str(getattr(request, "request_id", ""))
        office = getattr(request, "office", None)
        if office is not None:
            context["office"] = str(office.code)
        username = _username(request)
        if username:
            context["user"] = username
    task = _task.get()
    if task is not None:
        context["task_id"], context["task"] = task
    if "office" not in context:
        schema = _active_schema()
        if schema and schema.startswith("esa_"):
            context["office"] = schema.removeprefix("esa_")
    return context


def _active_schema() -> str | None:
    try:
        from django.db import connection

        schema = getattr(connection, "schema_name", None)
    except Exception:  # logging must never fail
        return None
    return str(schema) if schema and schema != "public" else None


# --- tasks ----------------------------------------------------------------------------------

_task_started: dict[str, float] = {}


def task_started(task_id: str, task_name: str) -> contextvars.Token[tuple[str, str] | None]:
    _task_started[task_id] = time.perf_counter()
    return _task.set((task_id, task_name))


def task_finished(task_id: str, task_name: str, outcome: str) -> None:
    started = _task_started.pop(task_id, None)
    TASKS.labels(task=task_name, outcome=outcome).inc()
    if started is not None:
        TASK_DURATION.labels(task=task_name).observe(time.perf_counter() - started)
    _task.set(None)


def metrics_registry() -> CollectorRegistry:
    """This process's metrics, or those of every process of this host that share
    PROMETHEUS_MULTIPROC_DIR (gunicorn's workers, a Celery worker's pool)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry
