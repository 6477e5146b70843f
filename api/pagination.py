"""Cursor pagination for every list of the API (issue 6: a stable contract for machines).

A page is `{"next": url | null, "previous": url | null, "results": [...]}`; a client follows
`next` until it is null. Rows written or removed while a client pages neither shift nor
repeat the rows it has still to read, as page numbers would.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.views import APIView


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
    max_page_size = 500
    page_size_query_description = "How many results a page holds: 1 to 500, 50 when absent."
    cursor_query_description = "The opaque cursor of a page: follow `next` and `previous`."
    ordering: Any = ("-id",)

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
            "https://nonthaburi1.krucare.example/api/v1/people/?cursor=cD0yMDI2LTExLTI0"
        )
        page["properties"]["previous"]["example"] = None
        return page
