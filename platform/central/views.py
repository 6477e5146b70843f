"""The central site: the directory of offices, and adding or suspending one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import CentralRole
from central.forms import OfficeCreateForm
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import role_required
from tenants.models import Office
from tenants.services import office_create, office_set_active

OPERATOR = CentralRole.PLATFORM_OPERATOR.value


def _office_url(request: HttpRequest, office: Office) -> str | None:
    """The office's site on the scheme and port this page was served on."""
    primary = next((d for d in office.domains.all() if d.is_primary), None)
    if primary is None:
        return None
    port = request.get_port()
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    return f"{request.scheme}://{primary.domain}{suffix}/"


def home(request: HttpRequest) -> HttpResponse:
    """The list of offices with links to their sites (public facts only)."""
    offices = Office.objects.prefetch_related("domains").order_by("province", "kind", "area_number")
    rows = [(office, _office_url(request, office)) for office in offices]
    return render(request, "central/home.html", {"rows": rows, "count": len(rows)})


@role_required(OPERATOR)
def office_new(request: HttpRequest) -> HttpResponse:
    form = OfficeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            office = office_create(**form.cleaned_data, actor=request.user)
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Office %(name)s is ready.") % {"name": office.name_th})
            return redirect("central:home")
    return render(request, "central/office_form.html", {"form": form})


@require_POST
@role_required(OPERATOR)
def office_toggle(request: HttpRequest, code: str) -> HttpResponse:
    try:
        office = Office.objects.prefetch_related("domains").get(code=code)
    except Office.DoesNotExist:
        raise Http404 from None
    activate = request.POST.get("active") == "1"
    office_set_active(office=office, active=activate, actor=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        # Just the office's row, swapped in place (django-htmx sets request.htmx).
        context = {"o": office, "url": _office_url(request, office)}
        return render(request, "central/office_row.html", context)
    if activate:
        messages.success(request, _("%(name)s is active again.") % {"name": office.name_th})
    else:
        messages.warning(request, _("%(name)s is suspended.") % {"name": office.name_th})
    return redirect("central:home")
