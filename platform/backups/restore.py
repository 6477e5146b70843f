"""Restoring one office from a backup (`backups.backup`): into a database where the office does
not exist (a disaster: a new database after `migrate_offices`), or over the office itself (an
office restored to yesterday).

`office_restore` refuses with a `BackupError` (a stable code, Thai and English) and changes
nothing when anything is wrong, and otherwise changes everything at once:

1. **Read and check the file**: a tar with a manifest of this format, every member of the size
   and SHA-256 the manifest gives, none missing, none extra, no path leaving its folder. The
   schema archive goes to a scratch folder, the files to a hidden folder beside the office
   folders (the same filesystem, so they move in with a rename).
2. **Check that it fits**: every migration in the backup is one this release knows (a backup of
   a newer release is refused); the target office is new (its code, area and domains free) or
   exists (then `replace` is required, and it must be the same office: kind, province, area).
3. **Stage**: one psql transaction renames the live schema of the backup's code aside (if there
   is one), replays pg_restore's script (which creates `esa_<backup code>`), renames that to
   `krucare_restore_<code>` and the live one back. Catalog changes are transactional: other
   sessions never see the intermediate names, and a failure leaves nothing behind. A staging
   schema left by a killed restore is dropped by the next restore of that office.
4. **Migrate** the staging schema forward to this release (a backup of an older release).
5. **Swap**, in one transaction holding the provisioning lock: numbers and ids carried forward
   (below), outbox and webhook positions made consistent (`_outbox_and_webhooks`), the live
   schema dropped and the staging schema renamed into its place, the public rows written, a new
   `OfficeRestore` row (the feeds' new epoch: every cursor issued before is refused with
   `feeds.cursor_reset`), an audit event; routing is invalidated on commit.
6. **Files**: after the commit, the staged folder replaces the office's folder (two renames).

Numbers already printed (`core.sequences.counter_models`: card numbers, payment numbers, desk
tickets): over a live office every counter row gets the larger of its live and backed-up value,
and rows that exist only live are kept, so numbering continues after the last number issued,
also those issued after the backup. Without a live office (an empty database, or a schema that
was lost) nothing in the database knows the numbers issued after the backup: the report lists
every counter's value and the operator raises the ones known from the last printed documents
(`at_least`).

Ids (every identity column): over a live office, the larger of live and backup; without one,
`id_headroom` above the backup's, so that no id a client may have seen (a person's, an event's)
is ever reused for another record.

The office's row and domains in public are the central agency's: over a live office they are
kept as they are (a suspension included); a new office gets the backup's. Rows keyed to the
office (collected indicators, collection state) are the backup's in both cases.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from audit.services import audit_record
from backups.backup import (
    FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PUBLIC_ROWS,
    SCHEMA_DUMP,
    BackupError,
    office_keyed_models,
    office_media_dir,
)
from backups.pgtools import Connection, PgTools, PgToolsError, connection_of, pg_tools, run
from core.schemas import tenant_connection
from core.sequences import COUNTER_FIELD, counter_key_fields, counter_models
from outbox.models import OutboxEvent
from tenants import routing
from tenants.models import Domain, Office, OfficeRestore, schema_name_for
from tenants.services import PROVISIONING_LOCK_KEY, office_host
from webhooks.models import Delivery, Subscription

# Ids of a restore without a live office start this far above the backup's (see the module).
ID_HEADROOM = 1_000_000
# Serialises restores of one office (with the office code's hash as the second key).
RESTORE_LOCK_KEY = 7_241_002
CODE_RE = re.compile(r"^[a-z][a-z0-9]{1,39}$")
SCHEMA_RE = re.compile(r"^esa_[a-z][a-z0-9]{1,39}$")
CHUNK = 1024 * 1024


def _refuse(code: str, message_th: str, message_en: str) -> BackupError:
    return BackupError(message_th, message_en, code=f"backup.{code}")


# --- operator input: counters' floors -------------------------------------------------------

FLOOR_RE = re.compile(r"^(?P<label>[\w.]+)\[(?P<key>[^\]]*)\]=(?P<number>\d+)$")


@dataclass(frozen=True)
class CounterValue:
    """A counter row: `idcards.CardNumberCounter[be_year=2569]=150` as text."""

    counter: type[models.Model]
    key: dict[str, Any]
    number: int

    def __str__(self) -> str:
        key = ",".join(f"{name}={value}" for name, value in self.key.items())
        return f"{self.counter._meta.label}[{key}]={self.number}"

    @classmethod
    def parse(cls, text: str) -> CounterValue:
        """Parse the operator's `--at-least` value; `BackupError` naming the counters there are
        when it does not fit one."""
        match = FLOOR_RE.match(text.strip())
        counters = {model._meta.label.lower(): model for model in counter_models()}
        known = ", ".join(
            f"{model._meta.label}[{','.join(f'{f.name}=…' for f in counter_key_fields(model))}]"
            for model in counters.values()
        )
        counter = counters.get(match.group("label").lower()) if match else None
        if match is None or counter is None:
            raise _refuse(
                "invalid_counter",
                f"ระบุเลขลำดับไม่ถูกต้อง: {text} (ที่มี: {known})",
                f"Not a counter value: {text!r}. Write COUNTER[KEY=VALUE,...]=NUMBER; the "
                f"counters are {known}.",
            )
        fields = {f.name: f for f in counter_key_fields(counter)}
        key: dict[str, Any] = {}
        for part in filter(None, match.group("key").split(",")):
            name, _, value = part.partition("=")
            name = name.strip()
            if name not in fields or name in key:
                raise _refuse(
                    "invalid_counter",
                    f"คีย์ {name} ไม่ใช่ของ {counter._meta.label} (ที่มี: {known})",
                    f"{counter._meta.label} has no key {name!r} (the counters are {known}).",
                )
            try:
                key[name] = fields[name].to_python(value.strip())
            except Exception as exc:  # Django's ValidationError, whatever the field type
                raise _refuse(
                    "invalid_counter",
                    f"ค่า {value} ของ {name} ไม่ถูกต้อง",
                    f"{value!r} is not a valid {name}: {exc}",
                ) from exc
        if set(key) != set(fields):
            raise _refuse(
                "invalid_counter",
                f"ต้องระบุคีย์ให้ครบ: {', '.join(fields)}",
                f"{counter._meta.label} needs every key: {', '.join(fields)}.",
            )
        ordered = {name: key[name] for name in fields}
        return cls(counter=counter, key=ordered, number=int(match.group("number")))


# --- 1. reading and checking the file -------------------------------------------------------


@dataclass
class StagedBackup:
    manifest: dict[str, Any]
    manifest_sha256: str
    public: dict[str, list[dict[str, Any]]]
    dump: Path
    files: Path  # the office's files, staged (the folder may be empty)
    file_count: int

    @property
    def office_code(self) -> str:
        return str(self.manifest["office"])

    @property
    def schema(self) -> str:
        return str(self.manifest["schema"])

    @property
    def office_row(self) -> dict[str, Any]:
        return self.public["tenants.office"][0]

    @property
    def created_at(self) -> datetime:
        value = parse_datetime(str(self.manifest["created_at"]))
        assert value is not None  # noqa: S101 (checked when read)
        return value

    def counters(self) -> list[CounterValue]:
        """The counters as the manifest records them (counters this release lacks left out)."""
        models_by_label = {model._meta.label: model for model in counter_models()}
        values = []
        for row in self.manifest.get("counters", []):
            counter = models_by_label.get(row.get("counter"))
            if counter is not None:
                fields = {f.name: f for f in counter_key_fields(counter)}
                key = {name: fields[name].to_python(value) for name, value in row["key"].items()}
                values.append(CounterValue(counter=counter, key=key, number=row["last_number"]))
        return values


def _not_a_backup(archive: Path, why_en: str) -> BackupError:
    return _refuse(
        "not_a_backup",
        f"{archive} ไม่ใช่ไฟล์สำรองข้อมูลสำนักงานของ KruCare ({why_en})",
        f"{archive} is not a KruCare office backup: {why_en}.",
    )


def _member_target(name: str, *, work: Path, files: Path) -> Path | None:
    """Where a member goes; None for `public.json` (read into memory). Raises for a name that
    is none of ours or would leave its folder."""
    if name == SCHEMA_DUMP:
        return work / SCHEMA_DUMP
    if name == PUBLIC_ROWS:
        return None
    relative = PurePosixPath(name[len(FILES) :]) if name.startswith(FILES) else None
    if relative is None or not relative.parts or relative.is_absolute():
        raise ValueError(name)
    if any(part in ("", ".", "..") for part in relative.parts):
        raise ValueError(name)
    return files.joinpath(*relative.parts)


def _copy_checked(source: Any, target: Any, expected: dict[str, Any], name: str) -> None:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
        raise _refuse(
            "checksum_mismatch",
            f"ไฟล์สำรองข้อมูลเสียหาย: {name} ไม่ตรงกับ checksum ใน manifest",
            f"The backup is damaged: {name} does not match the size and SHA-256 in its manifest.",
        )


def _read_manifest(archive: Path, tar: tarfile.TarFile) -> tuple[dict[str, Any], str]:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise _not_a_backup(
            archive, "it has no manifest.json (a backup interrupted before its end?)"
        ) from None
    handle = tar.extractfile(member)
    raw = handle.read() if handle is not None else b""
    try:
        manifest = json.loads(raw)
    except ValueError:
        raise _not_a_backup(archive, "its manifest.json is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(archive, f"its manifest is not of the format {FORMAT}")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _refuse(
            "newer_format",
            f"ไฟล์สำรองข้อมูลรูปแบบรุ่น {version} ใหม่กว่าที่รุ่นนี้อ่านได้ ({FORMAT_VERSION})",
            f"The backup's format version {version} is newer than this release reads "
            f"({FORMAT_VERSION}): restore it with a newer KruCare.",
        )
    schema, code = manifest.get("schema"), manifest.get("office")
    if not (
        isinstance(code, str)
        and CODE_RE.match(code)
        and schema == schema_name_for(code)
        and isinstance(manifest.get("members"), dict)
        and all(isinstance(entry, dict) for entry in manifest["members"].values())
        and isinstance(manifest.get("migrations"), dict)
        and parse_datetime(str(manifest.get("created_at"))) is not None
    ):
        raise _not_a_backup(archive, "its manifest lacks the office, schema or members")
    return manifest, hashlib.sha256(raw).hexdigest()


def backup_read(archive: Path, *, work: Path, files: Path) -> StagedBackup:
    """Check the whole file against its manifest while unpacking it: the schema archive into
    `work`, the office's files into `files` (created). Refuses (see the module) at the first
    thing wrong; what was unpacked is then the caller's to remove."""
    archive = Path(archive)
    if not archive.is_file():
        raise _refuse("not_found", f"ไม่พบไฟล์ {archive}", f"No such file: {archive}.")
    try:
        tar = tarfile.open(archive, "r:")  # noqa: SIM115 (closed by the `with` below)
    except (tarfile.TarError, OSError):
        raise _not_a_backup(archive, "it is not a tar archive") from None
    with tar:
        try:
            manifest, manifest_sha256 = _read_manifest(archive, tar)
            expected: dict[str, dict[str, Any]] = manifest["members"]
            seen: set[str] = set()
            public_raw = b""
            files.mkdir(parents=True, exist_ok=True)
            for member in tar.getmembers():
                name = member.name
                if name == MANIFEST:
                    continue
                if not member.isfile() or name not in expected or name in seen:
                    raise _not_a_backup(archive, f"it holds {name!r}, which its manifest lacks")
                try:
                    target = _member_target(name, work=work, files=files)
                except ValueError:
                    raise _not_a_backup(archive, f"the member name {name!r} is unsafe") from None
                seen.add(name)
                source = tar.extractfile(member)
                assert source is not None  # noqa: S101 (a regular file)
                if target is None:
                    buffer = _Buffer()
                    _copy_checked(source, buffer, expected[name], name)
                    public_raw = buffer.data()
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    _copy_checked(source, out, expected[name], name)
        except tarfile.TarError as exc:
            raise _not_a_backup(archive, f"the archive is damaged ({exc})") from None
        except OSError as exc:  # a member in the way of another, a full disk
            raise _refuse(
                "unpack_failed",
                f"แตกไฟล์สำรองข้อมูลไม่สำเร็จ: {exc}",
                f"The backup could not be unpacked: {exc}",
            ) from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise _refuse(
            "incomplete",
            f"ไฟล์สำรองข้อมูลไม่ครบ: ขาด {', '.join(missing[:5])}",
            f"The backup is incomplete: {', '.join(missing[:5])} missing.",
        )
    try:
        public = json.loads(public_raw, parse_float=Decimal)
        offices = public["tenants.office"]
        if len(offices) != 1 or not all(isinstance(rows, list) for rows in public.values()):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise _not_a_backup(archive, "its public.json does not hold one office") from None
    return StagedBackup(
        manifest=manifest,
        manifest_sha256=manifest_sha256,
        public=public,
        dump=work / SCHEMA_DUMP,
        files=files,
        file_count=sum(1 for name in seen if name.startswith(FILES)),
    )


