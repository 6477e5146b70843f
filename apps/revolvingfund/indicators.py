"""The fund's figures of the annual report and the central benchmarks: the borrowers approved
in each round of the fiscal year (the 2557 report's round 1: 5, round 2: 11), the amount
approved against the allocations, and the days from the call to the subcommittee's result."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from apps.revolvingfund.models import Application, ApplicationStatus, Round, RoundStatus
from core.indicators import indicator
from core.thai import FiscalYear

ROUNDS_WITH_INDICATORS = (1, 2)


def approved(fiscal_year: FiscalYear) -> QuerySet[Application]:
    return Application.objects.filter(
        round__fiscal_year=fiscal_year.be_year, status=ApplicationStatus.APPROVED
    )


def approved_by_round(fiscal_year: FiscalYear) -> dict[int, int]:
    counts = {number: 0 for number in ROUNDS_WITH_INDICATORS}
    rows = approved(fiscal_year).values_list("round__number").annotate(n=Count("id"))
    for number, count in rows:
        counts[number] = count
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
    return approved(fiscal_year).count()


@indicator(
    "fund.amount.share_of_allocation",
    label_th="ร้อยละของวงเงินที่อนุมัติต่อวงเงินจัดสรร",
    label_en="Amount approved as a share of the allocations",
    unit="percent",
)
def share_of_allocation(fiscal_year: FiscalYear) -> Decimal | None:
    allocated = Round.objects.filter(
        fiscal_year=fiscal_year.be_year, status=RoundStatus.APPROVED
    ).aggregate(total=Sum("allocation_amount"))["total"]
    if not allocated:
        return None
    amount = approved(fiscal_year).aggregate(total=Sum("approved_amount"))["total"] or 0
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
    rounds = Round.objects.filter(
        fiscal_year=fiscal_year.be_year,
        status=RoundStatus.APPROVED,
        call_published_at__isnull=False,
        approved_at__isnull=False,
    ).values_list("call_published_at", "approved_at")
    days = [(end - start).total_seconds() / 86400 for start, end in rounds if start and end]
    if not days:
        return None
    return Decimal(sum(days) / len(days)).quantize(Decimal("0.1"))


# The loans' indicators (issue 18) register themselves on import.
from apps.revolvingfund.loans import indicators as _loans  # noqa: E402, F401
