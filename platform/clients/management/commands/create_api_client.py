"""Register a machine client from the command line (the web pages at /api-clients/ do the
same); prints the secret, which is shown only once.

    python manage.py create_api_client phatthalung2 "CMSS" --scope people:read --scope feeds:read
    python manage.py create_api_client central "Comptroller General" --scope payments:read
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from accounts.models import User
from clients.scopes import all_scopes
from clients.services import client_create
from core.errors import ApplicationError
from tenants.models import Office


class Command(BaseCommand):
    help = (
        "Register a machine client of an office (or a national one: 'central'); prints its secret."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("office", help="office code, or 'central'")
        parser.add_argument("name")
        parser.add_argument(
            "--scope", action="append", default=[], choices=sorted(all_scopes()), required=True
        )
        parser.add_argument("--rate", type=int, default=600, help="calls per minute")
        parser.add_argument(
            "--actor",
            default="",
            help="the account registering it (default: the first office admin / operator)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schema, role = "public", "platform_operator"
        if options["office"] != "central":
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                raise CommandError(f"No office with the code {options['office']!r}")
            schema, role = office.schema_name, "office_admin"
        with schema_context(schema):
            actors = User.objects.filter(is_active=True)
            if options["actor"]:
                actors = actors.filter(username=options["actor"])
            else:
                actors = actors.filter(groups__name=role).order_by("pk")
            actor = actors.first()
            if actor is None:
                raise CommandError("No account to register the client as: give --actor")
            try:
                _, secret = client_create(
                    name=options["name"],
                    scopes=options["scope"],
                    rate_limit_per_minute=options["rate"],
                    actor=actor,
                )
            except ApplicationError as exc:
                raise CommandError(exc.message_en) from None
        self.stdout.write(secret)
