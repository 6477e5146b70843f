"""Reads of the fund's loans. Run in an office's schema. A loan the reader may not see is not
found, like one that does not exist; a full read (the ledger, the guarantors) is audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from apps.revolvingfund.loans.services import READER_ROLES
from apps.revolvingfund.models import (
    RUNNING,
    Application,
    ApplicationStatus,
    Loan,
    RepaymentImport,
)
from audit.services import audit_record
from core import kit
from core.errors import NotFoundError
from core.thai import FiscalYear


class LoanNotFound(NotFoundError):
    code = "revolvingfund.loan_not_found"


def _not_found() -> LoanNotFound:
    return LoanNotFound("ไม่พบสัญญาเงินกู้นี้", "No such loan.")


def loan_get(*, loan_id: int, actor: Any, request: HttpRequest | None = None) -> Loan:
    """A loan with its borrower, rule and application; the read is audited."""
    if not kit.may(actor, *READER_ROLES):
        raise _not_found()
    try:
        loan = Loan.objects.select_related(
            "person", "rule", "application", "borrower_instruction"
        ).get(pk=loan_id)
    except Loan.DoesNotExist:
        raise _not_found() from None
    audit_record(action="revolvingfund.loan_viewed", actor=actor, target=loan, request=request)
    return loan


def in_register(fiscal_year: FiscalYear) -> Q:
    """Whether a loan is in the register of a fiscal year (see `loan_register`); also counted
    by the loans' yearly summary (`loans.indicators.loan_year`)."""
    return (
        Q(disbursed_on__lte=fiscal_year.end)
        | Q(contract_signed_on__gte=fiscal_year.start, contract_signed_on__lte=fiscal_year.end)
    ) & (Q(closed_on__isnull=True) | Q(closed_on__gte=fiscal_year.start))


def loan_register(*, fiscal_year: FiscalYear, arrears_only: bool = False) -> QuerySet[Loan]:
    """Loans of the register of a fiscal year: those running at any time in it (disbursed by
    its end, not closed before its start) and those contracted in it. One query."""
    loans = (
        Loan.objects.filter(in_register(fiscal_year)).select_related("person").order_by("number")
    )
    if arrears_only:
        loans = loans.filter(status__in=RUNNING, months_overdue__gte=1)
    return loans


def applications_to_contract() -> QuerySet[Application]:
    """Approved applications without a loan yet."""
    return (
        Application.objects.filter(status=ApplicationStatus.APPROVED, loan__isnull=True)
        .select_related("person", "round")
        .order_by("round__fiscal_year", "round__number", "rank", "pk")
    )


def import_get(*, batch_id: int) -> RepaymentImport:
    try:
        return RepaymentImport.objects.get(pk=batch_id)
    except RepaymentImport.DoesNotExist:
        raise NotFoundError("ไม่พบไฟล์นำเข้านี้", "No such import.") from None


def fiscal_years_with_loans() -> list[int]:
    years = Loan.objects.values_list("fiscal_year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def recent_imports() -> list[RepaymentImport]:
    return list(RepaymentImport.objects.filter(kind="repayments").order_by("-uploaded_at")[:24])
