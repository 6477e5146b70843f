"""Backup and restore of one office, round trip: into the same database (an office restored to
yesterday), after the office was lost, and from an older release (migrated forward).

The restore into a new, empty database is in test_backup_empty_database.py."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context
from psycopg import sql

from apps.idcards.models import CardApplication, CardNumberCounter
from apps.idcards.services import card_number_format
from apps.onestop.models import TicketCounter
from apps.people.models import ImportBatch, Person
from audit.models import AuditEvent
from backups.backup import office_backup, office_media_dir
from backups.pgtools import connection_of, pg_tools, run
from backups.restore import ID_HEADROOM, CounterValue, office_restore
from central.models import Collection, IndicatorValue
from outbox.models import OutboxEvent
from outbox.selectors import outbox_event_page
from tenants.management.commands.migrate_offices import offices_behind
from tenants.models import Office, OfficeRestore
from tenants.services import OfficeError, office_create, template_schema
from tests.backups.backup_support import (
    collect,
    dispatch,
    drop_office,
    issue_card,
    make_office,
    manifest_of,
    person,
    png_photo,
    subscribe,
)
from tests.conftest import central_client, office_client
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.usefixtures("backup_offices")


def _schemas(pattern: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [pattern])
        return sorted(row[0] for row in cursor.fetchall())


def _files(office: Office) -> dict[str, bytes]:
    root = office_media_dir(office.schema_name)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_a_backup_holds_the_schema_the_public_rows_the_files_and_a_manifest(tmp_path: Path) -> None:
    office = make_office("bkfile")
    with schema_context(office.schema_name):
        card = issue_card(person("ผู้ถือบัตร"), photo=b"\x89PNG photo bytes")
        be_year = CardNumberCounter.objects.get().be_year
    collect(office)

    result = office_backup(office=office, output=tmp_path / "bkfile.tar")

    with tarfile.open(result.path) as archive:
        names = archive.getnames()
    assert names[:2] == ["schema.dump", "public.json"]
    assert names[-1] == "manifest.json"  # written last: a file without one is incomplete
    assert f"files/{card.photo.name}" in names
    manifest = result.manifest
    assert manifest["format"] == "krucare-office-backup" and manifest["format_version"] == 1
    assert manifest["office"] == "bkfile" and manifest["schema"] == "esa_bkfile"
    assert "0003_import_batch_idempotency_key" in manifest["migrations"]["people"]
    assert manifest["postgres"]["server"].split(".")[0] == manifest["postgres"]["pg_dump"][:2]
    assert [
        row for row in manifest["counters"] if row["counter"] == "idcards.CardNumberCounter"
    ] == [{"counter": "idcards.CardNumberCounter", "key": {"be_year": be_year}, "last_number": 1}]
    assert manifest["outbox"]["events"] == 2  # the person, the card
    assert set(manifest["members"]) == set(names) - {"manifest.json"}
    assert manifest == manifest_of(result.path)
    assert not list(tmp_path.glob("*.partial"))
    # Readable with PostgreSQL's own tools, as deploy/README.md says.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        tools = pg_tools(cursor.fetchone()[0])
    with tarfile.open(result.path) as archive:
        archive.extract("schema.dump", tmp_path, filter="data")
    listing = run(
        tools,
        "pg_restore",
        ["--list", str(tmp_path / "schema.dump")],
        connection=connection_of(connection.settings_dict),
    ).stdout
    assert "TABLE DATA esa_bkfile idcards_cardapplication" in listing


def test_a_backup_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    from backups.backup import BackupError

    office = make_office("bkexists")
    (tmp_path / "there.tar").write_bytes(b"an earlier backup")
    with pytest.raises(BackupError) as refused:
        office_backup(office=office, output=tmp_path / "there.tar")
    assert refused.value.code == "backup.exists"
    assert (tmp_path / "there.tar").read_bytes() == b"an earlier backup"


def test_restore_over_the_office_puts_it_back_to_the_backup_and_keeps_numbering_past_it(
    tmp_path: Path,
) -> None:
    office = make_office("bkday")
    with schema_context(office.schema_name):
        kept = person("ก่อนสำรอง")
        kept_card = issue_card(kept, photo=b"photo before the backup")
    subscribe(office)
    dispatch(office)  # the events so far have their deliveries
    collect(office)
    values_at_backup = IndicatorValue.objects.filter(office=office).count()
    assert values_at_backup > 0
    feed = office_client(office, "office_admin")
    old_cursor = feed.get("/api/v1/feed/").json()["next"]
    national = central_client("operator")
    old_national_cursor = national.get("/api/v1/national/feed/").json()["next"]
    backup = office_backup(office=office, output=tmp_path / "bkday.tar")

    # The day goes on: a person, a card printed (number 2), its photo, a ticket; webhooks
    # dispatched; the central tables change.
    with schema_context(office.schema_name):
        lost = person("หลังสำรอง")
        lost_card = issue_card(lost, photo=b"photo after the backup")
        be_year = CardNumberCounter.objects.get().be_year
        assert CardNumberCounter.objects.get().last_number == 2
        tickets_live = {(t.day, t.prefix): t.last_number for t in TicketCounter.objects.all()}
        withdrawn = set(
            OutboxEvent.objects.filter(
                id__gt=backup.manifest["outbox"]["last_event_id"]
            ).values_list("id", flat=True)
        )
    dispatch(office)
    with schema_context(office.schema_name):
        live_position = Subscription.objects.values_list("position_txid", "position_id").get()
    IndicatorValue.objects.filter(office=office).delete()
    Collection.objects.filter(office=office).delete()
    assert len(_files(office)) == 2

    report = office_restore(archive=backup.path, replace=True)

    assert report.replaced and report.facts.events_withdrawn == 2  # the person and the card
    assert report.restore.office_code == "bkday" and report.restore.replaced_existing
    office.refresh_from_db()
    with schema_context(office.schema_name):
        # The data is the backup's: what was written after it is gone.
        assert Person.objects.filter(pk=kept.pk).exists()
        assert not Person.objects.filter(pk=lost.pk).exists()
        assert not CardApplication.objects.filter(pk=lost_card.pk).exists()
        assert CardApplication.objects.get(pk=kept_card.pk).photo.read() == png_photo(
            b"photo before the backup"
        )
        # Numbers continue after those printed, also after the backup: the next card is 3.
        assert CardNumberCounter.objects.get().last_number == 2
        assert {
            (t.day, t.prefix): t.last_number for t in TicketCounter.objects.all()
        } == tickets_live
        after = person("หลังกู้คืน")
        assert after.pk > lost.pk  # no id is used twice
        new_card = issue_card(after)
        assert new_card.card_number == card_number_format(be_year=be_year, number=3)
        # Webhooks: the subscription goes on from its live position; only the new events
        # are dispatched, each once.
        assert Subscription.objects.values_list("position_txid", "position_id").get() == (
            live_position
        )
        before = set(Delivery.objects.values_list("event_id", flat=True))
        new_events = set(
            OutboxEvent.objects.filter(id__gt=max(withdrawn)).values_list("id", flat=True)
        )
    dispatch(office)
    with schema_context(office.schema_name):
        dispatched = list(Delivery.objects.values_list("event_id", flat=True))
    assert len(withdrawn) == 2 and len(new_events) == 2  # a person, a card
    assert len(dispatched) == len(set(dispatched))
    assert set(dispatched) == before | new_events and not before & withdrawn

    assert _files(office) == {kept_card.photo.name: png_photo(b"photo before the backup")}
    assert IndicatorValue.objects.filter(office=office).count() == values_at_backup
    assert Collection.objects.filter(office=office).exists()

    # Feed cursors of before the restore are refused with a clear code; from the start, the
    # feed serves the backup's events and the new ones, not those withdrawn.
    stale = feed.get(f"/api/v1/feed/?after={old_cursor}")
    assert stale.status_code == 410 and stale.json()["code"] == "feeds.cursor_reset"
    assert stale.json()["fields"]["after"][0]["code"] == "feeds.cursor_reset"
    assert national.get(f"/api/v1/national/feed/?after={old_national_cursor}").status_code == 410
    fresh = feed.get("/api/v1/feed/?limit=1000").json()
    served = {event["id"] for event in fresh["events"]}
    assert new_events <= served and not served & withdrawn
    assert feed.get(f"/api/v1/feed/?after={fresh['next']}").status_code == 200
    fresh_national = national.get("/api/v1/national/feed/").json()["next"]
    assert national.get(f"/api/v1/national/feed/?after={fresh_national}").status_code == 200

    # The office answers, is up to date for the deploy step, and is not created twice.
    assert office_client(office, "welfare_officer").get("/people/").status_code == 200
    assert offices_behind(template_schema()) == []
    with pytest.raises(OfficeError) as duplicate:
        office_create(
            code="bkday",
            name_th="ซ้ำ",
            kind="primary",
            province="อื่น",
            region="south",
            area_number=9,
        )
    assert duplicate.value.code == "office.duplicate_code"
    with schema_context("public"):  # the central audit trail
        assert AuditEvent.objects.filter(
            action="office.restored", target_id=str(office.pk)
        ).exists()
    with schema_context(office.schema_name):  # and the office's, for its administrator
        assert AuditEvent.objects.filter(action="office.restored").count() == 1
    assert _schemas("krucare\\_%") == []


def test_restore_of_a_lost_office_brings_it_back_with_its_rows_in_public(tmp_path: Path) -> None:
    office = make_office("bklost", area=3)
    with schema_context(office.schema_name):
        someone = person("สูญหาย")
        card = issue_card(someone, photo=b"a photo")
        last_person_id = someone.pk
        ticket = TicketCounter.objects.get()
    collect(office)
    values = sorted(
        IndicatorValue.objects.filter(office=office).values_list("fiscal_year", "code", "value")
    )
    backup = office_backup(office=office, output=tmp_path / "bklost.tar")
    expected_files = _files(office)
    drop_office(office)  # disaster: schema, rows and files gone
    assert not Office.objects.filter(code="bklost").exists()

    report = office_restore(
        archive=backup.path,
        at_least=[
            CounterValue.parse(
                f"onestop.TicketCounter[day={ticket.day.isoformat()},prefix={ticket.prefix}]=41"
            )
        ],
    )

    assert not report.replaced and report.id_headroom == ID_HEADROOM
    restored = Office.objects.get(code="bklost")
    assert restored.pk != office.pk
    assert (restored.kind, restored.province, restored.area_number) == (
        "primary",
        office.province,
        3,
    )
    assert restored.created_at == office.created_at
    assert list(restored.domains.values_list("domain", "is_primary")) == [
        ("bklost.localhost", True)
    ]
    assert (
        sorted(
            IndicatorValue.objects.filter(office=restored).values_list(
                "fiscal_year", "code", "value"
            )
        )
        == values
    )
    assert _files(restored) == expected_files
    with schema_context(restored.schema_name):
        assert Person.objects.get(pk=someone.pk).first_name_th == "สูญหาย"
        assert CardApplication.objects.get(pk=card.pk).photo.read() == png_photo(b"a photo")
        # The operator's floor for today's tickets, from the last ticket handed out.
        assert TicketCounter.objects.get().last_number == 41
        # Without the live office, ids start well above the backup's.
        newcomer = person("หลังกู้คืน")
        assert newcomer.pk >= last_person_id + ID_HEADROOM
    assert office_client(restored, "welfare_officer").get("/people/").status_code == 200


def test_restore_migrates_a_backup_of_an_older_release_forward(tmp_path: Path) -> None:
    office = make_office("bkold", area=4)
    with schema_context(office.schema_name):
        someone = person("รุ่นเก่า")
    # An older release: the office's schema before people's latest migration.
    call_command(
        "migrate_schemas",
        "people",
        "0002_family_birth_order_import_batch",
        schema_name=office.schema_name,
        interactive=False,
        verbosity=0,
    )
    backup = office_backup(office=office, output=tmp_path / "bkold.tar")
    assert "0003_import_batch_idempotency_key" not in backup.manifest["migrations"]["people"]

    report = office_restore(archive=backup.path, replace=True)

    # People's later migrations, and those of the apps that depend on people (unapplied with
    # them above: payroll's, certificates', committees', healthchecks', the fund's, the shop's).
    assert sorted(report.migrations_applied) == [
        "certificates.0001_initial",
        "committees.0001_initial",
        "committees.0002_default_quorum_rule",
        "healthchecks.0001_initial",
        "payroll.0001_initial",
        "payroll.0002_national_net_pay_rule",
        "people.0003_import_batch_idempotency_key",
        "people.0004_import_batch_idempotency_key_per_sender",
        "revolvingfund.0001_initial",
        "revolvingfund.0002_fund_desk_standard",
        "revolvingfund.0003_scores_and_ranking",
        "revolvingfund.0004_loans",
        "welfareshop.0001_initial",
    ]
    assert offices_behind(template_schema()) == []
    with schema_context(office.schema_name):
        assert Person.objects.get(pk=someone.pk).first_name_th == "รุ่นเก่า"
        assert ImportBatch.objects.filter(idempotency_key="x").count() == 0  # the new column


def test_events_from_a_cluster_ahead_keep_their_order_and_webhooks_neither_skip_nor_repeat(
    tmp_path: Path,
) -> None:
    """A backup taken on another PostgreSQL cluster whose transaction ids ran ahead of this
    one's: its events must still come before every event written after the restore."""
    office = make_office("bkahead", area=5)
    with schema_context(office.schema_name):
        person("หนึ่ง")
        person("สอง")
    subscribe(office)
    dispatch(office)  # two events delivered
    with schema_context(office.schema_name):
        person("สาม")
        person("สี่")  # two events not dispatched yet
        assert Delivery.objects.count() == 2
    ahead = 2**40
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("UPDATE {} SET txid = (txid::text::numeric + %s)::text::xid8")
            .format(sql.Identifier(office.schema_name, "outbox_outboxevent"))
            .as_string(None),
            [ahead],
        )
        cursor.execute(
            sql.SQL("UPDATE {} SET position_txid = position_txid + %s")
            .format(sql.Identifier(office.schema_name, "webhooks_subscription"))
            .as_string(None),
            [ahead],
        )
    backup = office_backup(office=office, output=tmp_path / "bkahead.tar")
    drop_office(office)

    report = office_restore(archive=backup.path)

    assert report.facts.outbox_rebased == 4
    restored = Office.objects.get(code="bkahead")
    with schema_context(restored.schema_name):
        events = outbox_event_page(limit=100).events
        assert [e.data["first_name_th"] for e in events] == ["หนึ่ง", "สอง", "สาม", "สี่"]
        person("ห้า")
        events = outbox_event_page(limit=100).events
        assert [e.data["first_name_th"] for e in events][-1] == "ห้า"
    dispatch(restored)
    with schema_context(restored.schema_name):
        delivered = list(Delivery.objects.values_list("event_id", flat=True))
        assert sorted(delivered) == sorted(e.id for e in events)  # each event once


def test_backup_all_writes_one_file_per_office_and_keeps_the_newest(tmp_path: Path) -> None:
    make_office("bkall", area=6)
    old = tmp_path / "bkall-20240101T000000Z.tar"
    older = tmp_path / "bkall-20230101T000000Z.tar"
    other = tmp_path / "notes.txt"
    for path in (old, older, other):
        path.write_bytes(b"x")

    call_command("backup_office", all=True, output_dir=tmp_path, keep=2, verbosity=0)

    ours = sorted(p.name for p in tmp_path.glob("bkall-*.tar"))
    assert len(ours) == 2 and ours[0] == old.name  # the new one and the newest older one
    assert other.exists()
    codes = set(Office.objects.values_list("code", flat=True))
    written = {p.name.rsplit("-", 1)[0] for p in tmp_path.glob("*.tar")}
    assert written == codes
    assert OfficeRestore.objects.filter(office_code="bkall").count() == 0
