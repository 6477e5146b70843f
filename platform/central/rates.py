"""National rate tables kept by the central agency (public schema), read by every office.

Everything here is dated data: a rate, cap or deadline a ministry can change is a row with the
date (or academic year) it takes effect and the letter it comes from, never a constant in code.
A claim stores the rate it applied, so a later row never rewrites a paid claim.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolType(models.TextChoices):
    GOVERNMENT = "government", _("Government school")
    PRIVATE = "private", _("Private school")


class EducationLevel(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    VOCATIONAL_CERTIFICATE = "vocational_certificate", _("Vocational certificate")
    DIPLOMA = "diploma", _("Diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")


class RateMethod(models.TextChoices):
    ACTUAL_UP_TO_CAP = "actual", _("Actual fees up to the cap")
    SHARE_UP_TO_CAP = "share", _("A share of actual fees up to the cap")


class SourcedRate(models.Model):
    """Where a rate comes from, and whether anyone has checked it against the letter."""

    source_letter = models.CharField(_("source letter"), max_length=200)
    source_date = models.DateField(_("letter date"), null=True, blank=True)
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Unticked: a value to check against the letter before offices rely on it."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


class ChildEducationRate(SourcedRate):
    """The child-education allowance for one school type and level, from an academic year on."""

    effective_academic_year = models.PositiveSmallIntegerField(
        _("in force from academic year (B.E.)"),
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
    )
    last_academic_year = models.PositiveSmallIntegerField(
        _("in force until academic year (B.E.)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
        help_text=_(
            "Empty: until a newer row replaces it. Set for a row that must not reach later "
            "years, e.g. invented demo rates."
        ),
    )
    school_type = models.CharField(_("school type"), max_length=20, choices=SchoolType.choices)
    level = models.CharField(_("level"), max_length=30, choices=EducationLevel.choices)
    method = models.CharField(_("method"), max_length=10, choices=RateMethod.choices)
    share_percent = models.DecimalField(
        _("share of actual fees (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    cap_per_academic_year = models.DecimalField(
        _("cap per academic year (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("child-education rate")
        verbose_name_plural = _("child-education rates")
        ordering = ["-effective_academic_year", "school_type", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_academic_year", "school_type", "level"],
                name="child_education_rate_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(method="share") | models.Q(share_percent=100),
                name="child_education_actual_is_whole",
            ),
            models.CheckConstraint(
                condition=models.Q(last_academic_year__isnull=True)
                | models.Q(last_academic_year__gte=models.F("effective_academic_year")),
                name="child_education_rate_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_school_type_display()} {self.get_level_display()} "
            f"{self.effective_academic_year}: {self.cap_per_academic_year}"
        )


class MedicalLimits(SourcedRate):
    """The medical-expense limits in force from a date on."""

    effective_from = models.DateField(_("in force from"), unique=True)
    special_room_rate_per_day = models.DecimalField(
        _("special room, government hospital, per day (baht)"), max_digits=14, decimal_places=2
    )
    claim_deadline_days = models.PositiveSmallIntegerField(
        _("claim deadline (days from the receipt date)")
    )
    private_outpatient_reimbursable = models.BooleanField(
        _("outpatient care at private hospitals is reimbursed"),
        default=False,
        help_text=_("Unticked: outpatient receipts of private hospitals are refused."),
    )
    non_reimbursable_items = models.JSONField(
        _("items never reimbursed"),
        default=list,
        help_text=_("Item kinds a receipt line is refused for, e.g. deposits or card fees."),
    )

    class Meta:
        verbose_name = _("medical limits")
        verbose_name_plural = _("medical limits")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.special_room_rate_per_day}"


def child_education_rates_covering(academic_year: int) -> models.QuerySet[ChildEducationRate]:
    """The child-education rows that may apply in a B.E. academic year: in force by then and
    not ended before it (a row with a last year, such as an invented demo rate, stops there)."""
    return ChildEducationRate.objects.filter(
        models.Q(last_academic_year__isnull=True) | models.Q(last_academic_year__gte=academic_year),
        effective_academic_year__lte=academic_year,
    )


def child_education_rate_in_force(
    *, academic_year: int, school_type: str, level: str
) -> ChildEducationRate | None:
    """The rate for a B.E. academic year: the newest version in force by then (and not ended
    before it), or None."""
    return (
        child_education_rates_covering(academic_year)
        .filter(school_type=school_type, level=level)
        .order_by("-effective_academic_year")
        .first()
    )


def medical_limits_in_force(*, on: date) -> MedicalLimits | None:
    """The medical limits in force on a date, or None."""
    return MedicalLimits.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def non_reimbursable_codes(limits: MedicalLimits) -> dict[str, str]:
    """The item kinds `limits` never reimburses, as {code: Thai label}."""
    codes: dict[str, str] = {}
    for item in limits.non_reimbursable_items or []:
        if isinstance(item, dict) and item.get("code"):
            codes[str(item["code"])] = str(item.get("label_th") or item["code"])
        elif isinstance(item, str):
            codes[item] = item
    return codes
