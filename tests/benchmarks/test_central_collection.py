"""The central benchmarks at scale: 245 synthetic offices with three fiscal years of work.

- Synthesis: `synthesize_offices` (245 × 3 years), timed.
- Collection: `central.collection.collect_offices` over 10, 50 and 245 offices with 1, 2 and 4
  workers, first into empty central tables, then again (nothing changes: the nightly case),
  with the peak number of database connections (pg_stat_activity, polled from a side thread).
- Where the time goes: each indicator's compute time in one office.
- The central pages (or, until they exist, the selectors they are built on): server time.

Goals (issue 5): collecting 245 offices ≤ 30 s on 2 cores; each central page ≤ 300 ms.
Nothing here asserts on time. The synthetic offices are dropped at the end of this module, so
the other benchmarks see only their own offices.
"""

from __future__ import annotations

import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve
from django_tenants.utils import schema_context

from accounts.models import User
from central import comparison
from central.benchmarks import Collection, IndicatorValue
from central.collection import collect_offices, years_to_collect
from core.indicators import all_indicators
from devdata.synthetic import synthesize_offices
from tenants.models import Office
from tests.benchmarks._report import (
    SUMMARY_HEADERS,
    Summary,
    Timer,
    fmt_seconds,
    print_table,
    record,
    record_summary,
    summary_row,
)
from tests.benchmarks.conftest import drop_bench_leftovers

pytestmark = pytest.mark.benchmark

PREFIX = "syn"
OFFICES = 245
YEARS = 3
SCALE_POINTS = (10, 50, 245)
WORKERS = (1, 2, 4)
PAGE_REPEATS = 10
CENTRAL_HOST = "localhost"


@dataclass
class Synthetic:
    office_ids: list[int]
    seconds: float
    rows: int


@pytest.fixture(scope="module")
def synthetic(django_db_setup: None, django_db_blocker: Any) -> Iterator[Synthetic]:
    """245 synthetic offices (made here: the test database is new for every run), dropped
    again afterwards with their central rows."""
    with django_db_blocker.unblock():
        drop_bench_leftovers((PREFIX,))
        report = synthesize_offices(count=OFFICES, years=YEARS, prefix=PREFIX)
        ids = list(
            Office.objects.filter(code__startswith=PREFIX)
            .order_by("code")
            .values_list("pk", flat=True)
        )
        assert len(ids) == OFFICES
        with connection.cursor() as cursor:  # fresh statistics for the planner, as in production
            cursor.execute("ANALYZE")
    try:
        yield Synthetic(ids, report.seconds, sum(report.rows.values()))
    finally:
        with django_db_blocker.unblock():
            IndicatorValue.objects.filter(office_id__in=ids).delete()
            Collection.objects.filter(office_id__in=ids).delete()
            drop_bench_leftovers((PREFIX,))


