from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from tenants.models import OfficeKind, Region
from tenants.services import DEFAULT_SITE_URL, FirstAdmin, office_create


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
        parser.add_argument(
            "--admin-email",
            default=None,
            help="the first administrator's e-mail: they get a one-time link to set a password",
        )
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-first-name", default="")
        parser.add_argument("--admin-last-name", default="")
        parser.add_argument(
            "--site-url",
            default=DEFAULT_SITE_URL,
            help="the office's address in the link, {host} being its domain "
            f"(default {DEFAULT_SITE_URL})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        admin = None
        if options["admin_email"]:
            admin = FirstAdmin(
                email=options["admin_email"],
                username=options["admin_username"],
                first_name=options["admin_first_name"],
                last_name=options["admin_last_name"],
            )
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
                admin=admin,
                site_url=options["site_url"],
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.message_th} / {exc.message_en}") from exc
        self.stdout.write(f"Created {office.code} (schema {office.schema_name})")
        if admin is not None:
            self.stdout.write(f"Invited its administrator {admin.username} at {admin.email}")
