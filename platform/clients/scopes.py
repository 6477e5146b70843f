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
    Scope("feeds:read", _("Read change feeds"), ()),
    Scope("webhooks:manage", _("Manage webhook subscriptions"), ()),
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


def scopes_for_host(*, central: bool) -> list[Scope]:
    """The scopes a client of this host may hold (benchmarks exist only centrally)."""
    return [scope for scope in all_scopes().values() if central or not scope.central_only]


def acting_roles(scopes: list[str]) -> frozenset[str]:
    known = all_scopes()
    return frozenset(role for name in scopes if name in known for role in known[name].acts_as)