class _Buffer:
    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self._parts.append(data)

    def data(self) -> bytes:
        return b"".join(self._parts)


# --- 2. does it fit -------------------------------------------------------------------------


def _check_release(staged: StagedBackup) -> None:
    """Refuse a backup with migrations or public tables this release does not know."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in staged.manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    labels = {"tenants.office"} | {m._meta.label_lower for m, _ in office_keyed_models()}
    unknown += sorted(set(staged.public) - labels)
    if unknown:
        raise _refuse(
            "newer_release",
            f"ไฟล์สำรองข้อมูลมาจาก KruCare รุ่นที่ใหม่กว่านี้ ({', '.join(unknown[:5])})",
            f"The backup was taken by a newer KruCare (release {staged.manifest.get('release')}): "
            f"this release does not know {', '.join(unknown[:5])}. Restore it with that release "
            "or a newer one.",
        )


def _new_domains(staged: StagedBackup, code: str) -> list[tuple[str, bool]]:
    """The domains of a new office: the backup's (moved to this base domain if the backup's
    was another), or, restored under another code, that code's own."""
    if code != staged.office_code:
        return [(office_host(code), True)]
    old_base = str(staged.manifest.get("base_domain") or "")
    new_base = str(settings.KRUCARE_BASE_DOMAIN)
    domains = []
    for row in staged.public.get("tenants.domain", []):
        domain = str(row["domain"])
        if old_base and old_base != new_base and domain.endswith("." + old_base):
            domain = domain[: -len(old_base)] + new_base
        domains.append((domain, bool(row["is_primary"])))
    return domains or [(office_host(code), True)]


