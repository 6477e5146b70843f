"""A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]):
what every operation a bearer token may call can answer besides its own responses. 429
(`api.rate_limited`, with `Retry-After`) and 401; the `RateLimit-*` headers on its success
responses (a machine client's calls carry them: `api.middleware`)."""

from __future__ import annotations

import copy
from typing import Any

from api.schema_links import METHODS

_INTEGER_HEADER = {"schema": {"type": "integer", "minimum": 0}}
RATE_LIMIT_HEADERS: dict[str, Any] = {
    "RateLimit-Limit": {
        **_INTEGER_HEADER,
        "description": "A machine client's calls allowed per minute (clients only).",
    },
    "RateLimit-Remaining": {
        **_INTEGER_HEADER,
        "description": "Calls left in this minute's window (clients only).",
    },
    "RateLimit-Reset": {
        **_INTEGER_HEADER,
        "description": "Seconds until the window ends (clients only).",
    },
}
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
TOO_MANY_REQUESTS: dict[str, Any] = {
    "description": "A machine client called above its rate limit (`api.rate_limited`); "
    "nothing changed. Call again after `Retry-After` seconds.",
    "headers": {
        "Retry-After": {
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
            "description": "Seconds to wait before calling again.",
        },
        **RATE_LIMIT_HEADERS,
    },
    "content": _ERROR,
}
UNAUTHORIZED: dict[str, Any] = {
    "description": "No credentials, or credentials this host does not know (`not_authenticated`, "
    "`authentication_failed`).",
    "content": _ERROR,
}


# The schemes of `api.schema` (a person's token, a machine client's credentials).
BEARER_SCHEMES = ("bearerToken", "personToken", "clientCredentials")


def _bearer(operation: dict[str, Any], result: dict[str, Any]) -> bool:
    security = operation.get("security", result.get("security", []))
    return any(scheme in requirement for requirement in security for scheme in BEARER_SCHEMES)


def add_rate_limit_and_auth_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for operation in (
        operation
        for item in result.get("paths", {}).values()
        for method, operation in item.items()
        if method in METHODS
    ):
        if not _bearer(operation, result):
            continue
        responses = operation.setdefault("responses", {})
        responses.setdefault("401", copy.deepcopy(UNAUTHORIZED))
        responses.setdefault("429", copy.deepcopy(TOO_MANY_REQUESTS))
        for status_code, response in responses.items():
            if status_code.startswith("2"):
                response.setdefault("headers", {}).update(copy.deepcopy(RATE_LIMIT_HEADERS))
    return result


# Query parameters the views parse with one rule each, described once here so that every
# operation's schema says what the server accepts (a generated `fiscal_year=0` is refused as
# not B.E.: the schema must not call it valid).
OPAQUE_CURSOR = r"^[A-Za-z0-9+/=_:.-]*$"
RECORD_ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
BUDDHIST_ERA_YEAR = {"type": "integer", "minimum": 2400, "maximum": 2800}
QUERY_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "fiscal_year": BUDDHIST_ERA_YEAR,  # api.v1.common.parse_fiscal_year
    "academic_year": BUDDHIST_ERA_YEAR,
    "on": {"type": "string", "format": "date"},
    # Ids of records: positive integers that fit a bigint (the filters refuse others with
    # `min_value` / `max_value`).
    "claimant": RECORD_ID,
    "subscription": RECORD_ID,
    # Opaque cursors are the server's signed base64 (api.pagination, outbox.cursor).
    "cursor": {"type": "string", "pattern": OPAQUE_CURSOR},
    "after": {"type": "string", "pattern": OPAQUE_CURSOR},
}


def declare_query_parameter_bounds(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """The bounds above; and on every optional query parameter `allowEmptyValue`: the API reads
    `?fiscal_year=` as no filter at all (`query_choice`, `query_datetime`, `parse_fiscal_year`,
    `parse_limit`, an empty `cursor` or `after` is the first page)."""
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                known = QUERY_PARAMETER_SCHEMAS.get(parameter.get("name"))
                if known is not None:
                    parameter["schema"] = {**parameter.get("schema", {}), **known}
                if not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


# In OpenAPI 3.1 (JSON Schema 2020-12) `format` only annotates: a validator or a generator may
# take "" or "26/09/2520" for a `format: date` string. The API parses ISO 8601 only, so every
# date and date-time says so with a pattern too.
FORMAT_PATTERNS = {
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "date-time": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?$",
}


def _assert_formats(node: Any) -> None:
    if isinstance(node, dict):
        pattern = FORMAT_PATTERNS.get(node.get("format", ""))
        if pattern is not None and "pattern" not in node:
            node["pattern"] = pattern
        for value in node.values():
            _assert_formats(value)
    elif isinstance(node, list):
        for value in node:
            _assert_formats(value)


def declare_format_patterns(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Every `format: date` / `date-time` in the schema also carries `FORMAT_PATTERNS`'s
    pattern, so that what the schema calls valid is what the API accepts."""
    _assert_formats(result.get("components", {}))
    _assert_formats(result.get("paths", {}))
    return result
