"""`make run`'s command serves the central site and the demo offices, and Ctrl-C stops it all."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest

from tests.support.rundev import RunDev, http_get, scratch_database

pytestmark = pytest.mark.worker


def test_rundev_serves_the_demo_and_ctrl_c_stops_every_process(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path: Path
) -> None:
    with django_db_blocker.unblock(), scratch_database("rundev") as database:  # type: ignore[attr-defined]
        run = RunDev(database, tmp_path)
        try:
            run.start()
            status, body = http_get(run.url("localhost"))
            assert "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2" in body
            assert body.count("badge--ok") == 9  # three demo offices and six to compare them with

            status, body = http_get(run.url("phatthalung2.localhost"))
            assert status == 200
            assert "<h1>สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2</h1>" in body
            assert http_get(run.url("nosuch.localhost"))[0] == 404

            assert run.process is not None
            children = psutil.Process(run.process.pid).children(recursive=True)
            commands = " ".join(" ".join(child.cmdline()) for child in children)
            assert "runserver" in commands and " worker" in commands and " beat" in commands
        finally:
            exit_code = run.stop()
    assert exit_code == 0
    time.sleep(0.5)
    assert [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
