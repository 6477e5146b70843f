"""Collect offices' indicators into the central tables now (beat does it nightly).

python manage.py collect_indicators                       # every active office, in-process
python manage.py collect_indicators --office phatthalung2 --fiscal-year 2557
python manage.py collect_indicators --queue               # one Celery task per office
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from central.collection import collect_offices, years_to_collect
from core.thai import FiscalYear
from tenants.models import Office


class Command(BaseCommand):
    help = "Collect offices' indicators into the central tables (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", action="append", default=[], help="an office code")
        parser.add_argument(
            "--fiscal-year",
            action="append",
            type=int,
            default=[],
            help="a B.E. fiscal year (default: the current and the previous)",
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="processes, each with its own connection"
        )
        parser.add_argument(
            "--queue", action="store_true", help="send one Celery task per office instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        offices = Office.objects.filter(is_active=True).order_by("code")
        if options["office"]:
            offices = offices.filter(code__in=options["office"])
            missing = set(options["office"]) - set(offices.values_list("code", flat=True))
            if missing:
                raise CommandError(f"No active office with the code(s): {sorted(missing)}")
        ids = list(offices.values_list("pk", flat=True))
        if options["queue"]:
            from central.tasks import collect_office_task

            for office_id in ids:
                collect_office_task.delay(office_id)
            self.stdout.write(f"Sent {len(ids)} collection task(s).")
            return
        try:
            years = [FiscalYear(y) for y in options["fiscal_year"]] or years_to_collect()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.perf_counter()
        outcomes = collect_offices(ids, workers=options["workers"], fiscal_years=years)
        failed = [o for o in outcomes if not o.ok]
        changed = sum(o.changed for o in outcomes)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Collected {len(outcomes) - len(failed)} of {len(outcomes)} office(s), "
            f"fiscal years {', '.join(str(y.be_year) for y in years)}: "
            f"{changed} value(s) changed in {seconds:.1f} s."
        )
        for outcome in failed:
            self.stderr.write(f"office {outcome.office_id}: {outcome.error}")
        if failed:
            raise CommandError(f"{len(failed)} office(s) failed; see above.")