def _check_target(staged: StagedBackup, *, code: str, replace: bool) -> Office | None:
    """The office to restore over (None: a new one), or a refusal. Must run in public."""
    row = staged.office_row
    existing: Office | None = Office.objects.filter(code=code).first()
    if existing is not None:
        if not replace:
            raise _refuse(
                "office_exists",
                f"มีสำนักงาน {code} อยู่แล้ว: ถ้าต้องการย้อนข้อมูลของสำนักงานนี้กลับไปตามไฟล์สำรอง "
                "ให้ระบุ --replace (ข้อมูลที่บันทึกหลังการสำรองจะหายไป)",
                f"The office {code} exists. To put it back to the backup's state give --replace "
                "(whatever was written after the backup is lost; back it up first if in doubt).",
            )
        ours = (existing.kind, existing.province, existing.area_number)
        theirs = (row.get("kind"), row.get("province"), row.get("area_number"))
        if ours != theirs:
            raise _refuse(
                "other_office",
                f"ไฟล์สำรองเป็นของสำนักงานอื่น ({row.get('name_th')}) ไม่ใช่ {existing.name_th}",
                f"The backup is of another office ({row.get('name_th')}: {theirs}), not of "
                f"{code} ({existing.name_th}: {ours}).",
            )
        return existing
    if schema_exists(schema_name_for(code)) and not replace:
        raise _refuse(
            "schema_exists",
            f"มี schema {schema_name_for(code)} ที่ไม่มีสำนักงาน: ระบุ --replace เพื่อแทนที่",
            f"The schema {schema_name_for(code)} exists without an office (a manual restore?): "
            "give --replace to replace it.",
        )
    taken = Office.objects.filter(
        kind=row.get("kind"), province=row.get("province"), area_number=row.get("area_number")
    ).first()
    if taken is not None:
        raise _refuse(
            "area_taken",
            f"สำนักงาน {taken.code} เป็นเขตพื้นที่เดียวกันอยู่แล้ว",
            f"The office {taken.code} already covers this area ({row.get('province')}, "
            f"{row.get('kind')} area {row.get('area_number')}).",
        )
    for domain, _ in _new_domains(staged, code):
        if (
            Domain.objects.filter(domain=domain).exists()
            or domain in settings.KRUCARE_CENTRAL_HOSTS
        ):
            raise _refuse(
                "domain_taken",
                f"โดเมน {domain} ถูกใช้แล้ว",
                f"The domain {domain} is in use: restore under another code (--as).",
            )
    return None


