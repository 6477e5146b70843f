"""The one registry of machine clients' scopes: what each allows, and which role a client with
it acts as inside the services (which check roles, not scopes).

A view states the scope it needs (`required_scope` for reads, `required_write_scope` for
writes); `api.permissions` refuses a client that lacks it, and a view that states none refuses
every client. The acting roles only ever matter behind such a view.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import CentralRole, OfficeRole


@dataclass(frozen=True)
class Scope:
    name: str
    label: Promise
    # Roles the services see the client as holding (reads: a full reader, never an editor).
    acts_as: tuple[str, ...]
    central_only: bool = False


SCOPES: dict[str, Scope] = {
    scope.name: scope
    for scope in (
        Scope("people:read", _("Read the register of people"), (OfficeRole.FINANCE_OFFICER,)),
        Scope("people:write", _("Register and edit people"), (OfficeRole.WELFARE_OFFICER,)),
        Scope("idcards:read", _("Read ID card applications"), (OfficeRole.FINANCE_OFFICER,)),
        Scope("payments:read", _("Read payments"), (OfficeRole.FINANCE_OFFICER,)),
        Scope("claims:read", _("Read claims"), (OfficeRole.FINANCE_OFFICER,)),
        Scope("feeds:read", _("Read change feeds"), ()),
        Scope("webhooks:manage", _("Manage webhook subscriptions"), ()),
        Scope(
            "benchmarks:read",
            _("Read the national benchmarks"),
            (CentralRole.CENTRAL_ANALYST,),
            central_only=True,
        ),
    )
}


def scopes_for_host(*, central: bool) -> list[Scope]:
    """The scopes a client of this host may hold (benchmarks exist only centrally)."""
    return [scope for scope in SCOPES.values() if central or not scope.central_only]


def acting_roles(scopes: list[str]) -> frozenset[str]:
    return frozenset(role for name in scopes if name in SCOPES for role in SCOPES[name].acts_as)
