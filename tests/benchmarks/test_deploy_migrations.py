"""Benchmark 2: a deploy's migration step over up-to-date offices.

Ours: `migrate_offices` (public + template migrated, one query finds the offices behind, only
those migrated). Stock: `migrate_schemas --tenant --executor=multiprocessing`, which runs
`migrate` in every office schema (2 processes, django-tenants' default).

Timed at 0, 10 and 50 benchmark offices while they are created (see conftest.py) and here
at 245. Goal (issue): ≤ 10 s with 245 offices, growing linearly.
"""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from tenants.models import Office
from tests.benchmarks._report import (
    SUMMARY_HEADERS,
    Summary,
    fmt_seconds,
    print_table,
    record_summary,
    summary_row,
)
from tests.benchmarks.conftest import (
    BenchOffices,
    DeployPoint,
    time_ours_deploy,
    time_stock_deploy,
)

pytestmark = pytest.mark.benchmark

OURS_REPEATS_AT_245 = 5
STOCK_REPEATS_AT_245 = 2


def test_deploy_step_over_up_to_date_offices(
    bench_offices: BenchOffices, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        point = DeployPoint(bench_offices=245, total_offices=Office.objects.count())
        for repeat in range(max(OURS_REPEATS_AT_245, STOCK_REPEATS_AT_245)):
            if repeat < OURS_REPEATS_AT_245:
                point.ours.append(time_ours_deploy())
            if repeat < STOCK_REPEATS_AT_245:
                point.stock.append(time_stock_deploy())
    assert point.total_offices == 245 + bench_offices.other_offices
    points = [*bench_offices.deploy_points, point]

    rows = []
    for p in points:
        for command, samples in (("ours: migrate_offices", p.ours), ("stock", p.stock)):
            summary = Summary.of(samples)
            rows.append(summary_row(f"{p.total_offices:>3} offices, {command}", summary))
            record_summary(
                "deploy_no_op",
                "ours" if command.startswith("ours") else "stock_migrate_schemas_multiprocessing",
                summary,
                offices=p.total_offices,
                bench_offices=p.bench_offices,
            )
    print_table(
        "Deploy migration step, every office up to date "
        "(stock = migrate_schemas --tenant --executor=multiprocessing)",
        SUMMARY_HEADERS,
        rows,
    )

    # Growth between successive office counts, from the medians: a constant per-office cost
    # means linear growth.
    growth_rows = []
    for before, after in zip(points, points[1:], strict=False):
        added = after.total_offices - before.total_offices
        ours = (statistics.median(after.ours) - statistics.median(before.ours)) / added
        stock = (statistics.median(after.stock) - statistics.median(before.stock)) / added
        growth_rows.append(
            [
                f"{before.total_offices} -> {after.total_offices} offices",
                fmt_seconds(ours) if ours > 0 else f"{ours * 1000:.2f} ms",
                fmt_seconds(stock) if stock > 0 else f"{stock * 1000:.2f} ms",
            ]
        )
    print_table(
        "Deploy step: added time per added office (median to median)",
        ["step", "ours per office", "stock per office"],
        growth_rows,
    )
