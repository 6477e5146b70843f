"""The fund's models, one file per part: `rounds` (the round, its call and allocation),
`applications` (ทป.1 files: debts, guarantors, documents, checks and result), `ranking`
(the subcommittee's scores). The loans made
from approved applications are the loans' part (issue 18), in files of their own here."""

from apps.revolvingfund.models.applications import (
    DECIDED,
    DOCUMENT_TH,
    IN_FILE,
    Application,
    ApplicationStatus,
    CheckOutcome,
    Debt,
    DebtKind,
    Document,
    DocumentKind,
    Guarantor,
)
from apps.revolvingfund.models.loans import (
    RUNNING,
    Disbursement,
    EntryKind,
    ImportKind,
    Loan,
    LoanEntry,
    LoanGuarantor,
    LoanOrigin,
    LoanRule,
    LoanStatus,
    PaymentSource,
    RepaymentImport,
)
from apps.revolvingfund.models.ranking import Score
from apps.revolvingfund.models.rounds import FundNumberCounter, FundSettings, Round, RoundStatus

__all__ = [
    "RUNNING",
    "Disbursement",
    "EntryKind",
    "ImportKind",
    "Loan",
    "LoanEntry",
    "LoanGuarantor",
    "LoanOrigin",
    "LoanRule",
    "LoanStatus",
    "PaymentSource",
    "RepaymentImport",
    "DECIDED",
    "DOCUMENT_TH",
    "IN_FILE",
    "Application",
    "ApplicationStatus",
    "CheckOutcome",
    "Debt",
    "DebtKind",
    "Document",
    "DocumentKind",
    "FundNumberCounter",
    "FundSettings",
    "Guarantor",
    "Round",
    "RoundStatus",
    "Score",
]
