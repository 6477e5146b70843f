"""The operator's views of the whole system: readiness (`/readyz`) and metrics (`/metrics`),
both on the central host only. They read every part of the platform (the database, the
migrations of each office, the broker, the webhooks), so they live at the top, in `config`."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.exceptions import ServiceWarning
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST

from config import health
from config import metrics as state_metrics


class ReadinessView(HealthCheckView):
    """Readiness (`/readyz`, central host only): 200 when this process can serve, 503 when a
    critical check fails (database, migrations, an office end to end); cache and broker
    report `degraded` with 200 (see `config.health`). Always JSON:

    `{"status": "ok|degraded|unavailable", "checks": {"database": {"status": "ok", "ms": 1.2},
    "cache": {"status": "degraded", "error": "..."}, ...}}`"""

    checks = health.READINESS_CHECKS

    def get_executor(self) -> AbstractContextManager[Executor | None]:
        return ThreadPoolExecutor(max_workers=len(self.checks), thread_name_prefix="readyz")

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        checks: dict[str, dict[str, object]] = {}
        for result in results:
            entry: dict[str, object] = {"ms": round(result.time_taken * 1000, 1)}
            if result.error is None:
                entry["status"] = "ok"
            else:
                critical = not isinstance(result.error, ServiceWarning)
                entry["status"] = "unavailable" if critical else "degraded"
                entry["error"] = str(result.error.message)
            checks[repr(result.check)] = entry
        statuses = {entry["status"] for entry in checks.values()}
        status = (
            "unavailable"
            if "unavailable" in statuses
            else "degraded"
            if "degraded" in statuses
            else "ok"
        )
        return JsonResponse(
            {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
        )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (`/metrics`, central host only; the proxy refuses the path to the
    public). With KRUCARE_METRICS_TOKEN set, only `Authorization: Bearer <token>` reads them."""
    token = getattr(settings, "KRUCARE_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not constant_time_compare(given, token):
            return HttpResponse("metrics: a bearer token is required\n", status=401)
    return HttpResponse(state_metrics.metrics_exposition(), content_type=CONTENT_TYPE_LATEST)
