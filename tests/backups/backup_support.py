"""Committed offices for the backup and restore tests (`bk…`), made through the services and
removed afterwards: schemas (staging ones included), rows, restores and files.

pg_dump reads through a connection of its own and the restore commits, so nothing here runs
inside a test transaction."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image
from psycopg import sql

from accounts.models import User
from apps.idcards import services as idcards
from apps.idcards.models import CardApplication
from apps.people.models import Person
from backups.backup import office_media_dir
from central.collection import collect_offices
from clients.services import client_create
from core.schemas import tenant_connection
from tenants import routing
from tenants.models import Domain, Office, OfficeRestore
from tenants.services import office_create
from tests.conftest import _seed_office
from tests.idcards.test_services import ALL_DOCUMENTS
from tests.people.factories import make_person
from webhooks import services as webhooks
from webhooks.models import Subscription

PREFIX = "bk"


def make_office(code: str, *, area: int = 1) -> Office:
    """A committed office `code` (starting with `bk`) with the session's accounts."""
    assert code.startswith(PREFIX)
    office = office_create(
        code=code,
        name_th=f"สำนักงานทดสอบการสำรองข้อมูล {code}",
        name_en=f"Backup test {code}",
        kind="primary",
        province=f"จังหวัดสำรอง{code}",
        region="central",
        area_number=area,
    )
    _seed_office(office)
    return office


def drop_offices() -> None:
    """Everything the backup tests made: schemas, rows, restores, files."""
    tenant_connection().set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE ANY(%s)",
            [[f"esa\\_{PREFIX}%", f"krucare\\_restore\\_{PREFIX}%", f"krucare\\_hold\\_{PREFIX}%"]],
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(
                sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)).as_string(None)
            )
    Domain.objects.filter(tenant__code__startswith=PREFIX).delete()
    Office.objects.filter(code__startswith=PREFIX).delete()  # its central rows cascade
    OfficeRestore.objects.filter(office_code__startswith=PREFIX).delete()
    media = office_media_dir("x").parent
    if media.is_dir():
        for folder in media.glob(f"esa_{PREFIX}*"):
            _remove(folder)
    routing.invalidate()


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def drop_office(office: Office) -> None:
    """The office is lost: its schema, its rows and its files are gone."""
    tenant_connection().set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA {} CASCADE")
            .format(sql.Identifier(office.schema_name))
            .as_string(None)
        )
    Domain.objects.filter(tenant=office).delete()
    Office.objects.filter(pk=office.pk).delete()
    _remove(office_media_dir(office.schema_name))
    routing.invalidate()


@pytest.fixture
def backup_offices(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[int]]:
    """Committed data allowed, removed before and after; webhook tasks are not sent (the ids
    `_enqueue` was given are collected instead)."""
    enqueued: list[int] = []
    with (
        django_db_blocker.unblock(),
        mock.patch.object(webhooks, "_enqueue", side_effect=enqueued.extend),
    ):
        drop_offices()
        try:
            yield enqueued
        finally:
            drop_offices()


def user(username: str) -> User:
    return User.objects.get(username=username)


def png_photo(label: bytes) -> bytes:
    """A real PNG, different for each label, that the office keeps byte for byte: photos are
    decoded and saved again (core.uploads), and this is already what that saving writes."""
    pattern = Image.frombytes("RGB", (4, 2), hashlib.sha256(label).digest()[:24])
    # Blown up to the smallest size a card photo may have (apps.idcards.services).
    image = pattern.resize((300, 360), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def issue_card(person: Person, *, photo: bytes | None = None) -> CardApplication:
    """A card for `person` through the desk, from receipt to print (numbered); in the current
    office's schema. `photo` labels the photo: the file is `png_photo(photo)`."""
    officer, director = user("welfare_officer"), user("approver")
    at = timezone.now() - timedelta(minutes=20)
    application = idcards.card_application_create(
        person=person,
        reason="expired",
        received_by=officer,
        documents=["request_form"],
        photo=ContentFile(png_photo(photo), name="photo.png") if photo is not None else None,
        at=at,
    )
    idcards.card_application_check(
        application=application, documents=ALL_DOCUMENTS, officer=officer, at=at
    )
    idcards.card_application_approve(application=application, approver=director, at=at)
    return idcards.card_issue(application=application, officer=officer, at=at)


def person(name: str) -> Person:
    return make_person(first_name_th=name)


def subscribe(office: Office) -> Subscription:
    """A client of the office subscribed to people and cards, from the outbox's start."""
    with schema_context(office.schema_name):
        client, _ = client_create(
            name=f"HR {office.code}",
            scopes=["people:read", "idcards:read", "feeds:read"],
            actor=user("office_admin"),
        )
        subscription, _ = webhooks.subscription_create(
            client=client,
            url="https://hr.example.org/krucare",
            event_types=["people.person", "idcards.card"],
            from_start=True,
        )
        return subscription


def dispatch(office: Office) -> None:
    with schema_context(office.schema_name):
        webhooks.webhooks_dispatch()


def collect(office: Office) -> None:
    outcomes = collect_offices([office.pk], workers=1)
    assert all(outcome.ok for outcome in outcomes), outcomes


def rewrite(
    source: Path,
    target: Path,
    *,
    manifest: dict[str, Any] | None = None,
    replace: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of the backup `source` with members replaced, dropped or added, and optionally
    another manifest (the original's otherwise, checksums and all)."""
    members: list[tuple[str, bytes]] = []
    with tarfile.open(source) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member)
            assert handle is not None
            members.append((member.name, handle.read()))
    replace = replace or {}
    if manifest is not None:
        replace["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in [*members, *(add or {}).items()]:
            if name in drop:
                continue
            data = replace.get(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return target


def manifest_of(path: Path) -> dict[str, Any]:
    with tarfile.open(path) as archive:
        handle = archive.extractfile("manifest.json")
        assert handle is not None
        return json.loads(handle.read())
