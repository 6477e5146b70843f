"""One error body for the whole API: `{"code": ..., "message": ..., "fields": {...}}`."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError, NotFoundError, PermissionDeniedError


def _flat(detail: Any, prefix: str, into: dict[str, list[dict[str, str]]]) -> None:
    """Nested errors (a list of receipts, each with its fields) as flat dotted keys:
    `{"receipts.0.number": [{code, message}]}`, so every value is a list of field errors."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if prefix and key == "non_field_errors":  # a nested object's own errors: its path
                _flat(value, prefix, into)
            else:
                _flat(value, f"{prefix}.{key}" if prefix else str(key), into)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            if item:  # a list's entries without errors are empty
                _flat(item, f"{prefix}.{index}" if prefix else str(index), into)
    elif isinstance(detail, list):
        for item in detail:
            _flat(item, prefix, into)
    else:
        into.setdefault(prefix or "non_field_errors", []).append(
            {"code": getattr(detail, "code", "invalid"), "message": str(detail)}
        )


def _codes(detail: Any) -> dict[str, list[dict[str, str]]]:
    fields: dict[str, list[dict[str, str]]] = {}
    _flat(detail, "", fields)
    return fields


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Services' ApplicationErrors become 400/403/404 with their stable code; DRF's own errors
    keep their status and get the same shape, field errors under `fields`."""
    if isinstance(exc, ApplicationError):
        code: int = status.HTTP_400_BAD_REQUEST
        if isinstance(exc, NotFoundError):
            code = status.HTTP_404_NOT_FOUND
        elif isinstance(exc, PermissionDeniedError):
            code = status.HTTP_403_FORBIDDEN
        body: dict[str, Any] = {"code": exc.code, "message": exc.message}
        if exc.field:
            body["fields"] = {exc.field: [{"code": exc.code, "message": exc.message}]}
        return Response(body, status=code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _codes(
            exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        )
        response.data = {"code": "validation_error", "message": "Invalid input.", "fields": fields}
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": getattr(detail, "code", exc.default_code),
            "message": str(detail),
        }
    return response