# --- 3. staging -----------------------------------------------------------------------------


def _ident(name: str) -> str:
    return sql.Identifier(name).as_string(None)


def _staging_schema(code: str) -> str:
    return f"krucare_restore_{code}"


def _stage(staged: StagedBackup, *, tools: PgTools, database: Connection, work: Path) -> str:
    """Restore the schema archive as the staging schema (see the module); its name."""
    source = staged.schema
    if not SCHEMA_RE.match(source):  # pragma: no cover (checked with the manifest)
        raise ValueError(source)
    code = source.removeprefix("esa_")
    staging, hold = _staging_schema(code), f"krucare_hold_{code}"
    script = work / "schema.sql"
    run(
        tools,
        "pg_restore",
        ["--no-owner", "--no-privileges", f"--file={script}", str(staged.dump)],
        connection=database,
    )
    rename_if = (
        "DO $$ BEGIN IF to_regnamespace({name}) IS NOT NULL THEN "
        "ALTER SCHEMA {ident} RENAME TO {to}; END IF; END $$;\n"
    )
    prelude = work / "prelude.sql"
    prelude.write_text(
        f"DROP SCHEMA IF EXISTS {_ident(staging)} CASCADE;\n"
        + rename_if.format(name=f"'{source}'", ident=_ident(source), to=_ident(hold))
    )
    epilogue = work / "epilogue.sql"
    epilogue.write_text(
        f"ALTER SCHEMA {_ident(source)} RENAME TO {_ident(staging)};\n"
        + rename_if.format(name=f"'{hold}'", ident=_ident(hold), to=_ident(source))
    )
    run(
        tools,
        "psql",
        [
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--dbname={database.conninfo}",
            f"--file={prelude}",
            f"--file={script}",
            f"--file={epilogue}",
            "--output=/dev/null",
        ],
        connection=database,
    )
    return staging


