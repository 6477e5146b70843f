"""Compile the project's .po files to .mo with polib: no GNU gettext needed on the machine.

Catalogues live in `platform/locale/` (the shell) and in each app's own `locale/` folder (its
module's strings), so apps built side by side never edit the same catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def project_catalogues() -> list[Path]:
    """Every .po file of the project (the shell's and the apps'), not those of dependencies."""
    roots = [Path(settings.BASE_DIR) / name for name in ("platform", "tenants", "apps", "api")]
    return sorted(
        po for root in roots if root.exists() for po in root.glob("**/locale/*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = "Compile the project's .po catalogues into .mo files (no gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        catalogues = project_catalogues()
        for po_path in catalogues:
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        self.stdout.write(f"Compiled {len(catalogues)} translation catalogue(s).")
