"""The office's annual report per fiscal year (office schema): its own wording (the opening and
each section's methods, and the results of a section KruCare does not record), where it stands
(draft → reviewed by the director → submitted), and, once submitted, the content as submitted
(`ReportContent.as_json()`), frozen. Writes go through `apps.reports.services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("annual report", "Draft")
    REVIEWED = "reviewed", pgettext_lazy("annual report", "Reviewed by the director")
    SUBMITTED = "submitted", pgettext_lazy("annual report", "Submitted")


class AnnualReport(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # "" means: not written by the office, the outline's (or last year's) opening applies.
    opening = models.TextField(_("opening"), blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # As signed: the name and position (with "acting for …" under a delegation).
    reviewed_by_name = models.CharField(max_length=200, blank=True)
    reviewed_by_position = models.CharField(max_length=400, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    frozen = models.JSONField(null=True, blank=True)  # ReportContent.as_json() at submission

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status="submitted", frozen__isnull=False, submitted_on__isnull=False
                )
                | (~models.Q(status="submitted") & models.Q(frozen__isnull=True)),
                name="reports_frozen_iff_submitted",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | ~models.Q(reviewed_by_name=""),
                name="reports_reviewed_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"รายงานปีงบประมาณ {self.fiscal_year}"


class SectionText(models.Model):
    """The office's wording of one section of one year's report ("" = not written: the
    previous year's wording or the module's default applies)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(max_length=60)
    methods = models.TextField(_("methods"), blank=True)
    results = models.TextField(_("results"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reports_one_text_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.key}"
