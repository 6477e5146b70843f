"""Celery under the production settings: every task has a time limit, no task waits in a worker
longer than KRUCARE_TASK_MAX_COUNTDOWN, and Redis' visibility timeout outlasts both (so a live
worker's message is never handed out twice) while returning a killed worker's messages well
within kombu's default hour."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_production_settings import _env, _run, trap  # noqa: F401 (the fixture)

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from config.celery import DATABASE_RETRIES, database_retry_countdown, app
app.loader.import_default_modules()
tasks = {
    name: task.time_limit or app.conf.task_time_limit
    for name, task in app.tasks.items() if not name.startswith("celery.")
}
collect = app.tasks["central.tasks.collect_office_task"]
print(json.dumps({
    "tasks": tasks,
    "options": app.conf.broker_transport_options,
    "max_countdown": settings.KRUCARE_TASK_MAX_COUNTDOWN,
    "collect_backoff_max": collect.retry_backoff_max,
    "database_retry_max": max(database_retry_countdown(n) for n in range(DATABASE_RETRIES + 1)),
    "beat": sorted(entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()),
}))
"""


def test_visibility_timeout_is_set_from_the_longest_task_and_countdown(
    trap: int,  # noqa: F811
    tmp_path: Path,
) -> None:
    result = _run(["-c", PROBE], _env(trap, tmp_path))
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    limits = probe["tasks"]
    assert "webhooks.tasks.webhook_deliver_task" in limits
    assert all(isinstance(limit, int) and limit > 0 for limit in limits.values()), limits
    longest_wait = max(
        probe["max_countdown"], probe["collect_backoff_max"], probe["database_retry_max"]
    )
    assert probe["collect_backoff_max"] <= probe["max_countdown"]
    assert probe["database_retry_max"] <= probe["max_countdown"]
    visibility = probe["options"]["visibility_timeout"]
    assert visibility > max(limits.values()) + longest_wait
    assert visibility <= 15 * 60  # a killed worker's message is back within a quarter hour
    assert "central.tasks.collection_sweep_task" in probe["beat"]
