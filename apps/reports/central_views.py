"""The central agency's pages of the annual reports (central host, public schema): which
offices submitted for a fiscal year, each submitted report (its text and figures: the
registers with names stay with the office), and item 7 summed across offices."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import CentralRole
from apps.reports.compose import content_rows
from apps.reports.content import ReportContent
from central.reports import (
    SubmittedReport,
    national_summary,
    submitted_report_list,
    submitted_years,
)
from core.permissions import role_required
from core.thai import fiscal_year_of
from core.thai.forms import year_from_query
from tenants.models import Office

READERS = (CentralRole.CENTRAL_ANALYST, CentralRole.PLATFORM_OPERATOR)


def _year(request: HttpRequest) -> int:
    year = year_from_query(request.GET.get("fy"))
    if year is not None:
        return year
    years = submitted_years()
    return years[0] if years else fiscal_year_of(timezone.localdate()).be_year - 1


@role_required(*READERS)
@require_GET
def submissions(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    submitted = {report.office_id: report for report in submitted_report_list(fiscal_year=year)}
    offices = Office.objects.exclude(schema_name="public").order_by("name_th")
    rows = [(office, submitted.get(office.pk)) for office in offices]
    context = {
        "year": year,
        "years": sorted({year, *submitted_years()}, reverse=True),
        "rows": rows,
        "submitted_count": len(submitted),
        "summary": national_summary(fiscal_year=year),
    }
    return render(request, "reports/central_submissions.html", context)


@role_required(*READERS)
@require_GET
def submitted_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = (
        SubmittedReport.objects.filter(office__code=code, fiscal_year=year)
        .select_related("office")
        .first()
    )
    if report is None:
        raise Http404
    content = ReportContent.from_json(report.content)
    context = {
        "report": report,
        "content": content,
        "rows": content_rows(content),
        "evidence": content.evidence(),
        "show_rows": True,
    }
    return render(request, "reports/central_report.html", context)
