"""The claim pages of the office: the list of claims, receiving a medical or child-education
claim at the desk (with every family member's eligibility explained), a claim's steps up to
the cash payment, its scans, the receipt PDF, the two registers, and the office's settings.

Each view parses, calls one service or selector, renders. Health data: only READER_ROLES see
a claim at all; opening one is audited by its selector.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from apps.onestop.models import OPEN_STATUSES as OPEN_TICKET_STATUSES
from apps.onestop.models import ServiceRequest
from apps.people import selectors as people_selectors
from apps.people.models import FamilyMember, Person
from apps.people.permissions import can_see_national_id
from apps.reimbursements import documents, entitlements, selectors, services, worklist
from apps.reimbursements.eligibility import Verdict, semester_dates
from apps.reimbursements.forms import (
    MORE_LINES,
    ChildEducationClaimForm,
    ClaimantForm,
    ClaimFilterForm,
    MedicalClaimForm,
    MedicalLineFormSet,
    ReturnForm,
    ScanForm,
    SchoolLineFormSet,
    SettingsForm,
    filled_lines,
    medical_receipts,
    school_receipts,
)
from apps.reimbursements.models import (
    OPEN_STATUSES,
    Claim,
    ClaimKind,
    ClaimStatus,
    Payment,
    ReimbursementSettings,
)
from apps.reimbursements.permissions import (
    APPROVER_ROLES,
    CLAIM_OFFICER_ROLES,
    DIRECTOR_ROLES,
    PAYER_ROLES,
    READER_ROLES,
    SETTINGS_ROLES,
)
from audit.services import Counted, export_record
from core.errors import ApplicationError, NotFoundError
from core.forms import id_from_query
from core.permissions import role_required
from core.thai import (
    AcademicYear,
    FiscalYear,
    academic_year,
    academic_year_of,
    fiscal_year,
    fiscal_year_of,
    mask_national_id,
    quantize_baht,
    semester_of,
)
from core.thai.forms import AcademicYearField, FiscalYearField, year_from_query
from core.uploads import attachment_response, upload_limit
from tenants.requests import OfficeRequest

RECENT = 50
LINES_PREFIX = "lines"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZERO = Decimal("0.00")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _fiscal_year(value: str | None) -> FiscalYear:
    """The fiscal year `?fy=` names, read as a typed one is; the current one otherwise."""
    year = year_from_query(value, FiscalYearField(required=False))
    return fiscal_year(year) if year is not None else fiscal_year_of(timezone.localdate())


def _claim(request: HttpRequest, claim_id: int, *, audited: bool = False) -> Claim:
    try:
        if audited:
            return selectors.claim_get_for_view(
                claim_id=claim_id, actor=request.user, request=request
            )
        return selectors.claim_get(claim_id=claim_id, actor=request.user)
    except NotFoundError:
        raise Http404 from None


def _refuse_on_form(
    form: forms.BaseForm, error: ApplicationError, aliases: dict[str, str] | None = None
) -> None:
    """A service's refusal on the form field it names (under the form's own name for it)."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


# --- The list of claims ------------------------------------------------------------------


def _to_act_on(user: User) -> tuple[str, ...]:
    """The statuses of the claims waiting for this user's step, most urgent first."""
    statuses: list[str] = []
    if user.has_role(*PAYER_ROLES):
        statuses.append(ClaimStatus.APPROVED)
    if user.has_role(*DIRECTOR_ROLES, *CLAIM_OFFICER_ROLES):
        statuses.append(ClaimStatus.CHECKED)
    if user.has_role(*CLAIM_OFFICER_ROLES):
        statuses.append(ClaimStatus.SUBMITTED)
    return tuple(statuses)


