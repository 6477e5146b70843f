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
from tenants.services import FirstAdmin, office_admin_reinvite, office_create, office_set_active

OPERATOR = CentralRole.PLATFORM_OPERATOR.value


def _site_url(request: HttpRequest) -> str:
    """An office's address on the scheme and port this page was served on (`{host}`: its
    domain)."""
    port = request.get_port()
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    return f"{request.scheme}://{{host}}{suffix}/"


def _office_url(request: HttpRequest, office: Office) -> str | None:
    """The office's site on the scheme and port this page was served on."""
    primary = next((d for d in office.domains.all() if d.is_primary), None)
    if primary is None:
        return None
    return _site_url(request).format(host=primary.domain)


def home(request: HttpRequest) -> HttpResponse:
    """The list of offices with links to their sites (public facts only)."""
    offices = Office.objects.prefetch_related("domains").order_by("province", "kind", "area_number")
    rows = [(office, _office_url(request, office)) for office in offices]
    return render(request, "central/home.html", {"rows": rows, "count": len(rows)})


@role_required(OPERATOR)
def office_new(request: HttpRequest) -> HttpResponse:
    form = OfficeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        admin = FirstAdmin(
            email=data.pop("admin_email"),
            first_name=data.pop("admin_first_name"),
            last_name=data.pop("admin_last_name"),
            username=data.pop("admin_username"),
        )
        try:
            office = office_create(
                **data, admin=admin, site_url=_site_url(request), actor=request.user
            )
        except ApplicationError as exc:
            if exc.field in {"email", "username"}:  # the administrator's, refused in the office
                exc.field = f"admin_{exc.field}"
            apply_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Office %(name)s is ready; its administrator was invited at %(email)s.")
                % {"name": office.name_th, "email": admin.email},
            )
            return redirect("central:home")
    return render(request, "central/office_form.html", {"form": form})


@require_POST
@role_required(OPERATOR)
def office_invitation_send(request: HttpRequest, code: str) -> HttpResponse:
    """Send the office's administrator their invitation again (lost, or expired)."""
    office = Office.objects.filter(code=code).first()
    if office is None:
        raise Http404
    invited = office_admin_reinvite(office=office, site_url=_site_url(request), actor=request.user)
    if invited:
        emails = ", ".join(user.email for user in invited)
        messages.success(
            request, _("The invitation was sent again to %(emails)s.") % {"emails": emails}
        )
    else:
        messages.warning(
            request,
            _("No administrator of %(name)s is waiting for an invitation.")
            % {"name": office.name_th},
        )
    return redirect("central:home")


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
