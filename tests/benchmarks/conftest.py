"""Shared set-up of the benchmarks: 245 offices created once per session, timed as they come.

Everything here runs with the database unblocked and *outside* a test transaction: the migrate
commands open their own connections (and processes), so they must see committed offices. The
offices are dropped again at the end (schemas, rows, domains), and any left over by an
interrupted run are dropped first.

The test database comes from tests/conftest.py's `django_db_setup` (created for every run);
`_on_the_test_database` refuses to time anything elsewhere.

While the offices are created, the deploy's migration step is timed at a few office counts
(0, 10 and 50 benchmark offices; 245 is timed by `test_deploy_migrations.py`), so the scaling
figures cost no second round of office creation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

import tenants.services
from tenants import routing
from tenants.management.commands.migrate_offices import offices_behind
from tenants.models import Domain, Office, Region
from tenants.services import office_create, template_schema
from tests.benchmarks._report import Timer

BENCH_OFFICE_COUNT = 245
# Office counts (benchmark offices present) at which the deploy step is timed during creation.
DEPLOY_SCALE_POINTS = (0, 10, 50)
OURS_DEPLOY_REPEATS = 3
STOCK_DEPLOY_REPEATS = 2

# Codes of everything the benchmarks create: `bench001`…, and `bx…` for throw-away schemas.
BENCH_CODE_PREFIXES = ("bench", "bx")
REGIONS = list(Region.values)


def bench_code(n: int) -> str:
    return f"bench{n:03d}"


def bench_spec(n: int) -> dict[str, Any]:
    return {
        "code": bench_code(n),
        "name_th": f"สำนักงานเขตพื้นที่การศึกษาทดสอบสมรรถนะ เขต {n}",
        "name_en": f"Benchmark Area Office {n}",
        "kind": "primary" if n % 2 else "secondary",
        "province": f"จังหวัดทดสอบ{n}",
        "region": REGIONS[n % len(REGIONS)],
        "area_number": 1,
    }


def drop_schema(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def drop_bench_leftovers(prefixes: tuple[str, ...] = BENCH_CODE_PREFIXES) -> int:
    """Drop the schemas, offices and domains whose codes start with `prefixes` (by default
    everything the benchmarks create); return how many schemas were dropped."""
    connection.set_schema_to_public()
    patterns = [f"esa\\_{prefix}%" for prefix in prefixes]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE ANY(%s) ORDER BY 1", [patterns]
        )
        schemas = [row[0] for row in cursor.fetchall()]
    for schema in schemas:
        drop_schema(schema)
    for prefix in prefixes:
        Domain.objects.filter(tenant__code__startswith=prefix).delete()
        Office.objects.filter(code__startswith=prefix).delete()
    routing.invalidate()
    return len(schemas)


def time_ours_deploy() -> float:
    """One run of our deploy step (`migrate_offices`); checks it leaves no office behind."""
    with Timer() as timer:
        call_command("migrate_offices", verbosity=0)
    connection.set_schema_to_public()
    assert offices_behind(template_schema()) == []
    return timer.seconds


def time_stock_deploy() -> float:
    """One run of stock django-tenants' tenant migration over every office, 2 processes."""
    with Timer() as timer:
        call_command(
            "migrate_schemas",
            tenant=True,
            executor="multiprocessing",
            interactive=False,
            verbosity=0,
        )
    connection.set_schema_to_public()
    return timer.seconds


@pytest.fixture(autouse=True)
def _on_the_test_database(django_db_setup: None, django_db_blocker: Any) -> None:
    """Refuse to benchmark anything but pytest-django's test database."""
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), f"not the test database: {name}"


@dataclass
class DeployPoint:
    bench_offices: int
    total_offices: int
    ours: list[float] = field(default_factory=list)
    stock: list[float] = field(default_factory=list)


@dataclass
class BenchOffices:
    codes: list[str]
    # Seconds per `office_create` call, in creation order, and the clone's share of each.
    create_seconds: list[float]
    clone_seconds: list[float]
    create_total_seconds: float
    deploy_points: list[DeployPoint]
    other_offices: int  # offices that were there before (alpha, beta from tests/conftest.py)


def measure_deploy_point(bench_count: int) -> DeployPoint:
    point = DeployPoint(bench_offices=bench_count, total_offices=Office.objects.count())
    # Alternate the two commands so drift (cache warmth, autovacuum) hits both alike.
    for repeat in range(max(OURS_DEPLOY_REPEATS, STOCK_DEPLOY_REPEATS)):
        if repeat < OURS_DEPLOY_REPEATS:
            point.ours.append(time_ours_deploy())
        if repeat < STOCK_DEPLOY_REPEATS:
            point.stock.append(time_stock_deploy())
    return point


@pytest.fixture(scope="session")
def bench_offices(django_db_setup: None, django_db_blocker: Any) -> Iterator[BenchOffices]:
    """245 offices (`bench001`…`bench245`), created once through `office_create`, each timed."""
    assert connection.settings_dict["NAME"].startswith("test_"), "not the test database"
    with django_db_blocker.unblock():
        drop_bench_leftovers()
        other_offices = Office.objects.count()
        call_command("migrate_offices", verbosity=0)  # warm: the template is up to date

        clone_seconds: list[float] = []
        real_clone: Callable[[str, str], None] = tenants.services.clone_schema

        def timed_clone(source: str, target: str) -> None:
            with Timer() as timer:
                real_clone(source, target)
            clone_seconds.append(timer.seconds)

        create_seconds: list[float] = []
        deploy_points: list[DeployPoint] = []
        codes: list[str] = []
        tenants.services.clone_schema = timed_clone  # type: ignore[assignment]
        try:
            for n in range(1, BENCH_OFFICE_COUNT + 1):
                if n - 1 in DEPLOY_SCALE_POINTS:
                    deploy_points.append(measure_deploy_point(n - 1))
                spec = bench_spec(n)
                with Timer() as timer:
                    office = office_create(**spec)
                create_seconds.append(timer.seconds)
                assert office.ready_at is not None
                codes.append(office.code)
        finally:
            tenants.services.clone_schema = real_clone  # type: ignore[assignment]

        assert len(clone_seconds) == BENCH_OFFICE_COUNT
        assert Office.objects.filter(code__startswith="bench").count() == BENCH_OFFICE_COUNT
    try:
        yield BenchOffices(
            codes=codes,
            create_seconds=create_seconds,
            clone_seconds=clone_seconds,
            create_total_seconds=sum(create_seconds),
            deploy_points=deploy_points,
            other_offices=other_offices,
        )
    finally:
        with django_db_blocker.unblock():
            dropped = drop_bench_leftovers()
            assert not Office.objects.filter(code__startswith="bench").exists()
        print(f"\n[bench] dropped {dropped} benchmark schemas and their offices")  # noqa: T201
