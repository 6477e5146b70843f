from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from central.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo: three offices and the demo logins (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        offices = demo_load()
        self.stdout.write(f"Demo ready: {', '.join(o.code for o in offices)}")
