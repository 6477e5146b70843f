"""The fund's figures of the annual report and the central benchmarks: the borrowers approved
in each round of the fiscal year (the 2557 report's round 1: 5, round 2: 11), the amount
approved against the allocations, and the days from the call to the subcommittee's result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from apps.revolvingfund.models import ApplicationStatus, Round, RoundStatus
from core.indicators import indicator, shared
from core.thai import FiscalYear

ROUNDS_WITH_INDICATORS = (1, 2)


@dataclass(frozen=True)
class RoundFigures:
    """One round of a fiscal year: its number, whether the subcommittee's result is confirmed
    (status approved: only such rounds count in the allocations and the days to the result),
    its allocation, call and result dates, and the applications approved in it (how many, how
    much)."""

    number: int
    result_confirmed: bool
    allocation_amount: Decimal
    call_published_at: datetime | None
    approved_at: datetime | None
    approved: int
    approved_amount: Decimal | None


@shared
def rounds_of(fiscal_year: FiscalYear) -> tuple[RoundFigures, ...]:
    """The fiscal year's rounds (a few rows: two a year) with their approved applications
    counted and summed, in one query, latest round first (the rounds' own order). Shared: every
    indicator of this file and the report's section read it, so the nightly collection asks
    once per year (issue 21); a tuple, as every reader gets the same one."""
    is_approved = Q(applications__status=ApplicationStatus.APPROVED)
    rows = (
        Round.objects.filter(fiscal_year=fiscal_year.be_year)
        .annotate(
            approved=Count("applications", filter=is_approved),
            approved_amount=Sum("applications__approved_amount", filter=is_approved),
        )
        .order_by("-number")
        .values_list(
            "number",
            "status",
            "allocation_amount",
            "call_published_at",
            "approved_at",
            "approved",
            "approved_amount",
        )
    )
    return tuple(
        RoundFigures(number, status == RoundStatus.APPROVED, allocation, call, result, n, amount)
        for number, status, allocation, call, result, n, amount in rows
    )


def approved_by_round(fiscal_year: FiscalYear) -> dict[int, int]:
    """Borrowers approved per round number: rounds 1 and 2 always (0 without approvals), any
    other round with approvals."""
    counts = {number: 0 for number in ROUNDS_WITH_INDICATORS}
    for row in rounds_of(fiscal_year):
        if row.approved:
            counts[row.number] = row.approved
    return counts


def _round_indicator(number: int) -> None:
    @indicator(
        f"fund.approved.round{number}",
        label_th=f"ผู้ได้รับอนุมัติให้กู้ยืมเงินทุนหมุนเวียนฯ ครั้งที่ {number}",
        label_en=f"Borrowers approved by the revolving fund, round {number}",
        unit="borrowers",
        per_personnel=True,
    )
    def compute(fiscal_year: FiscalYear) -> int:
        return approved_by_round(fiscal_year).get(number, 0)


for _number in ROUNDS_WITH_INDICATORS:
    _round_indicator(_number)


@indicator(
    "fund.approved.total",
    label_th="ผู้ได้รับอนุมัติให้กู้ยืมเงินทุนหมุนเวียนฯ ทั้งปี",
    label_en="Borrowers approved by the revolving fund in the year",
    unit="borrowers",
    per_personnel=True,
)
def approved_total(fiscal_year: FiscalYear) -> int:
    return sum(row.approved for row in rounds_of(fiscal_year))


@indicator(
    "fund.amount.share_of_allocation",
    label_th="ร้อยละของวงเงินที่อนุมัติต่อวงเงินจัดสรร",
    label_en="Amount approved as a share of the allocations",
    unit="percent",
)
def share_of_allocation(fiscal_year: FiscalYear) -> Decimal | None:
    rounds = rounds_of(fiscal_year)
    allocated = sum(row.allocation_amount for row in rounds if row.result_confirmed)
    if not allocated:
        return None
    amount = sum(row.approved_amount or 0 for row in rounds)
    share: Decimal = (Decimal(amount) * 100 / Decimal(allocated)).quantize(Decimal("0.1"))
    return share


@indicator(
    "fund.days_call_to_approval",
    label_th="จำนวนวันเฉลี่ยตั้งแต่ประกาศรับสมัครถึงคณะอนุกรรมการรับรองผล",
    label_en="Average days from the call to the subcommittee's result",
    unit="days",
    higher_is_better=False,
)
def days_call_to_approval(fiscal_year: FiscalYear) -> Decimal | None:
    days = [
        (row.approved_at - row.call_published_at).total_seconds() / 86400
        for row in rounds_of(fiscal_year)
        if row.result_confirmed and row.call_published_at and row.approved_at
    ]
    if not days:
        return None
    return Decimal(sum(days) / len(days)).quantize(Decimal("0.1"))


# The loans' indicators (issue 18) register themselves on import.
from apps.revolvingfund.loans import indicators as _loans  # noqa: E402, F401
