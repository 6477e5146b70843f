"""The central site's pages for banks, loan programmes and their form templates.

Central analysts read them and preview the forms; platform operators add banks, programmes and
new versions, confirm a version someone else made, and retire one. Nothing here is personal
data: the preview prints invented sample values.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import CentralRole
from central import bankforms
from central.bank_services import (
    BANK_TERMS,
    PROGRAMME_TERMS,
    bank_create,
    bank_set_active,
    bank_update,
    form_template_add,
    form_template_confirm,
    form_template_retire,
    programme_create,
    programme_set_active,
    programme_update,
)
from central.banks import Bank, BankFormTemplate, LoanProgramme
from central.forms import (
    BankCreateForm,
    FormTemplateForm,
    FormTemplateRetireForm,
    ProgrammeCreateForm,
)
from core.errors import ApplicationError
from core.forms import apply_application_error, id_from_query
from core.permissions import role_required

OPERATOR = CentralRole.PLATFORM_OPERATOR.value
ANALYST = CentralRole.CENTRAL_ANALYST.value


def _blocks(body: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The body's blocks as their type and lines of text, for the page to show."""
    shown = []
    for block in body:
        if block["type"] == "table":
            lines = [f"{label}: {value}" for label, value in block["rows"]]
        elif block["type"] == "space":
            lines = []
        else:
            keys = ("closing", "caption", "name", "position", "text")
            lines = [block[key] for key in keys if block.get(key)]
        shown.append((block["type"], lines))
    return shown


def _editor_labels() -> dict[str, Any]:
    """The block editor's words (central/bankform-editor.js), in the page's language."""
    return {
        "edit_json": _("Edit as JSON"),
        "edit_blocks": _("Edit as blocks"),
        "bad_json": _("The JSON is not a list of blocks; correct it first."),
        "block": _("Block"),
        "types": {
            "heading": _("Heading"),
            "paragraph": _("Paragraph"),
            "table": _("Table"),
            "signature": _("Signature"),
            "space": _("Space"),
        },
        "text": _("Text"),
        "align": _("Alignment"),
        "aligns": {
            "left": _("Left"),
            "center": _("Centre"),
            "right": _("Right"),
            "justify": _("Justified"),
        },
        "indent": _("Indent the first line"),
        "rows": _("Rows, one a line: label | value"),
        "closing": _("Closing (e.g. ขอแสดงความนับถือ)"),
        "caption": _("After the signature line"),
        "name": _("Name in brackets"),
        "position": _("Position"),
        "lines": _("Lines"),
        "up": _("Up"),
        "down": _("Down"),
        "remove": _("Remove"),
        "add": _("Add a block"),
        "new_block_type": _("Type of the new block"),
        "insert_field": _("Insert a field at the cursor"),
    }


def _can_edit(request: HttpRequest) -> bool:
    return isinstance(request.user, User) and request.user.has_role(OPERATOR)


def _bank(code: str) -> Bank:
    bank = Bank.objects.filter(code=code).first()
    if bank is None:
        raise Http404
    return bank


def _template(pk: int) -> BankFormTemplate:
    template = BankFormTemplate.objects.select_related("bank", "programme").filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


@role_required(OPERATOR, ANALYST)
def bank_list(request: HttpRequest) -> HttpResponse:
    """Every bank with its programmes (and the form each prints today) and its form versions."""
    today = timezone.localdate()
    templates = BankFormTemplate.objects.select_related("programme").order_by(
        "programme__code", "-version"
    )
    banks = list(
        Bank.objects.prefetch_related(
            Prefetch("programmes", queryset=LoanProgramme.objects.order_by("code")),
            Prefetch("form_templates", queryset=templates),
        )
    )
    rows = []
    for bank in banks:
        versions = list(bank.form_templates.all())
        in_force = [
            t
            for t in versions
            if t.effective_from <= today and (t.effective_to is None or t.effective_to >= today)
        ]

        def current(programme: LoanProgramme | None, in_force: list[Any] = in_force) -> Any:
            own = [t for t in in_force if t.programme_id == (programme.pk if programme else None)]
            return max(own, key=lambda t: (t.effective_from, t.version), default=None)

        programmes = [
            (programme, current(programme) or current(None)) for programme in bank.programmes.all()
        ]
        rows.append({"bank": bank, "programmes": programmes, "versions": versions})
    return render(
        request,
        "central/banks/list.html",
        {"rows": rows, "today": today, "can_edit": _can_edit(request)},
    )


