"""`manage.py backup_office <code> --output FILE`, or every office: `--all --output-dir DIR`.

The nightly job of deploy/README.md ("Backup and restore") is `backup_office --all
--output-dir /backups --keep 14`: one file per office, `<code>-<UTC time>.tar`, the oldest
beyond `--keep` deleted once a newer backup of that office is complete.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from backups.backup import backup_name, backups_prune, office_backup
from core.errors import ApplicationError
from tenants.models import Office


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


class Command(BaseCommand):
    help = (
        "Back up one office (its schema, its rows in public, its files) to one file, or every "
        "office to a folder."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", nargs="?", help="the office's code, e.g. phatthalung2")
        parser.add_argument("--output", type=Path, help="the backup file to write (.tar)")
        parser.add_argument("--all", action="store_true", help="every office, into --output-dir")
        parser.add_argument("--output-dir", type=Path, help="the folder of --all's backups")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="with --all: keep this many newest backups per office, delete older ones",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            if options["code"] or options["output"] or not options["output_dir"]:
                raise CommandError("--all writes into --output-dir (no code, no --output).")
            if options["keep"] < 0:
                raise CommandError("--keep must be 1 or more (0: keep everything).")
            self._all(options["output_dir"], keep=options["keep"])
            return
        if not options["code"] or not options["output"] or options["output_dir"]:
            raise CommandError("Give an office code and --output FILE (or --all --output-dir).")
        office = Office.objects.filter(code=options["code"].strip().lower()).first()
        if office is None:
            raise CommandError(f"No office {options['code']!r}.")
        self._one(office, options["output"])

    def _one(self, office: Office, output: Path) -> None:
        try:
            result = office_backup(office=office, output=output)
        except ApplicationError as exc:
            raise CommandError(f"{office.code}: {exc.message_en}") from exc
        manifest = result.manifest
        self.stdout.write(
            f"{office.code}: {result.path} ({_size(result.size)}, "
            f"{len(manifest['members']) - 2} files, {manifest['seconds']:.1f} s)"
        )

    def _all(self, folder: Path, *, keep: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        failed = []
        for office in Office.objects.order_by("code"):
            output = folder / backup_name(office.code, datetime.now(UTC))
            try:
                self._one(office, output)
            except CommandError as exc:
                self.stderr.write(str(exc))
                failed.append(office.code)
                continue
            if keep:
                for path in backups_prune(folder=folder, code=office.code, keep=keep):
                    self.stdout.write(f"{office.code}: deleted {path.name} (--keep {keep})")
        if failed:
            raise CommandError(f"Not backed up: {', '.join(failed)}")
