"""Embedded services for a machine with nothing but Python: PostgreSQL and a Celery broker.

`make run` and `make test` work on a fresh machine because, when `DATABASE_URL` is not set,
the settings start PostgreSQL from the `pgserver` package with its data under `.var/pgdata`,
and when `CELERY_BROKER_URL` is not set, Celery uses kombu's filesystem transport under
`.var/broker`. Setting either variable switches to a real server and this module does nothing.

The embedded server listens on a Unix socket only (no TCP port, nothing to clash with). The URL
is exported to the environment so that child processes (Celery worker and beat, a test's worker)
reuse the same server instead of starting their own.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import warnings
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("KRUCARE_VAR_DIR", PROJECT_ROOT / ".var"))
DATABASE_NAME = "krucare"
# initdb picks max_connections from what the machine seemed to allow (as low as 20 on some);
# the web server, the worker, beat and a test run share this server, so it is set explicitly.
MAX_CONNECTIONS = 200


def database_url() -> str:
    """`DATABASE_URL` if set; else start (or reuse) the embedded server and return its URL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    url, started = start_embedded_postgres()
    os.environ["DATABASE_URL"] = url
    # Children inherit DATABASE_URL and so never start a server; "started" tells `make run`
    # that the server is its own to stop (and not one another command is still using).
    os.environ["KRUCARE_EMBEDDED_PG"] = "started" if started else "reused"
    return url


def start_embedded_postgres() -> tuple[str, bool]:
    """Start PostgreSQL from `pgserver` under `.var/pgdata` (idempotent). Returns its URL and
    whether this call started it (False: it was already running).

    The server is left running when this process exits (cleanup_mode=None): several processes
    share it, and `stop_embedded_postgres()` stops it when `make run` ends.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        import pgserver
        from pgserver.utils import PostmasterInfo

        pgdata = VAR_DIR / "pgdata"
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        running = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
        was_running = running is not None and running.is_running()
        server = pgserver.get_server(pgdata, cleanup_mode=None)
    if not was_running:
        _ensure_max_connections(server, pgdata)
    base = server.get_uri()
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # pgserver's URI names the `postgres` database before the query string.
    path, _, query = base.partition("?")
    return f"{path.rsplit('/', 1)[0]}/{DATABASE_NAME}?{query}", not was_running


def _ensure_max_connections(server: Any, pgdata: Path) -> None:
    """Raise max_connections to MAX_CONNECTIONS (once: ALTER SYSTEM keeps it in the data
    directory) and restart the server this process has just started, before anyone uses it."""
    shown = server.psql("SHOW max_connections;")
    current = next((int(word) for word in shown.split() if word.isdigit()), 0)
    if current >= MAX_CONNECTIONS:
        return
    server.psql(f"ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS};")
    _pg_ctl(pgdata, "restart")


def _pg_ctl(pgdata: Path, action: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import POSTGRES_BIN_PATH

    # The server's output goes to pgserver's log: a pipe would keep this call waiting.
    log = str(pgdata / "log")
    command = [
        str(POSTGRES_BIN_PATH / "pg_ctl"),
        "-D",
        str(pgdata),
        "-l",
        log,
        "-m",
        "fast",
        "-w",
        action,
    ]
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; pgserver runs it as its own `pgserver` user.
        command = ["su", "pgserver", "-s", "/bin/sh", "-c", shlex.join(command)]
    subprocess.run(  # noqa: S603
        command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60
    )


def stop_embedded_postgres() -> None:
    """Stop the embedded server if one runs under `.var/pgdata`."""
    pgdata = VAR_DIR / "pgdata"
    if not (pgdata / "postmaster.pid").exists():
        return
    _pg_ctl(pgdata, "stop")


def broker_url() -> str:
    """`CELERY_BROKER_URL` if set; else kombu's filesystem transport under `.var/broker`."""
    url = os.environ.get("CELERY_BROKER_URL")
    if url:
        return url
    return "filesystem://"


def filesystem_broker_options() -> dict[str, object]:
    folder = Path(os.environ.get("KRUCARE_BROKER_DIR", VAR_DIR / "broker"))
    for sub in ("out", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "out"),
        "data_folder_out": str(folder / "out"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),  # else kombu writes ./control/
        "store_processed": False,
    }
