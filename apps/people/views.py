"""Pages of the register of people: parse, call one service or selector, render.

Who may do what is decided in `apps.people.permissions`; a page a role may not use answers 403,
a record the user may not see 404 (as does one that does not exist).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.people import importing, selectors, services
from apps.people.exporting import people_workbook
from apps.people.forms import (
    FamilyMemberForm,
    ImportUploadForm,
    PersonForm,
    PersonSearchForm,
    PersonStatusForm,
    SchoolForm,
)
from apps.people.importing.describing import describe_row
from apps.people.models import ImportStatus, School
from apps.people.permissions import can_edit_people, can_read_people, can_see_national_id
from audit.services import Counted, export_record
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import allowed_if
from core.uploads import upload_limit

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


readers = allowed_if(can_read_people)
editors = allowed_if(can_edit_people)


def _filtered(request: HttpRequest) -> tuple[PersonSearchForm, Any]:
    schools = list(School.objects.order_by("name_th").values_list("pk", "name_th"))
    form = PersonSearchForm(request.GET or None, schools=schools)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.person_list(
        search=filters.get("q", ""),
        category=filters.get("category", ""),
        status=filters.get("status", ""),
        school=filters.get("school", ""),
    )
    return form, people


def _select(form: PersonSearchForm, name: str) -> str:
    """A filter's <select>, built in one pass: Django's widget renders each of an office's
    hundred-odd schools through a template, which was half of the list page's time."""
    field = form[name]
    current = str(field.value() or "")
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == current else "", label)  # noqa: S308
            for value, label in form.fields[name].choices  # type: ignore[attr-defined]
        ),
    )
    return format_html(
        '<select name="{}" id="id_{}" aria-label="{}">{}</select>',
        name,
        name,
        field.label,
        options,
    )


@readers
def person_list(request: HttpRequest) -> HttpResponse:
    form, people = _filtered(request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "form": form,
        "selects": [
            (form[name].label, _select(form, name)) for name in ("category", "status", "school")
        ],
        "page": page,
        "query": urlencode(query),
        "full": can_see_national_id(request.user),
        "can_edit": can_edit_people(request.user),
    }
    if getattr(request, "htmx", False):
        return render(request, "people/_person_rows.html", context)
    return render(request, "people/person_list.html", context)


@readers
def person_export(request: HttpRequest) -> HttpResponse:
    _form, people = _filtered(request)
    full = can_see_national_id(request.user)
    rows = Counted(people.iterator(chunk_size=2000))
    content = people_workbook(rows, full=full)
    export_record(
        action="person.exported",
        actor=request.user,
        rows=rows.count,
        details={
            "filters": {k: v for k, v in request.GET.items() if v},
            "national_id_shown": full,
        },
        request=request,
    )
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="people-{stamp}.xlsx"'
    return response


@readers
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_view(person_id=person_id, actor=request.user, request=request)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "family": list(person.family.all()),
            "full": can_see_national_id(request.user),
            "can_edit": can_edit_people(request.user),
            "status_form": PersonStatusForm(
                initial={"status": person.status, "status_date": person.status_date}
            ),
        },
    )


@editors
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                data=form.to_data(), actor=request.user, request=request
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("%(person)s registered.") % {"person": person})
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@editors
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_edit(person_id=person_id, actor=request.user)
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person, data=form.to_data(), actor=request.user, request=request
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("%(person)s saved.") % {"person": person})
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@editors
@require_POST
def person_status(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_edit(person_id=person_id, actor=request.user)
    form = PersonStatusForm(request.POST)
    if form.is_valid():
        try:
            services.person_set_status(
                person=person,
                status=form.cleaned_data["status"],
                status_date=form.cleaned_data["status_date"],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("people:person_detail", person_id=person.pk)


@editors
def family_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_edit(person_id=person_id, actor=request.user)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_add(
                person=person, data=form.to_data(), actor=request.user, request=request
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Family member added."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/family_form.html", {"form": form, "person": person})


@editors
def family_edit(request: HttpRequest, person_id: int, member_id: int) -> HttpResponse:
    member = selectors.family_member_get_for_edit(
        person_id=person_id, member_id=member_id, actor=request.user
    )
    form = FamilyMemberForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_update(
                member=member, data=form.to_data(), actor=request.user, request=request
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Family member saved."))
            return redirect("people:person_detail", person_id=person_id)
    return render(
        request,
        "people/family_form.html",
        {"form": form, "person": member.person, "member": member},
    )


@editors
@require_POST
def family_remove(request: HttpRequest, person_id: int, member_id: int) -> HttpResponse:
    member = selectors.family_member_get_for_edit(
        person_id=person_id, member_id=member_id, actor=request.user
    )
    services.family_member_remove(member=member, actor=request.user, request=request)
    messages.success(request, _("Family member removed."))
    return redirect("people:person_detail", person_id=person_id)


@readers
def school_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "people/school_list.html",
        {"schools": selectors.school_list(), "can_edit": can_edit_people(request.user)},
    )


@editors
def school_create(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.school_create(
                code=d["code"],
                name_th=d["name_th"],
                district=d["district"],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("School added."))
            return redirect("people:school_list")
    del form.fields["is_active"]
    return render(request, "people/school_form.html", {"form": form})


@editors
def school_edit(request: HttpRequest, school_id: int) -> HttpResponse:
    try:
        school = School.objects.get(pk=school_id)
    except School.DoesNotExist:
        raise Http404 from None
    initial = {f: getattr(school, f) for f in ("code", "name_th", "district", "is_active")}
    form = SchoolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.school_update(
                school=school,
                code=d["code"],
                name_th=d["name_th"],
                district=d["district"],
                is_active=d["is_active"],
                actor=request.user,
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("School saved."))
            return redirect("people:school_list")
    return render(request, "people/school_form.html", {"form": form, "school": school})


@upload_limit(importing.MAX_FILE_BYTES)
@editors
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
                return redirect("people:import_batch", batch_id=batch.pk)
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "layouts": importing.columns_for_page()},
    )


@editors
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="krucare-people-template.xlsx"'
    return response


@editors
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.import_batch_get(batch_id=batch_id, actor=request.user)
    show = request.GET.get("show", "problems")
    rows = batch.report
    if show == "problems":
        rows = [r for r in rows if r["problems"] or r["action"] == "update"]
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    page.object_list = [describe_row(row) for row in page.object_list]
    counts = batch.applied_counts if batch.status == ImportStatus.APPLIED else batch.checked_counts
    return render(
        request,
        "people/import_batch.html",
        {
            "batch": batch,
            "page": page,
            "show": show,
            "counts": counts,
            "applied": batch.status == ImportStatus.APPLIED,
            "ignored": batch.rows.get("ignored_columns", []),
        },
    )


@editors
@require_POST
def import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.import_batch_get(batch_id=batch_id, actor=request.user)
    try:
        batch = importing.import_batch_apply(batch=batch, actor=request.user, request=request)
    except importing.ImportAlreadyApplied as exc:
        messages.warning(request, exc.message)
    else:
        counts = batch.applied_counts
        messages.success(
            request,
            _(
                "Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
                "%(refused)s refused."
            )
            % counts,
        )
    return redirect("people:import_batch", batch_id=batch.pk)
