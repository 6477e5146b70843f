"""The revolving fund to solve teachers' debt as a module (`core.modules`): rounds from the
centre's allocations and dated terms (`central.fund`), the call on the office's public page and
as a circular letter, ทป.1 applications at the desk with the completeness, eligibility and
net-pay checks, the subcommittee's scores and ranking within the allocation (`apps.committees`),
the register of approvals, indicators, API and feed. The loans made from the approvals
(contracts, schedules, deductions, repayments) are in the same app (issue 18)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import DeskService, Module

APPLICATION = "revolvingfund.application"

MODULE = Module(
    code="revolvingfund",
    title=_("Revolving fund"),
    summary=_("Loans to teachers in debt, screened and ranked by the subcommittee."),
    order=50,
    roles=(
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.FUND_COMMITTEE,
        OfficeRole.APPROVER,
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.VIEWER,
    ),
    desk_services=(
        # The report promises no time for the fund (only ID cards, claims and certificates
        # are within 15 minutes): the desk's part is receiving a complete file, within the
        # working day; the subcommittee's result follows by the round.
        DeskService(
            "revolving_fund",
            "เงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู",
            "Teachers' debt revolving fund",
            "E",  # the letter onestop's migration 0002 gave it before the module existed
            standard_minutes=480,
            display_order=50,
        ),
    ),
)
