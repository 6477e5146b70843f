"""The central layer's tasks: collecting the offices' indicators, nightly and on demand.

Every task here is safe to run twice: a collection upserts only the values that differ (see
`central.collection`), and the fan-out and the sweep only send collections.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from core.broker import BROKER_UNREACHABLE
from core.errors import ApplicationError

# One office's collection takes well under a second (2,450 offices: see the README's Headroom);
# these limits stop a stuck one without touching a slow but healthy one.
COLLECT_SOFT_LIMIT_SECONDS = 240
COLLECT_TIME_LIMIT_SECONDS = 270


class BrokerUnavailableError(ApplicationError):
    code = "tasks.broker_unavailable"


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=settings.KRUCARE_TASK_MAX_COUNTDOWN,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=COLLECT_SOFT_LIMIT_SECONDS,
    time_limit=COLLECT_TIME_LIMIT_SECONDS,
)
def collect_office_task(office_id: int) -> int:
    """Collect one office (runs in the public schema; switches to the office to compute).
    A failure is recorded on the office's collection row and the task retried with backoff."""
    from central.collection import office_collect

    return office_collect(office_id=office_id)


@shared_task(time_limit=60)
def collect_all_task() -> int:
    """Send one collection task per active office; the number sent. Beat runs it nightly."""
    from central.collection import active_office_ids

    office_ids = active_office_ids()
    for office_id in office_ids:
        collect_office_task.delay(office_id)
    return len(office_ids)


@shared_task(time_limit=60)
def collection_sweep_task() -> int:
    """Send a collection again for every active office whose last success is older than a day
    and a bit, and that nothing is retrying (`central.collection.offices_stale`): a message
    lost with a killed worker, a night beat was down, a new office. Beat runs it hourly."""
    from central.collection import offices_stale

    office_ids = offices_stale()
    for office_id in office_ids:
        collect_office_task.delay(office_id)
    return len(office_ids)


# Four files at 2,450 offices took about a minute on the shared 2-core machine; within the
# default limit, as a broker's visibility timeout (config.settings) must outlast every task.
@shared_task(soft_time_limit=250, time_limit=280)
def prepare_exports_task() -> int:
    """Render the benchmark exports (CSV and XLSX, in every language of the site) of the year
    the pages open on, for the current data version, where they are not kept yet; the number
    rendered. Beat runs it hourly (after the nightly collection, the first run renders them;
    the others find them there): an analyst's download then streams a file."""
    from django.utils import translation

    from central.comparison import default_fiscal_year
    from central.exports import KINDS, export_file, exports_dir

    fiscal_year = default_fiscal_year()
    if fiscal_year is None:
        return 0
    before = set(exports_dir().glob("*")) if exports_dir().exists() else set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind in KINDS:
                export_file(fiscal_year, kind)
    return len(set(exports_dir().glob("*")) - before)


def collection_request(*, office_id: int | None) -> None:
    """Send one office's collection (or every office's) now, from a web request.

    Raises BrokerUnavailableError, with a message for the operator, when the broker cannot
    take the task (Redis or RabbitMQ down): nothing was sent, and the nightly run and the
    hourly sweep will collect anyway."""
    try:
        if office_id is None:
            collect_all_task.delay()
        else:
            collect_office_task.delay(office_id)
    except BROKER_UNREACHABLE as exc:
        raise BrokerUnavailableError(
            "ระบบคิวงานเบื้องหลังไม่พร้อมใช้งานชั่วคราว จึงยังไม่ได้เริ่มรวบรวมข้อมูล "
            "กรุณาลองใหม่อีกครั้งในภายหลัง (ระบบจะรวบรวมให้เองตามรอบทุกคืน)",
            "The task queue cannot be reached for the moment, so the collection has not "
            "started. Try again later (the nightly run collects anyway).",
        ) from exc
