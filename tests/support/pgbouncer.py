"""A `pgbouncer` of the test's own (Debian's package) on a free port with a generated
configuration, in front of the suite's PostgreSQL, and its admin console.

PgBouncer refuses to run as root; as root it is started with `-u <user>`: the owner of the
server's Unix-socket directory when the server is reached through one (the embedded server's
`.var/pgdata`, readable by its owner only), else `nobody`. Its folder (configuration, log) is
a new one under the system's temporary directory, given to that user (pytest's temporary
folders are readable by their owner only), and removed by `stop`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from tests.support.rundev import free_port

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
ADMIN_USER = "pgbouncer_admin"


def pgbouncer_path() -> str:
    """The binary, or a loud skip where the machine has none."""
    if not Path(PGBOUNCER).exists():
        message = (
            "PGBOUNCER TESTS SKIPPED: no pgbouncer here (apt-get install pgbouncer); "
            "connection pooling in front of PostgreSQL is NOT tested"
        )
        warnings.warn(message, stacklevel=1)
        print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")  # noqa: T201
        pytest.skip(message)
    return PGBOUNCER


class PgBouncer:
    """pgbouncer on 127.0.0.1:<free port> serving one database of the upstream server under
    the alias `alias`, in `pool_mode` with at most `pool_size` server connections."""

    def __init__(
        self,
        *,
        upstream_url: str,
        database: str,
        pool_mode: str = "session",
        pool_size: int = 3,
        alias: str = "krucare",
    ) -> None:
        self.binary = pgbouncer_path()
        self.folder = Path(tempfile.mkdtemp(prefix="krucare-pgbouncer-"))
        self.port = free_port()
        self.alias = alias
        self.pool_mode = pool_mode
        self.pool_size = pool_size
        upstream = conninfo_to_dict(upstream_url)
        self.user = str(upstream.get("user") or "postgres")
        self.password = str(upstream.get("password") or "")
        self.host = str(upstream.get("host") or "127.0.0.1")
        self.upstream_port = int(upstream.get("port") or 5432)
        self.database = database
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, user: str | None = None, database: str | None = None) -> str:
        credentials = user or self.user
        if self.password and user is None:
            credentials += f":{self.password}"
        return f"postgres://{credentials}@127.0.0.1:{self.port}/{database or self.alias}"

    def _run_as(self) -> str | None:
        if os.geteuid() != 0:
            return None
        if self.host.startswith("/"):
            return pwd.getpwuid(os.stat(self.host).st_uid).pw_name
        return "nobody"

    def config(self) -> str:
        password = f" password={self.password}" if self.password else ""
        return "\n".join(
            [
                "[databases]",
                f"{self.alias} = host={self.host} port={self.upstream_port} "
                f"dbname={self.database} user={self.user}{password}",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {self.port}",
                "unix_socket_dir =",
                "auth_type = trust",
                f"auth_file = {self.folder / 'users.txt'}",
                f"admin_users = {ADMIN_USER}",
                f"pool_mode = {self.pool_mode}",
                f"default_pool_size = {self.pool_size}",
                "min_pool_size = 0",
                "reserve_pool_size = 0",
                f"max_db_connections = {self.pool_size}",
                "max_client_conn = 500",
                # Session mode gives each server connection back clean (the default).
                "server_reset_query = DISCARD ALL",
                "query_wait_timeout = 60",
                f"logfile = {self.folder / 'pgbouncer.log'}",
                f"pidfile = {self.folder / 'pgbouncer.pid'}",
                "",
            ]
        )

    def start(self) -> None:
        (self.folder / "pgbouncer.ini").write_text(self.config(), encoding="utf-8")
        (self.folder / "users.txt").write_text(
            f'"{self.user}" "{self.password}"\n"{ADMIN_USER}" ""\n', encoding="utf-8"
        )
        command = [self.binary]
        run_as = self._run_as()
        if run_as:
            user = pwd.getpwnam(run_as)
            for path in [self.folder, *self.folder.iterdir()]:
                os.chown(path, user.pw_uid, user.pw_gid)
            command += ["-u", run_as]
        command.append(str(self.folder / "pgbouncer.ini"))
        with open(self.folder / "stderr.log", "ab") as output:
            self.process = subprocess.Popen(  # noqa: S603
                command, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.show("VERSION")
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise AssertionError(f"pgbouncer did not start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return "".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in (self.folder / "stderr.log", self.folder / "pgbouncer.log")
            if path.exists()
        )

    def show(self, what: str) -> list[dict[str, Any]]:
        """`SHOW <what>` on the admin console (simple query protocol: a client-side cursor)."""
        with psycopg.connect(
            self.url(user=ADMIN_USER, database="pgbouncer"),
            autocommit=True,
            cursor_factory=psycopg.ClientCursor,
            connect_timeout=5,
        ) as conn:
            cursor = conn.cursor()
            cursor.execute(f"SHOW {what}")
            names = [column.name for column in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def pool(self) -> dict[str, Any]:
        """The SHOW POOLS row of the served database."""
        rows = [row for row in self.show("POOLS") if row["database"] == self.alias]
        return rows[0] if rows else {}

    def servers(self) -> list[dict[str, Any]]:
        return [row for row in self.show("SERVERS") if row["database"] == self.alias]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)
