"""Payroll data as a module (`core.modules`): a shared app (no service module imports another;
this one uses only `apps.people`). Its contract for the modules above it is in the package's
docstring (`apps/payroll/__init__.py`)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import Module

MODULE = Module(
    code="payroll",
    title=_("Pay and deductions"),
    summary=_("Monthly payslip data, deduction instructions and the net-pay check."),
    order=35,
    shared=True,
    home="payroll:home",
    url_prefix="payroll/",
    urls="apps.payroll.urls",
    roles=(OfficeRole.OFFICE_ADMIN, OfficeRole.FINANCE_OFFICER, OfficeRole.WELFARE_OFFICER),
    demo="apps.payroll.demo.build",
)
