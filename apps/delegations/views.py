"""The office administrator's pages: the delegations of authority, recording and ending one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.delegations import services
from apps.delegations.forms import DelegationForm, EndForm
from apps.delegations.models import Delegation
from core import kit
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.modules import delegable_powers
from core.permissions import role_required
from tenants.requests import OfficeRequest

READER_ROLES = (*services.RECORDER_ROLES, services.DELEGATOR_ROLE)


@role_required(*READER_ROLES)
def delegation_list(request: OfficeRequest) -> HttpResponse:
    today = timezone.localdate()
    delegations = Delegation.objects.select_related("delegator", "delegate")
    context = {
        "delegations": delegations,
        "today": today,
        "powers": delegable_powers(),
        "can_record": kit.may(request.user, *services.RECORDER_ROLES),
        "end_form": EndForm(),
    }
    return render(request, "delegations/delegation_list.html", context)


@role_required(*services.RECORDER_ROLES)
def delegation_new(request: OfficeRequest) -> HttpResponse:
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.delegation_create(
                delegator=data["delegator"],
                delegate=data["delegate"],
                power=data["power"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                order_reference=data["order_reference"],
                delegator_position=data["delegator_position"],
                delegate_position=data["delegate_position"],
                recorded_by=request.user,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The delegation is recorded."))
            return redirect("delegations:delegation_list")
    return render(request, "delegations/delegation_form.html", {"form": form})


@require_POST
@role_required(*services.RECORDER_ROLES)
def delegation_end(request: OfficeRequest, delegation_id: int) -> HttpResponse:
    delegation = Delegation.objects.filter(pk=delegation_id).first()
    if delegation is None:
        raise Http404
    form = EndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("delegations:delegation_list")
    try:
        services.delegation_end(
            delegation=delegation, ended_by=request.user, last_day=form.cleaned_data["last_day"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The delegation is ended."))
    return redirect("delegations:delegation_list")
