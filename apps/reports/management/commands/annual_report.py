"""Write an office's annual report for a fiscal year to a file, by its extension: `.pdf` (the
report), `.docx` (the report, editable in Word) or `.zip` (the evidence bundle: the report
with every register it cites). Once submitted, the report is the frozen copy.

    manage.py annual_report phatthalung2 --fiscal-year 2557 --output report-2557.pdf
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from apps.reports.compose import report_content
from apps.reports.views import renderer
from core.thai import fiscal_year
from tenants.models import Office

KINDS = {".pdf": "pdf", ".docx": "docx", ".zip": "evidence_zip"}


class Command(BaseCommand):
    help = (
        "Write an office's annual self-assessment report for a fiscal year (B.E.) as PDF, DOCX "
        "or the evidence ZIP, chosen by the output file's extension."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("office", help="the office code (its subdomain), e.g. phatthalung2")
        parser.add_argument("--fiscal-year", type=int, required=True, help="B.E., e.g. 2557")
        parser.add_argument(
            "--output", required=True, help="the file to write: .pdf, .docx or .zip"
        )
        digits = parser.add_mutually_exclusive_group()
        digits.add_argument(
            "--thai-digits",
            dest="thai_digits",
            action="store_true",
            default=True,
            help="numbers and dates in Thai digits (the default)",
        )
        digits.add_argument(
            "--arabic-digits",
            dest="thai_digits",
            action="store_false",
            help="numbers and dates in Arabic digits",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        kind = KINDS.get(output.suffix.lower())
        if kind is None:
            raise CommandError(
                f"Unknown output type {output.suffix or '(none)'!r}: the file name must end in "
                ".pdf, .docx or .zip"
            )
        try:
            office = Office.objects.get(code=options["office"])
        except Office.DoesNotExist:
            raise CommandError(f"No office with the code {options['office']!r}") from None
        try:
            year = fiscal_year(options["fiscal_year"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not output.parent.is_dir():
            raise CommandError(f"The folder {str(output.parent)!r} does not exist")
        with schema_context(office.schema_name):
            content = report_content(office, year, drawings=kind == "evidence_zip")
            body = renderer(kind)(content, thai_digits=options["thai_digits"])
        output.write_bytes(body)
        self.stdout.write(f"{output}\t{len(body)} bytes")
