"""Sign-in, password pages (Django's views with Thai templates) and user management."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import services
from accounts.forms import UserForm
from accounts.models import User
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import role_required

USER_ADMIN_ROLES = ("office_admin", "platform_operator")


@role_required(*USER_ADMIN_ROLES)
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.order_by("username").prefetch_related("groups")
    return render(request, "accounts/user_list.html", {"users": users})


@role_required(*USER_ADMIN_ROLES)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                username=data["username"],
                password=data["password"],
                roles=data["roles"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                position=data["position"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Account %(username)s created.") % {"username": user})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@role_required(*USER_ADMIN_ROLES)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        user = User.objects.get(pk=user_id)
    except User.DoesNotExist:
        raise Http404 from None
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "is_active": user.is_active,
        "roles": sorted(user.role_names),
    }
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                user=user,
                roles=data["roles"],
                is_active=data["is_active"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                position=data["position"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": user})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "edited": user})
