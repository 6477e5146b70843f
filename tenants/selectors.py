"""Reads of the offices' public records."""

from __future__ import annotations

from tenants.models import OfficeRestore


def office_restore_latest(*, office_code: str) -> OfficeRestore | None:
    """The office's latest restore from a backup (its feed's epoch), or None if never."""
    return OfficeRestore.objects.filter(office_code=office_code).order_by("-id").first()


def restore_latest() -> OfficeRestore | None:
    """The latest restore of any office (the national feed's epoch), or None if never."""
    return OfficeRestore.objects.order_by("-id").first()
