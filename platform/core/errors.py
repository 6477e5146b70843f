"""Errors that services raise: a stable code and a message in Thai and English.

Views turn them into form errors (`core.forms.apply_application_error`) and the API into a 400
with `{"code": ..., "message": ...}`; nothing is written when one is raised inside a service's
transaction.
"""

from __future__ import annotations

from django.utils.translation import get_language


class ApplicationError(Exception):
    """A refusal a person or a client can act on. `code` is stable, lower case and dotted."""

    code = "error"

    def __init__(
        self,
        message_th: str,
        message_en: str,
        *,
        code: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message_en)
        self.message_th = message_th
        self.message_en = message_en
        self.field = field
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        """The message in the active language (Thai unless English is active)."""
        return self.message_en if (get_language() or "th").startswith("en") else self.message_th

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class NotFoundError(ApplicationError):
    code = "not_found"


class PermissionDeniedError(ApplicationError):
    code = "permission_denied"
