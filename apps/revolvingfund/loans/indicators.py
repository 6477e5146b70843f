"""The loans' figures per fiscal year: loans running at its end (`fund.loans.active`), the
principal outstanding then (`fund.outstanding`), the share of those loans in arrears then
(`fund.arrears.rate`, sensitive: withheld from other offices below `core.indicators.MIN_PEOPLE`
borrowers in arrears, counted by `fund.arrears.people`), and the money repaid in the year
(`fund.repaid`, principal and interest).

"At the year's end" reads the ledger, not today's position: a loan counts if it was disbursed
by then and not closed or moved before then; its balance and arrears are those of its last
ledger line up to then (the amount lent when it has none). Three queries per figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Sum

from apps.revolvingfund.models import Loan, LoanEntry
from core.indicators import SELF, indicator
from core.thai import FiscalYear


def _running_at(fiscal_year: FiscalYear) -> Any:  # annotated rows (balance_then, overdue_then)
    end = fiscal_year.end
    last = LoanEntry.objects.filter(loan=OuterRef("pk"), on__lte=end).order_by("-on", "-pk")
    return (
        # A loan received from another office runs here from its hand-over month only.
        Loan.objects.filter(
            Q(disbursed_on__lte=end, transferred_from="")
            | Q(first_month__lte=end) & ~Q(transferred_from="")
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .annotate(
            balance_then=Subquery(last.values("closing_balance")[:1]),
            overdue_then=Subquery(last.values("months_overdue")[:1]),
        )
    )


@dataclass(frozen=True)
class YearEnd:
    """The loans at a fiscal year's end, as the indicators count them, read in one query (the
    annual report's section 4 cites them)."""

    active: int
    outstanding: Decimal
    arrears_people: int
    arrears_rate: Decimal | None


def year_end(fiscal_year: FiscalYear) -> YearEnd:
    rows = list(
        _running_at(fiscal_year).values_list(
            "principal", "balance_then", "overdue_then", "person_id"
        )
    )
    outstanding = sum(
        (principal if balance is None else balance for principal, balance, _o, _p in rows),
        Decimal("0.00"),
    )
    late = [(person, overdue) for _pr, _b, overdue, person in rows if (overdue or 0) >= 1]
    rate = (Decimal(len(late)) * 100 / len(rows)).quantize(Decimal("0.1")) if rows else None
    return YearEnd(len(rows), outstanding, len({person for person, _o in late}), rate)


@indicator(
    "fund.loans.active",
    label_th="สัญญาเงินกู้กองทุนหมุนเวียนฯ ที่ยังผ่อนชำระ ณ สิ้นปีงบประมาณ",
    label_en="Revolving-fund loans running at the fiscal year's end",
    unit="loans",
    per_personnel=True,
)
def loans_active(fiscal_year: FiscalYear) -> int:
    count: int = _running_at(fiscal_year).count()
    return count


@indicator(
    "fund.outstanding",
    label_th="เงินต้นคงเหลือของเงินกู้กองทุนหมุนเวียนฯ ณ สิ้นปีงบประมาณ (บาท)",
    label_en="Revolving-fund principal outstanding at the fiscal year's end (baht)",
    unit="baht",
    higher_is_better=False,
)
def outstanding(fiscal_year: FiscalYear) -> Decimal:
    total = Decimal("0.00")
    for principal, balance in _running_at(fiscal_year).values_list("principal", "balance_then"):
        total += principal if balance is None else balance
    return total


@indicator(
    "fund.arrears.people",
    label_th="ผู้กู้กองทุนหมุนเวียนฯ ที่ค้างชำระ ณ สิ้นปีงบประมาณ",
    label_en="Revolving-fund borrowers in arrears at the fiscal year's end",
    unit="people",
    higher_is_better=False,
    sensitive=True,
    people_count=SELF,
)
def arrears_people(fiscal_year: FiscalYear) -> int:
    late = _running_at(fiscal_year).filter(overdue_then__gte=1)
    people: int = late.values("person_id").distinct().count()
    return people


@indicator(
    "fund.arrears.rate",
    label_th="ร้อยละของสัญญาเงินกู้กองทุนหมุนเวียนฯ ที่ค้างชำระ ณ สิ้นปีงบประมาณ",
    label_en="Share of revolving-fund loans in arrears at the fiscal year's end",
    unit="percent",
    higher_is_better=False,
    sensitive=True,
    people_count="fund.arrears.people",
)
def arrears_rate(fiscal_year: FiscalYear) -> Decimal | None:
    running = _running_at(fiscal_year)
    total: int = running.count()
    if not total:
        return None
    late: int = running.filter(overdue_then__gte=1).count()
    return (Decimal(late) * 100 / total).quantize(Decimal("0.1"))


@indicator(
    "fund.repaid",
    label_th="เงินที่ได้รับชำระคืนกองทุนหมุนเวียนฯ ในปีงบประมาณ (บาท)",
    label_en="Money repaid to the revolving fund in the fiscal year (baht)",
    unit="baht",
)
def repaid(fiscal_year: FiscalYear) -> Decimal:
    sums = LoanEntry.objects.filter(on__gte=fiscal_year.start, on__lte=fiscal_year.end).aggregate(
        principal=Sum("principal_paid"), interest=Sum("interest_paid")
    )
    return (sums["principal"] or Decimal("0.00")) + (sums["interest"] or Decimal("0.00"))
