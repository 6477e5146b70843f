"""Benchmark: how long `make run`'s command takes to serve, the first time and the second.

The second start is what a developer waits for every day: migrations are already applied (the
deploy step checks and skips), the demo exists, and only the processes start.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks._report import print_table, record
from tests.support.rundev import RunDev, scratch_database

pytestmark = pytest.mark.benchmark


def test_second_start_of_make_run(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path: Path
) -> None:
    timings = {}
    with django_db_blocker.unblock(), scratch_database("bench_rundev") as database:  # type: ignore[attr-defined]
        for attempt in ("first start (empty database)", "second start", "third start"):
            run = RunDev(database, tmp_path)
            try:
                timings[attempt] = run.start()
            finally:
                assert run.stop() == 0
    rows = [[name, f"{seconds:.2f} s"] for name, seconds in timings.items()]
    print_table("make run: seconds until the central site answers", ["start", "time"], rows)
    for name, seconds in timings.items():
        record("make_run_start", name, seconds=seconds)
