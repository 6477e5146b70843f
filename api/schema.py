"""OpenAPI descriptions of the project's own API pieces (loaded by api.apps.ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

TOKEN_URL = "/api/v1/oauth/token/"  # noqa: S105 (a URL, not a secret)
PERSON_SCHEME = "personToken"
CLIENT_SCHEME = "clientCredentials"
STAFF_ONLY = (
    "Staff only: this step records the official who took it (a named officer, separation of "
    "duties), so machine clients cannot call it (403 `api.scope_missing`)."
)


def operation_scope(view: Any, method: str) -> str | None:
    """The scope a machine client needs for `method` on `view` (`api.permissions`)."""
    safe = method.upper() in {"GET", "HEAD", "OPTIONS"}
    scope = getattr(view, "required_scope" if safe else "required_write_scope", None)
    return scope or None


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Bearer`, two ways: a person's token, or a machine client's secret with
    its scopes (an OAuth 2.0 client-credentials scheme). Each operation names the scope a
    client needs; an operation without one lists only the person's token (staff only)."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = [PERSON_SCHEME, CLIENT_SCHEME]

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[Any]]]:
        requirements: list[dict[str, list[Any]]] = [{PERSON_SCHEME: []}]
        scope = operation_scope(auto_schema.view, auto_schema.method)
        if scope:
            requirements.append({CLIENT_SCHEME: [scope]})
        elif getattr(auto_schema.view, "clients_without_scope", False):
            requirements.append({CLIENT_SCHEME: []})  # any client
        return requirements

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, Any]]:
        return [
            {
                "type": "http",
                "scheme": "bearer",
                "description": "`Authorization: Bearer kc_…`: a token of one person's account, "
                "acting with that account's roles. Tokens of another office, or of the central "
                "site on an office, are unknown: 401.",
            },
            {
                "type": "oauth2",
                "description": "A machine client (`Authorization: Bearer kcc_…`), acting with "
                "its scopes; each operation names the scope it needs, and a client without it "
                "gets 403 `api.scope_missing`. The client's secret is its access token: send "
                "it as the bearer token, or exchange it at the token URL (client credentials "
                "grant, RFC 6749 §4.4), which answers the same secret and the client's scopes. "
                "Above the client's rate limit: 429 `api.rate_limited` with `Retry-After`. "
                "Secrets of another office, or of the central site on an office, are unknown: "
                "401.",
                # The scopes of this host are filled in by `postprocess_security`.
                "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": {}}},
            },
        ]


def _is_central(generator: Any) -> bool:
    from django.conf import settings

    urlconf = getattr(generator, "urlconf", None) or settings.ROOT_URLCONF
    name = urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", "")
    return bool(name == settings.PUBLIC_SCHEMA_URLCONF)


def _without_nullable(node: Any) -> None:
    """OpenAPI 3.0's `nullable` (left by hand-written schemas, e.g. the paginator's `next`) as
    3.1 says it: `type: [x, "null"]`, or `oneOf: [..., {type: null}]` without a type."""
    if isinstance(node, dict):
        if node.pop("nullable", False):
            kind = node.get("type")
            if isinstance(kind, str):
                node["type"] = [kind, "null"]
            elif isinstance(kind, list):
                node["type"] = [*kind, "null"] if "null" not in kind else kind
            else:
                inner = {key: node.pop(key) for key in list(node) if key in {"$ref", "allOf"}}
                node["oneOf"] = [*node.get("oneOf", [inner]), {"type": "null"}]
        for value in node.values():
            _without_nullable(value)
    elif isinstance(node, list):
        for value in node:
            _without_nullable(value)


def postprocess_security(
    result: dict[str, Any], generator: Any, request: Any, public: bool, **kwargs: Any
) -> dict[str, Any]:
    """Name this host's scopes on the client scheme (only those the host serves), mark the
    staff-only operations, and, for a machine client reading the schema, leave out what no
    client may call. Any `nullable` left is said the 3.1 way (`_without_nullable`)."""
    _without_nullable(result)
    from clients.models import ClientCredential
    from clients.scopes import scopes_for_host

    schemes = result.get("components", {}).get("securitySchemes", {})
    if CLIENT_SCHEME in schemes:
        scopes = {
            scope.name: str(scope.label)
            for scope in scopes_for_host(central=_is_central(generator))
        }
        schemes[CLIENT_SCHEME]["flows"]["clientCredentials"]["scopes"] = scopes
    by_client = request is not None and isinstance(getattr(request, "auth", None), ClientCredential)
    for path, operations in list(result.get("paths", {}).items()):
        for method, operation in list(operations.items()):
            if "security" not in operation:  # a public operation (`auth=[]`): said so
                operation["security"] = []
                limited = operation.get("responses", {}).get("429")
                if limited is not None:  # its own limit per address, with a wait
                    limited.setdefault("headers", {})["Retry-After"] = {
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                        "description": "Seconds to wait before calling again.",
                    }
                continue
            security = operation["security"]
            if not any(PERSON_SCHEME in requirement for requirement in security):
                continue  # not behind our bearer scheme
            if any(CLIENT_SCHEME in requirement for requirement in security):
                continue
            if by_client:
                del operations[method]
            else:
                operation["description"] = (
                    f"{operation.get('description', '')}\n\n{STAFF_ONLY}".strip()
                )
                operation["x-staff-only"] = True
        if not operations:
            del result["paths"][path]
    return result


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
