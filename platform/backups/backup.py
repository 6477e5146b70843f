"""Backing up one office: its schema, its rows in the public schema and its files, in one file.

A backup is a tar archive (readable with `tar`, no KruCare needed) of:

- `schema.dump`: pg_dump's custom-format archive of the office's schema `esa_<code>` (tables
  with their rows, sequences, constraints, indexes; `pg_restore --list schema.dump` shows it);
- `public.json`: the office's rows in `public`: its `Office` row and every row of a model with a
  foreign key to `Office` (its domains, its collected indicator values, its collection state;
  such models are found, not listed, so one added later is included);
- `files/<path>`: the office's uploaded files, `MEDIA_ROOT/esa_<code>/<path>`
  (django-tenants' TenantFileSystemStorage);
- `manifest.json`, written last: the format and its version, the office, when the backup was
  taken and how long it took, the KruCare release and the migrations applied in the schema, the
  PostgreSQL versions, the counters' last numbers, the outbox's extent, and the size and SHA-256
  of every other member. A file without a manifest is an interrupted backup: it is written as
  `<name>.partial` and renamed only when complete.

The schema and the public rows are one snapshot: the public rows are read in a REPEATABLE READ
transaction whose snapshot pg_dump imports (`--snapshot`), so the backup is the office as it was
at one instant, also while people work. Files are not transactional: they are copied after the
snapshot, so a file uploaded meanwhile may be included without its row (harmless).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from psycopg import sql

from backups.pgtools import PgTools, connection_of, pg_tools, run
from core.errors import ApplicationError
from core.sequences import COUNTER_FIELD, counter_key_fields, counter_models
from outbox.models import OutboxEvent
from tenants.models import Office

FORMAT = "krucare-office-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SCHEMA_DUMP = "schema.dump"
PUBLIC_ROWS = "public.json"
FILES = "files/"
SUFFIX = ".tar"
# `<code>-<UTC time>.tar`, the names `backup_office --all` gives.
BACKUP_NAME_RE = re.compile(r"^(?P<code>[a-z][a-z0-9]{1,39})-(?P<at>\d{8}T\d{6}Z)\.tar$")
CHUNK = 1024 * 1024


class BackupError(ApplicationError):
    code = "backup.invalid"


def release() -> str:
    """KruCare's version (pyproject.toml), as recorded in every backup."""
    try:
        project = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
        return str(project["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def office_media_dir(schema: str) -> Path:
    """Where TenantFileSystemStorage keeps the files of `schema` (its rule, without needing the
    schema to be active)."""
    relative = str(getattr(settings, "MULTITENANT_RELATIVE_MEDIA_ROOT", "") or "%s")
    relative = relative % schema if "%s" in relative else os.path.join(relative, schema)
    return Path(settings.MEDIA_ROOT) / relative


def office_keyed_models() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every model with a foreign key (or one-to-one) to `Office`, with that key."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Office:
                found.append((model, field))
    return sorted(found, key=lambda pair: pair[0]._meta.label_lower)


def backup_name(code: str, at: datetime) -> str:
    return f"{code}-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def size(self) -> int:
        return self.path.stat().st_size


class _HashingReader:
    """A file read through once, its SHA-256 and size counted on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _quoted(schema: str, table: str) -> sql.Composable:
    return sql.Identifier(schema, table)


def _table_exists(cursor: psycopg.Cursor[Any], schema: str, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{table}"'])
    row = cursor.fetchone()
    return bool(row and row[0])


def _public_rows(cursor: psycopg.Cursor[Any], office_id: int) -> str:
    """`public.json`: `{label: [row, ...]}`, each row as PostgreSQL's `to_jsonb` gives it
    (numbers exactly as stored)."""
    parts = []
    queries: list[tuple[type[models.Model], Any]] = [(Office, Office._meta.pk)]
    for model, key in queries + office_keyed_models():
        cursor.execute(
            sql.SQL(
                "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.{pk}), '[]'::jsonb)::text "
                "FROM {table} t WHERE t.{key} = %s"
            ).format(
                pk=sql.Identifier(str(model._meta.pk.column)),
                table=sql.Identifier("public", model._meta.db_table),
                key=sql.Identifier(str(key.column)),
            ),
            [office_id],
        )
        row = cursor.fetchone()
        parts.append(f"{json.dumps(model._meta.label_lower)}: {row[0] if row else '[]'}")
    return "{" + ", ".join(parts) + "}"


def _migrations(cursor: psycopg.Cursor[Any], schema: str) -> dict[str, list[str]]:
    cursor.execute(
        sql.SQL("SELECT app, name FROM {} ORDER BY app, name").format(
            _quoted(schema, "django_migrations")
        )
    )
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _counters(cursor: psycopg.Cursor[Any], schema: str) -> list[dict[str, Any]]:
    """Every counter row: `{"counter": label, "key": {...}, "last_number": n}`, oldest first
    (the last rows of a counter are its current periods: this year, today)."""
    rows = []
    for counter in counter_models():
        table = counter._meta.db_table
        if not _table_exists(cursor, schema, table):
            continue
        cursor.execute(
            sql.SQL("SELECT to_jsonb(t)::text FROM {} t ORDER BY t.{}").format(
                _quoted(schema, table),
                sql.Identifier(str(counter._meta.pk.column)),
            )
        )
        for (text,) in cursor.fetchall():
            values = json.loads(text)
            rows.append(
                {
                    "counter": counter._meta.label,
                    "key": {f.name: values[f.column] for f in counter_key_fields(counter)},
                    "last_number": values[COUNTER_FIELD],
                }
            )
    return rows


def _outbox(cursor: psycopg.Cursor[Any], schema: str) -> dict[str, Any]:
    if not _table_exists(cursor, schema, OutboxEvent._meta.db_table):
        return {"events": 0, "last_event_id": None}
    cursor.execute(
        sql.SQL("SELECT count(*), max(id) FROM {}").format(
            _quoted(schema, OutboxEvent._meta.db_table)
        )
    )
    count, last = cursor.fetchone() or (0, None)
    return {"events": count, "last_event_id": last}


def _media_files(schema: str) -> Iterator[tuple[str, Path]]:
    """(member name, path) of every file of the office, in a stable order."""
    root = office_media_dir(schema)
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield FILES + path.relative_to(root).as_posix(), path


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o644
    return info


def _add(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    """Add `path` as `name`, hashing it on the way; its manifest entry."""
    stat = path.stat()
    with path.open("rb") as raw:
        reader = _HashingReader(raw)
        archive.addfile(_tarinfo(name, stat.st_size, stat.st_mtime), reader)
    return {"size": reader.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> dict[str, Any]:
    archive.addfile(_tarinfo(name, len(data), time.time()), io.BytesIO(data))
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def office_backup(*, office: Office, output: Path) -> BackupResult:
    """Write a backup of `office` to `output` (see the module). Refuses to overwrite a file.

    Reads through a connection of its own (any schema may be active on Django's) and runs
    pg_dump of the server's major version (`backups.pgtools`). Writes nothing to the database.
    """
    output = Path(output)
    if output.exists():
        raise BackupError(
            f"มีไฟล์ {output} อยู่แล้ว", f"{output} exists: give a new file name.", code="backup.exists"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    created_at = datetime.now(UTC)
    schema = office.schema_name
    database = connection_of(connection.settings_dict)
    with (
        psycopg.connect(**database.connect_kwargs()) as raw,
        tempfile.TemporaryDirectory(dir=output.parent, prefix=".krucare-backup-") as work,
    ):
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT pg_export_snapshot(), current_setting('server_version'), "
                "to_regnamespace(%s) IS NOT NULL",
                [schema],
            )
            snapshot, server_version, schema_found = cursor.fetchone() or (None, "", False)
            if not schema_found:
                raise BackupError(
                    f"ไม่พบ schema {schema} ของสำนักงาน {office.code}",
                    f"The office {office.code} has no schema {schema}: nothing to back up.",
                    code="backup.no_schema",
                )
            tools: PgTools = pg_tools(server_version)
            public_json = _public_rows(cursor, office.pk).encode()
            migrations = _migrations(cursor, schema)
            counters = _counters(cursor, schema)
            outbox = _outbox(cursor, schema)
            dump = Path(work) / SCHEMA_DUMP
            run(
                tools,
                "pg_dump",
                [
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--schema={schema}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                    f"--dbname={database.conninfo}",
                ],
                connection=database,
            )
        raw.rollback()

        partial = output.with_name(output.name + ".partial")
        try:
            members: dict[str, dict[str, Any]] = {}
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                members[SCHEMA_DUMP] = _add(archive, SCHEMA_DUMP, dump)
                members[PUBLIC_ROWS] = _add_bytes(archive, PUBLIC_ROWS, public_json)
                for name, path in _media_files(schema):
                    members[name] = _add(archive, name, path)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "office": office.code,
                    "schema": schema,
                    "name_th": office.name_th,
                    "created_at": created_at.isoformat(),
                    "seconds": round(time.perf_counter() - started, 3),
                    "release": release(),
                    "migrations": migrations,
                    "postgres": {"server": server_version, "pg_dump": tools.version},
                    "base_domain": settings.KRUCARE_BASE_DOMAIN,
                    "counters": counters,
                    "outbox": outbox,
                    "members": members,
                }
                _add_bytes(
                    archive,
                    MANIFEST,
                    json.dumps(manifest, ensure_ascii=False, indent=2, default=str).encode(),
                )
            with partial.open("rb+") as handle:
                os.fsync(handle.fileno())
            partial.rename(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=output, manifest=manifest)


def backups_prune(*, folder: Path, code: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of `code` named as `backup_name` gives, in
    `folder`; the files deleted. Other files are left alone."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    ours = sorted(
        path
        for path in Path(folder).iterdir()
        if (match := BACKUP_NAME_RE.match(path.name)) and match.group("code") == code
    )
    doomed = ours[:-keep]
    for path in doomed:
        path.unlink()
    return doomed
