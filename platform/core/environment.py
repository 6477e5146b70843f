"""Which kind of installation this is, and what a production one refuses to do."""

from __future__ import annotations

from django.conf import settings

from core.errors import ApplicationError


class DemoRefusedError(ApplicationError):
    code = "demo.refused_in_production"


def is_production() -> bool:
    """True under `config.settings.production` (the settings every deployed process uses)."""
    return bool(getattr(settings, "KRUCARE_PRODUCTION", False))


def demo_refuse_in_production(*, what: str) -> None:
    """Raise DemoRefusedError under the production settings, before anything is written.

    Demo data comes with published logins and passwords (`krucare-demo`) and invented people;
    neither may ever reach a production database."""
    if is_production():
        raise DemoRefusedError(
            f"ไม่อนุญาตให้สร้างข้อมูลสาธิต ({what}) บนระบบที่ใช้งานจริง "
            "(DJANGO_SETTINGS_MODULE=config.settings.production)",
            f"{what} creates demo data (published logins and passwords, invented people) and "
            "refuses to run under the production settings (config.settings.production). "
            "Use config.settings.local on a development or test database.",
        )
