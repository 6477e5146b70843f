from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tenants.models import OfficeKind, Region
from tenants.services import OfficeError, office_create


class Command(BaseCommand):
    help = "Create an area office: its row, domain and schema (cloned from the template)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", help="lower-case code, e.g. phatthalung2; schema esa_<code>")
        parser.add_argument("--name-th", required=True)
        parser.add_argument("--name-en", default="")
        parser.add_argument("--kind", choices=OfficeKind.values, required=True)
        parser.add_argument("--province", required=True)
        parser.add_argument("--region", choices=Region.values, required=True)
        parser.add_argument("--area-number", type=int, required=True)
        parser.add_argument("--subdomain", default=None, help="defaults to the code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            office = office_create(
                code=options["code"],
                name_th=options["name_th"],
                name_en=options["name_en"],
                kind=options["kind"],
                province=options["province"],
                region=options["region"],
                area_number=options["area_number"],
                subdomain=options["subdomain"],
            )
        except OfficeError as exc:
            raise CommandError(f"{exc.message_th} / {exc.message_en}") from exc
        self.stdout.write(f"Created {office.code} (schema {office.schema_name})")
