"""The salary-certificate figures of the annual report and the central benchmarks: the
certificates issued in the fiscal year per bank (the 2557 report's GSB 11, KTB 10, GHB 4),
how many were issued within the 15-minute standard, and how many passed the net-pay check."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from apps.certificates.models import ISSUED, REPORTED_BANKS, Certificate, CheckOutcome
from core.indicators import indicator, shared
from core.thai import FiscalYear

STANDARD_MINUTES = 15
BANK_LABELS = {"gsb": "ธนาคารออมสิน", "ktb": "ธนาคารกรุงไทย", "ghb": "ธนาคารอาคารสงเคราะห์"}


def issued(fiscal_year: FiscalYear) -> QuerySet[Certificate]:
    """Certificates issued (signed) in the year, one per loan request: a certificate that
    replaces an earlier one (a corrected letter) is not counted again."""
    return Certificate.objects.filter(
        status__in=ISSUED,
        issue_date__gte=fiscal_year.start,
        issue_date__lte=fiscal_year.end,
        replaces__isnull=True,
    )


@shared
def issued_summary(fiscal_year: FiscalYear) -> dict[str, int]:
    """The year's issued certificates counted in one aggregate query: `total`, per reported
    bank (`gsb`, `ktb`, `ghb`) and `other`, `within_standard` (signed within 15 minutes of
    being received) and `check_passed`. Every indicator of the module and the report's
    section read it, so while the collection runs it is computed once per year (`shared`)."""
    within = Q(signed_at__lte=F("received_at") + timedelta(minutes=STANDARD_MINUTES))
    counts: dict[str, int] = issued(fiscal_year).aggregate(
        total=Count("id"),
        within_standard=Count("id", filter=within),
        check_passed=Count("id", filter=Q(check_outcome=CheckOutcome.PASS)),
        **{code: Count("id", filter=Q(bank_code=code)) for code in REPORTED_BANKS},
    )
    counts["other"] = counts["total"] - sum(counts[code] for code in REPORTED_BANKS)
    return counts


def issued_by_bank(fiscal_year: FiscalYear) -> dict[str, int]:
    """Per reported bank, then `other` (any other bank code): the year's issued certificates."""
    counts = issued_summary(fiscal_year)
    return {code: counts[code] for code in (*REPORTED_BANKS, "other")}


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def _bank_indicator(code: str, label: str) -> None:
    @indicator(
        f"certificates.issued.{code}",
        label_th=f"หนังสือรับรองเงินเดือนเพื่อกู้{label}",
        label_en=f"Salary certificates issued for {code.upper()} loans",
        unit="certificates",
        per_personnel=True,
    )
    def compute(fiscal_year: FiscalYear) -> int:
        return issued_by_bank(fiscal_year)[code]


@indicator(
    "certificates.issued.total",
    label_th="หนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร (ทุกธนาคาร)",
    label_en="Salary certificates issued for bank loans (all banks)",
    unit="certificates",
    per_personnel=True,
)
def issued_total(fiscal_year: FiscalYear) -> int:
    """The module's key indicator (one column of the central table; per bank below)."""
    return issued_summary(fiscal_year)["total"]


for _code, _label in BANK_LABELS.items():
    _bank_indicator(_code, _label)
_bank_indicator("other", "ธนาคารอื่น")


@indicator(
    "certificates.share_within_standard",
    label_th="ร้อยละของหนังสือรับรองเงินเดือนที่ออกภายใน 15 นาที",
    label_en="Share of salary certificates issued within 15 minutes",
    unit="percent",
)
def share_within_standard(fiscal_year: FiscalYear) -> Decimal | None:
    counts = issued_summary(fiscal_year)
    return _share(counts["within_standard"], counts["total"])


@indicator(
    "certificates.share_check_passed",
    label_th="ร้อยละของหนังสือรับรองที่ผ่านเกณฑ์เงินคงเหลือสุทธิ",
    label_en="Share of certificates whose net-pay check passed",
    unit="percent",
)
def share_check_passed(fiscal_year: FiscalYear) -> Decimal | None:
    counts = issued_summary(fiscal_year)
    return _share(counts["check_passed"], counts["total"])
