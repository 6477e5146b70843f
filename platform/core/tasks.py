from __future__ import annotations

from celery import shared_task

from core.schemas import current_schema


@shared_task
def diagnostics_ping_task() -> dict[str, object]:
    """Report where the worker ran this task: its schema and how many accounts it sees there.

    An operator's check that workers reach the database and honour the office a task was sent
    from (tenant-schemas-celery carries it in the task headers); the isolation tests use it.
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {
        "schema": current_schema(),
        "usernames": sorted(User.objects.values_list("username", flat=True)),
    }
