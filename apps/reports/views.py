"""The office's pages of the annual report: the report of a fiscal year (in the reference's
structure), its wording, the director's review, the submission, the documents (PDF, DOCX, the
evidence bundle as ZIP and merged PDF, drawn by `apps.reports.rendering`) and, once
submitted, what changed since."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import OfficeRole
from apps.delegations.services import delegation_in_force
from apps.reports import services
from apps.reports.compose import (
    content_rows,
    editable_texts,
    report_build,
    report_changes,
    report_content,
)
from apps.reports.content import ReportContent
from apps.reports.forms import ReportTextsForm
from apps.reports.models import AnnualReport, ReportStatus
from apps.reports.rendering.bundle import evidence_pdf as draw_evidence_pdf
from apps.reports.rendering.bundle import evidence_zip as draw_evidence_zip
from apps.reports.rendering.docx import report_docx as draw_report_docx
from apps.reports.rendering.pdf import report_pdf as draw_report_pdf
from audit.services import export_record
from core import kit
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import role_required
from core.thai import FiscalYear, fiscal_year, fiscal_year_of
from core.thai.forms import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, year_from_query
from tenants.requests import OfficeRequest

READER_ROLES = (*services.SUBMITTER_ROLES, OfficeRole.FINANCE_OFFICER, OfficeRole.VIEWER)
# The evidence bundle holds the registers with names: the roles that read the registers.
EVIDENCE_ROLES = (*services.SUBMITTER_ROLES, OfficeRole.FINANCE_OFFICER)


def _year(year: int) -> FiscalYear:
    """The fiscal year a URL names; not found outside the years the forms accept."""
    if not FISCAL_YEAR_MIN <= year <= FISCAL_YEAR_MAX:
        raise Http404
    return fiscal_year(year)


def _may_review(request: OfficeRequest, report: AnnualReport | None) -> bool:
    if report is not None and report.status != ReportStatus.DRAFT:
        return False
    if report is not None and report.last_edited_by_id == request.user.pk:
        return False
    if kit.may(request.user, *services.REVIEWER_ROLES):
        return True
    return (
        delegation_in_force(user=request.user, power=services.REVIEW_POWER, on=timezone.localdate())
        is not None
    )


@role_required(*READER_ROLES)
@require_GET
def report_current(request: OfficeRequest) -> HttpResponse:
    """The report of `?fy=` or, by default, the latest one still being written, else the one
    of the fiscal year that ended last."""
    year = year_from_query(request.GET.get("fy"))
    if year is None:
        open_report = (
            AnnualReport.objects.exclude(status=ReportStatus.SUBMITTED)
            .order_by("-fiscal_year")
            .first()
        )
        ended_last = fiscal_year_of(timezone.localdate()).be_year - 1
        year = open_report.fiscal_year if open_report is not None else ended_last
    return redirect("reports:report", year=year)


@role_required(*READER_ROLES)
@require_GET
def report(request: OfficeRequest, year: int) -> HttpResponse:
    fy = _year(year)
    row = AnnualReport.objects.filter(fiscal_year=year).select_related("last_edited_by").first()
    content = report_content(request.office, fy)
    submitted = row is not None and row.status == ReportStatus.SUBMITTED
    status = row.status if row is not None else ReportStatus.DRAFT
    context = {
        "fiscal_year": fy,
        "report": row,
        "status": status,
        "status_label": ReportStatus(status).label,
        "content": content,
        "rows": content_rows(content),
        "evidence": content.evidence(),
        "can_edit": not submitted and kit.may(request.user, *services.EDITOR_ROLES),
        "can_review": not submitted and _may_review(request, row),
        "can_submit": status == ReportStatus.REVIEWED
        and kit.may(request.user, *services.SUBMITTER_ROLES),
        "can_evidence": kit.may(request.user, *EVIDENCE_ROLES),
        "submitted": submitted,
    }
    return render(request, "reports/report.html", context)


@role_required(*services.EDITOR_ROLES)
def report_edit(request: OfficeRequest, year: int) -> HttpResponse:
    fy = _year(year)
    opening, sections = editable_texts(request.office, fy)
    form = ReportTextsForm(request.POST or None, opening=opening, sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_texts_save(
                fiscal_year=fy,
                editor=request.user,
                opening=form.cleaned_data["opening"],
                methods=form.methods(),
                results=form.results(),
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The report's wording is saved."))
            return redirect("reports:report", year=year)
    return render(request, "reports/report_edit.html", {"fiscal_year": fy, "form": form})


def _act(
    request: OfficeRequest, year: int, action: Callable[[FiscalYear], Any], done: str
) -> HttpResponse:
    fy = _year(year)
    try:
        action(fy)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("reports:report", year=year)


@role_required(*READER_ROLES)  # the service decides: the director or a delegate
@require_POST
def report_review(request: OfficeRequest, year: int) -> HttpResponse:
    return _act(
        request,
        year,
        lambda fy: services.report_review(fiscal_year=fy, reviewer=request.user),
        _("The report is reviewed."),
    )


@role_required(*services.SUBMITTER_ROLES)
@require_POST
def report_submit(request: OfficeRequest, year: int) -> HttpResponse:
    return _act(
        request,
        year,
        lambda fy: services.report_submit(
            office=request.office, fiscal_year=fy, submitter=request.user
        ),
        _("The report is submitted."),
    )


@role_required(*READER_ROLES)
@require_GET
def report_changes_view(request: OfficeRequest, year: int) -> HttpResponse:
    fy = _year(year)
    row = AnnualReport.objects.filter(fiscal_year=year, status=ReportStatus.SUBMITTED).first()
    if row is None or row.frozen is None:
        raise Http404
    submitted = ReportContent.from_json(row.frozen)
    changes = report_changes(submitted, report_build(request.office, fy))
    context = {"fiscal_year": fy, "report": row, "changes": changes}
    return render(request, "reports/report_changes.html", context)


# --- Documents (the renderers are `apps.reports.rendering`) ---------------------------------

DOCUMENTS: dict[str, tuple[Callable[..., bytes], str, str]] = {
    # kind: (renderer, content type, file name)
    "pdf": (draw_report_pdf, "application/pdf", "annual-report-{year}.pdf"),
    "docx": (
        draw_report_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "annual-report-{year}.docx",
    ),
    "evidence_zip": (
        draw_evidence_zip,
        "application/zip",
        "annual-report-{year}.zip",
    ),
    "evidence_pdf": (
        draw_evidence_pdf,
        "application/pdf",
        "annual-report-{year}-evidence.pdf",
    ),
}


def renderer(kind: str) -> Callable[..., bytes]:
    """The renderer of a kind of document (`DOCUMENTS`)."""
    return DOCUMENTS[kind][0]


def _document(request: OfficeRequest, year: int, kind: str) -> HttpResponse:
    fy = _year(year)
    evidence = kind.startswith("evidence")
    content = report_content(request.office, fy, drawings=evidence)
    thai_digits = request.GET.get("digits") != "arabic"
    draw, content_type, name = DOCUMENTS[kind]
    body = draw(content, thai_digits=thai_digits)
    if evidence:  # the registers with names leave the system: audited like a register export
        export_record(
            action="reports.evidence_exported",
            actor=request.user,
            rows=sum(item.rows for _n, item in content.evidence()),
            request=request,
            details={"fiscal_year": year, "format": kind},
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name.format(year=year)}"'
    return response


@role_required(*READER_ROLES)
@require_GET
def report_pdf(request: OfficeRequest, year: int) -> HttpResponse:
    return _document(request, year, "pdf")


@role_required(*READER_ROLES)
@require_GET
def report_docx(request: OfficeRequest, year: int) -> HttpResponse:
    return _document(request, year, "docx")


@role_required(*EVIDENCE_ROLES)
@require_GET
def evidence_zip(request: OfficeRequest, year: int) -> HttpResponse:
    return _document(request, year, "evidence_zip")


@role_required(*EVIDENCE_ROLES)
@require_GET
def evidence_pdf(request: OfficeRequest, year: int) -> HttpResponse:
    return _document(request, year, "evidence_pdf")
