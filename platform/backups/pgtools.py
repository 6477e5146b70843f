"""The PostgreSQL client programs that office backups run: pg_dump, pg_restore and psql.

Their major version must be the server's. pg_dump refuses a server newer than itself, and an
archive written by a newer pg_dump can carry settings an older server rejects (PostgreSQL 17's
`SET transaction_timeout`), so an unequal major version is refused up front, naming what was
found and where, instead of failing half-way.

Where they are taken from:

1. `KRUCARE_PG_BIN_DIR` (a setting or environment variable) when set: that folder only;
2. otherwise the first folder whose programs have the server's major version, of: the folder of
   `pg_dump` on `PATH` (the operator's packages, e.g. `postgresql-client-16`), then the
   `pgserver` package's own binaries (PostgreSQL 16, installed with KruCare: the embedded
   server of `make run` and `make test`, and in the image).

Connections use the Django database settings: the password goes through `PGPASSWORD`, never on
a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from psycopg.conninfo import make_conninfo

from core.errors import ApplicationError

PROGRAMS = ("pg_dump", "pg_restore", "psql")

# Connection options of libpq that Django's OPTIONS may carry (the rest are psycopg's own).
LIBPQ_OPTIONS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "passfile",
        "service",
        "connect_timeout",
        "options",
        "application_name",
        "sslmode",
        "sslcert",
        "sslkey",
        "sslrootcert",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "sslnegotiation",
        "channel_binding",
        "gssencmode",
        "krbsrvname",
        "target_session_attrs",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
    }
)


class PgToolsError(ApplicationError):
    code = "backup.pg_tools"


@dataclass(frozen=True)
class PgTools:
    bin_dir: Path
    version: str  # e.g. "16.2"

    @property
    def major(self) -> int:
        return major_of(self.version)

    def program(self, name: str) -> str:
        return str(self.bin_dir / name)


def major_of(version: str) -> int:
    match = re.match(r"(\d+)", version)
    if match is None:
        raise ValueError(f"not a PostgreSQL version: {version!r}")
    return int(match.group(1))


def _version_of(program: Path) -> str | None:
    """`16.2` from `pg_dump (PostgreSQL) 16.2`, or None if it does not run."""
    try:
        out = subprocess.run(  # noqa: S603 (a path we chose, no shell)
            [str(program), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s*(\d+(?:\.\d+)*)", out)
    return match.group(1) if match else None


def _pgserver_bin_dir() -> Path | None:
    try:
        from pgserver._commands import POSTGRES_BIN_PATH
    except ImportError:  # pragma: no cover (pgserver is a dependency)
        return None
    return Path(POSTGRES_BIN_PATH)


def configured_bin_dir() -> str:
    return str(
        getattr(settings, "KRUCARE_PG_BIN_DIR", "") or os.environ.get("KRUCARE_PG_BIN_DIR", "")
    )


def candidate_dirs() -> list[Path]:
    configured = configured_bin_dir()
    if configured:
        return [Path(configured)]
    found: list[Path] = []
    on_path = shutil.which("pg_dump")
    if on_path:
        found.append(Path(on_path).resolve().parent)
    bundled = _pgserver_bin_dir()
    if bundled is not None and bundled not in found:
        found.append(bundled)
    return found


def pg_tools(server_version: str) -> PgTools:
    """The client programs of the server's major version; `PgToolsError` saying what was found
    (and how to point at the right ones) when there are none."""
    wanted = major_of(server_version)
    seen: list[str] = []
    for folder in candidate_dirs():
        versions = {name: _version_of(folder / name) for name in PROGRAMS}
        if all(
            version is not None and major_of(version) == wanted for version in versions.values()
        ):
            return PgTools(bin_dir=folder, version=str(versions["pg_dump"]))
        described = ", ".join(
            f"{name} {version or 'missing'}" for name, version in versions.items()
        )
        seen.append(f"{folder}: {described}")
    where = "; ".join(seen) or "no pg_dump on PATH and no pgserver binaries"
    raise PgToolsError(
        f"ไม่พบโปรแกรม pg_dump/pg_restore/psql รุ่น {wanted} ให้ตรงกับเซิร์ฟเวอร์ PostgreSQL "
        f"{server_version} (พบ: {where}) "
        f"กำหนด KRUCARE_PG_BIN_DIR ให้ชี้ไปยังโฟลเดอร์ bin ของรุ่น {wanted}",
        f"The PostgreSQL server is {server_version}, and pg_dump, pg_restore and psql must be of "
        f"major version {wanted} too (found: {where}). Install the client programs of "
        f"PostgreSQL {wanted} (e.g. postgresql-client-{wanted}) or set KRUCARE_PG_BIN_DIR to "
        "their bin folder.",
    )


@dataclass(frozen=True)
class Connection:
    """How the client programs reach the database of `settings_dict`."""

    conninfo: str  # without the password
    password: str

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PGAPPNAME": "krucare-backup"}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect_kwargs(self) -> dict[str, Any]:
        return {"conninfo": self.conninfo, **({"password": self.password} if self.password else {})}


def connection_of(settings_dict: Mapping[str, Any]) -> Connection:
    params: dict[str, Any] = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    options = dict(settings_dict.get("OPTIONS") or {})
    password = str(options.pop("password", "") or settings_dict.get("PASSWORD") or "")
    for key, value in options.items():
        if key in LIBPQ_OPTIONS and value not in (None, ""):
            params[key] = str(value)
    return Connection(
        conninfo=make_conninfo(**{k: v for k, v in params.items() if v is not None}),
        password=password,
    )


def run(
    tools: PgTools, program: str, args: Sequence[str], *, connection: Connection
) -> subprocess.CompletedProcess[str]:
    """Run one program to completion; `PgToolsError` with its error output if it fails."""
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        [tools.program(program), *args],
        env=connection.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PgToolsError(
            f"{program} ล้มเหลว: {result.stderr.strip()[-2000:]}",
            f"{program} failed: {result.stderr.strip()[-2000:]}",
            code="backup.pg_tool_failed",
        )
    return result
