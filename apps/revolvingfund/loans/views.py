"""The loans' pages: the register (and arrears), a loan with its ledger and its steps, the
contract from an approved application, the month's deduction file, the import of what
finance deducted (dry run, then confirm), the documents. Each view parses, calls one service
or selector, renders; the services check the roles again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.payroll.months import MonthError, format_be_month, month_start, parse_be_month
from apps.revolvingfund.loans import documents, importing, selectors, services, transfers
from apps.revolvingfund.loans.forms import (
    ContractForm,
    DisbursementForm,
    ExistingLoansForm,
    ImportForm,
    LoanRuleForm,
    RemitForm,
    RestructureForm,
    SettlementForm,
    SignForm,
    TransferInForm,
    TransferOutForm,
)
from apps.revolvingfund.loans.services import (
    FINANCE_ROLES,
    PREPARER_ROLES,
    READER_ROLES,
    RULE_EDITOR_ROLES,
    SIGNER_ROLES,
)
from apps.revolvingfund.models import Application, ApplicationStatus, Loan, LoanRule, LoanStatus
from audit.services import Counted, export_record
from core import kit
from core.errors import ApplicationError, NotFoundError
from core.forms import apply_application_error
from core.permissions import role_required
from core.thai import FiscalYear, fiscal_year, fiscal_year_of
from core.thai.forms import FiscalYearField, year_from_query
from tenants.requests import OfficeRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fiscal_year(request: OfficeRequest) -> FiscalYear:
    year = year_from_query(request.GET.get("fy"), FiscalYearField(required=False))
    return fiscal_year(year) if year is not None else fiscal_year_of(timezone.localdate())


def _loan(request: OfficeRequest, loan_id: int) -> Loan:
    try:
        return selectors.loan_get(loan_id=loan_id, actor=request.user, request=request)
    except NotFoundError:
        raise Http404 from None


def _month(request: OfficeRequest) -> date:
    text = request.GET.get("month", "")
    try:
        return parse_be_month(text) if text else month_start(timezone.localdate())
    except MonthError:
        raise Http404 from None


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(*READER_ROLES)
@require_GET
def register(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    arrears = request.GET.get("arrears") == "1"
    context = {
        "fiscal_year": year,
        "arrears": arrears,
        "loans": selectors.loan_register(fiscal_year=year, arrears_only=arrears),
        "to_contract": selectors.applications_to_contract()[:100],
        "years": sorted({year.be_year, *selectors.fiscal_years_with_loans()}, reverse=True),
        "can_prepare": kit.may(request.user, *PREPARER_ROLES),
        "can_finance": kit.may(request.user, *FINANCE_ROLES),
        "this_month": format_be_month(month_start(timezone.localdate()), "short"),
    }
    return render(request, "revolvingfund/loans/register.html", context)


@role_required(*PREPARER_ROLES)
def prepare(request: OfficeRequest, application_id: int) -> HttpResponse:
    application = (
        Application.objects.select_related("person", "round")
        .filter(pk=application_id, status=ApplicationStatus.APPROVED)
        .first()
    )
    if application is None:
        raise Http404
    existing = Loan.objects.filter(application=application).first()
    if existing is not None:
        return redirect("revolvingfund:loans:detail", loan_id=existing.pk)
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.loan_contract_prepare(
                application=application,
                contract_signed_on=data["contract_signed_on"],
                borrower_signed=data["borrower_signed"],
                guarantees_signed=data["guarantees_signed"],
                witnesses=[data["witness_1"], data["witness_2"]],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The contract is prepared; the director signs it next."))
            return redirect("revolvingfund:loans:detail", loan_id=loan.pk)
    context = {
        "application": application,
        "form": form,
        "guarantors": application.guarantors.select_related("person"),
    }
    return render(request, "revolvingfund/loans/prepare.html", context)


@role_required(*READER_ROLES)
@require_GET
def detail(request: OfficeRequest, loan_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    user = request.user
    quote = None
    if loan.is_running:
        try:
            quote = services.settlement_quote(loan=loan, on=timezone.localdate())
        except ApplicationError:
            quote = None
    context = {
        "loan": loan,
        "guarantors": loan.guarantors.select_related("instruction"),
        "disbursements": loan.disbursements.all(),
        "entries": loan.entries.order_by("on", "pk"),
        "disbursed": sum(d.amount for d in loan.disbursements.all()),
        "quote": quote,
        "can_sign": kit.may(user, *SIGNER_ROLES)
        and loan.office_signed_at is None
        and loan.status == LoanStatus.CONTRACTED,
        "can_disburse": kit.may(user, *FINANCE_ROLES)
        and loan.office_signed_at is not None
        and loan.status == LoanStatus.CONTRACTED,
        "can_settle": kit.may(user, *PREPARER_ROLES, *FINANCE_ROLES) and loan.is_running,
        "can_restructure": kit.may(user, *PREPARER_ROLES) and loan.is_running,
        "can_transfer": kit.may(user, *PREPARER_ROLES) and loan.is_running,
        "can_link": kit.may(user, *PREPARER_ROLES) and loan.status == LoanStatus.REPAYING,
        "sign_form": SignForm(),
        "disbursement_form": DisbursementForm(),
        "settlement_form": SettlementForm(),
        "restructure_form": RestructureForm(),
        "transfer_form": TransferOutForm(),
    }
    return render(request, "revolvingfund/loans/detail.html", context)


def _errors(request: OfficeRequest, form: object) -> None:
    for errors in getattr(form, "errors", {}).values():
        for error in errors:
            messages.error(request, str(error))


def _loan_step(
    request: OfficeRequest,
    loan_id: int,
    form: forms.Form,
    step: Callable[..., object],
    done: str,
) -> HttpResponse:
    """A step on one loan from its page: the form's fields go to the service `step` with the
    loan, the actor and the request; its refusal or the form's errors are shown, and the loan's
    page again either way."""
    loan = _loan(request, loan_id)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            step(loan=loan, **form.cleaned_data, actor=request.user, request=request)
            messages.success(request, done)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("revolvingfund:loans:detail", loan_id=loan_id)


@role_required(*SIGNER_ROLES)
@require_POST
def sign(request: OfficeRequest, loan_id: int) -> HttpResponse:
    return _loan_step(
        request,
        loan_id,
        SignForm(request.POST),
        services.loan_contract_sign,
        _("The contract is signed for the office."),
    )


@role_required(*FINANCE_ROLES)
@require_POST
def disburse(request: OfficeRequest, loan_id: int) -> HttpResponse:
    return _loan_step(
        request,
        loan_id,
        DisbursementForm(request.POST, request.FILES),
        services.loan_disburse,
        _("The payment to the creditor is recorded."),
    )


@role_required(*PREPARER_ROLES, *FINANCE_ROLES)
@require_POST
def settle(request: OfficeRequest, loan_id: int) -> HttpResponse:
    return _loan_step(
        request,
        loan_id,
        SettlementForm(request.POST),
        services.loan_settle,
        _("The payment is recorded."),
    )


@role_required(*PREPARER_ROLES)
@require_POST
def restructure(request: OfficeRequest, loan_id: int) -> HttpResponse:
    return _loan_step(
        request,
        loan_id,
        RestructureForm(request.POST),
        services.loan_restructure,
        _("The loan is restructured."),
    )


# --- Documents ---------------------------------------------------------------------------


def _digits(request: OfficeRequest) -> bool:
    return request.GET.get("thai_digits") == "1"


@role_required(*READER_ROLES)
@require_GET
def contract_pdf(request: OfficeRequest, loan_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    content = documents.contract_pdf(
        loan, office_name=request.office.name_th, thai_digits=_digits(request)
    )
    return _pdf(content, f"loan-contract-{loan.pk}.pdf")


@role_required(*READER_ROLES)
@require_GET
def guarantee_pdf(request: OfficeRequest, loan_id: int, guarantor_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    guarantor = loan.guarantors.filter(pk=guarantor_id).first()
    if guarantor is None:
        raise Http404
    content = documents.guarantee_pdf(
        loan, guarantor, office_name=request.office.name_th, thai_digits=_digits(request)
    )
    return _pdf(content, f"guarantee-{loan.pk}-{guarantor.pk}.pdf")


@role_required(*READER_ROLES)
@require_GET
def letter_pdf(request: OfficeRequest, loan_id: int, guarantor_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    guarantor = loan.guarantors.select_related("instruction").filter(pk=guarantor_id).first()
    if guarantor is None or not guarantor.letter_number:
        raise Http404
    content = documents.guarantor_letter_pdf(
        loan, guarantor, office_name=request.office.name_th, thai_digits=_digits(request)
    )
    return _pdf(content, f"guarantor-letter-{loan.pk}-{guarantor.pk}.pdf")


@role_required(*READER_ROLES)
@require_GET
def ledger_pdf(request: OfficeRequest, loan_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    content = documents.ledger_pdf(
        loan, office_name=request.office.name_th, thai_digits=_digits(request)
    )
    return _pdf(content, f"loan-ledger-{loan.pk}.pdf")


@role_required(*READER_ROLES)
@require_GET
def proof(request: OfficeRequest, loan_id: int, disbursement_id: int) -> Any:  # FileResponse
    from core.uploads import attachment_response

    loan = _loan(request, loan_id)
    disbursement = loan.disbursements.filter(pk=disbursement_id).first()
    if disbursement is None:
        raise Http404
    name = disbursement.proof.name or ""
    content_type = (
        "application/pdf"
        if name.endswith(".pdf")
        else ("image/png" if name.endswith(".png") else "image/jpeg")
    )
    extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
    return attachment_response(
        disbursement.proof.open("rb"),
        content_type=content_type,
        filename=f"proof-{loan.pk}-{disbursement.pk}.{extension}",
    )


def _register_title(year: FiscalYear, arrears: bool) -> str:
    kind = "ทะเบียนลูกหนี้ค้างชำระ" if arrears else "ทะเบียนคุมลูกหนี้"
    return f"{kind}เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู ปีงบประมาณ {year.be_year}"


@role_required(*READER_ROLES)
@require_GET
def register_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    arrears = request.GET.get("arrears") == "1"
    loans = list(selectors.loan_register(fiscal_year=year, arrears_only=arrears))
    content = documents.register_pdf(
        loans,
        title=_register_title(year, arrears),
        office_name=request.office.name_th,
        thai_digits=_digits(request),
    )
    export_record(
        action="revolvingfund.loan_register_exported",
        actor=request.user,
        rows=len(loans),
        request=request,
        details={"fiscal_year": year.be_year, "format": "pdf", "arrears": arrears},
    )
    return _attachment(content, "application/pdf", f"loan-register-{year.be_year}.pdf")


@role_required(*READER_ROLES)
@require_GET
def register_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    arrears = request.GET.get("arrears") == "1"
    rows = Counted(selectors.loan_register(fiscal_year=year, arrears_only=arrears))
    content = documents.register_xlsx(list(rows), title=_register_title(year, arrears))
    export_record(
        action="revolvingfund.loan_register_exported",
        actor=request.user,
        rows=rows.count,
        request=request,
        details={"fiscal_year": year.be_year, "format": "xlsx", "arrears": arrears},
    )
    return _attachment(content, XLSX, f"loan-register-{year.be_year}.xlsx")


# --- The month: deduction file and import -------------------------------------------------


@role_required(*FINANCE_ROLES)
@require_GET
def deductions(request: OfficeRequest) -> HttpResponse:
    month = _month(request)
    lines = importing.deduction_lines(month=month)
    context = {
        "month": month,
        "month_text": format_be_month(month, "short"),
        "lines": lines,
        "total": sum(line.amount for line in lines),
        "form": ImportForm(initial={"month": month}),
        "imports": selectors.recent_imports(),
    }
    return render(request, "revolvingfund/loans/deductions.html", context)


@role_required(*FINANCE_ROLES)
@require_GET
def deduction_file(request: OfficeRequest) -> HttpResponse:
    month = _month(request)
    kind = request.GET.get("format", "xlsx")
    lines = importing.deduction_lines(month=month)
    export_record(
        action="revolvingfund.deduction_file_exported",
        actor=request.user,
        rows=len(lines),
        request=request,
        details={"month": month.isoformat(), "format": kind},
    )
    name = f"fund-deductions-{month:%Y-%m}"
    if kind == "csv":
        return _attachment(
            importing.deduction_file_csv(month=month), "text/csv; charset=utf-8", f"{name}.csv"
        )
    return _attachment(importing.deduction_file_xlsx(month=month), XLSX, f"{name}.xlsx")


@role_required(*FINANCE_ROLES)
@require_POST
def import_upload(request: OfficeRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return redirect("revolvingfund:loans:deductions")
    upload = form.cleaned_data["file"]
    try:
        batch = importing.repayments_import_check(
            month=form.cleaned_data["month"],
            file_name=upload.name or "file",
            content=upload.read(),
            actor=request.user,
            request=request,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("revolvingfund:loans:deductions")
    return redirect("revolvingfund:loans:import", batch_id=batch.pk)


@role_required(*FINANCE_ROLES)
def import_batch(request: OfficeRequest, batch_id: int) -> HttpResponse:
    try:
        batch = selectors.import_get(batch_id=batch_id)
    except NotFoundError:
        raise Http404 from None
    if request.method == "POST" and request.POST.get("remit"):
        form = RemitForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
        else:
            try:
                importing.repayments_remit(
                    batch=batch,
                    on=form.cleaned_data["on"],
                    reference=form.cleaned_data["reference"],
                    actor=request.user,
                    request=request,
                )
                messages.success(request, _("The remittance to the fund is recorded."))
            except ApplicationError as exc:
                messages.error(request, exc.message)
        return redirect("revolvingfund:loans:import", batch_id=batch_id)
    if request.method == "POST":
        try:
            result = importing.repayments_import_apply(
                batch=batch, actor=request.user, request=request
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(count)d loans recorded for the month.") % {"count": result.recorded}
            )
            for number in result.guarantors_started:
                messages.warning(
                    request,
                    _(
                        "Loan %(number)s: the guarantors are deducted from "
                        "next month; print their letters."
                    )
                    % {"number": number},
                )
        return redirect("revolvingfund:loans:import", batch_id=batch_id)
    context = {
        "batch": batch,
        "rows": [r for r in batch.report if r.get("action") != "blocking"],
        "blocking": [r for r in batch.report if r.get("action") == "blocking"],
        "month_text": format_be_month(batch.month, "short") if batch.month else "",
    }
    return render(request, "revolvingfund/loans/import.html", context)


# --- Moving a loan to another office -------------------------------------------------------


@role_required(*PREPARER_ROLES)
@require_POST
def transfer_out(request: OfficeRequest, loan_id: int) -> HttpResponse:
    """Hand the loan over; the response is the signed file to send to the new office."""
    loan = _loan(request, loan_id)
    form = TransferOutForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("revolvingfund:loans:detail", loan_id=loan_id)
    try:
        handover = transfers.loan_transfer_out(
            loan=loan,
            to_office=form.cleaned_data["to_office"],
            from_month=form.cleaned_data["from_month"],
            actor=request.user,
            request=request,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("revolvingfund:loans:detail", loan_id=loan_id)
    name = f"loan-handover-{loan.number.replace('/', '-')}.krucare"
    return _attachment(handover.package.encode(), "application/octet-stream", name)


@role_required(*PREPARER_ROLES)
@require_POST
def guarantor_link(request: OfficeRequest, loan_id: int, guarantor_id: int) -> HttpResponse:
    """Link a guarantor of a received loan to this office's register (by national ID)."""
    loan = _loan(request, loan_id)
    try:
        guarantor = transfers.loan_guarantor_link(
            loan=loan, guarantor_id=guarantor_id, actor=request.user, request=request
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is linked to the register; the guarantor rule can deduct here.")
            % {"name": guarantor.name},
        )
    return redirect("revolvingfund:loans:detail", loan_id=loan_id)


