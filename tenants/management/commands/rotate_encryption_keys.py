"""Re-encrypt every stored secret of every schema with the newest key (`core.encryption`).

KRUCARE_ENCRYPTION_KEYS=<new>,<old>   # every process restarted with both
python manage.py rotate_encryption_keys
KRUCARE_ENCRYPTION_KEYS=<new>         # then the old key can go
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context, schema_exists

from core.encryption import stored_secrets_reencrypt
from tenants.models import Office


class Command(BaseCommand):
    help = "Re-encrypt every stored secret (offices, template, public) with the newest key."

    def handle(self, *args: Any, **options: Any) -> None:
        schemas = [
            "public",
            settings.KRUCARE_TEMPLATE_SCHEMA,
            *Office.objects.order_by("code").values_list("schema_name", flat=True),
        ]
        total = 0
        for schema in schemas:
            if not schema_exists(schema):
                continue
            with schema_context(schema):
                count = stored_secrets_reencrypt()
            total += count
            if count and options["verbosity"] > 1:
                self.stdout.write(f"{schema}: {count}")
        self.stdout.write(
            f"Re-encrypted {total} secret(s) in {len(schemas)} schema(s) with the newest key."
        )
