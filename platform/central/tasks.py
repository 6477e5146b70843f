"""The central layer's tasks: collecting the offices' indicators, nightly and on demand."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
)
def collect_office_task(office_id: int) -> int:
    """Collect one office (runs in the public schema; switches to the office to compute).
    A failure is recorded on the office's collection row and the task retried with backoff."""
    from central.collection import office_collect

    return office_collect(office_id=office_id)


@shared_task
def collect_all_task() -> int:
    """Send one collection task per active office; the number sent. Beat runs it nightly."""
    from central.collection import active_office_ids

    office_ids = active_office_ids()
    for office_id in office_ids:
        collect_office_task.delay(office_id)
    return len(office_ids)
