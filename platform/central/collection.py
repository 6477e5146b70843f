"""Collecting every office's indicators into the central tables.

One office at a time: its indicators (`core.indicators`, filled by every module) are computed
inside its own schema for the current and the previous fiscal year, then upserted into
`central.IndicatorValue` in the public schema. Only numbers cross the boundary.

- Idempotent: a value is written only when it differs from the one stored (the upsert's
  `WHERE ... IS DISTINCT FROM`), so collecting twice changes nothing the second time.
- Isolated failures: an office that fails records its error on its `Collection` row and
  raises; the caller (a Celery task per office, or `collect_offices`) carries on with the
  others, and the task is retried with backoff.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context

from central.benchmarks import Collection, IndicatorValue
from central.ranking import per_hundred
from core.indicators import Number, all_indicators, compute_all
from core.schemas import PUBLIC_SCHEMA
from core.thai import FiscalYear, fiscal_year_of, local_date
from tenants.models import Office
from tenants.postgresql_backend.base import recycle_if_worn

PERSONNEL_CODE = "people.personnel"
FOUR_PLACES = Decimal("0.0001")
ERROR_LIMIT = 2000
# Offices handed to a collecting process at a time (fewer when there are few offices).
BATCH_SIZE = 25


def years_to_collect(now: datetime | None = None) -> list[FiscalYear]:
    """The current fiscal year and the previous one."""
    current = fiscal_year_of(local_date(now or timezone.now()))
    return [current, FiscalYear(current.be_year - 1)]


def _stored(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(FOUR_PLACES)


def office_values(
    office: Office, fiscal_years: Sequence[FiscalYear]
) -> dict[int, dict[str, Number | None]]:
    """The office's indicators per B.E. fiscal year, computed in its schema."""
    with schema_context(office.schema_name):
        return {year.be_year: compute_all(year) for year in fiscal_years}


