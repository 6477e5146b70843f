"""Pieces every office endpoint shares: the error body in the schema, B.E. fiscal years,
national IDs shown in full or masked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request

from api.language import in_language
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
LIST_BAD_REQUEST = OpenApiResponse(
    ErrorSerializer,
    description="A query the list does not take: a `cursor` it did not hand out "
    "(`api.invalid_cursor`), a `limit` out of bounds (`api.invalid_limit`), a filter value "
    "it does not know (`api.invalid_filter`).",
)
READ_ERRORS: dict[int | str, Any] = {401: FORBIDDEN, 403: FORBIDDEN}
LIST_ERRORS: dict[int | str, Any] = {**READ_ERRORS, 400: LIST_BAD_REQUEST}
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


class StrictCharField(serializers.CharField):
    """Text that must be a JSON string: DRF's CharField turns a number into text (`0` → "0"),
    so a body the schema refuses would be taken."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class InvalidFilter(ApplicationError):
    code = "api.invalid_filter"


def query_choice(params: Any, name: str, choices: Sequence[str]) -> str:
    """A filter's value from the query: "" when absent or empty; 400 `api.invalid_filter`
    when it is none of `choices` (never an empty page for a value the list cannot hold)."""
    value = params.get(name, "")
    if value and value not in choices:
        raise InvalidFilter(
            f"{name} ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {', '.join(choices)}",
            f"`{name}` is one of: {', '.join(choices)}.",
            field=name,
        )
    return str(value)


def query_bool(params: Any, name: str) -> bool | None:
    """A yes/no filter from the query: `true`/`1` or `false`/`0` (any case); None when absent
    or empty; 400 `api.invalid_filter` for anything else (never read as "no")."""
    value = str(params.get(name, "")).strip().lower()
    if not value:
        return None
    if value not in {"true", "1", "false", "0"}:
        raise InvalidFilter(
            f"{name} ต้องเป็น true หรือ false",
            f"`{name}` is true or false.",
            field=name,
        )
    return value in {"true", "1"}


UPDATED_SINCE_HELP = (
    "Only records changed at or after this time: an ISO 8601 date-time with its offset, e.g. "
    "`2026-11-24T09:15:00+07:00` (a time without an offset is Bangkok time)."
)


def query_datetime(params: Any, name: str) -> dt.datetime | None:
    """An ISO 8601 date-time from the query (None when absent); 400 `api.invalid_filter`
    when it does not parse. Without an offset it is Bangkok time (the project's zone)."""
    value = params.get(name, "")
    if not value:
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:  # well-formed but not a date (month 13)
        parsed = None
    if parsed is None:
        raise InvalidFilter(
            f"{name} ต้องเป็นวันเวลาแบบ ISO 8601 เช่น 2026-11-24T09:15:00+07:00",
            f"`{name}` is an ISO 8601 date-time, e.g. 2026-11-24T09:15:00+07:00.",
            field=name,
        )
    if not timezone.is_aware(parsed):
        parsed = timezone.make_aware(parsed)
    # In UTC: PostgreSQL refuses offsets beyond ±15:59 (`-23:17` is valid ISO 8601). At the ends
    # of the calendar (0001-01-01T00:00+01:00) UTC is out of Python's range: before or after
    # every record.
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min if parsed.year < 5000 else dt.datetime.max  # noqa: DTZ901
        return edge.replace(tzinfo=dt.UTC)


# --- money ------------------------------------------------------------------------------------

# Baht with at most two decimals, as a JSON string: no sign, no exponent, no spaces or
# separators, at most 12 digits before the point (`DecimalField(max_digits=14,
# decimal_places=2)`, the models' money).
MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
MONEY_HELP = (
    'Baht as a JSON string with at most two decimals: "1250.50", "35000". A JSON number, '
    'more decimals ("35000.999"), an exponent ("1e3"), a sign, "NaN" or "Infinity" are refused '
    "(`money_not_string`, `money_invalid`), never rounded."
)


def money_problem(value: Any) -> tuple[str, str, str] | None:
    """Why `value` is not money as the API takes it, `(code, message_th, message_en)`, or None.
    The one check of every money input: serializers (`MoneyField`) and the bulk import."""
    if not isinstance(value, str):
        return (
            "money_not_string",
            'จำนวนเงินต้องเป็นข้อความ (string) ทศนิยมไม่เกินสองตำแหน่ง เช่น "1250.50" ไม่ใช่ตัวเลข JSON',
            'Money is a string with at most two decimals, e.g. "1250.50", not a JSON number.',
        )
    if not re.fullmatch(MONEY_PATTERN, value):
        return (
            "money_invalid",
            'จำนวนเงินต้องเป็นตัวเลขบาท ทศนิยมไม่เกินสองตำแหน่ง เช่น "1250.50"',
            'Money is baht with at most two decimals, e.g. "1250.50".',
        )
    return None


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": MONEY_PATTERN, "example": "1250.50"}
)
class MoneyField(serializers.DecimalField):
    """Baht with satang, as a string both ways (`"1250.50"`): `money_problem` refuses anything
    else (a JSON number has already become a binary float when the request is parsed, and
    money never passes through a float). Output always has two decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", MONEY_HELP)
        super().__init__(max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        # DRF's DecimalField takes "" as null; money is a string of baht or null, never "".
        return serializers.Field.validate_empty_values(self, data)

    def to_internal_value(self, data: Any) -> Decimal:
        problem = money_problem(data)
        if problem is not None:
            code, th, en = problem
            raise serializers.ValidationError(in_language(th, en), code=code)
        return super().to_internal_value(data)
