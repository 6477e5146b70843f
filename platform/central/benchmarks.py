"""The central layer's copy of every office's indicators (public schema), and the state of each
office's collection.

Only numbers leave an office's schema: an indicator value per office, fiscal year and code, and
the office's personnel count for "per 100 personnel". No name, ID, date of birth or amount of a
person is ever stored here (a test inspects these tables' columns).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Office


class IndicatorValue(models.Model):
    """One office's value of one indicator for one fiscal year, as last collected."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="indicator_values"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    code = models.CharField(_("indicator"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    per_100_personnel = models.DecimalField(
        _("per 100 personnel"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    collected_at = models.DateTimeField(_("collected"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "fiscal_year", "code"], name="indicator_value_once"
            )
        ]
        indexes = [
            models.Index(fields=["code", "fiscal_year"], name="indicator_value_code_year_idx")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.fiscal_year} {self.code} = {self.value}"


class Collection(models.Model):
    """How the last collections of one office went."""

    office = models.OneToOneField(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="collection"
    )
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful collection"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failures_in_a_row = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    values_changed = models.PositiveIntegerField(_("values changed"), default=0)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return f"{self.office_id}: {self.last_success_at}"

    @property
    def is_failing(self) -> bool:
        return self.failures_in_a_row > 0


class BenchmarkVersion(models.Model):
    """A number that changes whenever what the benchmarks compare changes: any collected value
    or any office. PostgreSQL triggers (migration 0011) give it a new number from a sequence
    in the same transaction as the change (a rollback restores the old number, and no number
    is ever given twice), whatever made it (a collection, an office edited in the admin, an office
    removed with its values), so readers key what they keep on it and reading it is one row
    (it replaced a scan of every collected value per page: 70-400 ms at 2,450 offices)."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("benchmark data version")
        verbose_name_plural = _("benchmark data versions")

    def __str__(self) -> str:
        return str(self.number)