def _upsert(office: Office, values: dict[int, dict[str, Number | None]], at: datetime) -> int:
    """Write the values that differ from those stored; the number written."""
    per_personnel = {item.code for item in all_indicators() if item.per_personnel}
    rows: list[Any] = []
    for year, by_code in values.items():
        personnel = by_code.get(PERSONNEL_CODE)
        for code, value in by_code.items():
            per_100 = None
            if code in per_personnel:
                per_100 = per_hundred(value, int(personnel) if personnel is not None else None)
            rows.extend([office.pk, year, code, _stored(value), _stored(per_100), at])
    if not rows:
        return 0
    table = IndicatorValue._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * (len(rows) // 6))
    sql = (
        f"INSERT INTO {table} (office_id, fiscal_year, code, value, per_100_personnel, "  # noqa: S608 (table name from the model)
        f"collected_at) VALUES {placeholders} "
        "ON CONFLICT (office_id, fiscal_year, code) DO UPDATE SET value = EXCLUDED.value, "
        "per_100_personnel = EXCLUDED.per_100_personnel, collected_at = EXCLUDED.collected_at "
        f"WHERE ({table}.value, {table}.per_100_personnel) "
        "IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.per_100_personnel) RETURNING 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, rows)
        return len(cursor.fetchall())


@dataclass(frozen=True)
class Outcome:
    office_id: int
    changed: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def _record_failure(office: Office, error: BaseException, at: datetime) -> None:
    with transaction.atomic():
        collection, _ = Collection.objects.select_for_update().get_or_create(office=office)
        collection.last_attempt_at = collection.last_failure_at = at
        collection.last_error = f"{type(error).__name__}: {error}"[:ERROR_LIMIT]
        collection.failures_in_a_row += 1
        collection.save()


def office_collect(
    *, office_id: int, fiscal_years: Sequence[FiscalYear] | None = None, now: datetime | None = None
) -> int:
    """Collect one office; the number of values written. Records the outcome on the office's
    `Collection` row; on failure records the error and raises it (for the task to retry)."""
    at = now or timezone.now()
    with schema_context(PUBLIC_SCHEMA):
        office = Office.objects.get(pk=office_id)
        years = list(fiscal_years or years_to_collect(at))
        started = time.perf_counter()
        try:
            values = office_values(office, years)
        except Exception as exc:
            _record_failure(office, exc, at)
            raise
        with transaction.atomic():
            changed = _upsert(office, values, at)
            collection, _ = Collection.objects.select_for_update().get_or_create(office=office)
            collection.last_attempt_at = collection.last_success_at = at
            collection.last_error = ""
            collection.failures_in_a_row = 0
            collection.last_duration_ms = int((time.perf_counter() - started) * 1000)
            collection.values_changed = changed
            collection.save()
        return changed


def active_office_ids() -> list[int]:
    with schema_context(PUBLIC_SCHEMA):
        return list(
            Office.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
        )


def _collect_one(office_id: int, fiscal_years: Sequence[FiscalYear] | None = None) -> Outcome:
    """One office for `collect_offices`: its outcome, never an exception; the connection is
    recycled once it has touched `KRUCARE_CONN_MAX_SCHEMAS` schemas, so that the server
    process does not keep the catalog of every office (tenants.postgresql_backend)."""
    try:
        return Outcome(office_id, office_collect(office_id=office_id, fiscal_years=fiscal_years))
    except Exception as exc:  # noqa: BLE001 (recorded; the other offices go on)
        return Outcome(office_id, error=f"{type(exc).__name__}: {exc}")
    finally:
        recycle_if_worn(connection)


def _collect_batch(
    office_ids: Sequence[int], fiscal_years: Sequence[FiscalYear] | None = None
) -> list[Outcome]:
    """A batch of offices in a worker process, on the process's own connection (kept from
    office to office: a new connection per office costs a set-up and a cold catalog cache)."""
    return [_collect_one(office_id, fiscal_years) for office_id in office_ids]


def collect_offices(
    office_ids: Iterable[int] | None = None,
    *,
    workers: int = 2,
    fiscal_years: Sequence[FiscalYear] | None = None,
) -> list[Outcome]:
    """Collect the offices (default: every active one) in `workers` processes, each with its
    own database connection; an office's failure is recorded and the others go on. The
    outcomes in the order of `office_ids`.

    Processes, as the Celery workers that collect in production are (prefork), not threads:
    most of an office's collection is Python (the ORM building ~50 indicators' queries), which
    threads would run one at a time under the GIL (issue 21: 4 threads used one core). The
    offices go out in small batches, so a slow office does not hold up a whole share.
    The parent's connections are closed before the processes start (a forked process must not
    use its parent's socket); it reopens its own when it next queries."""
    ids = list(active_office_ids() if office_ids is None else office_ids)
    if workers <= 1 or len(ids) <= 1:
        return _collect_batch(ids, fiscal_years)
    connections.close_all()
    size = max(1, min(BATCH_SIZE, len(ids) // (workers * 4)))
    batches = [ids[i : i + size] for i in range(0, len(ids), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context) as pool:
        done = pool.map(functools.partial(_collect_batch, fiscal_years=fiscal_years), batches)
        return [outcome for batch in done for outcome in batch]


# The nightly run's results are older than this when an office's collection went missing
# (its message was lost with a killed worker, beat was down at 02:15, the office is new).
STALE_AFTER = timedelta(hours=26)
# An office tried this recently is being retried by its own task: the sweep leaves it alone.
RETRYING_WITHIN = timedelta(hours=1)


def offices_stale(now: datetime | None = None) -> list[int]:
    """Active offices whose last successful collection is older than STALE_AFTER (or never
    happened) and that nothing tried within RETRYING_WITHIN: what `collection_sweep_task`
    sends again. One query."""
    at = now or timezone.now()
    with schema_context(PUBLIC_SCHEMA):
        return list(
            Office.objects.filter(is_active=True)
            .filter(
                Q(collection__isnull=True)
                | (
                    (
                        Q(collection__last_success_at__isnull=True)
                        | Q(collection__last_success_at__lt=at - STALE_AFTER)
                    )
                    & (
                        Q(collection__last_attempt_at__isnull=True)
                        | Q(collection__last_attempt_at__lt=at - RETRYING_WITHIN)
                    )
                )
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
