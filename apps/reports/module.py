"""The annual self-assessment report as a module (`core.modules`). Shared, not a welfare
service: it reads the services' sections through the module registry (each module's
`report_section`) and never imports a service app."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import Module

MODULE = Module(
    code="reports",
    title=_("Annual self-assessment report"),
    summary=_("The yearly report written from the registers."),
    order=90,  # after the services, before the benchmarks
    shared=True,
    home="reports:report_current",
    url_prefix="reports/",
    urls="apps.reports.urls",
    roles=(
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.VIEWER,
    ),
    indicators="apps.reports.indicators",
    demo="apps.reports.demo.build",
    delegable=(("reports.review", _("Review the annual self-assessment report")),),
)
