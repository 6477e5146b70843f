"""`make run`'s command serves the central site and the demo offices, and Ctrl-C stops it all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    """GET a `*.localhost` URL: browsers and curl send those to loopback; Python's resolver
    does not, so connect to 127.0.0.1 and send the host name in the Host header."""
    parsed = urllib.parse.urlsplit(url)
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"http://127.0.0.1:{parsed.port}{parsed.path}", headers={"Host": parsed.netloc}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def scratch_database(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_rundev"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_rundev_serves_the_demo_and_ctrl_c_stops_every_process(
    scratch_database: str, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": scratch_database,
        "KRUCARE_VAR_DIR": str(tmp_path),
        "KRUCARE_BROKER_DIR": str(tmp_path / "broker"),
        "KRUCARE_EMBEDDED_PG": "reused",  # the test's server: not rundev's to stop
        "CELERY_RESULT_BACKEND": "",
    }
    log = open(tmp_path / "rundev.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rundev", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        status, body = 0, ""
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://localhost:{port}/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200, (tmp_path / "rundev.log").read_text()[-3000:]
        assert "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2" in body
        assert body.count("badge--ok") == 3  # three active offices

        status, body = _get(f"http://phatthalung2.localhost:{port}/")
        assert status == 200
        assert "<h1>สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2</h1>" in body
        assert _get(f"http://nosuch.localhost:{port}/")[0] == 404

        children = psutil.Process(process.pid).children(recursive=True)
        names = " ".join(" ".join(child.cmdline()) for child in children)
        assert "runserver" in names and " worker" in names and " beat" in names
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()
    assert process.returncode == 0
    time.sleep(0.5)
    assert [child for child in children if child.is_running() and child.status() != "zombie"] == []