@role_required(*PREPARER_ROLES)
def transfer_in(request: OfficeRequest) -> HttpResponse:
    form = TransferInForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        text = upload.read(transfers.MAX_PACKAGE_BYTES + 1).decode("ascii", errors="replace")
        try:
            loan = transfers.loan_transfer_in(package=text, actor=request.user, request=request)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The loan is received; its deductions start here."))
            return redirect("revolvingfund:loans:detail", loan_id=loan.pk)
    return render(request, "revolvingfund/loans/transfer_in.html", {"form": form})


# --- The loan rule (dated settings) -------------------------------------------------------

RULE_FIELDS = (
    "guarantor_after_months",
    "days_in_year",
    "max_restructure_months",
    "creditor_name",
    "contract_form_name",
    "guarantee_form_name",
    "on_leaving_service",
    "source",
    "confirmed",
)


@role_required(*READER_ROLES, *RULE_EDITOR_ROLES)
def rules(request: OfficeRequest) -> HttpResponse:
    """The versions of the office's loan rule; the office administrator adds a new version from
    a date (never edits one)."""
    today = timezone.localdate()
    in_force = LoanRule.objects.filter(valid_from__lte=today).order_by("-valid_from").first()
    can_edit = kit.may(request.user, *RULE_EDITOR_ROLES)
    initial = {field: getattr(in_force, field) for field in RULE_FIELDS} if in_force else {}
    form = LoanRuleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.loan_rule_create(**form.cleaned_data, actor=request.user, request=request)
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("Loan rule saved."))
                return redirect("revolvingfund:loans:rules")
    context = {
        "rules": LoanRule.objects.order_by("-valid_from")[:200],
        "in_force": in_force,
        "form": form if can_edit else None,
    }
    return render(request, "revolvingfund/loans/rules.html", context)


