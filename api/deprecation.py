"""Deprecated operations (the API's deprecation policy, README "API"): an operation that will
go is marked with `@deprecated(...)` on its view method. Its schema says `deprecated: true`,
and every answer carries `Deprecation` (RFC 9745: when it was deprecated, `@<epoch seconds>`),
`Sunset` (RFC 8594: the date after which it may stop answering) and a `Link` to what replaces
it, so clients see it in their logs long before it goes. The changes themselves are listed in
the API's changelog (api/CHANGELOG.md)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.http import http_date
from drf_spectacular.utils import extend_schema

View = TypeVar("View", bound=Callable[..., Any])

# At least this long between deprecating an operation and its sunset.
MINIMUM_NOTICE = dt.timedelta(days=180)


def deprecation_headers(
    *, since: dt.datetime, sunset: dt.datetime, replacement: str = ""
) -> dict[str, str]:
    headers = {
        "Deprecation": f"@{int(since.timestamp())}",
        "Sunset": http_date(sunset.timestamp()),
    }
    if replacement:
        headers["Link"] = f'<{replacement}>; rel="successor-version"'
    return headers


def deprecated(
    *, since: dt.datetime, sunset: dt.datetime, replacement: str = ""
) -> Callable[[View], View]:
    """Mark a view method deprecated from `since` (aware) until `sunset` (at least
    MINIMUM_NOTICE later); `replacement` is the path that replaces it."""
    if sunset - since < MINIMUM_NOTICE:
        raise ValueError("A deprecated operation keeps answering for at least 180 days.")
    headers = deprecation_headers(since=since, sunset=sunset, replacement=replacement)

    def mark(method: View) -> View:
        @functools.wraps(method)
        def answered(*args: Any, **kwargs: Any) -> Any:
            response = method(*args, **kwargs)
            for name, value in headers.items():
                response[name] = value
            return response

        return extend_schema(deprecated=True)(answered)  # type: ignore[return-value]

    return mark
