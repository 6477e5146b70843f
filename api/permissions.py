"""Role checks for the API: the same role tuples the web views use (each app's
`permissions` module), as DRF permission classes.

A machine client (`api.authentication.ApiClientPrincipal`) holds no role: it passes when it
holds the scope the view declares (`required_scope` for reads, `required_write_scope` for
writes, names from `clients.scopes`). A view that declares none refuses every client with 403
`api.scope_missing`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from clients.models import ClientCredential
from core.schemas import PUBLIC_SCHEMA, current_schema


class ScopeMissing(exceptions.PermissionDenied):
    default_code = "api.scope_missing"
    default_detail = _("This client's scopes do not allow this endpoint.")


def client_scope_allows(request: Request, view: Any) -> bool | None:
    """For a machine client: True when it holds the scope the view needs (else ScopeMissing);
    None for a person (their roles decide)."""
    if not isinstance(request.auth, ClientCredential):
        return None
    attribute = "required_scope" if request.method in SAFE_METHODS else "required_write_scope"
    needed = getattr(view, attribute, None)
    if not needed or needed not in request.auth.client.scopes:
        raise ScopeMissing()
    return True


class HasRole(BasePermission):
    """Allow an authenticated, active user holding one of `read_roles` (GET, HEAD, OPTIONS) or
    `write_roles` (any other method). Build one with `HasRole.of(...)`.

    The office endpoints exist only on an office host: on the central site (the public schema)
    they answer 404, as a path that is not there.
    """

    read_roles: tuple[str, ...] = ()
    write_roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str, write: tuple[str, ...] | None = None) -> type[HasRole]:
        """A permission class for `roles` (reads) and `write` (writes; default: `roles`)."""
        return type(
            "HasRole",
            (cls,),
            {"read_roles": tuple(roles), "write_roles": tuple(roles if write is None else write)},
        )

    def has_permission(self, request: Request, view: Any) -> bool:
        if current_schema() == PUBLIC_SCHEMA:
            raise exceptions.NotFound()
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        by_scope = client_scope_allows(request, view)
        if by_scope is not None:
            return by_scope
        roles = self.read_roles if request.method in SAFE_METHODS else self.write_roles
        return bool(user.has_role(*roles))


class HasCentralRole(BasePermission):
    """Allow an authenticated, active account of the central site holding one of `roles`.
    Central endpoints exist only on the central host: on an office host they answer 404."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str) -> type[HasCentralRole]:
        return type("HasCentralRole", (cls,), {"roles": tuple(roles)})

    def has_permission(self, request: Request, view: Any) -> bool:
        if current_schema() != PUBLIC_SCHEMA:
            raise exceptions.NotFound()
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        by_scope = client_scope_allows(request, view)
        if by_scope is not None:
            return by_scope
        return bool(user.has_role(*self.roles))
