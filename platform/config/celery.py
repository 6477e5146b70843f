"""The Celery app. Each task carries the schema it was sent from (tenant-schemas-celery) and
runs inside that office's schema in the worker; a task whose office cannot be found refuses to
run rather than run elsewhere, and one whose office cannot be looked up because the database is
unreachable is retried instead of consumed."""

from __future__ import annotations

import os
from typing import Any

from celery import signals
from tenant_schemas_celery.app import CeleryApp, get_schema_name_from_task
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# A worker started with KRUCARE_WORKER_METRICS_PORT serves Prometheus metrics on that port,
# gathered from every process of its pool: prometheus_client's multiprocess mode needs its
# folder named before it is first imported, which is now.
if os.environ.get("KRUCARE_WORKER_METRICS_PORT") and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    import tempfile

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="krucare-worker-metrics-")

# A task whose office could not be looked up because the database is unreachable is retried
# after 5, 10, 20, 40, 60, 60 ... seconds, this many times (about ten minutes), then fails.
DATABASE_RETRIES = 12
DATABASE_RETRY_MAX_SECONDS = 60


class OfficeNotAvailableError(RuntimeError):
    """The office a task was sent from has no schema here any more."""


class DatabaseUnavailableError(RuntimeError):
    """The database could not be reached to find the task's office; the task is retried."""


def database_retry_countdown(retries: int) -> int:
    return int(min(5 * 2**retries, DATABASE_RETRY_MAX_SECONDS))


class OfficeTask(TenantTask):
    """Runs only in the schema named in the task's headers.

    tenant-schemas-celery switches schemas in a `task_prerun` signal handler, and Celery logs
    and ignores an exception raised there: the task would then run in the public schema. This
    check tells the two reasons apart:

    - the database could not be reached (a restart, a failover): the task is retried with
      backoff (`DatabaseUnavailableError`), its office's schema kept in its headers, so a
      queued delivery is neither lost nor run elsewhere;
    - the database answers and has no such office (deleted): the task fails with
      `OfficeNotAvailableError` and never runs in another schema.
    """

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.request.called_directly:
            from core.schemas import PUBLIC_SCHEMA, current_schema

            expected = get_schema_name_from_task(self, kwargs) or PUBLIC_SCHEMA
            if current_schema() != expected:
                self._switch_to(expected)
        return super().__call__(*args, **kwargs)

    def _switch_to(self, schema: str) -> None:
        from django.db import connection

        from core.schemas import PUBLIC_SCHEMA, tenant_connection
        from tenants.models import Office
        from tenants.routing import UNREACHABLE

        if schema == PUBLIC_SCHEMA:
            tenant_connection().set_schema_to_public()
            return
        try:
            connection.close_if_unusable_or_obsolete()
            office = Office.objects.filter(schema_name=schema).first()
        except UNREACHABLE as error:
            connection.close_if_unusable_or_obsolete()
            retries = int(self.request.retries or 0)
            raise self.retry(
                exc=DatabaseUnavailableError(
                    f"{self.name}: the database is unreachable, so the office of schema "
                    f"{schema!r} cannot be looked up; retrying (attempt {retries + 1} of "
                    f"{DATABASE_RETRIES}): {str(error).strip()[:200]}"
                ),
                countdown=database_retry_countdown(retries),
                max_retries=DATABASE_RETRIES,
                headers={"_schema_name": schema},
            ) from error
        if office is None:
            raise OfficeNotAvailableError(
                f"{self.name} was sent from schema {schema!r}, which has no office here; "
                "refusing to run it elsewhere"
            )
        tenant_connection().set_tenant(office)


_OUTCOMES = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}


@signals.task_prerun.connect
def _task_context(task_id: str, task: Any, **_: Any) -> None:
    """Logs made while a task runs carry its id and name (core.observability)."""
    from core import observability

    observability.task_started(task_id, task.name)


@signals.task_postrun.connect
def _task_outcome(task_id: str, task: Any, state: str | None = None, **_: Any) -> None:
    from core import observability

    observability.task_finished(task_id, task.name, _OUTCOMES.get(state or "", "other"))


@signals.worker_init.connect
def _serve_worker_metrics(**_: Any) -> None:
    port = os.environ.get("KRUCARE_WORKER_METRICS_PORT")
    if not port:
        return
    from prometheus_client import start_http_server

    from core.observability import metrics_registry

    start_http_server(
        int(port),
        addr=os.environ.get("KRUCARE_WORKER_METRICS_ADDRESS", "0.0.0.0"),  # noqa: S104
        registry=metrics_registry(),
    )


app = CeleryApp("krucare", task_cls=OfficeTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
