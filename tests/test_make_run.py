"""`make run`'s command serves the central site and the demo offices, and Ctrl-C stops it all."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from django.conf import settings

from tests.support.rundev import RunDev, http_get, scratch_database

pytestmark = pytest.mark.worker

LOCAL_RECHECK_SECONDS = 2  # KRUCARE_ROUTING_RECHECK_SECONDS of the local settings rundev uses


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

            # An office made from the command line while it runs answers within the recheck
            # interval, without a restart (the web process learns of it from the database).
            created = subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "create_office",
                    "krabi",
                    "--name-th",
                    "สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่",
                    "--kind",
                    "primary",
                    "--province",
                    "กระบี่",
                    "--region",
                    "south",
                    "--area-number",
                    "1",
                ],
                cwd=settings.BASE_DIR,
                env=run.env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert created.returncode == 0, created.stderr
            deadline = time.monotonic() + LOCAL_RECHECK_SECONDS + 15
            status = 404
            while status != 200 and time.monotonic() < deadline:
                status, body = http_get(run.url("krabi.localhost"))
                time.sleep(0.2)
            assert status == 200
            assert "สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่" in body

            assert run.process is not None
            children = psutil.Process(run.process.pid).children(recursive=True)
            commands = " ".join(" ".join(child.cmdline()) for child in children)
            assert "runserver" in commands and " worker" in commands and " beat" in commands
        finally:
            exit_code = run.stop()
    assert exit_code == 0
    time.sleep(0.5)
    assert [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
