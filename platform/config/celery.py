"""The Celery app. Each task carries the schema it was sent from (tenant-schemas-celery) and
runs inside that office's schema in the worker."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("krucare")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
