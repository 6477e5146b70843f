from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from api.v1.feeds.events import catalogue_markdown


class Command(BaseCommand):
    help = "Print the event catalogue of the feeds and webhooks as Markdown (api/EVENTS.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(catalogue_markdown(), ending="")
