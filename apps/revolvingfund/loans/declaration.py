"""What the loans add to the fund's module declaration (`apps/revolvingfund/module.py` adds
these tuples to its own): the scope HR systems read loans with, the feed resources and webhook
events of loans and repayments, the registers. Imports nothing but `core.modules`."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import FeedResource, Register, Scope

LOAN = "revolvingfund.loan"
REPAYMENT = "revolvingfund.repayment"
LOANS_READ = "revolvingfund.loans:read"

LOAN_SCOPES = (
    Scope(
        LOANS_READ,
        _("Read the revolving fund's loans and repayments"),
        (OfficeRole.FINANCE_OFFICER,),
    ),
)
LOAN_FEED_RESOURCES = (
    FeedResource(
        LOAN,
        "A loan of the revolving fund: terms, payments to the creditors, balance and arrears.",
        "apps.revolvingfund.loans.payloads.loan_payload",
        LOANS_READ,
        path="/api/v1/revolvingfund/loans/{id}/",
        fires="`created` when the contract is prepared; `updated` when it is disbursed (the "
        "last payment to the creditors starts the deductions), when the guarantors' deduction "
        "starts or ends, when it is settled, restructured or moved to another office.",
        example="apps.revolvingfund.loans.payloads.LOAN_EXAMPLE",
    ),
    FeedResource(
        REPAYMENT,
        "A repayment: one line of a loan's ledger (a month's deduction from the borrower or "
        "the guarantors, or a settlement).",
        "apps.revolvingfund.loans.payloads.repayment_payload",
        LOANS_READ,
        path="/api/v1/revolvingfund/repayments/{id}/",
        fires="`created` when a month's deductions are recorded or a settlement is paid.",
        example="apps.revolvingfund.loans.payloads.REPAYMENT_EXAMPLE",
    ),
)
LOAN_REGISTERS = (
    Register(
        "revolvingfund.loans",
        _("Register of the revolving fund's loans"),
        "revolvingfund:loans:register",
    ),
)
