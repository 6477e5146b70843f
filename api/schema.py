"""OpenAPI descriptions of the project's own API pieces (loaded by api.apps.ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer <secret>`: a token of one person's account "
            "(`kc_…`, acting with that account's roles), or a machine client's secret "
            "(`kcc_…`, acting with its scopes: an endpoint that declares no scope refuses "
            "clients with 403 `api.scope_missing`; above the client's rate limit, 429 "
            "`api.rate_limited` with `Retry-After`). Secrets of another office, or of the "
            "central site on an office, are unknown: 401.",
        }


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    """`api.v1.common.NamedChoiceField`: its choices as the component `enum_name`, referenced."""

    target_class = "api.v1.common.NamedChoiceField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        from drf_spectacular.plumbing import ResolvedComponent, build_choice_field

        field = self.target
        schema = build_choice_field(field)
        if field.allow_blank or field.allow_null:
            return schema
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema=schema,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


# A character that is not white space (Python's, which DRF and `clean_text` trim, is wider than
# JSON Schema's `\s`: also U+001C-U+001F and U+0085) nor invisible (`apps.people.text` drops
# zero-width characters and the soft hyphen).
VISIBLE_CHARACTER = r"[^\s\x1c-\x1f\x85\xad\u200b-\u200d\u2060\ufeff]"


class ContractAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, saying what the serializers refuse that it leaves out: a
    text field that may not be blank has at least one character that is not a space (DRF trims
    the value, then refuses it empty), and a list that may not be empty has at least one item.
    Without these a generated `""` or `[]` is "valid" by the schema and refused by the API."""

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only or direction != "request":
            return schema
        if (
            isinstance(field, serializers.CharField)
            and not field.allow_blank
            and schema.get("type") == "string"
            and "enum" not in schema
            and "pattern" not in schema
            and "format" not in schema
        ):
            schema["minLength"] = max(1, schema.get("minLength", 1))
            if field.trim_whitespace:
                schema["pattern"] = VISIBLE_CHARACTER
        if (
            isinstance(field, serializers.ListField | serializers.ListSerializer)
            and not field.allow_empty
            and schema.get("type") == "array"
        ):
            schema["minItems"] = max(1, schema.get("minItems", 1))
        return schema
