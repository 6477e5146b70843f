"""The certificate pages: the register of a fiscal year, a request at the desk, a request's
steps, the documents (the letter with its QR code, the bank's form, the register PDF/XLSX), and
the public verification page and its JSON twin (no sign-in, rate-limited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.certificates import banking, documents, selectors, services, worklist
from apps.certificates.forms import BankDecisionForm, ReasonForm, RecheckForm, RequestForm
from apps.certificates.models import Certificate, CertificateSettings, CertificateStatus
from apps.certificates.permissions import (
    CERTIFICATE_OFFICER_ROLES,
    REGISTER_READER_ROLES,
    SIGN_POWER,
    SIGNER_ROLES,
)
from apps.delegations.services import delegation_in_force
from apps.onestop.models import ServiceRequest
from apps.people.permissions import can_see_national_id
from audit.services import Counted, export_record
from core import kit, ratelimit
from core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.forms import apply_application_error, id_from_query
from core.permissions import role_required
from core.thai import FiscalYear, fiscal_year, fiscal_year_of
from core.thai.forms import FiscalYearField, year_from_query
from tenants.requests import OfficeRequest

# The public page: a bank officer checks a handful of letters; 30 a minute per address is
# plenty for them and makes guessing tokens (192 bits) pointless anyway.
VERIFY_LIMIT_PER_MINUTE = 30
VALIDITY_TH = {
    "valid": "ใช้ได้ (ออกโดยสำนักงานนี้จริงและยังไม่ถูกเพิกถอน)",
    "revoked": "ถูกเพิกถอนแล้ว ใช้ไม่ได้",
    "superseded": "มีหนังสือฉบับใหม่แทนแล้ว ฉบับนี้ใช้ไม่ได้",
}


def _fiscal_year(request: OfficeRequest) -> FiscalYear:
    year = year_from_query(request.GET.get("fy"), FiscalYearField(required=False))
    return fiscal_year(year) if year is not None else fiscal_year_of(timezone.localdate())


def _certificate(certificate_id: int) -> Certificate:
    try:
        return selectors.certificate_get(certificate_id=certificate_id)
    except NotFoundError:
        raise Http404 from None


def _verify_url(request: HttpRequest, certificate: Certificate) -> str:
    if not certificate.public_token:
        return ""
    return request.build_absolute_uri(
        reverse("certificate_verify:page", kwargs={"token": certificate.public_token})
    )


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    context = {
        "fiscal_year": year,
        "certificates": selectors.certificate_register(fiscal_year=year),
        "open_certificates": selectors.certificate_open_list()[:50],
        "years": sorted({year.be_year, *selectors.fiscal_years_with_certificates()}, reverse=True),
        "can_receive": kit.may(request.user, *CERTIFICATE_OFFICER_ROLES),
    }
    return render(request, "certificates/register.html", context)


@role_required(*CERTIFICATE_OFFICER_ROLES)
def request_new(request: OfficeRequest) -> HttpResponse:
    """Receive a request; with `?ticket=<id>` it belongs to that desk ticket."""
    ticket = None
    ticket_id = id_from_query(request.GET.get("ticket") or request.POST.get("ticket"))
    if ticket_id is not None:
        ticket = ServiceRequest.objects.filter(
            pk=ticket_id, status__in=["waiting", "called", "in_service", "handed_over"]
        ).first()
    existing = getattr(ticket, "certificate", None) if ticket is not None else None
    if existing is not None:
        return redirect("certificates:detail", certificate_id=existing.pk)
    initial: dict[str, Any] = {}
    if ticket is not None and ticket.person is not None:
        initial["national_id"] = ticket.person.national_id
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = banking.programme_get(data["programme"])
        if programme is None:
            form.add_error("programme", _("Choose a bank and programme."))
        else:
            try:
                certificate = services.certificate_request(
                    person=data["national_id"],
                    programme=programme,
                    amount=data["amount"],
                    instalment=data["instalment"],
                    term_months=data["term_months"],
                    purpose=data["purpose"],
                    guarantors=data["guarantors"],
                    received_by=request.user,
                    service_request=ticket,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, worklist.after_step(certificate.pk))
                return redirect("certificates:detail", certificate_id=certificate.pk)
    return render(request, "certificates/request_form.html", {"form": form, "ticket": ticket})


@role_required(*REGISTER_READER_ROLES)
@require_GET
def detail(request: OfficeRequest, certificate_id: int) -> HttpResponse:
    certificate = _certificate(certificate_id)
    user = request.user
    officer = kit.may(user, *CERTIFICATE_OFFICER_ROLES)
    status = certificate.status
    signer = kit.may(user, *SIGNER_ROLES) or (
        status == CertificateStatus.PREPARED
        and delegation_in_force(user=user, power=SIGN_POWER, on=timezone.localdate()) is not None
    )
    handled_it = user.pk in (certificate.received_by_id, certificate.prepared_by_id)
    context = {
        "certificate": certificate,
        "figures": certificate.check_figures,
        "guarantors": list(certificate.guarantors.select_related("person")),
        "blocked": services.blocking_checks(certificate),
        "full_ids": can_see_national_id(user),
        "can_act": officer,
        "can_recheck": officer and status == CertificateStatus.RECEIVED,
        "recheck_form": RecheckForm(
            initial={
                "amount": certificate.amount,
                "instalment": certificate.instalment,
                "term_months": certificate.term_months,
            }
        ),
        "can_prepare": officer and status == CertificateStatus.RECEIVED,
        "can_sign": signer and status == CertificateStatus.PREPARED and not handled_it,
        "sign_waits_for_another": signer and status == CertificateStatus.PREPARED and handled_it,
        "can_hand_over": officer and status == CertificateStatus.SIGNED,
        "can_reject": officer
        and status in (CertificateStatus.RECEIVED, CertificateStatus.PREPARED),
        "can_revoke": certificate.is_issued
        and certificate.revoked_at is None
        and kit.may(user, *CERTIFICATE_OFFICER_ROLES, *SIGNER_ROLES),
        "can_record_decision": officer
        and certificate.is_issued
        and certificate.revoked_at is None
        and not certificate.bank_decision,
        "reason_form": ReasonForm(),
        "decision_form": BankDecisionForm(),
        "verify_url": _verify_url(request, certificate),
    }
    return render(request, "certificates/detail.html", context)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _step(request: OfficeRequest, certificate_id: int, step: str) -> HttpResponse:
    certificate = _certificate(certificate_id)
    user = request.user
    try:
        if step == "recheck":
            recheck = RecheckForm(request.POST)
            if not recheck.is_valid():
                _form_errors(request, recheck)
                return redirect("certificates:detail", certificate_id=certificate_id)
            services.certificate_recheck(
                certificate=certificate,
                officer=user,
                amount=recheck.cleaned_data.get("amount"),
                instalment=recheck.cleaned_data["instalment"],
                term_months=recheck.cleaned_data.get("term_months"),
            )
        elif step == "prepare":
            services.certificate_prepare(certificate=certificate, officer=user)
        elif step == "sign":
            try:
                services.certificate_sign(certificate=certificate, signer=user)
            except PermissionDeniedError:
                raise PermissionDenied from None
        elif step == "hand_over":
            services.certificate_hand_over(certificate=certificate, officer=user)
        elif step == "reject":
            services.certificate_reject(
                certificate=certificate, officer=user, reason=request.POST.get("reason", "")
            )
        elif step == "revoke":
            services.certificate_revoke(
                certificate=certificate, actor=user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The certificate is revoked."))
            return redirect("certificates:detail", certificate_id=certificate_id)
        elif step == "decision":
            decided = BankDecisionForm(request.POST)
            if not decided.is_valid():
                _form_errors(request, decided)
                return redirect("certificates:detail", certificate_id=certificate_id)
            services.certificate_bank_decision(
                certificate=certificate,
                officer=user,
                decision=decided.cleaned_data["decision"],
                contract_number=decided.cleaned_data["contract_number"],
                first_month=decided.cleaned_data["first_month"],
            )
            messages.success(request, _("The bank's decision is recorded."))
            return redirect("certificates:detail", certificate_id=certificate_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, worklist.after_step(certificate_id))
    return redirect("certificates:detail", certificate_id=certificate_id)


def _step_view(step: str, roles: tuple[str, ...]) -> Any:
    @require_POST
    @role_required(*roles)
    def view(request: OfficeRequest, certificate_id: int) -> HttpResponse:
        return _step(request, certificate_id, step)

    view.__name__ = f"certificate_{step}"
    return view


certificate_recheck = _step_view("recheck", CERTIFICATE_OFFICER_ROLES)
certificate_prepare = _step_view("prepare", CERTIFICATE_OFFICER_ROLES)
certificate_sign = _step_view("sign", REGISTER_READER_ROLES)  # the service decides
certificate_hand_over = _step_view("hand_over", CERTIFICATE_OFFICER_ROLES)
certificate_reject = _step_view("reject", CERTIFICATE_OFFICER_ROLES)
certificate_revoke = _step_view("revoke", (*CERTIFICATE_OFFICER_ROLES, *SIGNER_ROLES))
certificate_decision = _step_view("decision", CERTIFICATE_OFFICER_ROLES)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(*CERTIFICATE_OFFICER_ROLES, *SIGNER_ROLES)
@require_GET
def letter_pdf(request: OfficeRequest, certificate_id: int) -> HttpResponse:
    certificate = _certificate(certificate_id)
    content = documents.letter_pdf(
        certificate,
        office_name=request.office.name_th,
        verify_url=_verify_url(request, certificate),
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    return _pdf(content, f"certificate-{certificate.pk}.pdf")


@role_required(*CERTIFICATE_OFFICER_ROLES, *SIGNER_ROLES)
@require_GET
def bank_form_pdf(request: OfficeRequest, certificate_id: int) -> HttpResponse:
    certificate = _certificate(certificate_id)
    programme = banking.programme_get(certificate.programme_id)
    on = certificate.issue_date or timezone.localdate()
    template = banking.form_for(programme, on) if programme is not None else None
    if template is None:
        raise Http404
    values = documents.bank_form_values(certificate, office_name=request.office.name_th)
    content = banking.render_form(
        template, values, thai_digits=request.GET.get("thai_digits") == "1"
    )
    return _pdf(content, f"bank-form-{certificate.pk}.pdf")


def _register_exported(request: HttpRequest, *, rows: int, year: FiscalYear, kind: str) -> None:
    export_record(
        action="certificates.register_exported",
        actor=request.user,
        rows=rows,
        request=request,
        details={"fiscal_year": year.be_year, "format": kind},
    )


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    rows = Counted(selectors.certificate_register(fiscal_year=year))
    content = documents.register_pdf(
        rows,
        office_name=request.office.name_th,
        fiscal_year=year,
        thai_digits=request.GET.get("thai_digits") == "1",
        full_ids=can_see_national_id(request.user),
        issuer=(CertificateSettings.objects.first() or CertificateSettings()).director_position,
    )
    _register_exported(request, rows=rows.count, year=year, kind="pdf")
    response = _pdf(content, f"certificate-register-{year.be_year}.pdf")
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "inline", "attachment"
    )
    return response


@role_required(*REGISTER_READER_ROLES)
@require_GET
def register_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    rows = Counted(selectors.certificate_register(fiscal_year=year))
    content = documents.register_xlsx(rows, office_name=request.office.name_th, fiscal_year=year)
    _register_exported(request, rows=rows.count, year=year, kind="xlsx")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-register-{year.be_year}.xlsx"'
    )
    return response


# --- Public verification (no sign-in) ---------------------------------------------------------


def verification(certificate: Certificate) -> dict[str, Any]:
    """What anyone holding the link may see: no national ID, no amounts, a masked name."""
    validity = certificate.validity
    return {
        "number": certificate.number,
        "issue_date": certificate.issue_date.isoformat() if certificate.issue_date else None,
        "bank": certificate.bank_name,
        "programme": certificate.programme_name,
        "name": selectors.masked_name(certificate),
        "status": validity,
        "status_th": VALIDITY_TH.get(validity, ""),
    }


def _too_many() -> HttpResponse:
    response = HttpResponse(
        "มีการตรวจสอบจากเครื่องนี้มากเกินไป กรุณารอสักครู่แล้วลองใหม่",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response


def _public(request: HttpRequest, token: str) -> Certificate | HttpResponse:
    if not ratelimit.allow(request, "certificates.verify", limit=VERIFY_LIMIT_PER_MINUTE):
        return _too_many()
    try:
        return selectors.certificate_public(token=token[:64])
    except NotFoundError:
        raise Http404 from None


@never_cache
@require_GET
def verify_page(request: HttpRequest, token: str) -> HttpResponse:
    found = _public(request, token)
    if isinstance(found, HttpResponse):
        return found
    response = render(
        request,
        "certificates/verify.html",
        {"v": verification(found), "certificate": found, "token": token},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def verify_json(request: HttpRequest, token: str) -> HttpResponse:
    found = _public(request, token)
    if isinstance(found, HttpResponse):
        return JsonResponse(
            {"code": "certificates.rate_limited", "message": found.content.decode()},
            status=429,
            headers={"Retry-After": "60"},
        )
    response = JsonResponse(verification(found), json_dumps_params={"ensure_ascii": False})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
