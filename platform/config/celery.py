"""The Celery app. Each task carries the schema it was sent from (tenant-schemas-celery) and
runs inside that office's schema in the worker; a task whose office cannot be found refuses to
run rather than run elsewhere."""

from __future__ import annotations

import os
from typing import Any

from tenant_schemas_celery.app import CeleryApp, get_schema_name_from_task
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


class OfficeNotAvailableError(RuntimeError):
    """The office a task was sent from has no schema here any more."""


class OfficeTask(TenantTask):
    """Runs only in the schema named in the task's headers.

    tenant-schemas-celery switches schemas in a `task_prerun` signal handler, and Celery logs
    and ignores an exception raised there (e.g. the office was deleted): the task would then run
    in the public schema. This check makes it fail instead.
    """

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.request.called_directly:
            from core.schemas import PUBLIC_SCHEMA, current_schema

            expected = get_schema_name_from_task(self, kwargs) or PUBLIC_SCHEMA
            if current_schema() != expected:
                raise OfficeNotAvailableError(
                    f"{self.name} was sent from schema {expected!r}, which has no office here; "
                    f"refusing to run it in {current_schema()!r}"
                )
        return super().__call__(*args, **kwargs)


app = CeleryApp("krucare", task_cls=OfficeTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
