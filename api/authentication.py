from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from api.services import api_token_authenticate
from clients.models import ApiClient, ClientCredential
from clients.scopes import acting_roles
from clients.services import CLIENT_PREFIX, client_credential_authenticate


class ApiClientPrincipal:
    """`request.user` for a machine client: authenticated, with no account row (`pk` None; the
    audit trail records it by its label `client:<name>`). It holds no role of the office; inside
    the services it acts as the roles its scopes name (`clients.scopes`), and only behind views
    that let it in by scope (`api.permissions`)."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, client: ApiClient) -> None:
        self.client = client
        self.is_active = client.is_active
        self.scopes = frozenset(client.scopes)
        self._roles = acting_roles(list(client.scopes))

    @property
    def username(self) -> str:
        return f"client:{self.client.name}"

    def get_username(self) -> str:
        return self.username

    def get_full_name(self) -> str:
        return self.client.name

    def get_short_name(self) -> str:
        return self.client.name

    @property
    def role_names(self) -> set[str]:
        return set()

    def has_role(self, *roles: str) -> bool:
        return bool(self._roles.intersection(roles))

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False

    def has_perms(self, perms: Any, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False

    def __str__(self) -> str:
        return self.username


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`, checked against the current schema's tokens only: a
    user's token (`kc_…`: the user and the token) or a machine client's credential (`kcc_…`:
    an `ApiClientPrincipal` and the `ClientCredential`)."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header."))
        secret = header[1].decode(errors="replace")
        if secret.startswith(f"{CLIENT_PREFIX}_"):
            credential = client_credential_authenticate(secret)
            if credential is None:
                raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
            # Read after the response by api.middleware.ApiCallLogMiddleware.
            request._request.api_credential = credential  # type: ignore[attr-defined]
            return ApiClientPrincipal(credential.client), credential
        token = api_token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def client_of(request: Request) -> ApiClient | None:
    """The machine client making the request, or None for a person."""
    auth = getattr(request, "auth", None)
    return auth.client if isinstance(auth, ClientCredential) else None