# --- 4. migrating forward -------------------------------------------------------------------


def _applied(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT app, name FROM {}").format(sql.Identifier(schema, "django_migrations"))
        )
        return {(app, name) for app, name in cursor.fetchall()}


def _migrate(staging: str) -> list[str]:
    """Bring the staging schema to this release's migrations; those applied."""
    tenant_connection().set_schema_to_public()
    before = _applied(staging)
    ContentType.objects.clear_cache()  # ids of another schema must not leak into this one
    try:
        call_command(
            "migrate_schemas",
            schema_name=staging,
            executor="standard",
            interactive=False,
            verbosity=0,
        )
    except Exception as exc:
        raise _refuse(
            "migration_failed",
            f"ย้ายข้อมูลสำรองให้เป็นรุ่นปัจจุบันไม่สำเร็จ: {exc}",
            f"The backup could not be migrated to this release: {exc}",
        ) from exc
    finally:
        ContentType.objects.clear_cache()
        tenant_connection().set_schema_to_public()
    after = _applied(staging)
    # Every migration of this release is recorded in an office schema (those of the shared
    # apps as well, as in the template), so nothing on disk may be missing.
    behind = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) - after
    if behind:
        raise _refuse(
            "migration_failed",
            "ข้อมูลสำรองยังขาดการย้ายข้อมูลบางรายการ",
            f"After migrating, the backup still lacks {sorted(behind)[:5]}.",
        )
    return sorted(f"{app}.{name}" for app, name in after - before)


# --- 5. the swap ----------------------------------------------------------------------------


@dataclass
class SwapFacts:
    counters: list[CounterValue] = field(default_factory=list)
    events_withdrawn: int | None = None  # written live after the backup (None: unknown)
    subscriptions: list[str] = field(default_factory=list)
    outbox_rebased: int = 0  # events given the restore's transaction id


def _table(schema: str, model: type[models.Model]) -> sql.Composable:
    return sql.Identifier(schema, model._meta.db_table)


def _exists(cursor: Any, schema: str | None, model: type[models.Model]) -> bool:
    if schema is None:
        return False
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{model._meta.db_table}"'])
    return bool(cursor.fetchone()[0])


def _execute(
    cursor: Any, query: sql.Composable, params: Sequence[Any] | Mapping[str, Any] = ()
) -> None:
    cursor.execute(query.as_string(None), params if isinstance(params, Mapping) else list(params))


def _carry_counters(
    cursor: Any, *, staging: str, live: str | None, floors: Sequence[CounterValue]
) -> list[CounterValue]:
    """Every counter at least its live value and the operator's floor; the values now, oldest
    row of each counter first (its last rows are the current periods: this year, today)."""
    values = []
    for counter in counter_models():
        if not _exists(cursor, staging, counter):
            continue
        keys = sql.SQL(", ").join(
            [sql.Identifier(str(f.column)) for f in counter_key_fields(counter)]
        )
        upsert = sql.SQL(
            "INSERT INTO {table} AS c ({keys}, {number}) {rows} ON CONFLICT ({keys}) "
            "DO UPDATE SET {number} = GREATEST(c.{number}, EXCLUDED.{number})"
        )
        number = sql.Identifier(COUNTER_FIELD)
        if live is not None and _exists(cursor, live, counter):
            rows = sql.SQL("SELECT {keys}, {number} FROM {live}").format(
                keys=keys, number=number, live=_table(live, counter)
            )
            _execute(
                cursor,
                upsert.format(table=_table(staging, counter), keys=keys, number=number, rows=rows),
            )
        for floor in floors:
            if floor.counter is counter:
                rows = sql.SQL("VALUES ({})").format(
                    sql.SQL(", ").join(sql.Placeholder() * (len(floor.key) + 1))
                )
                _execute(
                    cursor,
                    upsert.format(
                        table=_table(staging, counter), keys=keys, number=number, rows=rows
                    ),
                    [*floor.key.values(), floor.number],
                )
        key_fields = counter_key_fields(counter)
        _execute(
            cursor,
            sql.SQL("SELECT {keys}, {number} FROM {table} ORDER BY {pk}").format(
                keys=keys,
                number=number,
                table=_table(staging, counter),
                pk=sql.Identifier(str(counter._meta.pk.column)),
            ),
        )
        for row in cursor.fetchall():
            key = {f.name: value for f, value in zip(key_fields, row[:-1], strict=True)}
            values.append(CounterValue(counter=counter, key=key, number=int(row[-1])))
    return values


_IDENTITIES = """
SELECT c.relname, a.attname,
       pg_get_serial_sequence(format('%%I.%%I', n.nspname, c.relname), a.attname)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attidentity <> ''
ORDER BY 1, 2
"""


