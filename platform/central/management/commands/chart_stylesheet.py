"""`manage.py chart_stylesheet`: write pygal's stylesheet of the benchmark charts to
central/static/central/charts.css (after pygal or the charts' colours change; a test says when
the file is out of date)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from central.charts import STYLESHEET, chart_stylesheet


class Command(BaseCommand):
    help = "Write the benchmark charts' stylesheet (from pygal) to central/static/central/."

    def handle(self, *args: Any, **options: Any) -> None:
        STYLESHEET.write_text(chart_stylesheet(), encoding="utf-8")
        self.stdout.write(f"Wrote {STYLESHEET}")
