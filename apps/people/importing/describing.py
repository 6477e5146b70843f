"""The import report as staff read it: each problem under the column heading of the file (the
template's Thai heading, not the column's code), and each update as "heading: old → new" with
values written the way the register shows them (B.E. dates, baht, labels of choices)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from apps.people.importing.reading import FAMILY_COLUMNS, PEOPLE_COLUMNS
from apps.people.models import FamilyMember, Person
from core.thai import format_baht, format_be_date

# A person's `school` is given in the file as its code.
_COLUMN_OF_FIELD = {"school": "school_code"}
_HEADINGS = {
    "people": {c.key: c.heading for c in PEOPLE_COLUMNS},
    "family": {c.key: c.heading for c in FAMILY_COLUMNS},
}
_MODELS: dict[str, type[models.Model]] = {"people": Person, "family": FamilyMember}
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def column_label(sheet: str, key: str) -> str:
    """The heading the file has for a column (or field) key; the key itself if unknown."""
    headings = _HEADINGS.get(sheet, {})
    return headings.get(_COLUMN_OF_FIELD.get(key, key)) or _field_label(sheet, key) or key


def _field(sheet: str, name: str) -> models.Field[Any, Any] | None:
    model = _MODELS.get(sheet)
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # not a model field: an import-only value
        return None
    return found if isinstance(found, models.Field) else None


def _field_label(sheet: str, name: str) -> str:
    found = _field(sheet, name)
    return str(found.verbose_name) if found is not None else ""


def shown_value(sheet: str, name: str, value: Any) -> str:
    """A stored value (as the audit trail keeps it: ISO dates, decimal strings, codes) as the
    page shows it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    found = _field(sheet, name)
    if found is not None and found.choices:
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(found, models.DateField) and isinstance(value, str):
        try:
            return format_be_date(date.fromisoformat(value), "abbr")
        except ValueError:
            return value
    if isinstance(found, models.DecimalField):
        try:
            return format_baht(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


def describe_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `ImportBatch.report` with what its page shows: `problems` with a `label`, and
    `change_lines` (a `Change` per field changed; reports kept before old and new values were
    recorded name the fields only)."""
    sheet = row.get("sheet", "people")
    problems = [
        {**p, "label": column_label(sheet, p["column"]) if p.get("column") else ""}
        for p in row.get("problems", [])
    ]
    changes = row.get("changes") or {name: [None, None] for name in row.get("changed", [])}
    known = bool(row.get("changes"))
    lines = [
        Change(
            column_label(sheet, name),
            shown_value(sheet, name, old) if known else "",
            shown_value(sheet, name, new) if known else "",
        )
        for name, (old, new) in changes.items()
    ]
    return {**row, "problems": problems, "change_lines": lines}
