"""Disaster recovery: an office's backup restored into a new, empty database.

The new database gets what a deploy gives it (`migrate_offices`: public, the template, no
office), then `restore_office`, each a `manage.py` process of its own pointed at that database,
as an operator would run them. The test's own database plays the lost one: the office is
dropped from it (rows, schema, files) after the backup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from psycopg import sql

from apps.idcards.models import CardNumberCounter
from apps.people.models import Person
from backups.backup import office_backup, office_media_dir
from backups.pgtools import connection_of
from backups.restore import ID_HEADROOM
from central.models import IndicatorValue
from outbox.models import OutboxEvent
from tests.backups.backup_support import (
    collect,
    drop_office,
    issue_card,
    make_office,
    person,
    png_photo,
)

pytestmark = pytest.mark.usefixtures("backup_offices")


@pytest.fixture
def empty_database(django_db_setup: None) -> Iterator[str]:
    """A new database on the same server, dropped afterwards; its name."""
    name = f"test_krucare_empty_{uuid.uuid4().hex[:8]}"
    database = connection_of({**connection.settings_dict, "NAME": "postgres"})
    with psycopg.connect(**database.connect_kwargs(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def manage(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(settings.PLATFORM_DIR),
        "DATABASE_NAME": database,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


INSPECT = """
import json
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from apps.idcards.models import CardNumberCounter
from apps.people.models import Person
from central.models import IndicatorValue
from outbox.models import OutboxEvent
from tenants.models import Office, OfficeRestore
from tenants.management.commands.migrate_offices import offices_behind
from tenants.services import template_schema

office = Office.objects.get(code=CODE)
out = {
    "domains": list(office.domains.values_list("domain", flat=True)),
    "values": IndicatorValue.objects.filter(office=office).count(),
    "restores": OfficeRestore.objects.filter(office_code=CODE).count(),
    "behind": offices_behind(template_schema()),
}
with schema_context(office.schema_name):
    out["people"] = sorted(Person.objects.values_list("first_name_th", flat=True))
    out["counters"] = sorted(CardNumberCounter.objects.values_list("be_year", "last_number"))
    out["events"] = OutboxEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM people_person_id_seq")
        out["person_id_sequence"] = cursor.fetchone()[0]
connection.set_schema_to_public()
out["healthz"] = Client(HTTP_HOST=CODE + ".localhost").get("/healthz").status_code
out["login"] = Client(HTTP_HOST=CODE + ".localhost").get("/accounts/login/").status_code
print("RESULT " + json.dumps(out))
"""


def inspect(database: str, code: str) -> dict[str, Any]:
    out = ok(manage(database, "shell", "-c", f"CODE = {code!r}\n{INSPECT}"))
    (line,) = [line for line in out.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def test_an_office_restores_into_an_empty_database(empty_database: str, tmp_path: Path) -> None:
    office = make_office("bkempty", area=7)
    with schema_context(office.schema_name):
        person("คนแรก")
        card = issue_card(person("คนที่สอง"), photo=b"the photo")
        be_year, last_number = CardNumberCounter.objects.values_list("be_year", "last_number").get()
        last_person_id = Person.objects.order_by("-pk").values_list("pk", flat=True)[0]
        events = OutboxEvent.objects.count()
    collect(office)
    values = IndicatorValue.objects.filter(office=office).count()
    backup = office_backup(office=office, output=tmp_path / "bkempty.tar")
    photo = office_media_dir(office.schema_name) / card.photo.name
    assert photo.read_bytes() == png_photo(b"the photo")
    drop_office(office)  # the old database is gone, files included
    assert not photo.exists()

    ok(manage(empty_database, "migrate_offices", "--verbosity", "0"))
    checked = ok(manage(empty_database, "restore_office", str(backup.path), "--check"))
    assert "every checksum matches" in checked
    out = ok(
        manage(
            empty_database,
            "restore_office",
            str(backup.path),
            # Two more cards were printed after the backup: the last paper says number 3.
            "--at-least",
            f"idcards.CardNumberCounter[be_year={be_year}]={last_number + 2}",
        )
    )

    assert "Restored bkempty" in out and "No live office to compare with" in out
    assert f"idcards.CardNumberCounter[be_year={be_year}]={last_number + 2}" in out
    found = inspect(empty_database, "bkempty")
    assert found["domains"] == ["bkempty.localhost"]
    assert found["people"] == ["คนที่สอง", "คนแรก"]
    assert found["counters"] == [[be_year, last_number + 2]]
    assert found["events"] == events
    assert found["values"] == values
    assert found["restores"] == 1
    assert found["person_id_sequence"] == last_person_id + ID_HEADROOM
    assert found["behind"] == []
    assert found["healthz"] == 200 and found["login"] == 200  # the office answers
    assert photo.read_bytes() == png_photo(b"the photo")

    # The office exists now: creating it is refused as for any existing office, restoring it
    # again needs --replace, and another office can still be created next to it.
    again = manage(empty_database, "restore_office", str(backup.path))
    assert again.returncode != 0 and "backup.office_exists" in again.stderr
    created = manage(
        empty_database,
        "create_office",
        "bkother",
        "--name-th",
        "สำนักงานใหม่",
        "--kind",
        "secondary",
        "--province",
        "ใหม่",
        "--region",
        "north",
        "--area-number",
        "1",
    )
    assert "Created bkother" in ok(created)
    duplicate = manage(
        empty_database,
        "create_office",
        "bkempty",
        "--name-th",
        "ซ้ำ",
        "--kind",
        "primary",
        "--province",
        "อื่น",
        "--region",
        "south",
        "--area-number",
        "9",
    )
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr
