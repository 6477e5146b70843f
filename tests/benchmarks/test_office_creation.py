"""Benchmark 1: creating one office, by cloning (ours), by migrating, and by stock cloning.

Runs with the 245 benchmark offices present (plus the test session's own offices), so the
catalog is the size of production's. Also reports how `office_create` behaved while those 245
offices were created: a flat per-office time means the catalog size does not matter.

Goal (issue): ≤ 0.5 s per office by cloning, flat as offices and migrations accumulate.
"""

from __future__ import annotations

import statistics
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.clone import CloneSchema

from tenants import routing
from tenants.cloning import clone_schema
from tenants.models import Office
from tenants.services import office_create, template_schema
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
from tests.benchmarks.conftest import BenchOffices, bench_spec, drop_bench_leftovers, drop_schema

pytestmark = pytest.mark.benchmark

ROUNDS = 8  # ours, our SQL clone alone and migrate: every round; stock clone: the first few
STOCK_CLONE_ROUNDS = 4
OURS_PER_ROUND = 2

# Ranges of the creation order (1-based, inclusive) shown in the creation table.
CREATION_BANDS = [(1, 10), (11, 50), (51, 100), (101, 150), (151, 200), (201, 235), (236, 245)]


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace "
            "AND relkind IN ('r', 'p')",
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


def _migrations(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')  # noqa: S608
        return {(row[0], row[1]) for row in cursor.fetchall()}


def _assert_like_template(schema: str) -> None:
    template = template_schema()
    assert _tables(schema) == _tables(template), schema
    assert _migrations(schema) == _migrations(template), schema


def _ours(code: str, n: int) -> float:
    """Our `office_create` (row, domain, clone, commit), then: it exists and it routes."""
    spec = {**bench_spec(n), "code": code}
    with Timer() as timer:
        office = office_create(**spec)
    connection.set_schema_to_public()
    assert Office.objects.filter(code=code, ready_at__isnull=False).exists()
    routed = routing.office_for_host(f"{code}.localhost")
    assert routed is not None and routed.schema_name == office.schema_name
    response = Client(HTTP_HOST=f"{code}.localhost").get("/healthz")
    assert response.status_code == 200, response.content
    connection.set_schema_to_public()
    _assert_like_template(office.schema_name)
    return timer.seconds


def _our_sql_clone(schema: str) -> float:
    """Our clone function alone (what `office_create` spends in the database)."""
    with Timer() as timer:
        clone_schema(template_schema(), schema)
    _assert_like_template(schema)
    return timer.seconds


def _migrate(schema: str) -> float:
    """What stock django-tenants does without a template: create the schema and migrate it."""
    with Timer() as timer:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
        call_command(
            "migrate_schemas", schema_name=schema, tenant=True, interactive=False, verbosity=0
        )
    connection.set_schema_to_public()
    _assert_like_template(schema)
    return timer.seconds


def _stock_clone(schema: str) -> tuple[float, float]:
    """Stock django-tenants' clone (pg-clone-schema) and the fake migrate it runs after it."""
    with Timer() as clone_timer:
        CloneSchema().clone_schema(template_schema(), schema)
    with Timer() as migrate_timer:
        call_command(
            "migrate_schemas",
            tenant=True,
            fake=True,
            schema_name=schema,
            interactive=False,
            verbosity=0,
        )
    connection.set_schema_to_public()
    _assert_like_template(schema)
    return clone_timer.seconds, migrate_timer.seconds


def test_office_create_while_245_offices_accumulate(bench_offices: BenchOffices) -> None:
    create = bench_offices.create_seconds
    clone = bench_offices.clone_seconds
    rows = []
    for first, last in CREATION_BANDS:
        band = Summary.of(create[first - 1 : last])
        clone_band = Summary.of(clone[first - 1 : last])
        label = f"offices {first}-{last}"
        rows.append(summary_row(label, band, fmt_seconds(clone_band.median)))
        record_summary(
            "office_create_scaling",
            label,
            band,
            clone_median=round(clone_band.median, 6),
            first=first,
            last=last,
        )
    everything = Summary.of(create)
    rows.append(summary_row("all 245", everything, fmt_seconds(Summary.of(clone).median)))
    slope = statistics.linear_regression(range(1, len(create) + 1), create).slope
    print_table(
        f"office_create while {len(create)} offices accumulate "
        f"(+{bench_offices.other_offices} already there)",
        [*SUMMARY_HEADERS, "clone median"],
        rows,
    )
    print(  # noqa: T201
        f"total {fmt_seconds(bench_offices.create_total_seconds)} for {len(create)} offices; "
        f"trend {slope * 1_000_000:+.0f} µs per office already present"
    )
    record(
        "office_create_scaling",
        "total",
        unit="s",
        offices=len(create),
        total=round(bench_offices.create_total_seconds, 3),
        median=round(everything.median, 6),
        slope_s_per_office=round(slope, 9),
    )
    assert len(create) == 245


def test_one_office_clone_vs_migrate(bench_offices: BenchOffices, django_db_blocker: Any) -> None:
    samples: dict[str, list[float]] = {
        "ours": [],
        "our_sql_clone": [],
        "migrate": [],
        "stock_clone_total": [],
        "stock_clone": [],
        "stock_fake_migrate": [],
    }
    with django_db_blocker.unblock():
        present = Office.objects.count()
        with connection.cursor() as cursor:
            template = template_schema()
            cursor.execute(f'SELECT count(*) FROM "{template}".django_migrations')  # noqa: S608
            template_migrations = cursor.fetchone()[0]
        n = 1000
        try:
            for round_ in range(1, ROUNDS + 1):
                for i in range(OURS_PER_ROUND):
                    n += 1
                    samples["ours"].append(_ours(f"bxours{round_}x{i}", n))
                schema = f"esa_bxsql{round_}"
                samples["our_sql_clone"].append(_our_sql_clone(schema))
                drop_schema(schema)
                schema = f"esa_bxmigrate{round_}"
                samples["migrate"].append(_migrate(schema))
                drop_schema(schema)
                if round_ <= STOCK_CLONE_ROUNDS:
                    schema = f"esa_bxstock{round_}"
                    clone_s, fake_s = _stock_clone(schema)
                    samples["stock_clone"].append(clone_s)
                    samples["stock_fake_migrate"].append(fake_s)
                    samples["stock_clone_total"].append(clone_s + fake_s)
                    drop_schema(schema)
                drop_bench_leftovers(("bx",))
        finally:
            drop_bench_leftovers(("bx",))

    labels = {
        "ours": "ours: office_create (row+domain+clone+commit)",
        "our_sql_clone": "  of which: our clone function alone",
        "migrate": "by migrating (CREATE SCHEMA + migrate_schemas)",
        "stock_clone_total": "stock clone + fake migrate",
        "stock_clone": "  stock CloneSchema.clone_schema",
        "stock_fake_migrate": "  stock fake migrate_schemas",
    }
    ours_median = statistics.median(samples["ours"])
    rows = []
    for key, label in labels.items():
        summary = Summary.of(samples[key])
        ratio = summary.median / ours_median
        rows.append(summary_row(label, summary, f"{ratio:.1f}x"))
        record_summary(
            "create_one_office",
            key,
            summary,
            offices_present=present,
            template_migrations=template_migrations,
        )
    print_table(
        f"Creating one office with {present} offices present "
        f"({template_migrations} migrations in the template)",
        [*SUMMARY_HEADERS, "vs ours"],
        rows,
    )
    assert present == 245 + bench_offices.other_offices
