"""Helpers for the feeds' payloads, which each module writes in its own `payloads.py`
(declared as `core.modules.FeedResource`): ISO 8601 dates (C.E.), datetimes in Bangkok time
with their offset, money as strings with two decimals. Payloads are for authorised HR
systems, so national IDs are in full."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def fields(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: json_value(getattr(obj, name)) for name in names}