@role_required(*READER_ROLES)
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    years = selectors.claim_years()
    filters = ClaimFilterForm(request.GET or None, years=years)
    chosen: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    year = fiscal_year(chosen["fy"]) if chosen.get("fy") else None
    waiting = _to_act_on(user)
    open_claims = sorted(
        selectors.claim_list().filter(status__in=OPEN_STATUSES)[:RECENT],
        key=lambda c: (
            waiting.index(c.status) if c.status in waiting else len(waiting),
            c.submitted_at,
        ),
    )
    context = {
        "filters": filters,
        "mine": [c for c in open_claims if c.status in waiting],
        "others": [c for c in open_claims if c.status not in waiting],
        "claims": selectors.claim_list(
            kind=chosen.get("kind") or None, status=chosen.get("status") or None, fiscal_year=year
        )[:RECENT],
        "can_receive": user.has_role(*CLAIM_OFFICER_ROLES),
        "can_configure": user.has_role(*SETTINGS_ROLES),
        "current_fy": fiscal_year_of(timezone.localdate()).be_year,
    }
    return render(request, "reimbursements/claim_list.html", context)


# --- Receiving a claim at the desk --------------------------------------------------------


@dataclass(frozen=True)
class FamilyRow:
    """One line of the eligibility table: a family member (None: the claimant), the verdict,
    and for child education the allowance entitled, used and remaining this academic year."""

    name: str
    relation: str
    national_id: str
    verdict: Verdict
    entitled: Decimal | None = None
    used: Decimal | None = None

    @property
    def reason(self) -> str:
        english = (get_language() or "th").startswith("en")
        return self.verdict.reason_en if english else self.verdict.reason_th

    @property
    def remaining(self) -> Decimal | None:
        if self.entitled is None:
            return None
        return entitlements.remaining(entitled=self.entitled, used=self.used or ZERO)


def _ticket_of(request: HttpRequest, service_code: str) -> tuple[ServiceRequest | None, Any]:
    """The desk ticket named by `?ticket=` (or the form), and its claim if it has one."""
    ticket_id = id_from_query(request.POST.get("ticket") or request.GET.get("ticket"))
    if ticket_id is None:
        return None, None
    ticket = (
        ServiceRequest.objects.select_related("person", "claim")
        .filter(pk=ticket_id, service_type__code=service_code)
        .first()
    )
    if ticket is None:
        return None, None
    existing = getattr(ticket, "claim", None)
    if existing is None and ticket.status not in OPEN_TICKET_STATUSES:
        return None, None
    return ticket, existing


def _claimant(request: HttpRequest) -> Person | None:
    person_id = id_from_query(request.POST.get("person") or request.GET.get("person"))
    if person_id is None:
        return None
    try:
        return people_selectors.person_get_for_view(
            person_id=person_id, actor=request.user, request=request
        )
    except NotFoundError:
        raise Http404 from None


def _family_rows(
    person: Person,
    verdicts: list[Verdict],
    *,
    full_ids: bool,
    used: dict[int, entitlements.Entitlement] | None = None,
) -> list[FamilyRow]:
    members: dict[int, FamilyMember] = {m.pk: m for m in person.family.all()}
    rows = []
    for verdict in verdicts:
        member = members.get(verdict.member_id) if verdict.member_id is not None else None
        national_id = member.national_id if member is not None else person.national_id
        if national_id and not full_ids:
            national_id = mask_national_id(national_id)
        entitled = spent = None
        if used is not None and member is not None and member.relation == "child":
            entitlement = used.get(member.pk)
            if entitlement is None:
                spent = ZERO
            else:
                entitled, spent = entitlement.entitled, entitlement.used
        rows.append(
            FamilyRow(
                name=str(member) if member is not None else person.full_name_th,
                relation=(
                    member.get_relation_display() if member is not None else _("The claimant")
                ),
                national_id=national_id,
                verdict=verdict,
                entitled=entitled,
                used=spent,
            )
        )
    return rows


def _step_one(
    request: HttpRequest, *, kind: str, ticket: ServiceRequest | None, url_name: str
) -> HttpResponse:
    """Whose claim: the national ID (the ticket's person's, to begin with)."""
    initial = {}
    if ticket is not None and ticket.person is not None:
        initial["national_id"] = ticket.person.national_id
    bound = "national_id" in request.GET
    form = ClaimantForm(request.GET if bound else None, initial=initial)
    if bound and form.is_valid():
        query = {"person": form.cleaned_data["national_id"].pk}
        if ticket is not None:
            query["ticket"] = ticket.pk
        return redirect(f"{reverse(url_name)}?{urlencode(query)}")
    return render(
        request,
        "reimbursements/claimant_form.html",
        {"form": form, "ticket": ticket, "kind": kind, "kind_label": ClaimKind(kind).label},
    )