def _high(cursor: Any, schema: str, table: str, column: str) -> int:
    """The largest id used or handed out in `schema.table.column`; 0 if none."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{table}"'])
    if not cursor.fetchone()[0]:
        return 0
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s)", [_ident(schema) + "." + _ident(table), column]
    )
    row = cursor.fetchone()
    sequence = row[0] if row else None
    if sequence is None:
        return 0
    _execute(
        cursor,
        sql.SQL(
            "SELECT GREATEST(max({column}), pg_sequence_last_value(%s::regclass)) FROM {table}"
        ).format(column=sql.Identifier(column), table=sql.Identifier(schema, table)),
        [sequence],
    )
    value = cursor.fetchone()[0]
    return int(value) if value is not None else 0


def _carry_ids(cursor: Any, *, staging: str, live: str | None, headroom: int) -> None:
    cursor.execute(_IDENTITIES, [staging])
    for table, column, sequence in cursor.fetchall():
        high = _high(cursor, staging, table, column)
        if live is not None:
            high = max(high, _high(cursor, live, table, column))
        else:
            high += headroom
        if high > 0:
            cursor.execute("SELECT setval(%s::regclass, %s, true)", [sequence, high])


def _outbox_and_webhooks(cursor: Any, *, staging: str, live: str | None, txid: int) -> int:
    """Keep the outbox's order and every webhook subscription's position true after the swap;
    the number of events whose transaction id was rebased.

    Over a live office (one database, so one sequence of transaction ids): each subscription
    that exists live (same id and secret) takes its live position, which is never behind the
    backup's, and each delivery that was pending in the backup takes its live outcome when it
    has one: nothing already dispatched or delivered is sent again, and events written after
    the restore (larger transaction ids, new ids) come after every position: nothing skipped.
    Subscriptions created after the backup are gone (the client subscribes again).

    From another cluster whose transaction ids ran ahead of this one's, events at or above this
    transaction's id would sort after the events written next: each such event takes this
    transaction's id (their order among themselves is then their ids' order), and a
    subscription positioned among them moves back to just before the first event it had not
    dispatched. Events it had dispatched and that now follow its position are dispatched
    again into the deliveries they already have (one per subscription and event, a unique
    constraint): nothing is sent twice from the database, and nothing is skipped. A receiver
    may still see an event again that was delivered after the backup was taken; it has the
    same id and body, and receivers de-duplicate by event id (as for any redelivery).
    """
    subscriptions, deliveries = _table(staging, Subscription), _table(staging, Delivery)
    events = _table(staging, OutboxEvent)
    if live is not None and _exists(cursor, live, Subscription):
        _execute(
            cursor,
            sql.SQL(
                "UPDATE {staging} s SET position_txid = l.position_txid, "
                "position_id = l.position_id FROM {live} l WHERE s.id = l.id "
                "AND s.secret = l.secret AND (l.position_txid, l.position_id) > "
                "(s.position_txid, s.position_id)"
            ).format(staging=subscriptions, live=_table(live, Subscription)),
        )
        _execute(
            cursor,
            sql.SQL(
                "UPDATE {staging} s SET status = l.status, attempts = l.attempts, "
                "next_attempt_at = l.next_attempt_at, last_status_code = l.last_status_code, "
                "last_error = l.last_error, delivered_at = l.delivered_at, leased_until = NULL "
                "FROM {live} l WHERE s.id = l.id AND s.subscription_id = l.subscription_id "
                "AND s.event_id = l.event_id AND s.status = 'pending' AND l.status <> 'pending'"
            ).format(staging=deliveries, live=_table(live, Delivery)),
        )
    _execute(
        cursor,
        sql.SQL(
            "UPDATE {subscriptions} s SET position_txid = %(txid)s, position_id = coalesce("
            "(SELECT min(e.id) - 1 FROM {events} e WHERE e.txid >= %(txid)s::text::xid8 "
            "AND (e.txid, e.id) > (s.position_txid::text::xid8, s.position_id)), "
            "(SELECT max(e.id) FROM {events} e WHERE e.txid >= %(txid)s::text::xid8), 0) "
            "WHERE s.position_txid >= %(txid)s"
        ).format(subscriptions=subscriptions, events=events),
        {"txid": txid},
    )
    _execute(
        cursor,
        sql.SQL(
            "UPDATE {events} SET txid = %(txid)s::text::xid8 WHERE txid >= %(txid)s::text::xid8"
        ).format(events=events),
        {"txid": txid},
    )
    return int(cursor.rowcount)


def _model_values(
    model: type[models.Model], row: dict[str, Any], *, skip: set[str]
) -> dict[str, Any]:
    return {
        f.attname: f.to_python(row[f.column])
        for f in model._meta.concrete_fields
        if f.column in row and f.attname not in skip
    }


def _office_from_backup(staged: StagedBackup, code: str) -> Office:
    row = staged.office_row
    office = Office(**_model_values(Office, row, skip={"id"}))
    office.code, office.schema_name = code, schema_name_for(code)
    office.ready_at = office.ready_at or timezone.now()
    office.full_clean()
    office.save()
    created_at = Office._meta.get_field("created_at").to_python(row.get("created_at"))
    if created_at is not None:  # auto_now_add set it to now: keep the office's own date
        Office.objects.filter(pk=office.pk).update(created_at=created_at)
    for domain, primary in _new_domains(staged, code):
        Domain.objects.create(domain=domain, tenant=office, is_primary=primary)
    return office


def _keyed_rows_restore(staged: StagedBackup, office: Office) -> None:
    """Every row keyed to the office (its domains aside) becomes the backup's."""
    for model, key in office_keyed_models():
        if model is Domain:
            continue
        model._default_manager.filter(**{key.attname: office.pk}).delete()
        pk = model._meta.pk
        assert pk is not None  # noqa: S101
        rows = [
            model(
                **{
                    **_model_values(model, row, skip={pk.attname, key.attname}),
                    key.attname: office.pk,
                }
            )
            for row in staged.public.get(model._meta.label_lower, [])
        ]
        model._default_manager.bulk_create(rows)


