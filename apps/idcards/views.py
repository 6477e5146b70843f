"""The ID-card pages: the register of a fiscal year, receiving an application at the desk, an
application's steps, and the documents (register PDF/XLSX, the filled request form)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.delegations.services import delegation_in_force
from apps.idcards import documents, selectors, services, worklist
from apps.idcards.forms import PHOTO_MAX_BYTES, ApplicationForm, CheckForm, RejectForm
from apps.idcards.models import ApplicationStatus, CardApplication, CardSettings
from apps.idcards.permissions import (
    APPROVE_POWER,
    APPROVER_ROLES,
    CARD_OFFICER_ROLES,
    PHOTO_READER_ROLES,
    REGISTER_READER_ROLES,
)
from apps.onestop.models import ServiceRequest
from apps.people.permissions import can_see_national_id
from audit.services import Counted, export_record
from core import kit
from core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.forms import apply_application_error, id_from_query
from core.permissions import role_required
from core.thai import FiscalYear, fiscal_year, fiscal_year_of
from core.thai.forms import FiscalYearField, year_from_query
from core.uploads import attachment_response, upload_limit
from tenants.requests import OfficeRequest

OPEN_BEFORE_PRINTING = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.CHECKED,
    ApplicationStatus.APPROVED,
)


def _fiscal_year(request: OfficeRequest) -> FiscalYear:
    """The fiscal year `?fy=` names, read as a typed one is; the current one otherwise."""
    year = year_from_query(request.GET.get("fy"), FiscalYearField(required=False))
    return fiscal_year(year) if year is not None else fiscal_year_of(timezone.localdate())


def _application(application_id: int) -> CardApplication:
    try:
        return selectors.card_application_get(application_id=application_id)
    except NotFoundError:
        raise Http404 from None


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    context = {
        "fiscal_year": year,
        "applications": selectors.card_application_register(fiscal_year=year),
        "open_applications": selectors.card_application_open_list()[:50],
        "years": sorted({year.be_year, *selectors.fiscal_years_with_applications()}, reverse=True),
        "full_ids": can_see_national_id(request.user),
        "can_receive": kit.may(request.user, *CARD_OFFICER_ROLES),
    }
    return render(request, "idcards/register.html", context)


@upload_limit(PHOTO_MAX_BYTES)
@role_required(*CARD_OFFICER_ROLES)
def application_new(request: OfficeRequest) -> HttpResponse:
    """Receive an application; with `?ticket=<id>` it belongs to that desk ticket."""
    ticket = None
    ticket_id = id_from_query(request.GET.get("ticket") or request.POST.get("ticket"))
    if ticket_id is not None:
        ticket = ServiceRequest.objects.filter(
            pk=ticket_id, status__in=["waiting", "called", "in_service", "handed_over"]
        ).first()
    existing = getattr(ticket, "card_application", None) if ticket is not None else None
    if existing is not None:  # the ticket's application is already received
        return redirect("idcards:application_detail", application_id=existing.pk)
    initial: dict[str, Any] = {}
    if ticket is not None and ticket.person is not None:
        initial["national_id"] = ticket.person.national_id
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.card_application_create(
                person=data["national_id"],
                reason=data["reason"],
                received_by=request.user,
                documents=data["documents"],
                police_report_number=data["police_report_number"],
                old_card_number=data["old_card_number"],
                service_request=ticket,
                photo=data.get("photo"),
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Application received."))
            return redirect("idcards:application_detail", application_id=application.pk)
    return render(request, "idcards/application_form.html", {"form": form, "ticket": ticket})


@role_required(*REGISTER_READER_ROLES)
@require_GET
def application_detail(request: OfficeRequest, application_id: int) -> HttpResponse:
    application = _application(application_id)
    user = request.user
    officer = kit.may(user, *CARD_OFFICER_ROLES)
    status = application.status
    approver = kit.may(user, *APPROVER_ROLES) or (
        status == ApplicationStatus.CHECKED
        and delegation_in_force(user=user, power=APPROVE_POWER, on=timezone.localdate()) is not None
    )
    handled_it = user.pk in (application.received_by_id, application.checked_by_id)
    context = {
        "application": application,
        "check_form": CheckForm(initial={"documents": application.documents}),
        "reject_form": RejectForm(),
        "full_ids": can_see_national_id(user),
        "can_act": officer,
        "can_see_photo": bool(application.photo) and kit.may(user, *PHOTO_READER_ROLES),
        "can_check": officer and status in (ApplicationStatus.RECEIVED, ApplicationStatus.CHECKED),
        "can_approve": approver and status == ApplicationStatus.CHECKED and not handled_it,
        "approval_waits_for_another": approver
        and status == ApplicationStatus.CHECKED
        and handled_it,
        "waits_for_approval": status == ApplicationStatus.CHECKED and not approver,
        "can_print": officer and status == ApplicationStatus.APPROVED,
        "can_hand_over": officer and status == ApplicationStatus.PRINTED,
        "can_reject": officer and status in OPEN_BEFORE_PRINTING,
    }
    return render(request, "idcards/application_detail.html", context)


def _step(request: OfficeRequest, application_id: int, step: str) -> HttpResponse:
    application = _application(application_id)
    user = request.user
    try:
        if step == "check":
            form = CheckForm(request.POST)
            form.is_valid()
            services.card_application_check(
                application=application,
                documents=form.cleaned_data.get("documents", []),
                officer=user,
            )
        elif step == "approve":
            try:
                services.card_application_approve(application=application, approver=user)
            except PermissionDeniedError:  # neither the director nor a delegate today
                raise PermissionDenied from None
        elif step == "print":
            services.card_issue(application=application, officer=user)
        elif step == "hand_over":
            services.card_hand_over(application=application, officer=user)
        elif step == "reject":
            services.card_application_reject(
                application=application, officer=user, reason=request.POST.get("reason", "")
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, worklist.after_step(application_id))
    return redirect("idcards:application_detail", application_id=application_id)


@require_POST
@role_required(*CARD_OFFICER_ROLES)
def application_check(request: OfficeRequest, application_id: int) -> HttpResponse:
    return _step(request, application_id, "check")


@require_POST
@role_required(*REGISTER_READER_ROLES)  # the director, or a delegate (the service decides)
def application_approve(request: OfficeRequest, application_id: int) -> HttpResponse:
    return _step(request, application_id, "approve")


@require_POST
@role_required(*CARD_OFFICER_ROLES)
def application_print(request: OfficeRequest, application_id: int) -> HttpResponse:
    return _step(request, application_id, "print")


@require_POST
@role_required(*CARD_OFFICER_ROLES)
def application_hand_over(request: OfficeRequest, application_id: int) -> HttpResponse:
    return _step(request, application_id, "hand_over")


@require_POST
@role_required(*CARD_OFFICER_ROLES)
def application_reject(request: OfficeRequest, application_id: int) -> HttpResponse:
    return _step(request, application_id, "reject")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _register_exported(
    request: HttpRequest, *, rows: int, year: FiscalYear, file_format: str
) -> None:
    export_record(
        action="idcards.register_exported",
        actor=request.user,
        rows=rows,
        request=request,
        details={
            "fiscal_year": year.be_year,
            "format": file_format,
            "national_id_shown": can_see_national_id(request.user),
        },
    )


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    rows = Counted(selectors.card_application_register(fiscal_year=year))
    content = documents.register_pdf(
        rows,
        office_name=request.office.name_th,
        issuer=(CardSettings.objects.first() or CardSettings()).issuer_position,
        fiscal_year=year,
        thai_digits=request.GET.get("thai_digits") == "1",
        full_ids=can_see_national_id(request.user),
    )
    _register_exported(request, rows=rows.count, year=year, file_format="pdf")
    return _download(content, "application/pdf", f"idcard-register-{year.be_year}.pdf")


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    rows = Counted(selectors.card_application_register(fiscal_year=year))
    content = documents.register_xlsx(
        rows,
        office_name=request.office.name_th,
        issuer=(CardSettings.objects.first() or CardSettings()).issuer_position,
        fiscal_year=year,
        full_ids=can_see_national_id(request.user),
    )
    _register_exported(request, rows=rows.count, year=year, file_format="xlsx")
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"idcard-register-{year.be_year}.xlsx",
    )


@role_required(*CARD_OFFICER_ROLES)
@require_GET
def request_form_pdf(request: OfficeRequest, application_id: int) -> HttpResponse:
    application = _application(application_id)
    content = documents.request_form_pdf(
        application,
        office_name=request.office.name_th,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    return _download(content, "application/pdf", f"idcard-request-{application.pk}.pdf")


@role_required(*PHOTO_READER_ROLES)
@require_GET
def application_photo(request: OfficeRequest, application_id: int) -> Any:  # a FileResponse
    """The applicant's photo, to those who handle cards; audited, served as the uploads are
    (`core.uploads.attachment_response`), which an `<img>` still shows."""
    try:
        application = selectors.card_photo_get(
            application_id=application_id, actor=request.user, request=request
        )
    except NotFoundError:
        raise Http404 from None
    png = (application.photo.name or "").lower().endswith(".png")
    return attachment_response(
        application.photo.open("rb"),
        content_type="image/png" if png else "image/jpeg",
        filename=f"idcard-{application.pk}-photo{'.png' if png else '.jpg'}",
    )


@role_required(*CARD_OFFICER_ROLES)
@require_GET
def card_pdf(request: OfficeRequest, application_id: int) -> HttpResponse:
    """The card itself, at card size (CR80), to print on the card printer: once numbered."""
    application = _application(application_id)
    if not application.card_number:
        raise Http404
    content = documents.card_pdf(application, office_name=request.office.name_th)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="idcard-{application.pk}.pdf"'
    return response
