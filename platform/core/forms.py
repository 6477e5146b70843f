from __future__ import annotations

from django import forms

from core.errors import ApplicationError


def apply_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's refusal on the form: on its field if the form has it, else on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# The largest id a database row can have (PostgreSQL bigint).
MAX_ID = 2**63 - 1


def id_from_query(value: str | None) -> int | None:
    """The row id a query parameter or hidden field names (`?person=12`), or None unless it
    is plain ASCII digits within a database id: `int()` alone would take "๑๒" and "٣", fail
    on a 5,000-digit string and pass a number no column holds."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