@transaction.atomic
def _swap(
    staged: StagedBackup,
    *,
    code: str,
    staging: str,
    replace: bool,
    floors: Sequence[CounterValue],
    id_headroom: int,
) -> tuple[Office, OfficeRestore, SwapFacts, bool]:
    """Step 5 (see the module). Must run with the public schema active."""
    tenant_connection().set_schema_to_public()
    facts = SwapFacts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK_KEY])
        existing = _check_target(staged, code=code, replace=replace)
        target = schema_name_for(code)
        live = target if schema_exists(target) else None
        cursor.execute("SELECT pg_current_xact_id()::text")
        txid = int(cursor.fetchone()[0])

        facts.counters = _carry_counters(cursor, staging=staging, live=live, floors=floors)
        _carry_ids(cursor, staging=staging, live=live, headroom=id_headroom)
        last_event_id = staged.manifest.get("outbox", {}).get("last_event_id")
        if live is not None and _exists(cursor, live, OutboxEvent):
            _execute(
                cursor,
                sql.SQL("SELECT count(*) FROM {} WHERE id > %s").format(_table(live, OutboxEvent)),
                [last_event_id or 0],
            )
            facts.events_withdrawn = int(cursor.fetchone()[0])
        facts.outbox_rebased = _outbox_and_webhooks(cursor, staging=staging, live=live, txid=txid)
        _execute(
            cursor,
            sql.SQL(
                "SELECT c.name || ' → ' || s.url FROM {subscriptions} s "
                "JOIN {clients} c ON c.id = s.client_id WHERE s.is_active ORDER BY s.id"
            ).format(
                subscriptions=_table(staging, Subscription),
                clients=sql.Identifier(staging, "api_apiclient"),
            ),
        )
        facts.subscriptions = [row[0] for row in cursor.fetchall()]

        if live is not None:
            _execute(cursor, sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(live)))
        _execute(
            cursor,
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(staging), sql.Identifier(target)
            ),
        )
    office = existing or _office_from_backup(staged, code)
    _keyed_rows_restore(staged, office)
    restore = OfficeRestore.objects.create(
        office_code=code,
        epoch=secrets.token_hex(16),
        backup_office_code=staged.office_code,
        backup_created_at=staged.created_at,
        backup_release=str(staged.manifest.get("release", ""))[:40],
        backup_manifest_sha256=staged.manifest_sha256,
        replaced_existing=existing is not None or live is not None,
        last_event_id=last_event_id,
    )
    changes = {
        "backup_created_at": [None, staged.created_at.isoformat()],
        "backup_office": [None, staged.office_code],
        "replaced": [None, restore.replaced_existing],
    }
    # In the central trail, and in the office's own (its administrator reads /audit/).
    audit_record(action="office.restored", target=office, changes=changes)
    with schema_context(office.schema_name):
        audit_record(
            action="office.restored",
            target_label=office.name_th,
            actor_label="restore_office",
            changes=changes,
        )
    transaction.on_commit(routing.invalidate)
    return office, restore, facts, live is not None


# --- 6. files -------------------------------------------------------------------------------


def _files_swap(staged_files: Path, schema: str) -> None:
    """The staged folder becomes the office's (after the database's commit). If that fails,
    the database is restored already: the refusal says what to move by hand, and the staged
    folder is left for it."""
    live = office_media_dir(schema)
    replaced = None
    try:
        if live.exists():
            replaced = live.with_name(f".krucare-replaced-{schema}-{secrets.token_hex(4)}")
            live.rename(replaced)
        live.parent.mkdir(parents=True, exist_ok=True)
        staged_files.rename(live)
    except OSError as exc:
        raise _refuse(
            "files_not_moved",
            f"กู้คืนฐานข้อมูลแล้ว แต่ย้ายไฟล์ไม่สำเร็จ ({exc}) ให้ย้าย {staged_files} ไปเป็น {live}",
            f"The database is restored, but the office's files could not be put in place "
            f"({exc}): move {staged_files} to {live} by hand"
            + (f" (the previous files are in {replaced})." if replaced else "."),
        ) from exc
    if replaced is not None:
        shutil.rmtree(replaced)


