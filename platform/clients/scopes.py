"""The one registry of machine clients' scopes: what each allows, and which role a client with
it acts as inside the services (which check roles, not scopes).

A view states the scope it needs (`required_scope` for reads, `required_write_scope` for
writes); `api.permissions` refuses a client that lacks it, and a view that states none refuses
every client. The acting roles only ever matter behind such a view.
"""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy as _

from accounts.roles import CentralRole
from core import modules
from core.modules import Scope

# The platform's own scopes; each module declares its own (`core.modules.Module.scopes`).
PLATFORM_SCOPES = (
    # Centrally: the national feed of every office.
    Scope("feeds:read", _("Read change feeds"), (), also_central=True),
    # Centrally: national webhooks (the central layer's event types).
    Scope("webhooks:manage", _("Manage webhook subscriptions"), (), also_central=True),
    Scope(
        "benchmarks:read",
        _("Read the national benchmarks"),
        (CentralRole.CENTRAL_ANALYST,),
        central_only=True,
    ),
)


@functools.cache
def all_scopes() -> dict[str, Scope]:
    """Every scope by name: the modules' and the platform's."""
    return {scope.name: scope for scope in (*modules.scopes(), *PLATFORM_SCOPES)}


def served(scope: Scope, *, central: bool) -> bool:
    """Whether a host of this kind serves `scope`: an office every scope but the central
    ones; the central host its own (benchmarks, the list of offices), the feeds, and the read
    scopes of the feed resources (the national feed), nothing else (no people's writes, no
    claims, no desk)."""
    if not central:
        return not scope.central_only
    national_feed = {resource.scope for resource in modules.feed_resources().values()}
    return scope.central_only or scope.also_central or scope.name in national_feed


def scopes_for_host(*, central: bool) -> list[Scope]:
    """The scopes a client of this host may hold: those the host serves."""
    return [scope for scope in all_scopes().values() if served(scope, central=central)]


def acting_roles(scopes: list[str]) -> frozenset[str]:
    known = all_scopes()
    return frozenset(role for name in scopes if name in known for role in known[name].acts_as)
