"""Payroll data as a module (`core.modules`): the shared app of the office's payslip data,
standing deduction instructions and the dated net-pay check that salary certificates, the
revolving fund and the welfare shop build on. Shared: it serves the service modules and
imports none of them (it uses only `apps.people`).

The API for the modules above it (all keyword-only; run in an office's schema):

Reads — `apps.payroll.selectors` (each audited; a role without pay access gets PayslipNotFound):
    payslip_get(*, person, month, actor, request=None) -> Payslip
    payslip_latest(*, person, on_or_before, actor, request=None) -> Payslip
    pay_figures(payslip) -> PayFigures   # salary, income_total, deductions_total, net,
                                          # income/deductions lines (deduction order), by_kind
    pay_history(*, person, actor, request=None, months=24) -> list[PayMonth]
    instructions_in_force(*, person, month) -> list[DeductionInstruction]
    net_pay_rule_in_force(*, on) -> NetPayRule | None

The check — `apps.payroll.netpay`:
    net_pay_check(*, person, month, new_instalment=0, party="borrower", on=None) -> NetPayCheck
        .passes, .outcome ("pass"|"warn"|"block"), .headroom, .net, .floor_amount,
        .net_percent, .as_dict() (the figures to store with a certificate)
        refuses (PayrollError) payroll.no_payslip / no_rule / invalid_amount /
        negative_amount / amount_too_large; guarantors: new_instalment=0, party="guarantor"
    net_pay_check_audit(*, check, person, actor, request=None)

Writes — `apps.payroll.services` (roles: finance officer, welfare officer):
    payslip_save(*, person, month, lines: list[LineData], actor, request=None,
                 source="entered", note="") -> SaveResult(payslip, action)
    deduction_instruction_create(*, person, creditor, monthly_amount, first_month,
        last_month, actor, kind="bank_loan", contract_number="", source="office",
        source_reference="", note="", request=None) -> DeductionInstruction
        # after a bank approves: source="certificate",
        # source_reference="certificates.certificate:<id>"; duplicate contract refused
    deduction_instruction_end(*, instruction, last_month, actor, request=None)

Months are `date`s of the month's first day; `apps.payroll.months` formats and parses B.E.
months ("กันยายน 2557", "09/2557").
"""

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
