"""Reads of the revolving fund. A file (debts, pay figures) is sensitive: `application_get`
is for its readers (`permissions.FILE_READER_ROLES`), and the views audit each read of one."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from apps.revolvingfund.models import (
    Application,
    ApplicationStatus,
    Debt,
    Guarantor,
    Round,
    RoundStatus,
)
from core.errors import NotFoundError


def round_list() -> QuerySet[Round]:
    return Round.objects.order_by("-fiscal_year", "-number")


def round_get(*, round_id: int) -> Round:
    try:
        return Round.objects.get(pk=round_id)
    except Round.DoesNotExist:
        raise NotFoundError("ไม่พบรอบนี้", "No such round.") from None


def published_round_get(*, round_id: int) -> Round:
    """A round whose call is published (the public circular); not found otherwise."""
    try:
        return Round.objects.exclude(status=RoundStatus.DRAFT).get(pk=round_id)
    except Round.DoesNotExist:
        raise NotFoundError("ไม่พบประกาศนี้", "No such call.") from None


def application_list(*, round: Round) -> QuerySet[Application]:
    """A round's applications with what their list shows, in one query."""
    return (
        Application.objects.filter(round=round)
        .select_related("person", "service_request")
        .order_by("rank", "received_at", "id")
    )


def application_get(*, application_id: int) -> Application:
    try:
        return (
            Application.objects.select_related(
                "round", "person", "person__school", "service_request", "received_by"
            )
            .prefetch_related(
                Prefetch("debts", queryset=Debt.objects.order_by("pk")),
                Prefetch("guarantors", queryset=Guarantor.objects.select_related("person")),
                "documents",
            )
            .get(pk=application_id)
        )
    except Application.DoesNotExist:
        raise NotFoundError("ไม่พบคำขอนี้", "No such application.") from None


def approved_applications(
    *, round: Round | None = None, fiscal_year_be: int | None = None
) -> QuerySet[Application]:
    """The approved applications of a round or of a B.E. fiscal year, in the register's order
    (round, rank), with the borrower and guarantors: what the loans part (issue 18) turns into
    contracts. Only approvals the subcommittee confirmed are here."""
    rows = Application.objects.filter(status=ApplicationStatus.APPROVED)
    if round is not None:
        rows = rows.filter(round=round)
    if fiscal_year_be is not None:
        rows = rows.filter(round__fiscal_year=fiscal_year_be)
    return (
        rows.select_related("round", "person", "person__school")
        .prefetch_related(
            Prefetch("guarantors", queryset=Guarantor.objects.select_related("person"))
        )
        .order_by("round__number", "rank", "id")
    )


def register(*, fiscal_year_be: int) -> QuerySet[Application]:
    """The register of approvals of a fiscal year (ทะเบียนรายชื่อผู้ได้รับการอนุมัติ…)."""
    return approved_applications(fiscal_year_be=fiscal_year_be)


def ranking_list(*, round: Round) -> QuerySet[Application]:
    """A round's ranking list: every application judged (ranked first, then the ineligible)."""
    return (
        Application.objects.filter(round=round)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("person")
        .order_by("rank", "received_at", "id")
    )


def fiscal_years_with_rounds() -> list[int]:
    return sorted(set(Round.objects.values_list("fiscal_year", flat=True)), reverse=True)


def fund_public_context() -> dict[str, Any]:
    """The fund on the office's public page: the calls published and still open or recently
    closed, with their dates and documents to bring; the number approved per round. No names."""
    rounds = list(
        Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-fiscal_year", "-number")[:4]
    )
    return {"fund_calls": rounds}
