"""`manage.py synthesize_offices`: synthetic offices for the benchmarks (devdata.synthetic)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.environment import DemoRefusedError, demo_refuse_in_production
from devdata.synthetic import DEFAULT_COUNT, DEFAULT_PREFIX, synthesize_offices


class Command(BaseCommand):
    help = (
        "Create N synthetic offices (cloned schemas) with realistic people and K fiscal years "
        "of desk tickets, ID cards and paid claims, written in bulk. Offices that exist are "
        "skipped, so running it again adds nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="offices (245)")
        parser.add_argument("--years", type=int, default=3, help="fiscal years, up to today (3)")
        parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="office code prefix (syn)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument(
            "--people-scale",
            type=float,
            default=1.0,
            help="factor on each office's 800-4,000 people and so on its volumes (1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_refuse_in_production(what="synthesize_offices")
        except DemoRefusedError as exc:
            raise CommandError(exc.message_en + " / " + exc.message_th) from exc
        verbose = options["verbosity"] > 0
        report = synthesize_offices(
            count=options["count"],
            years=options["years"],
            prefix=options["prefix"],
            seed=options["seed"],
            people_scale=options["people_scale"],
            progress=self.stdout.write if verbose else None,
        )
        if verbose:
            rows = sum(report.rows.values())
            self.stdout.write(
                f"{len(report.created)} offices created, {len(report.skipped)} there already"
                + (f", {len(report.refused)} areas held by other offices" if report.refused else "")
                + f"; {rows:,} rows in {report.seconds:.1f} s"
            )
            for table, count in sorted(report.rows.items()):
                self.stdout.write(f"  {table}: {count:,}")
