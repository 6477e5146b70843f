"""The central copy of every submitted annual report (public schema).

When an office submits its report for a fiscal year (`apps.reports.services.report_submit`),
the text and figures as submitted (`ReportContent.as_json()` without the reviewer's name) are
copied here, so the central agency reads every office's report and sums item 7 across offices
without entering an office's schema. The registers with names stay in the office: the copy
holds each register's title and row count only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from core.schemas import PUBLIC_SCHEMA
from tenants.models import Office


class SubmittedReport(models.Model):
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="reports"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    submitted_on = models.DateField(_("submitted on"))
    copied_at = models.DateTimeField()
    content = models.JSONField()

    class Meta:
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        ordering = ["fiscal_year", "office__name_th"]
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year"], name="submitted_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.fiscal_year}"


# Keys of a report's JSON the central copy never holds (a person's name).
PRIVATE_KEYS = ("reviewed_by",)


def submitted_report_store(
    *, office: Office, fiscal_year: int, submitted_on: date, content: dict[str, Any]
) -> SubmittedReport:
    """Copy an office's submitted report into the public schema (once per office and year; a
    second copy replaces the first). Runs from any schema, inside the caller's transaction."""
    public = {key: value for key, value in content.items() if key not in PRIVATE_KEYS}
    with schema_context(PUBLIC_SCHEMA):
        report, _created = SubmittedReport.objects.update_or_create(
            office=office,
            fiscal_year=fiscal_year,
            defaults={
                "submitted_on": submitted_on,
                "copied_at": timezone.now(),
                "content": public,
            },
        )
    return report


def submitted_report_list(*, fiscal_year: int) -> models.QuerySet[SubmittedReport]:
    return SubmittedReport.objects.filter(fiscal_year=fiscal_year).select_related("office")


def submitted_years() -> list[int]:
    years = SubmittedReport.objects.values_list("fiscal_year", flat=True).distinct()
    return sorted(set(years), reverse=True)


@dataclass
class FigureTotal:
    code: str
    label: str
    unit: str
    total: Decimal = Decimal(0)
    offices: int = 0


@dataclass
class SectionSummary:
    key: str
    number: str
    title: str
    offices_reporting: int = 0  # offices whose report records this section's figures
    offices_own_text: int = 0  # offices that reported it in their own words
    figures: dict[str, FigureTotal] = field(default_factory=dict)

    @property
    def figure_totals(self) -> list[FigureTotal]:
        """The figures in order, for templates: a template never iterates `figures` itself (a
        figure coded "values" or "items" would be read as the dict's method)."""
        return list(self.figures.values())


def national_summary(*, fiscal_year: int) -> list[SectionSummary]:
    """Item 7 across the offices that submitted for the year: per section (in the order of the
    first report that has it), how many offices report it and the total of each figure."""
    sections: dict[str, SectionSummary] = {}
    for report in submitted_report_list(fiscal_year=fiscal_year).order_by("office__code"):
        for section in report.content.get("sections", []):
            key = section["key"]
            summary = sections.setdefault(
                key, SectionSummary(key, section["number"], section["title"])
            )
            if not section.get("recorded", True):
                summary.offices_own_text += 1
                continue
            summary.offices_reporting += 1
            for figure in section.get("figures", []):
                total = summary.figures.setdefault(
                    figure["code"], FigureTotal(figure["code"], figure["label"], figure["unit"])
                )
                total.total += Decimal(figure["value"])
                total.offices += 1
    return list(sections.values())
