"""A PostgreSQL cluster of the test's own (pgserver's binaries, a data folder under the test's
temporary folder), which the test may stop and start without touching the suite's server."""

from __future__ import annotations

import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from config import embedded

DATABASE = "krucare"


class Cluster:
    """Its data lives in a folder of its own under the system's temporary folder, not under
    pytest's: the server runs as another user (`pgserver`, when the tests run as root), and
    pytest makes its folders private to the user running it whenever a session starts."""

    def __init__(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver

        self.folder = Path(tempfile.mkdtemp(prefix="krucare-cluster-"))
        self.folder.chmod(0o755)
        self.pgdata = self.folder / "pgdata"
        self.server: Any = pgserver.get_server(self.pgdata, cleanup_mode=None)
        self.server.psql(f"CREATE DATABASE {DATABASE};")
        base = self.server.get_uri()
        path, _, query = base.partition("?")
        self.url = f"{path.rsplit('/', 1)[0]}/{DATABASE}?{query}"

    def stop(self) -> None:
        """Fast shutdown: every session is cut, as in a restart or a failover."""
        result = embedded.pg_ctl(self.pgdata, "-m", "fast", "-w", "stop")
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        self.server.ensure_postgres_running()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if embedded.pg_ctl(self.pgdata, "status").returncode == 0:
                return
            time.sleep(0.1)
        raise AssertionError("the cluster did not start again")

    def close(self) -> None:
        embedded.pg_ctl(self.pgdata, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
