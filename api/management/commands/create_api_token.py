from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from accounts.models import User
from api.services import api_token_create
from tenants.models import Office


class Command(BaseCommand):
    help = "Create an API token for an account of an office (or of the central site: 'central')."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("office", help="office code, or 'central'")
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        schema = "public"
        if options["office"] != "central":
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                raise CommandError(f"No office with the code {options['office']!r}")
            schema = office.schema_name
        with schema_context(schema):
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active account {options['username']!r} there")
            _, secret = api_token_create(user=user, name=options["name"])
        self.stdout.write(secret)
