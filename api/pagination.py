"""Cursor pagination for every list of the API (issue 6: a stable contract for machines).

A page is `{"next": url | null, "previous": url | null, "results": [...]}`; a client follows
`next` until it is null. Rows written or removed while a client pages neither shift nor
repeat the rows it has still to read, as page numbers would.

Lists and feeds answer bad paging alike (issue 14): a `limit` that is not a whole number
within its bounds is 400 `api.invalid_limit` (never clamped); a cursor this list did not hand
out (malformed, hand-edited, of another list or office) is 400 `api.invalid_cursor`. A list's
cursor is signed (HMAC with the site's secret key, bound to the list's path and the office's
schema), so a client cannot forge a position.
"""

from __future__ import annotations

import re
from base64 import b64decode, b64encode
from typing import Any
from urllib import parse

from django.core import signing
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from core.errors import ApplicationError
from core.schemas import current_schema

MAX_PAGE_SIZE = 500


class InvalidLimit(ApplicationError):
    code = "api.invalid_limit"


class InvalidListCursor(ApplicationError):
    code = "api.invalid_cursor"


_INTEGRAL = re.compile(r"\.0+$")


def parse_limit(value: str | None, *, default: int, maximum: int, field: str = "limit") -> int:
    """A page size from the query: `default` when absent or empty; 400 `api.invalid_limit`
    unless it is a whole number from 1 to `maximum` (Arabic digits, no sign, no spaces)."""
    if not value:
        return default
    # A whole number, which JSON Schema lets be written "8.0" (as DRF's IntegerField does).
    value = _INTEGRAL.sub("", value) if _INTEGRAL.search(value) and value[0].isdigit() else value
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= maximum):
        raise InvalidLimit(
            f"limit ต้องเป็นจำนวนเต็ม 1 ถึง {maximum}",
            f"`limit` is a whole number from 1 to {maximum}.",
            field=field,
        )
    return int(value)


def limit_parameter(*, default: int, maximum: int) -> dict[str, Any]:
    """The `limit` query parameter as the schema declares it: its bounds and default."""
    return {
        "name": "limit",
        "required": False,
        "in": "query",
        "description": f"How many results a page holds: 1 to {maximum}, {default} when absent. "
        "Anything else is refused (400 `api.invalid_limit`), never clamped.",
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
    }


class CursorPagination(pagination.CursorPagination):
    """DRF's cursor pagination in the order the view names in `cursor_ordering` (newest
    first, `-id`, when it names none).

    The ordering's first field is the cursor's position: a plain column of the model that is
    never null, best one that does not change once written (a date, a time received, an id).
    A row whose position changes (a person renamed in a list by name) moves, and a client
    paging past it at that moment may miss it or see it twice. Rows that tie on the position
    are told apart by their place among the ties, so the ordering ends in a unique key to
    keep the order of ties fixed."""

    page_size = 50
    page_size_query_param = "limit"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_description = (
        "The opaque, signed cursor of a page: follow `next` and `previous`. A cursor this list "
        "did not hand out is refused (400 `api.invalid_cursor`)."
    )
    ordering: Any = ("-id",)

    def get_page_size(self, request: Request) -> int:
        return parse_limit(
            request.query_params.get("limit"), default=self.page_size, maximum=self.max_page_size
        )

    def _signer(self) -> signing.Signer:
        path = self.request.path  # type: ignore[attr-defined]  # set by paginate_queryset
        return signing.Signer(salt=f"krucare.api.list-cursor:{current_schema()}:{path}")

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        """DRF's cursor, once its signature is checked; 400 `api.invalid_cursor` otherwise.
        Absent or empty: the first page (as a feed's empty `after`)."""
        signed = request.query_params.get(self.cursor_query_param)
        if not signed:
            return None
        try:
            encoded = self._signer().unsign(signed)
            tokens = parse.parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"),
                keep_blank_values=True,
            )
            offset = pagination._positive_int(tokens.get("o", ["0"])[0], cutoff=self.offset_cutoff)
            reverse = bool(int(tokens.get("r", ["0"])[0]))
            position: Any = tokens.get("p", [None])[0]  # text; DRF's stubs say int
        except (signing.BadSignature, TypeError, ValueError):
            raise InvalidListCursor(
                "ตัวชี้หน้า (cursor) ไม่ถูกต้อง หรือไม่ได้ออกให้สำหรับรายการนี้",
                "The cursor is not valid, or was not issued for this list.",
                field=self.cursor_query_param,
            ) from None
        return pagination.Cursor(offset=offset, reverse=reverse, position=position)

    def encode_cursor(self, cursor: pagination.Cursor) -> str:
        tokens: dict[str, Any] = {}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        encoded = b64encode(parse.urlencode(tokens, doseq=True).encode("ascii")).decode("ascii")
        return str(
            replace_query_param(
                str(self.base_url), self.cursor_query_param, self._signer().sign(encoded)
            )
        )

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string"},
            },
            limit_parameter(default=self.page_size, maximum=self.max_page_size),
        ]

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> tuple[str, ...]:
        ordering = getattr(view, "cursor_ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """DRF's page schema, with the examples drf-spectacular wraps a list's example in: a
        first page (no `previous`) whose `next` is an opaque cursor on this office's host."""
        page = super().get_paginated_response_schema(schema)
        page["properties"]["next"]["example"] = (
            "https://nonthaburi1.krucare.example/api/v1/people/?cursor=cD0yMDI2LTExLTI0:"
            "3Zr0rRkCvNn4ELkqJ0c1Zz8bYtL1W3vJ1O0pQm7p0mA"
        )
        page["properties"]["previous"]["example"] = None
        return page
