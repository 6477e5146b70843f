"""Committees as a module (`core.modules`): a shared app (it imports only `apps.people`). The
modules that own committees (the revolving fund's subcommittee, the welfare shop's committee)
use its services and selectors; its contract is in the package docstring
(`apps/committees/__init__.py`)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import Module

MODULE = Module(
    code="committees",
    title=_("Committees"),
    summary=_("Appointment orders, members, meetings with quorum, resolutions and minutes."),
    order=112,  # beside the delegations: the office's standing arrangements
    shared=True,
    home="committees:committee_list",
    url_prefix="committees/",
    urls="apps.committees.urls",
    roles=(OfficeRole.OFFICE_ADMIN, OfficeRole.WELFARE_OFFICER, OfficeRole.FUND_COMMITTEE),
)