@role_required(OPERATOR)
def bank_new(request: HttpRequest) -> HttpResponse:
    form = BankCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bank = bank_create(**form.cleaned_data, actor=request.user)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Bank %(name)s was added.") % {"name": bank.name_th})
            return redirect("central:bank_list")
    return render(request, "central/banks/bank_form.html", {"form": form})


@role_required(OPERATOR)
def programme_new(request: HttpRequest, code: str) -> HttpResponse:
    bank = _bank(code)
    form = ProgrammeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(bank=bank, **form.cleaned_data, actor=request.user)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(
                request, _("Programme %(name)s was added.") % {"name": programme.name_th}
            )
            return redirect("central:bank_list")
    return render(request, "central/banks/programme_form.html", {"form": form, "bank": bank})


def _active_flag(request: HttpRequest) -> bool | None:
    """The posted `active` ("1" in use, "0" out of use); anything else is refused with a
    message and changes nothing."""
    value = request.POST.get("active")
    if value in {"0", "1"}:
        return value == "1"
    messages.error(request, _("Choose whether it is in use or out of use."))
    return None


@require_POST
@role_required(OPERATOR)
def bank_active(request: HttpRequest, code: str) -> HttpResponse:
    active = _active_flag(request)
    if active is None:
        return redirect(reverse("central:bank_list") + f"#bank-{code}")
    bank = bank_set_active(bank=_bank(code), active=active, actor=request.user)
    if bank.is_active:
        messages.success(request, _("%(name)s is in use again.") % {"name": bank.name_th})
    else:
        messages.warning(request, _("%(name)s is no longer in use.") % {"name": bank.name_th})
    return redirect(reverse("central:bank_list") + f"#bank-{bank.code}")


@role_required(OPERATOR)
def bank_edit(request: HttpRequest, code: str) -> HttpResponse:
    bank = _bank(code)
    initial = {key: getattr(bank, key) for key in BANK_TERMS} | {"code": bank.code}
    form = BankCreateForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True  # it names the bank's indicator
    if request.method == "POST" and form.is_valid():
        bank_update(
            bank=bank, actor=request.user, **{key: form.cleaned_data[key] for key in BANK_TERMS}
        )
        messages.success(request, _("%(name)s was saved.") % {"name": form.cleaned_data["name_th"]})
        return redirect(reverse("central:bank_list") + f"#bank-{code}")
    return render(request, "central/banks/bank_form.html", {"form": form, "bank": bank})


@role_required(OPERATOR)
def programme_edit(request: HttpRequest, code: str, programme: str) -> HttpResponse:
    found = LoanProgramme.objects.filter(bank=_bank(code), code=programme).first()
    if found is None:
        raise Http404
    initial = {key: getattr(found, key) for key in PROGRAMME_TERMS} | {"code": found.code}
    form = ProgrammeCreateForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True  # a programme's code never changes
    if request.method == "POST" and form.is_valid():
        terms = {key: form.cleaned_data[key] for key in PROGRAMME_TERMS}
        try:
            programme_update(programme=found, actor=request.user, **terms)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Programme %(name)s was saved.") % {"name": found.name_th})
            return redirect(reverse("central:bank_list") + f"#bank-{code}")
    context = {"form": form, "bank": found.bank, "programme": found}
    return render(request, "central/banks/programme_form.html", context)


@require_POST
@role_required(OPERATOR)
def programme_active(request: HttpRequest, code: str, programme: str) -> HttpResponse:
    found = LoanProgramme.objects.filter(bank=_bank(code), code=programme).first()
    if found is None:
        raise Http404
    active = _active_flag(request)
    if active is None:
        return redirect(reverse("central:bank_list") + f"#bank-{code}")
    found = programme_set_active(programme=found, active=active, actor=request.user)
    if found.is_active:
        messages.success(request, _("%(name)s is in use again.") % {"name": found.name_th})
    else:
        messages.warning(request, _("%(name)s is no longer in use.") % {"name": found.name_th})
    return redirect(reverse("central:bank_list") + f"#bank-{code}")


