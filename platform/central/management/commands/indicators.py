"""Print an office's indicators for one fiscal year: `code<TAB>value` lines, or JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from core.indicators import compute_all
from core.thai import fiscal_year
from tenants.models import Office


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


class Command(BaseCommand):
    help = (
        "Print the indicators of an office for a fiscal year (B.E.), one `code<TAB>value` a line."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("office", help="the office code (its subdomain), e.g. phatthalung2")
        parser.add_argument("--fiscal-year", type=int, required=True, help="B.E., e.g. 2557")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            office = Office.objects.get(code=options["office"])
        except Office.DoesNotExist:
            raise CommandError(f"No office with the code {options['office']!r}") from None
        try:
            year = fiscal_year(options["fiscal_year"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        with schema_context(office.schema_name):
            values = compute_all(year)
        if options["json"]:
            payload = {
                "office": office.code,
                "fiscal_year": year.be_year,
                "indicators": {code: _plain(value) for code, value in values.items()},
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for code, value in values.items():
            self.stdout.write(f"{code}\t{'' if value is None else _plain(value)}")
