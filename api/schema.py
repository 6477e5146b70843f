"""OpenAPI descriptions of the project's own API pieces (loaded by api.apps.ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)


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
