"""Embedded services for a machine with nothing but Python: PostgreSQL and a Celery broker.

`make run` and `make test` work on a fresh machine because, when `DATABASE_URL` is not set,
the settings start PostgreSQL from the `pgserver` package with its data under `.var/pgdata`,
and when `CELERY_BROKER_URL` is not set, Celery uses kombu's filesystem transport under
`.var/broker`. Setting either variable switches to a real server and this module does nothing.

The embedded server listens on a Unix socket only (no TCP port, nothing to clash with). The URL
is exported to the environment so that child processes (Celery worker and beat, a test's worker)
reuse the same server instead of starting their own.

Who stops it: `make run`, `make test` and `make bench` run their command through
`python platform/config/embedded.py run -- <command>`, which stops the server when the command
ends (also on SIGTERM to the process group) if it started it and no other client is connected.
A server started by a `manage.py` command run by hand stays up for the next one;
`make stop` (`embedded.py stop`) stops it.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
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


def pg_ctl(pgdata: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pgserver's `pg_ctl -D <pgdata> <args>` (as the `pgserver` user when root)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import POSTGRES_BIN_PATH

    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), *args]
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; pgserver runs it as its own `pgserver` user.
        command = ["su", "pgserver", "-s", "/bin/sh", "-c", shlex.join(command)]
    return subprocess.run(command, check=False, capture_output=True, text=True)  # noqa: S603


def embedded_postgres_running() -> bool:
    pgdata = VAR_DIR / "pgdata"
    return (pgdata / "postmaster.pid").exists() and pg_ctl(pgdata, "status").returncode == 0


def _other_clients(url: str) -> int:
    """Client sessions on the server other than this check's own."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as session:
        row = session.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def run_with_embedded_postgres(command: list[str]) -> int:
    """Run `command` with the embedded server up; stop it afterwards if this call started it
    and nothing else uses it by then. SIGTERM (to this process or to its whole process group)
    ends the command and still stops the server; Ctrl-C reaches the command from the
    terminal, and the server is stopped once the command has ended."""
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)  # noqa: S603 (a real server: none of ours to stop)
    url, started = start_embedded_postgres()
    env = {**os.environ, "DATABASE_URL": url, "KRUCARE_EMBEDDED_PG": "reused"}
    child = subprocess.Popen(command, env=env)  # noqa: S603

    def forward(signum: int, _frame: object) -> None:
        if signum == signal.SIGTERM and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)  # the terminal sends Ctrl-C to the command itself
    try:
        return child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if started:
            try:
                others = _other_clients(url)
            except Exception:  # noqa: BLE001 (already down, say): stopping is still right
                others = 0
            if others:
                print(  # noqa: T201
                    f"Embedded PostgreSQL left running: {others} other client(s) use it "
                    "(`make stop` stops it).",
                    file=sys.stderr,
                )
            else:
                stop_embedded_postgres()


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


def main(argv: list[str]) -> int:
    """`embedded.py run -- <command...>`, `embedded.py stop`, `embedded.py status`."""
    usage = "usage: embedded.py run -- <command ...> | stop | status"
    if not argv:
        print(usage, file=sys.stderr)  # noqa: T201
        return 2
    if argv[0] == "run":
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        if not command:
            print(usage, file=sys.stderr)  # noqa: T201
            return 2
        return run_with_embedded_postgres(command)
    if argv[0] == "stop":
        running = embedded_postgres_running()
        stop_embedded_postgres()
        print(  # noqa: T201
            f"Embedded PostgreSQL under {VAR_DIR / 'pgdata'} "
            + ("stopped." if running else "was not running.")
        )
        return 0
    if argv[0] == "status":
        running = embedded_postgres_running()
        print(f"Embedded PostgreSQL: {'running' if running else 'stopped'}")  # noqa: T201
        return 0 if running else 3
    print(usage, file=sys.stderr)  # noqa: T201
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
