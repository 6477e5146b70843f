"""Pieces every office endpoint shares: the error body in the schema, B.E. fiscal years,
national IDs shown in full or masked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request

from apps.people.permissions import can_see_national_id
from audit.services import export_record
from core.errors import ApplicationError
from core.thai import FiscalYear, fiscal_year_of, local_date, mask_national_id, to_arabic_digits


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API (see `api.errors`)."""

    code = serializers.CharField(help_text="Stable, lower case, dotted: e.g. `people.invalid`.")
    message = serializers.CharField(help_text="In Thai, or English when English is active.")
    fields = serializers.DictField(  # type: ignore[assignment]
        child=FieldErrorSerializer(many=True),
        required=False,
        help_text="Per input field, its errors: `{field: [{code, message}]}`. A field inside "
        "a list is named by its path, e.g. `receipts.0.items.1.amount`.",
    )


ERROR_EXAMPLES = [
    OpenApiExample(
        "A refused value",
        value={
            "code": "people.invalid_national_id",
            "message": "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขหลักสุดท้ายไม่ตรงกับเลขตรวจสอบ)",
            "fields": {
                "national_id": [
                    {
                        "code": "people.invalid_national_id",
                        "message": "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขหลักสุดท้ายไม่ตรงกับเลขตรวจสอบ)",
                    }
                ]
            },
        },
        response_only=True,
        status_codes=["400"],
    ),
    OpenApiExample(
        "Input that does not parse",
        value={
            "code": "validation_error",
            "message": "Invalid input.",
            "fields": {"birth_date": [{"code": "invalid", "message": "Date has wrong format."}]},
        },
        response_only=True,
        status_codes=["400"],
    ),
]

BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="Refused input; nothing changed.")
FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description="Not signed in (401) or your roles do not allow this (403)."
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such record in this office (another office's included)."
)
INVALID_CURSOR = OpenApiResponse(
    ErrorSerializer, description="A `cursor` this list did not hand out (`not_found`)."
)
READ_ERRORS: dict[int | str, Any] = {401: FORBIDDEN, 403: FORBIDDEN}
LIST_ERRORS: dict[int | str, Any] = {**READ_ERRORS, 404: INVALID_CURSOR}
DETAIL_ERRORS: dict[int | str, Any] = {**READ_ERRORS, 404: NOT_FOUND}
WRITE_ERRORS: dict[int | str, Any] = {400: BAD_REQUEST, **DETAIL_ERRORS}

FISCAL_YEAR_HELP = (
    "The fiscal year in the Buddhist Era (B.E.), as offices name it: 2557 is 1 October 2013 to "
    "30 September 2014. This is the one B.E. value of the API; every date is ISO 8601 (C.E.)."
)


class NotBuddhistEraError(ApplicationError):
    code = "api.not_buddhist_era"


def parse_fiscal_year(value: str | None, *, field: str = "fiscal_year") -> FiscalYear | None:
    """A B.E. fiscal year from a query parameter (Thai digits allowed); None when absent.
    A C.E. year (2014) is refused with a hint, never converted silently."""

    if value is None or not value.strip():
        return None
    text = to_arabic_digits(value.strip())
    if not text.isdigit() or not 2400 <= int(text) <= 2800:
        hint = f" ({int(text) + 543})" if text.isdigit() and 1857 <= int(text) <= 2257 else ""
        raise NotBuddhistEraError(
            f"ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2557{hint}",
            f"The fiscal year is a Buddhist Era year, e.g. 2557{hint}.",
            field=field,
        )
    return FiscalYear(int(text))


def current_fiscal_year() -> FiscalYear:

    return fiscal_year_of(local_date(timezone.now()))


def shown_national_id(value: str, *, full: bool) -> str:
    """The national ID in full, or masked for roles that may not see it."""
    if full or not value:
        return value
    try:
        return mask_national_id(value)
    except ValueError:
        return "x" * len(value)


def sees_full_ids(context: Mapping[str, Any]) -> bool:
    request: Request | None = context.get("request")
    return request is not None and can_see_national_id(request.user)


def query_params(request: Request) -> Any:
    """The request's query parameters, for views that filter with them directly: a value with
    a NUL character (which PostgreSQL text cannot hold) is refused with a 400, as DRF's own
    fields refuse it, instead of failing in the database."""
    for name, values in request.query_params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise serializers.ValidationError(
                {
                    name.replace("\x00", ""): [
                        ErrorDetail("Null characters are not allowed.", code="null_characters")
                    ]
                }
            )
    return request.query_params


def pk_of(obj: Model | None) -> int | None:
    return None if obj is None else obj.pk


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named schema component (`enum_name`): the
    register's `status` and a card's `status` are different sets under the same field name,
    and `category` and `applicant_category` are one set under two names (api.schema)."""

    def __init__(self, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


def bulk_read_record(request: Request, action: str, rows: int) -> None:
    """A page of personal data read through the API goes to the office's trail with its row
    count and query, as a download would (`audit.services.export_record`); empty pages do not.
    """
    if rows:
        export_record(
            action=action,
            actor=request.user,
            rows=rows,
            request=request._request,
            details={"query": {key: request.query_params.get(key) for key in request.query_params}},
        )
