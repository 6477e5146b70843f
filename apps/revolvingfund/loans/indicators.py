"""The loans' figures per fiscal year: loans running at its end (`fund.loans.active`), the
principal outstanding then (`fund.outstanding`), the share of those loans in arrears then
(`fund.arrears.rate`, sensitive: withheld from other offices below `core.indicators.MIN_PEOPLE`
borrowers in arrears, counted by `fund.arrears.people`), and the money repaid in the year
(`fund.repaid`, principal and interest).

"At the year's end" reads the ledger, not today's position: a loan counts if it was disbursed
by then and not closed or moved before then; its balance and arrears are those of its last
ledger line up to then (the amount lent when it has none). All of them come from one aggregate
query per year (`loan_year`), shared by the indicators and the annual report's section 4."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from apps.revolvingfund.loans.selectors import in_register
from apps.revolvingfund.models import Loan, LoanEntry
from core.indicators import SELF, indicator, shared
from core.thai import FiscalYear


def _running_at(fiscal_year: FiscalYear) -> Q:
    """Whether a loan runs here at the fiscal year's end."""
    end = fiscal_year.end
    # A loan received from another office runs here from its hand-over month only.
    return (
        Q(disbursed_on__lte=end, transferred_from="")
        | Q(first_month__lte=end) & ~Q(transferred_from="")
    ) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


@dataclass(frozen=True)
class LoanYear:
    """The loans of a fiscal year as its figures count them: those running at its end (with
    their principal outstanding then, how many of them and of their borrowers were in arrears
    then), and the rows of the year's loans register (ทะเบียนคุมลูกหนี้)."""

    running: int
    outstanding: Decimal
    running_late: int
    arrears_people: int
    register_rows: int


@shared
def loan_year(fiscal_year: FiscalYear) -> LoanYear:
    """One aggregate query over the loans, each with its last ledger line up to the year's end
    (balance and months overdue then). Shared: five indicators and the report's section read
    it, so the nightly collection asks once per year (issue 21)."""
    end = fiscal_year.end
    last = LoanEntry.objects.filter(loan=OuterRef("pk"), on__lte=end).order_by("-on", "-pk")
    running, in_year_register = _running_at(fiscal_year), in_register(fiscal_year)
    # Only the loans either figure counts are read; the two conditions become columns of
    # them, so the SQL states each once and the counts below filter on them by name.
    running_then = Q(running_then=True)
    late = running_then & Q(overdue_then__gte=1)
    figures = (
        Loan.objects.filter(running | in_year_register)
        .annotate(
            running_then=ExpressionWrapper(running, output_field=BooleanField()),
            in_year_register=ExpressionWrapper(in_year_register, output_field=BooleanField()),
            balance_then=Subquery(last.values("closing_balance")[:1]),
            overdue_then=Subquery(last.values("months_overdue")[:1]),
        )
        .aggregate(
            running=Count("id", filter=running_then),
            outstanding=Sum(Coalesce("balance_then", "principal"), filter=running_then),
            running_late=Count("id", filter=late),
            arrears_people=Count("person_id", distinct=True, filter=late),
            register_rows=Count("id", filter=Q(in_year_register=True)),
        )
    )
    return LoanYear(
        running=figures["running"],
        outstanding=figures["outstanding"] or Decimal("0.00"),
        running_late=figures["running_late"],
        arrears_people=figures["arrears_people"],
        register_rows=figures["register_rows"],
    )


def _arrears_rate(loans: LoanYear) -> Decimal | None:
    if not loans.running:
        return None
    return (Decimal(loans.running_late) * 100 / loans.running).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class YearEnd:
    """The loans at a fiscal year's end, as the indicators count them (the annual report's
    section 4 cites them)."""

    active: int
    outstanding: Decimal
    arrears_people: int
    arrears_rate: Decimal | None


def year_end(fiscal_year: FiscalYear) -> YearEnd:
    loans = loan_year(fiscal_year)
    return YearEnd(loans.running, loans.outstanding, loans.arrears_people, _arrears_rate(loans))


@indicator(
    "fund.loans.active",
    label_th="สัญญาเงินกู้กองทุนหมุนเวียนฯ ที่ยังผ่อนชำระ ณ สิ้นปีงบประมาณ",
    label_en="Revolving-fund loans running at the fiscal year's end",
    unit="loans",
    per_personnel=True,
)
def loans_active(fiscal_year: FiscalYear) -> int:
    return loan_year(fiscal_year).running


@indicator(
    "fund.outstanding",
    label_th="เงินต้นคงเหลือของเงินกู้กองทุนหมุนเวียนฯ ณ สิ้นปีงบประมาณ (บาท)",
    label_en="Revolving-fund principal outstanding at the fiscal year's end (baht)",
    unit="baht",
    higher_is_better=False,
)
def outstanding(fiscal_year: FiscalYear) -> Decimal:
    return loan_year(fiscal_year).outstanding


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
    return loan_year(fiscal_year).arrears_people


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
    return _arrears_rate(loan_year(fiscal_year))


@indicator(
    "fund.repaid",
    label_th="เงินที่ได้รับชำระคืนกองทุนหมุนเวียนฯ ในปีงบประมาณ (บาท)",
    label_en="Money repaid to the revolving fund in the fiscal year (baht)",
    unit="baht",
)
@shared
def repaid(fiscal_year: FiscalYear) -> Decimal:
    """Principal and interest of the ledger lines dated in the year. Shared: the report's
    section 4 cites it too."""
    sums = LoanEntry.objects.filter(on__gte=fiscal_year.start, on__lte=fiscal_year.end).aggregate(
        principal=Sum("principal_paid"), interest=Sum("interest_paid")
    )
    return (sums["principal"] or Decimal("0.00")) + (sums["interest"] or Decimal("0.00"))