# --- Existing loans (starting mid-term) ----------------------------------------------------


@role_required(*PREPARER_ROLES)
def existing_import(request: OfficeRequest) -> HttpResponse:
    form = ExistingLoansForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = importing.loans_import_check(
                as_of=form.cleaned_data["as_of"],
                file_name=upload.name or "file",
                content=upload.read(),
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            return redirect("revolvingfund:loans:existing_batch", batch_id=batch.pk)
    columns = [heading for heading, _key in importing.LOAN_COLUMNS]
    return render(request, "revolvingfund/loans/existing.html", {"form": form, "columns": columns})


@role_required(*PREPARER_ROLES)
def existing_batch(request: OfficeRequest, batch_id: int) -> HttpResponse:
    try:
        batch = selectors.import_get(batch_id=batch_id)
    except NotFoundError:
        raise Http404 from None
    if batch.kind != "loans":
        raise Http404
    if request.method == "POST":
        try:
            created = importing.loans_import_apply(batch=batch, actor=request.user, request=request)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(count)d loans imported.") % {"count": len(created)})
            return redirect("revolvingfund:loans:register")
        return redirect("revolvingfund:loans:existing_batch", batch_id=batch_id)
    context = {
        "batch": batch,
        "rows": batch.report,
        "blocking": [],
        "existing": True,
        "month_text": format_be_month(batch.month, "short") if batch.month else "",
    }
    return render(request, "revolvingfund/loans/import.html", context)
