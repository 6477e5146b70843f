"""Starting `manage.py rundev` (what `make run` runs) against a scratch database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from psycopg import sql


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET a `*.localhost` URL: browsers and curl send those to loopback; Python's resolver
    does not, so connect to 127.0.0.1 and send the host name in the Host header."""
    parsed = urllib.parse.urlsplit(url)
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"http://127.0.0.1:{parsed.port}{parsed.path}",
        headers={**(headers or {}), "Host": parsed.netloc},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextmanager
def scratch_database(suffix: str) -> Iterator[str]:
    """A fresh database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(drop)
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with connection._nodb_cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(drop)


class RunDev:
    """One `manage.py rundev` process with its own port, broker folder and log."""

    def __init__(self, database: str, var_dir: Path) -> None:
        self.port = free_port()
        self.var_dir = var_dir
        self.log_path = var_dir / f"rundev-{self.port}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "PYTHONPATH": str(settings.PLATFORM_DIR),
            "DATABASE_NAME": database,
            "KRUCARE_VAR_DIR": str(var_dir),
            "KRUCARE_BROKER_DIR": str(var_dir / "broker"),
            "KRUCARE_EMBEDDED_PG": "reused",  # the test's server: not rundev's to stop
            "CELERY_RESULT_BACKEND": "",
            # A twentieth of the welfare demo (people, cards): the full one takes ~30 s more.
            "KRUCARE_DEMO_SCALE": os.environ.get("KRUCARE_DEMO_SCALE", "0.05"),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start it and wait until the central site answers; return the seconds that took."""
        started = time.perf_counter()
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "rundev", "--port", str(self.port)],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if http_get(self.url("localhost"))[0] == 200:
                    return time.perf_counter() - started
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"rundev did not come up:\n{self.log_path.read_text()[-3000:]}")

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def stop(self) -> int:
        """Ctrl-C, as a person would; return the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
