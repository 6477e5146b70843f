from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.environment import DemoRefusedError, demo_refuse_in_production
from devdata.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo: three offices and the demo logins (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_refuse_in_production(what="load_demo")
        except DemoRefusedError as exc:
            raise CommandError(exc.message_en + " / " + exc.message_th) from exc
        offices = demo_load()
        self.stdout.write(f"Demo ready: {', '.join(o.code for o in offices)}")
