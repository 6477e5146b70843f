"""Compile the project's .po files to .mo with polib: no GNU gettext needed on the machine."""

from __future__ import annotations

from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile platform/locale/*/LC_MESSAGES/*.po into .mo files (no gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(locale_path.glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"Compiled {count} translation catalogue(s).")