# --- the whole ------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    office: Office
    restore: OfficeRestore
    replaced: bool  # a live schema was replaced (its numbers and ids were carried over)
    migrations_applied: list[str]
    facts: SwapFacts
    id_headroom: int
    files: int
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step, in order


class _Steps:
    """Seconds per step of a restore (the report says where the time went)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def done(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self._last
        self._last = now


@contextmanager
def _restore_lock(code: str, database: Connection) -> Iterator[None]:
    """One restore of an office at a time (a session lock on a connection of its own: the
    migration step closes Django's connection)."""
    with psycopg.connect(**database.connect_kwargs(), autocommit=True) as raw:
        row = raw.execute(
            "SELECT pg_try_advisory_lock(%s, hashtext(%s))", [RESTORE_LOCK_KEY, code]
        ).fetchone()
        if not (row and row[0]):
            raise _refuse(
                "busy",
                f"กำลังกู้คืนสำนักงาน {code} อยู่แล้ว",
                f"Another restore of {code} is running.",
            )
        yield


def _drop_schema(name: str) -> None:
    tenant_connection().set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)).as_string(None)
        )


def backup_check(archive: Path) -> StagedBackup:
    """Read and check a backup without restoring it (`restore_office --check`); what it
    holds. Unpacks into a scratch folder, removed again."""
    with tempfile.TemporaryDirectory(prefix="krucare-check-") as work:
        staged = backup_read(archive, work=Path(work), files=Path(work) / "files")
        _check_release(staged)
        return staged


def office_restore(
    *,
    archive: Path,
    as_code: str | None = None,
    replace: bool = False,
    at_least: Sequence[CounterValue] = (),
    id_headroom: int = ID_HEADROOM,
) -> RestoreReport:
    """Restore the office in `archive` (see the module); what was done. Runs outside any
    transaction (it commits, and the migration step opens connections of its own)."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("office_restore commits: call it outside a transaction")
    if id_headroom < 0:
        raise ValueError("id_headroom must not be negative")
    started = time.perf_counter()
    tenant_connection().set_schema_to_public()
    database = connection_of(connection.settings_dict)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        server_version = str(cursor.fetchone()[0])
    with tempfile.TemporaryDirectory(prefix="krucare-restore-") as scratch:
        work = Path(scratch)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        files = Path(tempfile.mkdtemp(prefix=".krucare-restore-", dir=media_root))
        keep_files = False
        steps = _Steps()
        try:
            staged = backup_read(archive, work=work, files=files / "office")
            _check_release(staged)
            steps.done("check")
            code = (as_code or staged.office_code).strip().lower()
            if not CODE_RE.match(code):
                raise _refuse(
                    "invalid_code",
                    "รหัสสำนักงานต้องเป็นอักษรภาษาอังกฤษตัวเล็กและตัวเลข 2–40 ตัว ขึ้นต้นด้วยตัวอักษร",
                    f"{code!r} is not an office code (2-40 lower-case letters and digits).",
                )
            _check_target(staged, code=code, replace=replace)
            tools = pg_tools(server_version)
            with _restore_lock(code, database):
                staging = _stage(staged, tools=tools, database=database, work=work)
                steps.done("stage")
                try:
                    migrated = _migrate(staging)
                    steps.done("migrate")
                    office, restore, facts, replaced = _swap(
                        staged,
                        code=code,
                        staging=staging,
                        replace=replace,
                        floors=at_least,
                        id_headroom=id_headroom,
                    )
                    steps.done("swap")
                except BaseException:
                    _drop_schema(staging)
                    raise
                try:
                    _files_swap(staged.files, office.schema_name)
                except BackupError:
                    keep_files = True  # for the operator (the message says where)
                    raise
                steps.done("files")
        except PgToolsError as exc:
            raise BackupError(exc.message_th, exc.message_en, code=exc.code) from exc
        finally:
            if not keep_files:
                shutil.rmtree(files, ignore_errors=True)
    return RestoreReport(
        office=office,
        restore=restore,
        replaced=replaced,
        migrations_applied=migrated,
        facts=facts,
        id_headroom=0 if replaced else id_headroom,
        files=staged.file_count,
        seconds=time.perf_counter() - started,
        steps=steps.seconds,
    )


__all__ = [
    "ID_HEADROOM",
    "BackupError",
    "CounterValue",
    "RestoreReport",
    "StagedBackup",
    "backup_check",
    "backup_read",
    "office_restore",
]
