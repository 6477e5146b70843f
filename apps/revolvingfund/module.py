"""The revolving fund to solve teachers' debt as a module (`core.modules`): rounds from the
centre's allocations and dated terms (`central.fund`), the call on the office's public page and
as a circular letter, ทป.1 applications at the desk with the completeness, eligibility and
net-pay checks, the subcommittee's scores and ranking within the allocation (`apps.committees`),
the register of approvals, indicators, API and feed. The loans made from the approvals
(contracts, schedules, deductions, repayments) are in the same app (issue 18): its demo runs
after the approvals, inside `apps.revolvingfund.demo.build`."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from apps.revolvingfund.loans.declaration import (
    LOAN_FEED_RESOURCES,
    LOAN_REGISTERS,
    LOAN_SCOPES,
)
from core.modules import DeskService, FeedResource, Module, Register, Scope

APPROVAL = "revolvingfund.approval"

MODULE = Module(
    code="revolvingfund",
    title=_("Revolving fund"),
    summary=_("Loans to teachers in debt, screened and ranked by the subcommittee."),
    order=50,
    home="revolvingfund:home",
    url_prefix="fund/",
    urls="apps.revolvingfund.urls",
    api_urls="api.v1.revolvingfund.urls",
    roles=(
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.FUND_COMMITTEE,
        OfficeRole.APPROVER,
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.VIEWER,
    ),
    scopes=(
        Scope(
            "revolvingfund:read",
            _("Read the revolving fund's approvals"),
            (OfficeRole.FINANCE_OFFICER,),
        ),
    )
    + LOAN_SCOPES,
    desk_services=(
        # The report promises no time for the fund (only ID cards, claims and certificates
        # are within 15 minutes): the desk's part is receiving a complete file, within the
        # working day (migration 0002 sets it on offices seeded with 15); the subcommittee's
        # result follows by the round.
        DeskService(
            "revolving_fund",
            "เงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู",
            "Teachers' debt revolving fund",
            "E",  # the letter onestop's migration 0002 gave it before the module existed
            standard_minutes=480,
            display_order=50,
            entry="revolvingfund:application_new",
        ),
    ),
    feed_resources=(
        FeedResource(
            APPROVAL,
            "A loan approved by the fund's subcommittee: borrower, amount, rate, term, "
            "instalment and guarantors.",
            "apps.revolvingfund.payloads.approval_payload",
            "revolvingfund:read",
            path="/api/v1/revolvingfund/approvals/{id}/",
            fires="`updated` when the subcommittee confirms the round's result and the "
            "application is approved.",
            example="apps.revolvingfund.payloads.APPROVAL_EXAMPLE",
        ),
    )
    + LOAN_FEED_RESOURCES,
    indicators="apps.revolvingfund.indicators",
    key_indicators=("fund.approved.total",),
    registers=(
        Register(
            "revolvingfund.register",
            _("Register of borrowers approved by the revolving fund"),
            "revolvingfund:register",
        ),
    )
    + LOAN_REGISTERS,
    report_section="apps.revolvingfund.report.SECTION",
    public_blocks=("revolvingfund/public_calls.html",),
    public_context="apps.revolvingfund.selectors.fund_public_context",
    demo="apps.revolvingfund.demo.build",
    worklist="apps.revolvingfund.worklist.worklist",
)
