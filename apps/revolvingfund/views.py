"""The fund's pages: rounds (open, publish the call, close), the call's circular letter (public,
no sign-in, like the public page that lists it), applications at the desk with their documents
and checks, the subcommittee's scores and ranking (`ranking_views`), the register of approvals
and each round's ranking list (PDF/XLSX)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.onestop.models import ServiceRequest
from apps.revolvingfund import documents, selectors, services
from apps.revolvingfund.forms import (
    DEBT_ROWS,
    GUARANTOR_ROWS,
    ApplicationForm,
    CallForm,
    DocumentForm,
    ReasonForm,
    RoundOpenForm,
)
from apps.revolvingfund.models import Application, ApplicationStatus, Round, RoundStatus
from apps.revolvingfund.permissions import (
    COMMITTEE_ROLES,
    FILE_READER_ROLES,
    FUND_OFFICER_ROLES,
    REGISTER_READER_ROLES,
)
from audit.services import Counted, audit_record, export_record
from core import kit, ratelimit
from core.errors import ApplicationError, NotFoundError
from core.forms import apply_application_error, id_from_query
from core.permissions import role_required
from core.thai import fiscal_year_of
from core.thai.forms import FiscalYearField, year_from_query
from tenants.requests import OfficeRequest

PUBLIC_LIMIT_PER_MINUTE = 30


def _year(request: HttpRequest) -> int:
    year = year_from_query(request.GET.get("fy"), FiscalYearField(required=False))
    return year if year is not None else fiscal_year_of(timezone.localdate()).be_year


def _round(round_id: int) -> Round:
    try:
        return selectors.round_get(round_id=round_id)
    except NotFoundError:
        raise Http404 from None


def _application(application_id: int) -> Application:
    try:
        return selectors.application_get(application_id=application_id)
    except NotFoundError:
        raise Http404 from None


def _pdf(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _thai_digits(request: HttpRequest) -> bool:
    return request.GET.get("thai_digits") == "1"


@role_required(*REGISTER_READER_ROLES)
@require_GET
def home(request: OfficeRequest) -> HttpResponse:
    year = _year(request)
    rounds = list(selectors.round_list())
    context = {
        "rows": [(r, services.round_counts(r)) for r in rounds[:12]],
        "fiscal_year": year,
        "years": sorted({year, *selectors.fiscal_years_with_rounds()}, reverse=True),
        "can_open": kit.may(request.user, *FUND_OFFICER_ROLES),
        "open_form": RoundOpenForm(initial={"fiscal_year": year, "number": 1}),
    }
    return render(request, "revolvingfund/home.html", context)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def round_open(request: OfficeRequest) -> HttpResponse:
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("revolvingfund:home")
    try:
        round_ = services.round_open(
            fiscal_year_be=form.cleaned_data["fiscal_year"],
            number=form.cleaned_data["number"],
            officer=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("revolvingfund:home")
    return redirect("revolvingfund:round", round_id=round_.pk)


@role_required(*REGISTER_READER_ROLES)
@require_GET
def round_detail(request: OfficeRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    officer = kit.may(request.user, *FUND_OFFICER_ROLES)
    file_reader = kit.may(request.user, *FILE_READER_ROLES)
    context: dict[str, Any] = {
        "round": round_,
        "applications": list(selectors.application_list(round=round_)) if file_reader else [],
        "counts": services.round_counts(round_),
        "officer": officer,
        "file_reader": file_reader,
        "committee": kit.may(request.user, *COMMITTEE_ROLES),
        "call_form": CallForm(
            initial={"documents": [d["code"] for d in round_.documents_to_bring]}
        ),
        "unconfirmed": documents.unconfirmed_note(round_.terms, round_.terms_confirmed),
    }
    context.update(_ranking_context(request, round_))
    return render(request, "revolvingfund/round.html", context)


def _ranking_context(request: OfficeRequest, round_: Round) -> dict[str, Any]:
    from apps.revolvingfund import ranking_views

    return ranking_views.round_context(request, round_)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def call_publish(request: OfficeRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    form = CallForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("revolvingfund:round", round_id=round_id)
    try:
        services.round_call_publish(
            round=round_,
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
            documents=form.cleaned_data["documents"],
            note=form.cleaned_data["note"],
            officer=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The call is published on the office's public page."))
    return redirect("revolvingfund:round", round_id=round_id)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def round_close(request: OfficeRequest, round_id: int) -> HttpResponse:
    try:
        services.round_close(round=_round(round_id), officer=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("revolvingfund:round", round_id=round_id)


@require_GET
def call_letter_pdf(request: OfficeRequest, round_id: int) -> HttpResponse:
    """The published call's circular letter: public (schools download it from the office's
    public page without signing in), rate-limited; not found before it is published."""
    if not ratelimit.allow(request, "revolvingfund.call", limit=PUBLIC_LIMIT_PER_MINUTE):
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    try:
        round_ = selectors.published_round_get(round_id=round_id)
    except NotFoundError:
        raise Http404 from None
    content = documents.call_letter_pdf(
        round_, office_name=request.office.name_th, thai_digits=_thai_digits(request)
    )
    return _pdf(content, f"fund-call-{round_.fiscal_year}-{round_.number}.pdf")


# --- Applications ---------------------------------------------------------------------------


@role_required(*FUND_OFFICER_ROLES)
def application_new(request: OfficeRequest) -> HttpResponse:
    """Receive a ทป.1; with `?ticket=<id>` it belongs to that desk ticket. The round is the one
    whose call is open today (or `?round=<id>`)."""
    ticket = None
    ticket_id = id_from_query(request.GET.get("ticket") or request.POST.get("ticket"))
    if ticket_id is not None:
        ticket = ServiceRequest.objects.filter(
            pk=ticket_id, status__in=["waiting", "called", "in_service", "handed_over"]
        ).first()
    existing = getattr(ticket, "fund_application", None) if ticket is not None else None
    if existing is not None:
        return redirect("revolvingfund:application", fund_application_id=existing.pk)
    round_id = id_from_query(request.GET.get("round") or request.POST.get("round"))
    rounds = Round.objects.filter(status=RoundStatus.CALL_PUBLISHED)
    round_ = (
        rounds.filter(pk=round_id).first() if round_id else rounds.order_by("-opens_on").first()
    )
    initial: dict[str, Any] = {}
    if ticket is not None and ticket.person is not None:
        initial["national_id"] = ticket.person.national_id
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and round_ is None:
        form.add_error(None, _("No round's call is open."))
    elif request.method == "POST" and form.is_valid() and round_ is not None:
        data = form.cleaned_data
        try:
            application = services.application_receive(
                round=round_,
                person=data["national_id"],
                service_started_on=data["service_started_on"],
                amount_requested=data["amount_requested"],
                term_requested=data["term_requested"],
                debts=data["debts"],
                guarantors=data["guarantors"],
                director_endorsed=data["director_endorsed"],
                director_name=data["director_name"],
                endorsed_on=timezone.localdate() if data["director_endorsed"] else None,
                received_by=request.user,
                service_request=ticket,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Received. Add the file's documents, then check it."))
            return redirect("revolvingfund:application", fund_application_id=application.pk)
    context = {
        "form": form,
        "ticket": ticket,
        "round": round_,
        "debt_rows": range(1, DEBT_ROWS + 1),
        "guarantor_rows": range(1, GUARANTOR_ROWS + 1),
    }
    return render(request, "revolvingfund/application_form.html", context)


@role_required(*FILE_READER_ROLES)
@require_GET
def application_detail(request: OfficeRequest, fund_application_id: int) -> HttpResponse:
    application = _application(fund_application_id)
    audit_record(
        action="revolvingfund.application_viewed",
        actor=request.user,
        target=application,
        request=request,
    )
    officer = kit.may(request.user, *FUND_OFFICER_ROLES)
    open_file = application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.RETURNED)
    context = {
        "application": application,
        "officer": officer,
        "can_add": officer and open_file,
        "can_check": officer and open_file,
        "can_withdraw": officer
        and application.status not in (*("approved", "waitlisted", "refused", "withdrawn"),),
        "document_form": DocumentForm(application=application),
        "reason_form": ReasonForm(),
        "unconfirmed": documents.unconfirmed_note(
            application.round.terms, application.terms_confirmed
        ),
    }
    context.update(_application_ranking_context(request, application))
    return render(request, "revolvingfund/application.html", context)


def _application_ranking_context(
    request: OfficeRequest, application: Application
) -> dict[str, Any]:
    from apps.revolvingfund import ranking_views

    return ranking_views.application_context(request, application)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def document_add(request: OfficeRequest, fund_application_id: int) -> HttpResponse:
    application = _application(fund_application_id)
    form = DocumentForm(request.POST, request.FILES, application=application)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("revolvingfund:application", fund_application_id=fund_application_id)
    data = form.cleaned_data
    try:
        services.application_document_add(
            application=application,
            kind=data["kind"],
            debt=application.debts.filter(pk=data["debt"]).first() if data["debt"] else None,
            guarantor=application.guarantors.filter(pk=data["guarantor"]).first()
            if data["guarantor"]
            else None,
            upload=data.get("file"),
            officer=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The document is recorded."))
    return redirect("revolvingfund:application", fund_application_id=fund_application_id)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def application_check(request: OfficeRequest, fund_application_id: int) -> HttpResponse:
    application = _application(fund_application_id)
    try:
        checked = services.application_check(application=application, officer=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if checked.status == ApplicationStatus.RETURNED:
            messages.warning(request, _("The file is incomplete and is returned to the teacher."))
        else:
            messages.success(request, checked.get_status_display())
    return redirect("revolvingfund:application", fund_application_id=fund_application_id)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def application_withdraw(request: OfficeRequest, fund_application_id: int) -> HttpResponse:
    try:
        services.application_withdraw(
            application=_application(fund_application_id),
            officer=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("revolvingfund:application", fund_application_id=fund_application_id)


# --- Registers ------------------------------------------------------------------------------


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register(request: OfficeRequest) -> HttpResponse:
    year = _year(request)
    context = {
        "fiscal_year": year,
        "applications": list(selectors.register(fiscal_year_be=year)),
        "years": sorted({year, *selectors.fiscal_years_with_rounds()}, reverse=True),
    }
    return render(request, "revolvingfund/register.html", context)


def _exported(request: HttpRequest, *, rows: int, details: dict[str, Any]) -> None:
    export_record(
        action="revolvingfund.register_exported",
        actor=request.user,
        rows=rows,
        request=request,
        details=details,
    )


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register_pdf(request: OfficeRequest) -> HttpResponse:
    year = _year(request)
    rows = Counted(selectors.register(fiscal_year_be=year))
    rounds = Round.objects.filter(fiscal_year=year, terms_confirmed=False).first()
    content = documents.register_pdf(
        rows,
        office_name=request.office.name_th,
        fiscal_year_be=year,
        thai_digits=_thai_digits(request),
        note=documents.unconfirmed_note(rounds.terms, False) if rounds is not None else "",
    )
    _exported(request, rows=rows.count, details={"fiscal_year": year, "format": "pdf"})
    return _pdf(content, f"fund-register-{year}.pdf", attachment=True)


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _year(request)
    rows = Counted(selectors.register(fiscal_year_be=year))
    content = documents.register_xlsx(rows, office_name=request.office.name_th, fiscal_year_be=year)
    _exported(request, rows=rows.count, details={"fiscal_year": year, "format": "xlsx"})
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="fund-register-{year}.xlsx"'
    return response


@role_required(*REGISTER_READER_ROLES)
@require_GET
def ranking_pdf(request: OfficeRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    if round_.status not in (RoundStatus.RANKED, RoundStatus.APPROVED):
        raise Http404
    rows = Counted(selectors.ranking_list(round=round_).prefetch_related("debts"))
    content = documents.ranking_pdf(
        round_, rows, office_name=request.office.name_th, thai_digits=_thai_digits(request)
    )
    _exported(request, rows=rows.count, details={"round": round_.pk, "format": "ranking-pdf"})
    return _pdf(content, f"fund-ranking-{round_.fiscal_year}-{round_.number}.pdf")
