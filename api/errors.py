"""One error body for the whole API: `{"code": ..., "message": ..., "fields": {...}}`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.csrf import csrf_failure as page_csrf_failure
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.language import in_language
from core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.middleware import request_language

# One code for "no such record" whatever the resource (a person, a claim, a payment …), and
# for a path the API does not have: a client handles a 404 once.
NOT_FOUND_CODE = "api.not_found"
NOT_FOUND_MESSAGE = ("ไม่พบข้อมูลที่ขอในสำนักงานนี้", "No such record in this office.")
INVALID_INPUT_MESSAGE = ("ข้อมูลที่ส่งมาไม่ถูกต้อง ดูรายละเอียดใน fields", "Invalid input: see `fields`.")


# The answers of the API to what never reached one of its views (a path it does not match, a
# method or a CSRF token refused by Django, a server error): `{code, message}` by status.
STATUS_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("api.bad_request", "คำขอไม่ถูกต้อง", "Bad request."),
    403: ("api.forbidden", "ไม่มีสิทธิ์ทำรายการนี้", "You may not do this."),
    404: ("api.not_found", "ไม่พบ: ไม่มีปลายทาง API นี้", "Not found: no such API endpoint."),
    405: (
        "api.method_not_allowed",
        "ปลายทางนี้ไม่รับเมธอดนี้",
        "This endpoint does not take this method.",
    ),
    413: ("api.too_large", "คำขอมีขนาดใหญ่เกินกำหนด", "The request is too large."),
    500: (
        "api.server_error",
        "เกิดข้อผิดพลาดในระบบ ได้บันทึกไว้แล้ว กรุณาลองใหม่",
        "A server error; it has been logged. Please try again.",
    ),
}
CSRF_ERROR = (
    "api.csrf_failed",
    "คำขอที่ใช้คุกกี้ของการเข้าระบบต้องมีโทเค็น CSRF (เครื่องลูกข่ายใช้ Authorization: Bearer)",
    "A request signed in by cookie needs a CSRF token (machine clients use Authorization: Bearer).",
)


def status_error(status_code: int, language: str) -> dict[str, str]:
    code, th, en = STATUS_ERRORS.get(
        status_code, (f"api.http_{status_code}", f"HTTP {status_code}", f"HTTP {status_code}")
    )
    return {"code": code, "message": in_language(th, en, language)}


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF refusal (`CSRF_FAILURE_VIEW`): the API's error body under `/api/`, the
    usual page elsewhere."""
    if request.path.startswith("/api/"):
        code, th, en = CSRF_ERROR
        language = request_language(request)
        return JsonResponse({"code": code, "message": in_language(th, en, language)}, status=403)
    return page_csrf_failure(request, reason=reason)


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
        error_code = exc.code
        if isinstance(exc, NotFoundError):
            code, error_code = status.HTTP_404_NOT_FOUND, NOT_FOUND_CODE
        elif isinstance(exc, PermissionDeniedError):
            code = status.HTTP_403_FORBIDDEN
        body: dict[str, Any] = {"code": error_code, "message": exc.message}
        if exc.field:
            body["fields"] = {exc.field: [{"code": error_code, "message": exc.message}]}
        return Response(body, status=code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _codes(
            exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        )
        response.data = {
            "code": "validation_error",
            "message": in_language(*INVALID_INPUT_MESSAGE),
            "fields": fields,
        }
    elif response.status_code == status.HTTP_404_NOT_FOUND:  # DRF's NotFound, Django's Http404
        response.data = {"code": NOT_FOUND_CODE, "message": in_language(*NOT_FOUND_MESSAGE)}
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": getattr(detail, "code", exc.default_code),
            "message": str(detail),
        }
    return response
