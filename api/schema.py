"""OpenAPI descriptions of the project's own API pieces (loaded by api.apps.ApiConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token of one account of this office (or of the central site): "
            "`Authorization: Bearer kc_…`. Tokens of other offices are refused.",
        }
