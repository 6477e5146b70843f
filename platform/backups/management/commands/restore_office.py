"""`manage.py restore_office FILE [--as CODE] [--replace] [--at-least COUNTER=N ...]`, and
`restore_office FILE --check` to verify a backup without restoring it. See `backups.restore`
and deploy/README.md ("Backup and restore")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from backups.restore import ID_HEADROOM, CounterValue, backup_check, office_restore
from core.errors import ApplicationError

NEWEST = 5


def newest_counters(values: list[CounterValue]) -> list[str]:
    """The last `NEWEST` rows of each counter (its current periods), and how many older."""
    lines = []
    for label in sorted({value.counter._meta.label for value in values}):
        rows = [value for value in values if value.counter._meta.label == label]
        lines += [str(value) for value in rows[-NEWEST:]]
        if len(rows) > NEWEST:
            lines.append(f"{label}: {len(rows) - NEWEST} older rows not shown")
    return lines


class Command(BaseCommand):
    help = (
        "Restore an office from a backup of backup_office: into a database without it, or "
        "over it (--replace). Migrates an older release's backup forward."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="a backup written by backup_office")
        parser.add_argument("--as", dest="as_code", help="restore under this office code")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the office if it exists: what was written after the backup is lost",
        )
        parser.add_argument(
            "--at-least",
            action="append",
            default=[],
            metavar="COUNTER[KEY=VALUE,...]=N",
            help="raise a counter to at least N, e.g. 'idcards.CardNumberCounter[be_year=2569]"
            "=150' (numbers printed after the backup, when the office's database was lost)",
        )
        parser.add_argument(
            "--id-headroom",
            type=int,
            default=ID_HEADROOM,
            help="without a live office, start ids this far above the backup's "
            f"(default {ID_HEADROOM:,})",
        )
        parser.add_argument(
            "--check", action="store_true", help="only verify the file (checksums, release)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                staged = backup_check(options["file"])
                manifest = staged.manifest
                self.stdout.write(
                    f"OK: {manifest['office']} taken {manifest['created_at']} by release "
                    f"{manifest['release']}, {staged.file_count} files; every checksum matches."
                )
                write = self.stdout.write
                write("Counters in the backup (last number issued), the newest of each:")
                for line in newest_counters(staged.counters()):
                    write(f"  {line}")
                return
            floors = [CounterValue.parse(text) for text in options["at_least"]]
            report = office_restore(
                archive=options["file"],
                as_code=options["as_code"],
                replace=options["replace"],
                at_least=floors,
                id_headroom=options["id_headroom"],
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.message_en} [{exc.code}]") from exc
        restore, facts = report.restore, report.facts
        write = self.stdout.write
        write(
            f"Restored {report.office.code} (schema {report.office.schema_name}) from the backup "
            f"of {restore.backup_office_code} taken {restore.backup_created_at.isoformat()} "
            f"(release {restore.backup_release}) in {report.seconds:.1f} s ("
            + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in report.steps.items())
            + ")."
        )
        if report.migrations_applied:
            write(f"Migrated forward: {', '.join(report.migrations_applied)}")
        if report.replaced:
            withdrawn = facts.events_withdrawn or 0
            write(
                "Replaced the live office: counters and ids continue after the live ones; "
                f"{withdrawn} feed events written after the backup are withdrawn."
            )
        else:
            write(
                f"No live office to compare with: ids start {report.id_headroom:,} above the "
                "backup's. Numbers printed after the backup are unknown here: check the "
                "counters below against the last printed cards, receipts and tickets, and "
                "raise any with --at-least (restore again with --replace)."
            )
        write("Counters (last number issued), the newest of each:")
        for line in newest_counters(facts.counters):
            write(f"  {line}")
        write(
            "Feed cursors issued before now are refused with feeds.cursor_reset (410): "
            "clients start again without `after`."
        )
        if facts.subscriptions:
            write("Tell these webhook receivers that data after the backup was withdrawn:")
            for line in facts.subscriptions:
                write(f"  {line}")
        write(f"Files restored: {report.files}.")
