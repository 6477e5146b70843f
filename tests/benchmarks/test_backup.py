"""Benchmark: backup and restore of one office of the demo's size (issue 10, point 4).

The office (`bxbackup…`) gets Phatthalung Area 2's demo data through the demo loaders (2,500
people with their families, a fiscal year of desk tickets, ID cards and paid medical and
child-education claims; `KRUCARE_DEMO_SCALE` shrinks it), a photo of 60 kB for every card
application (the demo has no files; a real office has one per card) and its indicators
collected. Then, each `ROUNDS` times:

1. `office_backup`: the schema, the public rows and the files into one .tar;
2. `office_restore` over the office (`--replace`: the office restored to yesterday);
3. `office_restore` of the lost office (schema, rows and files dropped first: what a restore
   into a new database does once `migrate_offices` has run there; that step is the deploy's
   and timed in test_deploy_migrations.py).

And once each as an operator runs them, `manage.py backup_office` / `restore_office` in a
process of their own (Django's start included). Nothing here asserts on time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django_tenants.utils import schema_context

from apps.idcards.models import CardApplication
from apps.people.models import Person
from backups.backup import office_backup, office_media_dir
from backups.restore import office_restore
from core.demo import DemoContext
from devdata.demo import (
    DEMO_FISCAL_YEAR,
    OFFICE_ACCOUNTS,
    _ensure_accounts,
    demo_scale,
    office_demo_build,
)
from tenants.models import Office
from tenants.services import office_create
from tests.backups.backup_support import collect, drop_office
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

PREFIX = "bxbackup"
ROUNDS = 3
PHOTO_BYTES = 60_000


def _demo_office() -> Office:
    office = office_create(
        code=PREFIX,
        name_th="สำนักงานเขตทดสอบการสำรองข้อมูล",
        name_en="Backup benchmark",
        kind="primary",
        province="จังหวัดทดสอบสำรองข้อมูล",
        region="south",
        area_number=1,
    )
    with schema_context(office.schema_name):
        _ensure_accounts(OFFICE_ACCOUNTS)
        # Phatthalung Area 2's demo (the report's volumes), in this throw-away office.
        office_demo_build(
            DemoContext(
                office_code="phatthalung2", fiscal_year=DEMO_FISCAL_YEAR, scale=demo_scale()
            )
        )
        for application in CardApplication.objects.all():
            application.photo.save(
                f"{application.pk}.jpg", ContentFile(os.urandom(PHOTO_BYTES)), save=True
            )
    collect(office)
    return office


@pytest.fixture
def demo_office(django_db_setup: None, django_db_blocker: Any) -> Iterator[Office]:
    with django_db_blocker.unblock():
        drop_bench_leftovers((PREFIX,))
        try:
            yield _demo_office()
        finally:
            connection.set_schema_to_public()
            drop_bench_leftovers((PREFIX,))
            shutil.rmtree(office_media_dir(f"esa_{PREFIX}"), ignore_errors=True)


def _size(office: Office) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'",
            [office.schema_name],
        )
        schema_bytes = int(cursor.fetchone()[0])
    with schema_context(office.schema_name):
        return {
            "people": Person.objects.count(),
            "cards": CardApplication.objects.count(),
            "schema_mb": round(schema_bytes / 1e6, 1),
        }


def _manage(*args: str) -> float:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": connection.settings_dict["NAME"],
    }
    with Timer() as timer:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    return timer.seconds


def test_backup_and_restore_of_a_demo_sized_office(demo_office: Office, tmp_path: Path) -> None:
    office = demo_office
    size = _size(office)
    backups, over, lost = [], [], []
    steps: dict[str, list[float]] = {}  # of the restores over the office
    file_bytes = 0
    for n in range(ROUNDS):
        with Timer() as timer:
            result = office_backup(office=office, output=tmp_path / f"round{n}.tar")
        backups.append(timer.seconds)
        file_bytes = result.size
        with Timer() as timer:
            report = office_restore(archive=result.path, replace=True)
        over.append(timer.seconds)
        for step, seconds in report.steps.items():
            steps.setdefault(step, []).append(seconds)
        office = Office.objects.get(code=PREFIX)
        drop_office(office)
        with Timer() as timer:
            office_restore(archive=result.path)
        lost.append(timer.seconds)
        office = Office.objects.get(code=PREFIX)
        assert _size(office)["people"] == size["people"]
    command_backup = _manage("backup_office", PREFIX, "--output", str(tmp_path / "cli.tar"))
    command_restore = _manage("restore_office", str(tmp_path / "cli.tar"), "--replace")

    cases = {
        "backup (office_backup)": Summary.of(backups),
        "restore over the office (--replace)": Summary.of(over),
        **{f"  of which {step}": Summary.of(seconds) for step, seconds in steps.items()},
        "restore of the lost office": Summary.of(lost),
    }
    rows = [summary_row(label, summary) for label, summary in cases.items()]
    rows.append(
        ["manage.py backup_office (own process)", 1, fmt_seconds(command_backup), "", "", ""]
    )
    rows.append(
        [
            "manage.py restore_office --replace (own process)",
            1,
            fmt_seconds(command_restore),
            "",
            "",
            "",
        ]
    )
    print_table(
        f"Backup and restore of one office: {size['people']:,} people, {size['cards']} card "
        f"applications with a {PHOTO_BYTES // 1000} kB photo each, schema {size['schema_mb']} MB "
        f"on disk, backup file {file_bytes / 1e6:.1f} MB (scale {demo_scale()})",
        SUMMARY_HEADERS,
        rows,
    )
    for label, summary in cases.items():
        record_summary("office_backup", label, summary, file_mb=round(file_bytes / 1e6, 1), **size)
    record("office_backup", "manage.py backup_office", unit="s", seconds=round(command_backup, 3))
    record("office_backup", "manage.py restore_office", unit="s", seconds=round(command_restore, 3))
