from __future__ import annotations

from django import forms

from core.errors import ApplicationError


def apply_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's refusal on the form: on its field if the form has it, else on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
