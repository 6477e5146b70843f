"""Pages of the payroll data: parse, call one service or selector, render.

Who may do what is in `apps.payroll.permissions`: a role without pay access gets 403 on every
page (office administrators see the net-pay rules only); a person, batch or instruction that
does not exist 404. Every page that shows someone's pay reads it through an audited selector.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.payroll import importing, netpay, selectors, services
from apps.payroll.forms import (
    CheckForm,
    ImportUploadForm,
    InstructionEndForm,
    InstructionForm,
    PayslipForm,
    RuleForm,
    SearchForm,
)
from apps.payroll.models import ImportStatus, PayrollImportBatch
from apps.payroll.months import MonthError, month_key, month_start, next_month, parse_be_month
from apps.payroll.permissions import can_edit_rules, can_use_payroll
from apps.people.models import Person
from apps.people.selectors import person_list
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import allowed_if
from core.uploads import upload_limit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


pay_users = allowed_if(can_use_payroll)
rule_editors = allowed_if(can_edit_rules)
home_users = allowed_if(lambda user: can_use_payroll(user) or can_edit_rules(user))


def _person(person_id: int) -> Person:
    person = Person.objects.select_related("school").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


@home_users
def home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    pay = can_use_payroll(request.user)
    people = list(person_list(search=query)[:50]) if pay and query else []
    return render(
        request,
        "payroll/home.html",
        {
            "form": form,
            "query": query,
            "people": people,
            "pay": pay,
            "months": selectors.month_counts() if pay else [],
            "can_edit_rules": can_edit_rules(request.user),
        },
    )


@pay_users
def person_pay(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(person_id)
    history = selectors.pay_history(person=person, actor=request.user, request=request)
    form = CheckForm(request.GET or None, initial={"month": history[0].month} if history else {})
    check = None
    if request.GET and form.is_valid():
        try:
            check = netpay.net_pay_check(
                person=person,
                month=form.cleaned_data["month"],
                new_instalment=form.cleaned_data["new_instalment"],
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            netpay.net_pay_check_audit(
                check=check, person=person, actor=request.user, request=request
            )
    entry_month = next_month(history[0].month) if history else month_start(timezone.localdate())
    return render(
        request,
        "payroll/person.html",
        {
            "person": person,
            "history": history,
            "instructions": selectors.instruction_list(person=person, actor=request.user),
            "form": form,
            "check": check,
            "entry_month": month_key(entry_month),
        },
    )


def _month_from_query(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_be_month(value[:30])
    except MonthError:
        return None


@pay_users
def payslip_entry(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(person_id)
    month = _month_from_query(request.GET.get("month")) or month_start(timezone.localdate())
    lines, current, copied = selectors.payslip_prefill(
        person=person, month=month, actor=request.user, request=request
    )
    if request.method == "POST":
        form = PayslipForm(request.POST)
        if form.is_valid():
            try:
                result = services.payslip_save(
                    person=person,
                    month=form.cleaned_data["month"],
                    lines=form.lines(),
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    request=request,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                if result.action == "unchanged":
                    messages.info(request, _("Nothing changed."))
                else:
                    messages.success(request, _("Payslip saved."))
                return redirect("payroll:person", person_id=person.pk)
    else:
        initial = PayslipForm.initial_from(month, lines)
        initial["note"] = current.note if current is not None else ""
        form = PayslipForm(initial=initial)
    return render(
        request,
        "payroll/payslip_form.html",
        {"person": person, "form": form, "month": month, "current": current, "copied": copied},
    )


@pay_users
def instruction_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(person_id)
    form = InstructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.deduction_instruction_create(
                person=person,
                kind=data["kind"],
                creditor=data["creditor"],
                contract_number=data["contract_number"],
                monthly_amount=data["monthly_amount"],
                first_month=data["first_month"],
                last_month=data["last_month"],
                note=data["note"],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Deduction instruction saved."))
            return redirect("payroll:person", person_id=person.pk)
    return render(request, "payroll/instruction_form.html", {"person": person, "form": form})


@pay_users
def instruction_end(request: HttpRequest, person_id: int, instruction_id: int) -> HttpResponse:
    person = _person(person_id)
    instruction = selectors.instruction_get(
        person=person, instruction_id=instruction_id, actor=request.user, request=request
    )
    form = InstructionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deduction_instruction_end(
                instruction=instruction,
                last_month=form.cleaned_data["last_month"],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Deduction instruction ended."))
            return redirect("payroll:person", person_id=person.pk)
    return render(
        request,
        "payroll/instruction_end.html",
        {"person": person, "instruction": instruction, "form": form},
    )


@rule_editors
def rules(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.net_pay_rule_create(
                valid_from=data["valid_from"],
                floor_percent=data["floor_percent"],
                base=data["base"],
                mode=data["mode"],
                source=data["source"],
                note=data["note"],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Net-pay rule saved."))
            return redirect("payroll:rules")
    return render(
        request,
        "payroll/rules.html",
        {
            "form": form,
            "rules": selectors.net_pay_rule_list(),
            "in_force": selectors.net_pay_rule_in_force(on=timezone.localdate()),
        },
    )


@upload_limit(importing.MAX_FILE_BYTES)
@pay_users
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            try:
                batch = importing.import_batch_check(
                    file_name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                    request=request,
                )
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                return redirect("payroll:import_batch", batch_id=batch.pk)
    return render(
        request, "payroll/import_upload.html", {"form": form, "columns": importing.COLUMNS}
    )


@pay_users
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="krucare-payslips-template.xlsx"'
    return response


@pay_users
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.import_batch_get(batch_id=batch_id, actor=request.user, request=request)
    show = "all" if request.GET.get("show") == "all" else "problems"
    rows = batch.report
    if show == "problems":
        rows = [r for r in rows if r["problems"] or r["action"] == "update"]
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    applied = batch.status == ImportStatus.APPLIED
    return render(
        request,
        "payroll/import_batch.html",
        {
            "batch": batch,
            "page": page,
            "show": show,
            "applied": applied,
            "counts": batch.applied_counts if applied else batch.checked_counts,
        },
    )


@require_POST
@pay_users
def import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = PayrollImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    try:
        batch = importing.import_batch_apply(batch=batch, actor=request.user, request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The payslips were imported."))
    return redirect("payroll:import_batch", batch_id=batch.pk)
