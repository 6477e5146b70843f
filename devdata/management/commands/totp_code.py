"""`manage.py totp_code <office code | central> <username>`: the current second-factor code of a
demo login, for `make run`. Refuses any account whose authenticator is not the demo's published
key, so it reveals nothing about a real account."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_tenants.utils import schema_context

from accounts import two_factor
from accounts.models import User
from devdata.demo import DEMO_TOTP_KEY
from tenants.models import Office


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("office", help="an office code, or `central` for the central site")
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        schema = "public"
        if options["office"] != "central":
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                raise CommandError(f"No office {options['office']!r}.")
            schema = office.schema_name
        with schema_context(schema):
            user = User.objects.filter(username=options["username"]).first()
            device = two_factor.totp_device_get(user) if user is not None else None
            if device is None or device.key != DEMO_TOTP_KEY:
                raise CommandError("Not a demo login with the published demo key.")
        generator = TOTP(unhexlify(DEMO_TOTP_KEY))
        generator.time = time.time()
        self.stdout.write(f"{generator.token():06d}")
