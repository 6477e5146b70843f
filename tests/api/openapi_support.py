"""Checking a JSON value against a component of the published OpenAPI 3.0 document with a
JSON Schema validator (jsonschema): OpenAPI's `nullable` becomes "null or the schema"."""

from __future__ import annotations

from typing import Any

import jsonschema


def _json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {
        key: _json_schema(value)
        for key, value in node.items()
        if key not in ("nullable", "discriminator", "readOnly", "writeOnly", "example")
    }
    if node.get("nullable"):
        return {"anyOf": [{"type": "null"}, converted]}
    return converted


def component_errors(document: dict[str, Any], component: str, value: Any) -> list[str]:
    """Why `value` is not a `component` of `document` (empty: it is). Extra properties are
    allowed, as OpenAPI allows them unless a schema says otherwise."""
    schema = {
        "$ref": f"#/components/schemas/{component}",
        "components": _json_schema(document["components"]),
    }
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(value)
    ]
