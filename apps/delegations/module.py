"""Delegations of authority as a module (`core.modules`): the dated orders by which the
director lets another official sign in their place (ปฏิบัติราชการแทน). Shared: every service
that needs the director's signature (ID cards, claims, certificates) asks it who may sign."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import Module

MODULE = Module(
    code="delegations",
    title=_("Delegations of authority"),
    summary=_("The director's dated orders letting another official sign in their place."),
    order=110,  # after the services and the benchmarks on the home page
    shared=True,
    home="delegations:delegation_list",
    url_prefix="delegations/",
    urls="apps.delegations.urls",
    roles=(OfficeRole.OFFICE_ADMIN, OfficeRole.APPROVER),
)