def _more_lines(request: HttpRequest, formset_class: Any) -> Any:
    """The form and lines as typed, unbound (no errors yet), with more blank lines: the
    "add lines" button works without JavaScript."""
    data = request.POST
    try:
        total = int(data.get(f"{LINES_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    names = list(formset_class.form.base_fields)
    rows = []
    for index in range(min(total, 60)):
        row = {name: data.get(f"{LINES_PREFIX}-{index}-{name}", "") for name in names}
        if any(value for name, value in row.items() if name != "kind"):
            rows.append(row)
    extra = max(total - len(rows), 0) + MORE_LINES
    lines = formset_class(initial=rows, prefix=LINES_PREFIX)
    lines.extra = extra
    return lines


@role_required(*CLAIM_OFFICER_ROLES)
def medical_new(request: HttpRequest) -> HttpResponse:
    """Receive a medical claim (form 7131); with `?ticket=<id>` it belongs to that ticket."""
    ticket, existing = _ticket_of(request, services.MEDICAL_SERVICE)
    if existing is not None:
        return redirect("reimbursements:claim_detail", claim_id=existing.pk)
    person = _claimant(request)
    if person is None:
        return _step_one(
            request, kind=ClaimKind.MEDICAL, ticket=ticket, url_name="reimbursements:medical_new"
        )
    family = list(person.family.all())
    today = timezone.localdate()
    if request.method == "POST" and "more_lines" in request.POST:
        form = MedicalClaimForm(initial=request.POST.dict(), family=family)
        lines = _more_lines(request, MedicalLineFormSet)
    else:
        data = request.POST if request.method == "POST" else None
        form = MedicalClaimForm(data, family=family, initial={"beneficiary": "self"})
        lines = MedicalLineFormSet(data, prefix=LINES_PREFIX)
        if data is not None and form.is_valid() and lines.is_valid():
            try:
                claim = services.medical_claim_create(
                    claimant=person,
                    beneficiary=form.beneficiary_member(),
                    hospital_name=form.cleaned_data["hospital_name"],
                    hospital_type=form.cleaned_data["hospital_type"],
                    care_type=form.cleaned_data["care_type"],
                    admitted_on=form.cleaned_data["admitted_on"],
                    discharged_on=form.cleaned_data["discharged_on"],
                    receipts=medical_receipts(filled_lines(lines)),
                    received_by=_user(request),
                    service_request=ticket,
                )
            except ApplicationError as exc:
                _refuse_on_form(form, exc)
            else:
                messages.success(request, worklist.after_step(claim))
                return redirect("reimbursements:claim_detail", claim_id=claim.pk)
    verdicts = selectors.family_eligibility_medical(person=person, on=today)
    context = {
        "kind": ClaimKind.MEDICAL,
        "person": person,
        "ticket": ticket,
        "form": form,
        "lines": lines,
        "rows": _family_rows(person, verdicts, full_ids=can_see_national_id(request.user)),
        "on": today,
        "limits": entitlements.medical_limits_in_force(on=today),
        "full_ids": can_see_national_id(request.user),
    }
    return render(request, "reimbursements/medical_form.html", context)


def _academic_year_and_semester(request: HttpRequest) -> tuple[AcademicYear, int]:
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    # A year the form refuses (25690, C.E. 2026) shows this year's table; the form says why.
    typed = year_from_query(source.get("academic_year"), AcademicYearField(required=False))
    year = academic_year(typed) if typed is not None else academic_year_of(today)
    semester_value = source.get("semester", "")
    semester = int(semester_value) if semester_value in ("1", "2") else semester_of(today) or 1
    return year, semester


@role_required(*CLAIM_OFFICER_ROLES)
def child_education_new(request: HttpRequest) -> HttpResponse:
    """Receive a child-education claim (form 7223) for one child's semester."""
    ticket, existing = _ticket_of(request, services.CHILD_EDUCATION_SERVICE)
    if existing is not None:
        return redirect("reimbursements:claim_detail", claim_id=existing.pk)
    person = _claimant(request)
    if person is None:
        return _step_one(
            request,
            kind=ClaimKind.CHILD_EDUCATION,
            ticket=ticket,
            url_name="reimbursements:child_education_new",
        )
    family = list(person.family.all())
    year, semester = _academic_year_and_semester(request)
    initial = {"academic_year": year.be_year, "semester": semester}
    if request.method == "POST" and "more_lines" in request.POST:
        form = ChildEducationClaimForm(initial=request.POST.dict(), family=family)
        lines = _more_lines(request, SchoolLineFormSet)
    else:
        data = request.POST if request.method == "POST" else None
        form = ChildEducationClaimForm(data, family=family, initial=initial)
        lines = SchoolLineFormSet(data, prefix=LINES_PREFIX)
        if data is not None and form.is_valid() and lines.is_valid():
            values = form.cleaned_data
            try:
                claim = services.child_education_claim_create(
                    claimant=person,
                    child=form.child_member(),
                    academic_year_be=values["academic_year"],
                    semester=values["semester"],
                    school_name=values["school_name"],
                    school_type=values["school_type"],
                    level=values["level"],
                    receipts=school_receipts(filled_lines(lines)),
                    fee_notice_received=values["fee_notice_received"],
                    received_by=_user(request),
                    service_request=ticket,
                )
            except ApplicationError as exc:
                _refuse_on_form(form, exc, aliases={"beneficiary": "child"})
            else:
                messages.success(request, worklist.after_step(claim))
                return redirect("reimbursements:claim_detail", claim_id=claim.pk)
    verdicts = selectors.family_eligibility_child_education(
        person=person, year=year, semester=semester
    )
    used = selectors.child_entitlements(person=person, year=year)
    rates = entitlements.child_education_rates_in_force(academic_year_be=year.be_year)
    full_ids = can_see_national_id(request.user)
    context = {
        "kind": ClaimKind.CHILD_EDUCATION,
        "person": person,
        "ticket": ticket,
        "form": form,
        "lines": lines,
        "rows": _family_rows(person, verdicts, full_ids=full_ids, used=used),
        "academic_year": year,
        "semester": semester,
        "semester_starts": semester_dates(year, semester)[0],
        "rates": rates,
        "rates_unconfirmed": any(not rate.is_confirmed for rate in rates),
        "full_ids": full_ids,
    }
    return render(request, "reimbursements/child_education_form.html", context)


# --- A claim and its steps ------------------------------------------------------------------


def _payment(claim: Claim) -> Payment | None:
    return getattr(claim, "payment", None)


@role_required(*READER_ROLES)
@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id, audited=True)
    user = _user(request)
    officer = user.has_role(*CLAIM_OFFICER_ROLES)
    status = claim.status
    checked = status == ClaimStatus.CHECKED
    may_approve = checked and user.has_role(*APPROVER_ROLES) and services.may_approve(user, claim)
    context = {
        "claim": claim,
        "payment": _payment(claim),
        "receipts": list(claim.receipts.all()),
        "scans": list(claim.scans.all()),
        "remaining": entitlements.remaining_after(claim),
        "full_ids": can_see_national_id(user),
        "return_form": ReturnForm(),
        "scan_form": ScanForm(),
        "can_check": officer and status == ClaimStatus.SUBMITTED,
        "can_approve": may_approve,
        "needs_director": checked and not may_approve,
        "can_return": user.has_role(*APPROVER_ROLES) and status in OPEN_STATUSES,
        "can_pay": user.has_role(*PAYER_ROLES) and status == ClaimStatus.APPROVED,
        "can_attach": officer,
        "can_print": status == ClaimStatus.PAID,
    }
    return render(request, "reimbursements/claim_detail.html", context)


def _step(request: HttpRequest, claim_id: int, step: str) -> HttpResponse:
    claim = _claim(request, claim_id)
    user = _user(request)
    try:
        if step == "check":
            services.claim_check(claim=claim, officer=user)
            messages.success(request, worklist.after_step(claim))
        elif step == "approve":
            services.claim_approve(claim=claim, approver=user)
            messages.success(request, worklist.after_step(claim))
        elif step == "return":
            services.claim_return(claim=claim, officer=user, reason=request.POST.get("reason", ""))
            messages.success(request, _("The claim is returned."))
        elif step == "pay":
            payment = services.claim_pay(claim=claim, payer=user)
            messages.success(
                request, _("Paid: payment number %(number)s.") % {"number": payment.number}
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("reimbursements:claim_detail", claim_id=claim_id)


@require_POST
@role_required(*CLAIM_OFFICER_ROLES)
def claim_check(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(request, claim_id, "check")


@require_POST
@role_required(*APPROVER_ROLES)
def claim_approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(request, claim_id, "approve")


@require_POST
@role_required(*APPROVER_ROLES)
def claim_return(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _step(request, claim_id, "return")


@require_POST
@role_required(*PAYER_ROLES)
def claim_pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Pay in cash. A second press (or a retried request) gets the same payment back."""
    return _step(request, claim_id, "pay")


@upload_limit(services.SCAN_MAX_BYTES)
@require_POST
@role_required(*CLAIM_OFFICER_ROLES)
def scan_upload(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    else:
        try:
            services.claim_scan_add(
                claim=claim,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                uploaded_by=_user(request),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The document is attached."))
    return redirect("reimbursements:claim_detail", claim_id=claim_id)


@role_required(*READER_ROLES)
@require_GET
def scan(request: HttpRequest, claim_id: int, scan_id: int) -> Any:  # a FileResponse
    """A scanned document, as a download under a name made here (never the uploader's, never
    a link into the storage), sandboxed and not sniffed (`core.uploads`)."""
    try:
        found = selectors.claim_scan_get(
            claim_id=claim_id, scan_id=scan_id, actor=request.user, request=request
        )
    except NotFoundError:
        raise Http404 from None
    extension = services.SCAN_TYPES.get(found.content_type, ".bin")
    return attachment_response(
        found.file.open("rb"),
        content_type=found.content_type,
        filename=f"claim-{claim_id}-scan-{found.pk}{extension}",
    )


# --- Documents ------------------------------------------------------------------------------


def _document(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@role_required(*READER_ROLES)
@require_GET
def payment_receipt(request: OfficeRequest, claim_id: int) -> HttpResponse:
    """The receipt of a paid claim (ใบสำคัญรับเงิน), to print and sign."""
    claim = _claim(request, claim_id, audited=True)
    payment = _payment(claim)
    if payment is None:
        raise Http404
    content = documents.payment_receipt_pdf(
        payment,
        office_name=request.office.name_th,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    name = payment.number.replace("/", "-")
    return _document(content, "application/pdf", f"receipt-{name}.pdf", inline=True)


def _medical_context(request: HttpRequest) -> dict[str, Any]:
    year = _fiscal_year(request.GET.get("fy"))
    payments = list(selectors.payment_register(kind=ClaimKind.MEDICAL, fiscal_year=year))
    by_category: dict[str, list[Payment]] = {}
    for payment in payments:
        by_category.setdefault(payment.claim.get_claimant_category_display(), []).append(payment)
    return {
        "fiscal_year": year,
        "payments": payments,
        "total": quantize_baht(sum((p.amount for p in payments), ZERO)),
        "by_category": [
            (label, len(rows), quantize_baht(sum((p.amount for p in rows), ZERO)))
            for label, rows in sorted(by_category.items())
        ],
    }


def _years(current: FiscalYear) -> list[int]:
    return sorted({current.be_year, *selectors.fiscal_years_with_payments()}, reverse=True)


@role_required(*READER_ROLES)
@require_GET
def medical_register(request: HttpRequest) -> HttpResponse:
    context = _medical_context(request)
    context["years"] = _years(context["fiscal_year"])
    context["full_ids"] = can_see_national_id(request.user)
    return render(request, "reimbursements/medical_register.html", context)


def _register_exported(
    request: HttpRequest, register: str, *, rows: int, year: FiscalYear, file_format: str
) -> None:
    export_record(
        action=f"reimbursements.{register}_register_exported",
        actor=request.user,
        rows=rows,
        request=request,
        details={
            "fiscal_year": year.be_year,
            "format": file_format,
            "national_id_shown": can_see_national_id(request.user),
        },
    )


@role_required(*READER_ROLES)
@require_GET
def medical_register_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request.GET.get("fy"))
    rows = Counted(selectors.payment_register(kind=ClaimKind.MEDICAL, fiscal_year=year))
    content = documents.medical_register_pdf(
        rows,
        office_name=request.office.name_th,
        fiscal_year=year,
        thai_digits=request.GET.get("thai_digits") == "1",
        full_ids=can_see_national_id(request.user),
    )
    _register_exported(request, "medical", rows=rows.count, year=year, file_format="pdf")
    return _document(content, "application/pdf", f"medical-register-{year.be_year}.pdf")


@role_required(*READER_ROLES)
@require_GET
def medical_register_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request.GET.get("fy"))
    rows = Counted(selectors.payment_register(kind=ClaimKind.MEDICAL, fiscal_year=year))
    content = documents.medical_register_xlsx(
        rows,
        office_name=request.office.name_th,
        fiscal_year=year,
        full_ids=can_see_national_id(request.user),
    )
    _register_exported(request, "medical", rows=rows.count, year=year, file_format="xlsx")
    return _document(content, XLSX, f"medical-register-{year.be_year}.xlsx")


@role_required(*READER_ROLES)
@require_GET
def child_education_register(request: HttpRequest) -> HttpResponse:
    year = _fiscal_year(request.GET.get("fy"))
    rows = selectors.child_education_register(fiscal_year=year)
    in_year = [p for row in rows for p in row.semesters.values() if p.fiscal_year == year.be_year]
    context = {
        "fiscal_year": year,
        "rows": rows,
        "payments_in_year": len(in_year),
        "total": quantize_baht(sum((p.amount for p in in_year), ZERO)),
        "years": _years(year),
        "full_ids": can_see_national_id(request.user),
    }
    return render(request, "reimbursements/child_education_register.html", context)


@role_required(*READER_ROLES)
@require_GET
def child_education_register_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request.GET.get("fy"))
    register = selectors.child_education_register(fiscal_year=year)
    content = documents.child_education_register_pdf(
        register,
        office_name=request.office.name_th,
        fiscal_year=year,
        thai_digits=request.GET.get("thai_digits") == "1",
        full_ids=can_see_national_id(request.user),
    )
    _register_exported(request, "child_education", rows=len(register), year=year, file_format="pdf")
    return _document(content, "application/pdf", f"child-education-register-{year.be_year}.pdf")


@role_required(*READER_ROLES)
@require_GET
def child_education_register_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request.GET.get("fy"))
    register = selectors.child_education_register(fiscal_year=year)
    content = documents.child_education_register_xlsx(
        register,
        office_name=request.office.name_th,
        fiscal_year=year,
        full_ids=can_see_national_id(request.user),
    )
    _register_exported(
        request, "child_education", rows=len(register), year=year, file_format="xlsx"
    )
    return _document(content, XLSX, f"child-education-register-{year.be_year}.xlsx")


# --- Settings -------------------------------------------------------------------------------


@role_required(*SETTINGS_ROLES)
def settings(request: HttpRequest) -> HttpResponse:
    """The approval threshold and the paying officer's name on receipts."""
    current = ReimbursementSettings.objects.first() or ReimbursementSettings()
    form = SettingsForm(
        request.POST or None,
        initial={
            "approval_threshold": current.approval_threshold,
            "payer_name": current.payer_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reimbursement_settings_update(
                approval_threshold=form.cleaned_data["approval_threshold"],
                payer_name=form.cleaned_data["payer_name"],
                actor=_user(request),
            )
        except ApplicationError as exc:
            _refuse_on_form(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("reimbursements:settings")
    return render(request, "reimbursements/settings.html", {"form": form})
