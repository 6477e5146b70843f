"""A restore refuses what is wrong with a clear code and message, and then nothing has changed:
no staging schema, no restore recorded, the office's data and files as they were."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from apps.people.models import Person
from backups.backup import BackupError, office_backup, office_media_dir
from backups.pgtools import PgToolsError, connection_of, pg_tools
from backups.restore import CounterValue, office_restore
from core.sequences import counter_key_fields, counter_models
from tenants.models import Office, OfficeRestore
from tests.backups.backup_support import issue_card, make_office, manifest_of, person, rewrite


def _state(office: Office) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'krucare\\_%'")
        staging = cursor.fetchone()[0]
    with schema_context(office.schema_name):
        people = sorted(Person.objects.values_list("pk", "first_name_th"))
    files = sorted(p.name for p in office_media_dir(office.schema_name).rglob("*"))
    return staging, OfficeRestore.objects.count(), Office.objects.count(), people, files


@pytest.fixture
def backup(backup_offices: list[int], tmp_path: Path) -> tuple[Office, Path]:
    """A committed office, its backup, and a person added after it."""
    office = make_office("bkref", area=8)
    with schema_context(office.schema_name):
        issue_card(person("ต้นฉบับ"), photo=b"photo")
    result = office_backup(office=office, output=tmp_path / "bkref.tar")
    with schema_context(office.schema_name):
        person("หลังสำรอง")  # must survive every refused restore
    return office, result.path


def _refused(office: Office, code: str, restore: Callable[[], object]) -> BackupError:
    before = _state(office)
    with pytest.raises(BackupError) as refused:
        restore()
    assert refused.value.code == code, refused.value.message_en
    assert refused.value.message_th and refused.value.message_en
    assert _state(office) == before
    return refused.value


def test_a_file_that_is_no_backup_is_refused(backup: tuple[Office, Path], tmp_path: Path) -> None:
    office, _ = backup
    garbage = tmp_path / "garbage.tar"
    garbage.write_bytes(b"not a tar file at all" * 100)
    _refused(office, "backup.not_a_backup", lambda: office_restore(archive=garbage, replace=True))
    missing = tmp_path / "missing.tar"
    _refused(office, "backup.not_found", lambda: office_restore(archive=missing, replace=True))


def test_an_interrupted_backup_without_its_manifest_is_refused(
    backup: tuple[Office, Path], tmp_path: Path
) -> None:
    office, path = backup
    cut = rewrite(path, tmp_path / "cut.tar", drop=("manifest.json",))
    error = _refused(
        office, "backup.not_a_backup", lambda: office_restore(archive=cut, replace=True)
    )
    assert "manifest" in error.message_en


def test_a_damaged_member_is_refused_by_its_checksum(
    backup: tuple[Office, Path], tmp_path: Path
) -> None:
    office, path = backup
    manifest = manifest_of(path)
    photo = next(name for name in manifest["members"] if name.startswith("files/"))
    damaged = rewrite(path, tmp_path / "damaged.tar", replace={photo: b"PHOTO"})
    error = _refused(
        office, "backup.checksum_mismatch", lambda: office_restore(archive=damaged, replace=True)
    )
    assert photo in error.message_en
    public = rewrite(path, tmp_path / "public.tar", replace={"public.json": b'{"x": 1}'})
    _refused(
        office, "backup.checksum_mismatch", lambda: office_restore(archive=public, replace=True)
    )


def test_missing_extra_and_unsafe_members_are_refused(
    backup: tuple[Office, Path], tmp_path: Path
) -> None:
    office, path = backup
    manifest = manifest_of(path)
    photo = next(name for name in manifest["members"] if name.startswith("files/"))
    missing = rewrite(path, tmp_path / "missing.tar", drop=(photo,))
    _refused(office, "backup.incomplete", lambda: office_restore(archive=missing, replace=True))
    extra = rewrite(path, tmp_path / "extra.tar", add={"files/extra.txt": b"x"})
    _refused(office, "backup.not_a_backup", lambda: office_restore(archive=extra, replace=True))
    evil = "files/../../../escaped.txt"
    manifest["members"][evil] = {"size": 1, "sha256": "0" * 64}
    unsafe = rewrite(path, tmp_path / "unsafe.tar", manifest=manifest, add={evil: b"x"})
    _refused(office, "backup.not_a_backup", lambda: office_restore(archive=unsafe, replace=True))
    assert not (Path(office_media_dir("x")).parent.parent / "escaped.txt").exists()


def test_a_backup_of_a_newer_release_or_format_is_refused(
    backup: tuple[Office, Path], tmp_path: Path
) -> None:
    office, path = backup
    manifest = manifest_of(path)
    manifest["migrations"]["people"].append("0099_from_the_future")
    newer = rewrite(path, tmp_path / "newer.tar", manifest=manifest)
    error = _refused(
        office, "backup.newer_release", lambda: office_restore(archive=newer, replace=True)
    )
    assert "people.0099_from_the_future" in error.message_en
    manifest = manifest_of(path)
    manifest["format_version"] = 2
    future = rewrite(path, tmp_path / "future.tar", manifest=manifest)
    _refused(office, "backup.newer_format", lambda: office_restore(archive=future, replace=True))


def test_restoring_over_an_office_needs_replace_and_the_same_office(
    backup: tuple[Office, Path],
) -> None:
    office, path = backup
    office_b = Office.objects.get(code="beta")
    error = _refused(office, "backup.office_exists", lambda: office_restore(archive=path))
    assert "--replace" in error.message_en
    # Over another office (beta: another kind, province and area): a wrong file, surely.
    _refused(
        office,
        "backup.other_office",
        lambda: office_restore(archive=path, as_code=office_b.code, replace=True),
    )
    # As a new office while the original covers the same area.
    _refused(office, "backup.area_taken", lambda: office_restore(archive=path, as_code="bknew"))
    _refused(office, "backup.invalid_code", lambda: office_restore(archive=path, as_code="No!"))


def test_the_command_says_why_it_refuses(backup: tuple[Office, Path]) -> None:
    _, path = backup
    with pytest.raises(CommandError, match=r"--replace.*\[backup.office_exists\]"):
        call_command("restore_office", str(path))
    with pytest.raises(CommandError, match=r"backup.invalid_counter"):
        call_command("restore_office", str(path), "--replace", "--at-least", "cards=5")


@pytest.mark.parametrize(
    "text",
    [
        "cards=5",
        "idcards.CardNumberCounter=5",
        "idcards.CardNumberCounter[year=2569]=5",
        "idcards.CardNumberCounter[be_year=two]=5",
        "onestop.TicketCounter[prefix=A]=5",
        "idcards.CardNumberCounter[be_year=2569]=-1",
    ],
)
def test_a_counter_floor_that_fits_no_counter_is_refused(text: str) -> None:
    with pytest.raises(BackupError) as refused:
        CounterValue.parse(text)
    assert refused.value.code == "backup.invalid_counter"
    assert refused.value.message_th and refused.value.message_en


def test_counter_floors_read_as_the_report_writes_them() -> None:
    value = CounterValue.parse("reimbursements.PaymentCounter[kind=medical,year=2569]=42")
    assert str(value) == "reimbursements.PaymentCounter[kind=medical,year=2569]=42"
    assert value.key == {"kind": "medical", "year": 2569} and value.number == 42
    ticket = CounterValue.parse("onestop.TicketCounter[day=2026-12-05,prefix=A]=7")
    assert str(ticket) == "onestop.TicketCounter[day=2026-12-05,prefix=A]=7"


def test_every_counter_is_found_with_its_key() -> None:
    found = {
        model._meta.label: [f.name for f in counter_key_fields(model)] for model in counter_models()
    }
    assert found == {
        "certificates.CertificateNumberCounter": ["be_year"],
        "committees.MeetingCounter": ["committee", "year"],
        "idcards.CardNumberCounter": ["be_year"],
        "onestop.TicketCounter": ["day", "prefix"],
        "reimbursements.PaymentCounter": ["kind", "year"],
        "revolvingfund.FundNumberCounter": ["kind", "be_year"],
    }


def test_client_programs_of_another_major_version_are_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(PgToolsError) as refused:
        pg_tools("99.1")
    assert "major version 99" in refused.value.message_en
    assert "KRUCARE_PG_BIN_DIR" in refused.value.message_en
    with override_settings(KRUCARE_PG_BIN_DIR=str(tmp_path)), pytest.raises(PgToolsError) as empty:
        pg_tools("16.2")
    assert f"{tmp_path}: pg_dump missing" in empty.value.message_en
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        version = cursor.fetchone()[0]
    assert pg_tools(version).major == int(version.split(".")[0])


def test_the_password_reaches_the_programs_only_through_the_environment() -> None:
    database = connection_of(
        {
            "NAME": "krucare",
            "USER": "u",
            "PASSWORD": "s3cret",
            "HOST": "db",
            "PORT": "5432",
            "OPTIONS": {"sslmode": "require", "server_side_binding": False},
        }
    )
    assert "s3cret" not in database.conninfo
    assert "sslmode=require" in database.conninfo and "server_side_binding" not in database.conninfo
    assert database.env()["PGPASSWORD"] == "s3cret"