@role_required(OPERATOR, ANALYST)
def form_template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(pk)
    fields = [(key, bankforms.FIELDS.get(key, "")) for key in bankforms.fields_used(template.body)]
    username = request.user.get_username()
    context = {
        "template": template,
        "body": bankforms.body_as_text(template.body),
        "blocks": _blocks(template.body),
        "fields": fields,
        "can_edit": _can_edit(request),
        "own_version": username == template.created_by,
        "retire_form": FormTemplateRetireForm(),
    }
    return render(request, "central/banks/template_detail.html", context)


@role_required(OPERATOR, ANALYST)
def form_template_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The form filled with invented sample values, as the offices will print it."""
    template = _template(pk)
    thai_digits = request.GET.get("digits") == "thai"
    pdf = bankforms.render_form(
        template, bankforms.preview_values(template), thai_digits=thai_digits
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{template.bank.code}-{template.programme.code if template.programme else 'bank'}"
    response["Content-Disposition"] = f'inline; filename="{name}-v{template.version}.pdf"'
    return response


@role_required(OPERATOR)
def form_template_new(request: HttpRequest, code: str) -> HttpResponse:
    """A new version for the bank (or `?programme=<code>`), copied from `?from=<id>` or from
    the version in force today. Posted with `preview`, the draft is printed, not saved."""
    bank = _bank(code)
    programme = None
    programme_code = request.GET.get("programme") or ""
    if programme_code:
        programme = LoanProgramme.objects.filter(bank=bank, code=programme_code).first()
        if programme is None:
            raise Http404
    source_id = id_from_query(request.GET.get("from"))
    source = (
        BankFormTemplate.objects.filter(pk=source_id, bank=bank).first()
        if source_id is not None
        else None
    )
    if source is None:
        scope = BankFormTemplate.objects.filter(bank=bank, programme=programme)
        source = scope.order_by("-effective_from", "-version").first()
    if source is None and programme is not None:
        source = bankforms.form_for(programme, timezone.localdate())
    initial: dict[str, Any] = {"effective_from": timezone.localdate()}
    if source is not None:
        initial |= {
            "title_th": source.title_th,
            "body": bankforms.body_as_text(source.body),
        }
    form = FormTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and "preview" in request.POST:
        # The draft as it would print, saved nowhere (the button opens it in a new tab).
        draft = BankFormTemplate(
            bank=bank,
            programme=programme,
            version=0,
            effective_from=form.cleaned_data["effective_from"],
            title_th=form.cleaned_data["title_th"],
            body=form.cleaned_data["body"],
        )
        pdf = bankforms.render_form(draft, bankforms.preview_values(draft))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{bank.code}-draft.pdf"'
        return response
    if request.method == "POST" and form.is_valid():
        try:
            template = form_template_add(
                bank=bank, programme=programme, **form.cleaned_data, actor=request.user
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(version)s was saved; someone else must confirm it with the bank.")
                % {"version": template.version},
            )
            return redirect("central:bank_form_detail", pk=template.pk)
    context = {
        "form": form,
        "bank": bank,
        "programme": programme,
        "source": source,
        "fields": sorted(bankforms.FIELDS.items()),
        "editor_fields": list(bankforms.FIELDS.items()),
        "editor_labels": _editor_labels(),
    }
    return render(request, "central/banks/template_form.html", context)


@require_POST
@role_required(OPERATOR)
def form_template_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(pk)
    try:
        form_template_confirm(template=template, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(v)s is confirmed.") % {"v": template.version})
    return redirect("central:bank_form_detail", pk=template.pk)


@require_POST
@role_required(OPERATOR)
def form_template_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(pk)
    form = FormTemplateRetireForm(request.POST)
    if form.is_valid():
        try:
            form_template_retire(
                template=template, last_day=form.cleaned_data["last_day"], actor=request.user
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Version %(v)s is retired.") % {"v": template.version})
            return redirect(reverse("central:bank_form_detail", kwargs={"pk": template.pk}))
    context = {
        "template": template,
        "body": bankforms.body_as_text(template.body),
        "blocks": _blocks(template.body),
        "fields": [
            (key, bankforms.FIELDS.get(key, "")) for key in bankforms.fields_used(template.body)
        ],
        "can_edit": True,
        "own_version": request.user.get_username() == template.created_by,
        "retire_form": form,
    }
    return render(request, "central/banks/template_detail.html", context)