class ConnectionPeak:
    """Polls pg_stat_activity for this database from a thread of its own (its own connection,
    not counted) and keeps the highest number of client connections seen."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._params = params
        self._database = connection.settings_dict["NAME"]
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        with psycopg.connect(**self._params, autocommit=True) as conn:
            while not self._stop.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                    [self._database],
                ).fetchone()
                self.peak = max(self.peak, int(row[0]) if row else 0)
                self._stop.wait(0.01)

    def __enter__(self) -> ConnectionPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _forget_collected(office_ids: list[int]) -> None:
    IndicatorValue.objects.filter(office_id__in=office_ids).delete()
    Collection.objects.filter(office_id__in=office_ids).delete()


def test_synthesis(synthetic: Synthetic) -> None:
    per_office = synthetic.seconds / OFFICES
    print_table(
        f"synthesize_offices: {OFFICES} offices × {YEARS} fiscal years",
        ["case", "offices", "rows", "total", "per office"],
        [
            [
                "create + bulk fill",
                OFFICES,
                f"{synthetic.rows:,}",
                fmt_seconds(synthetic.seconds),
                fmt_seconds(per_office),
            ]
        ],
    )
    record(
        "synthesize_offices",
        f"{OFFICES}x{YEARS}",
        unit="s",
        offices=OFFICES,
        years=YEARS,
        rows=synthetic.rows,
        total=round(synthetic.seconds, 3),
        per_office=round(per_office, 4),
    )


def test_collection_scaling(synthetic: Synthetic, django_db_blocker: Any) -> None:
    rows = []
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        codes = len(all_indicators()) * len(years_to_collect())
        for count in SCALE_POINTS:
            ids = synthetic.office_ids[:count]
            for workers in WORKERS:
                _forget_collected(ids)
                connection.close()  # the run's connections only
                with ConnectionPeak() as peak, Timer() as first:
                    outcomes = collect_offices(ids, workers=workers)
                assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok][:3]
                assert sum(o.changed for o in outcomes) == count * codes
                with Timer() as again:
                    outcomes = collect_offices(ids, workers=workers)
                assert all(o.ok for o in outcomes) and not any(o.changed for o in outcomes)
                rows.append(
                    [
                        f"{count} offices, {workers} worker{'s' * (workers > 1)}",
                        fmt_seconds(first.seconds),
                        fmt_seconds(first.seconds / count),
                        fmt_seconds(again.seconds),
                        fmt_seconds(again.seconds / count),
                        peak.peak,
                    ]
                )
                record(
                    "central_collection",
                    f"{count}x{workers}",
                    unit="s",
                    offices=count,
                    workers=workers,
                    first=round(first.seconds, 3),
                    again=round(again.seconds, 3),
                    per_office=round(first.seconds / count, 4),
                    peak_connections=peak.peak,
                )
        assert IndicatorValue.objects.filter(office_id__in=synthetic.office_ids).count() == (
            OFFICES * codes
        )
    print_table(
        "collect_offices (first: into empty central tables; again: nothing changes)",
        ["case", "first", "per office", "again", "per office", "peak connections"],
        rows,
    )


def test_indicator_compute_times(synthetic: Synthetic, django_db_blocker: Any) -> None:
    """Where one office's collection time goes: each indicator, both years, a few offices."""
    samples: dict[str, list[float]] = {i.code: [] for i in all_indicators()}
    with django_db_blocker.unblock():
        offices = list(Office.objects.filter(pk__in=synthetic.office_ids[:10]))
        for office in offices:
            with schema_context(office.schema_name):
                for item in all_indicators():
                    for year in years_to_collect():
                        with Timer() as timer:
                            item.compute(year)
                        samples[item.code].append(timer.seconds)
        connection.set_schema_to_public()
    rows = []
    for code, values in sorted(samples.items(), key=lambda kv: -statistics.median(kv[1])):
        summary = Summary.of(values)
        rows.append(summary_row(code, summary))
        record_summary("indicator_compute", code, summary)
    total = sum(statistics.median(v) for v in samples.values()) * len(years_to_collect())
    print_table("indicator compute time (10 offices × 2 fiscal years)", SUMMARY_HEADERS, rows)
    print(f"sum of medians over both years: {fmt_seconds(total)} per office")  # noqa: T201


def _central_page_paths(office: Office) -> list[str]:
    paths = [
        "/benchmarks/",
        f"/benchmarks/indicators/{all_indicators()[0].code}/",
        f"/benchmarks/offices/{office.code}/",
        "/benchmarks/export.csv",
    ]

    try:
        for path in paths:
            resolve(path, urlconf="config.urls_central")
    except Resolver404:
        return []
    return paths


def test_central_pages(synthetic: Synthetic, django_db_blocker: Any) -> None:
    rows = []
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        if not IndicatorValue.objects.filter(office_id__in=synthetic.office_ids).exists():
            collect_offices(synthetic.office_ids, workers=2)
        office = Office.objects.get(pk=synthetic.office_ids[0])
        paths = _central_page_paths(office)
        cases: dict[str, Any] = {}
        if paths:
            client = Client(HTTP_HOST=CENTRAL_HOST)
            client.force_login(User.objects.get(username="analyst"))
            for path in paths:

                def get(path: str = path) -> None:
                    response = client.get(path)
                    assert response.status_code == 200, (path, response.status_code)

                cases[f"GET {path}"] = get
            title = "central pages (server time, 245 offices)"
        else:
            year = years_to_collect()[0].be_year
            code = "onestop.share_within_standard"
            cases = {
                "all_comparisons(value)": lambda: comparison.all_comparisons(fiscal_year=year),
                "all_comparisons(per_100)": lambda: comparison.all_comparisons(
                    fiscal_year=year, basis="per_100"
                ),
                f"indicator_comparison({code})": lambda: comparison.indicator_comparison(
                    code=code, fiscal_year=year
                ),
                "office_card(2 years)": lambda: comparison.office_card(
                    office=office, fiscal_years=[year, year - 1]
                ),
                "collection_list()": lambda: list(comparison.collection_list()),
            }
            title = "central selectors (the pages are not there yet), 245 offices"
        for label, call in cases.items():
            call()  # warm
            samples = []
            for _ in range(PAGE_REPEATS):
                with Timer() as timer:
                    call()
                samples.append(timer.seconds)
            summary = Summary.of(samples)
            rows.append(summary_row(label, summary))
            record_summary("central_pages", label, summary, offices=OFFICES)
    print_table(title, SUMMARY_HEADERS, rows)
