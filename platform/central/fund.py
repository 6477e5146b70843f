"""The teachers' debt revolving fund's national terms and each office's allocations, kept by
the central agency (public schema), read by every office's fund module (`apps.revolvingfund`).

The fund's terms change from year to year and round to round (DOMAIN-wave2 b.2): the cap per
borrower, the rate (fixed, or a margin below a bank's MLR), the term, who may borrow, how old a
debt must be, how many guarantors, and how a round's allocation is filled. Each version is a row
(`FundTerms`) for a fiscal year, or for one round of it, with the letter it comes from and a
confirmed flag: a value nobody has checked against the letter (FY 2557's rate and term, the
number of guarantors) ships unconfirmed, is printed as such wherever it is used, and an
application stores the version it was judged by. A version once used is never edited: a
correction is a new version.

The allocation (`FundAllocation`) is the money the centre gives one office for one round, in
baht; the office's round copies it when it is opened.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RateKind(models.TextChoices):
    FIXED = "fixed", _("Fixed rate")
    MLR_MINUS = "mlr_minus", _("MLR minus a margin")


class FillMethod(models.TextChoices):
    # Applications in rank order, each approved in full while the allocation lasts.
    RANK_ORDER = "rank_order", _("In rank order, each in full while the allocation lasts")
    # The same, and the first that no longer fits is offered what remains.
    RANK_ORDER_PARTIAL = (
        "rank_order_partial",
        _("In rank order; the first that does not fit is offered what remains"),
    )


class TieBreak(models.TextChoices):
    LARGER_DEBT = "larger_debt", _("The larger debt to repay first")
    EARLIER_RECEIPT = "earlier_receipt", _("The application received first")
    LOWER_NET_PAY = "lower_net_pay", _("The lower net pay first")


class EvidenceLevel(models.TextChoices):
    SEEN = "S", _("Seen in a source")
    INFERRED = "I", _("Inferred")
    UNCONFIRMED = "U", _("Not confirmed")


class FundTerms(models.Model):
    """One version of the fund's terms: for a B.E. fiscal year (`round_number` empty: every
    round of it), or for one round. The version in force for a round is its own row if there
    is one, else its fiscal year's (`fund_terms_for`)."""

    code = models.SlugField(_("version code"), max_length=40, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2540), MaxValueValidator(2700)]
    )
    round_number = models.PositiveSmallIntegerField(
        _("round"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("Empty: every round of the fiscal year."),
    )
    cap_per_borrower = models.DecimalField(
        _("cap per borrower (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    rate_kind = models.CharField(_("rate kind"), max_length=12, choices=RateKind.choices)
    rate_value = models.DecimalField(
        _("rate or margin (% a year)"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
        help_text=_("Fixed: the rate. MLR minus: the margin below the MLR."),
    )
    reference_rate = models.DecimalField(
        _("MLR used (% a year)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("For an MLR-linked rate: the MLR the rate was worked out from."),
    )
    term_months = models.PositiveSmallIntegerField(
        _("longest term (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    eligible_categories = models.JSONField(
        _("eligible categories"),
        default=list,
        help_text=_('Person categories that may borrow, e.g. ["teacher"].'),
    )
    eligible_positions = models.JSONField(
        _("eligible positions"),
        default=list,
        help_text=_('Words one of which the position must contain, e.g. ["ครู"]; empty: any.'),
    )
    min_service_years = models.PositiveSmallIntegerField(_("minimum years of service"), default=0)
    min_debt_age_months = models.PositiveSmallIntegerField(
        _("minimum age of each debt (months)"), default=0
    )
    guarantors_min = models.PositiveSmallIntegerField(
        _("guarantors needed"), default=1, validators=[MaxValueValidator(5)]
    )
    fill_method = models.CharField(
        _("how the allocation is filled"),
        max_length=20,
        choices=FillMethod.choices,
        default=FillMethod.RANK_ORDER,
    )
    tie_break = models.CharField(
        _("tie-break"), max_length=20, choices=TieBreak.choices, default=TieBreak.LARGER_DEBT
    )
    waitlist_size = models.PositiveSmallIntegerField(
        _("waiting list (applications)"),
        default=0,
        help_text=_("How many eligible applications past the allocation are waitlisted."),
    )
    source = models.CharField(_("source"), max_length=300)
    evidence_level = models.CharField(
        _("evidence"), max_length=1, choices=EvidenceLevel.choices, default="U"
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Unticked: shown as unconfirmed wherever it is used."),
    )
    unconfirmed_items = models.CharField(
        _("what is not confirmed"),
        max_length=300,
        blank=True,
        help_text=_("e.g. อัตราดอกเบี้ยและจำนวนงวด (ใช้ค่าปี 2558 เป็นสมมติฐาน)"),
    )
    confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("fund terms")
        verbose_name_plural = _("fund terms")
        ordering = ["-fiscal_year", "round_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "round_number"],
                name="fund_terms_one_per_year_or_round",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(rate_kind="fixed") | models.Q(reference_rate__isnull=False),
                name="fund_terms_mlr_has_reference",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed=False) | ~models.Q(confirmed_by=""),
                name="fund_terms_confirmed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        scope = f" ครั้งที่ {self.round_number}" if self.round_number else ""
        return f"ปีงบประมาณ {self.fiscal_year}{scope} ({self.code})"

    @property
    def audit_label(self) -> str:
        return self.code

    @property
    def annual_rate(self) -> Decimal:
        """The rate a borrower pays, % a year."""
        if self.rate_kind == RateKind.MLR_MINUS:
            return max(Decimal("0"), (self.reference_rate or Decimal("0")) - self.rate_value)
        return self.rate_value

    @property
    def rate_label(self) -> str:
        if self.rate_kind == RateKind.MLR_MINUS:
            return f"MLR−{self.rate_value.normalize():f} ({self.annual_rate.normalize():f}%)"
        return f"{self.rate_value.normalize():f}%"

    def snapshot(self) -> dict[str, object]:
        """The version as an application stores it (JSON)."""
        return {
            "id": self.pk,
            "code": self.code,
            "fiscal_year": self.fiscal_year,
            "round_number": self.round_number,
            "cap_per_borrower": f"{self.cap_per_borrower}",
            "rate_kind": self.rate_kind,
            "rate_value": f"{self.rate_value}",
            "reference_rate": None if self.reference_rate is None else f"{self.reference_rate}",
            "annual_rate": f"{self.annual_rate}",
            "term_months": self.term_months,
            "eligible_categories": list(self.eligible_categories or []),
            "eligible_positions": list(self.eligible_positions or []),
            "min_service_years": self.min_service_years,
            "min_debt_age_months": self.min_debt_age_months,
            "guarantors_min": self.guarantors_min,
            "fill_method": self.fill_method,
            "tie_break": self.tie_break,
            "waitlist_size": self.waitlist_size,
            "source": self.source,
            "confirmed": self.confirmed,
            "unconfirmed_items": self.unconfirmed_items,
        }


class FundAllocation(models.Model):
    """The money the centre allocates to one office for one round of a fiscal year."""

    office = models.ForeignKey(
        "tenants.Office",
        verbose_name=_("area office"),
        on_delete=models.CASCADE,
        related_name="fund_allocations",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2540), MaxValueValidator(2700)]
    )
    round_number = models.PositiveSmallIntegerField(
        _("round"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    amount = models.DecimalField(
        _("allocation (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    source = models.CharField(_("source letter"), max_length=300)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("fund allocation")
        verbose_name_plural = _("fund allocations")
        ordering = ["-fiscal_year", "round_number", "office__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "fiscal_year", "round_number"],
                name="fund_allocation_one_per_office_round",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_allocation_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.fiscal_year}/{self.round_number}: {self.amount}"


def fund_terms_for(*, fiscal_year: int, round_number: int) -> FundTerms | None:
    """The terms a round is judged by: the round's own version, else its fiscal year's, else
    the newest earlier year's (terms stay in force until a new version replaces them; a
    version for one round of an earlier year never carries over)."""
    return (
        FundTerms.objects.filter(fiscal_year__lte=fiscal_year)
        .filter(
            models.Q(round_number__isnull=True)
            | models.Q(fiscal_year=fiscal_year, round_number=round_number)
        )
        .order_by("-fiscal_year", models.F("round_number").asc(nulls_last=True))
        .first()
    )


def fund_allocation_for(
    *, office_code: str, fiscal_year: int, round_number: int
) -> FundAllocation | None:
    return FundAllocation.objects.filter(
        office__code=office_code, fiscal_year=fiscal_year, round_number=round_number
    ).first()
