"""Sign-in, the second factor, password pages (Django's views with Thai templates), one's own
sessions, and user management."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors, services, two_factor
from accounts.forms import EnrolForm, SecondFactorForm, UserForm
from accounts.models import User
from audit.receivers import LOGOUT_ACTION_ATTRIBUTE
from audit.services import audit_record
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import role_required

USER_ADMIN_ROLES = services.USER_ADMIN_ROLES


def _site(request: HttpRequest) -> tuple[str, str]:
    """The address and the name of the site this page is served on, for an invitation."""
    office = getattr(request, "office", None)
    name = office.name_th if office is not None else _("KruCare central site")
    return request.build_absolute_uri("/"), str(name)


@role_required(*USER_ADMIN_ROLES)
def user_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.user_rows()
    return render(request, "accounts/user_list.html", {"rows": rows})


@role_required(*USER_ADMIN_ROLES)
def user_create(request: HttpRequest) -> HttpResponse:
    """Add a user. Without an initial password the user is invited: an e-mail with a one-time
    link to choose one."""
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            "username": data["username"],
            "roles": data["roles"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "position": data["position"],
            "actor": request.user,
        }
        try:
            if data["password"]:
                user = services.user_create(password=data["password"], **details)
                message = _("Account %(username)s created.") % {"username": user}
            else:
                site_url, site_name = _site(request)
                user = services.user_invite(
                    site_url=site_url,
                    site_name=site_name,
                    request=request,
                    **details,
                )
                message = _(
                    "Account %(username)s created; an invitation to set a password was sent to"
                    " %(email)s."
                ) % {"username": user, "email": user.email}
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


def _user_or_404(user_id: int) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


@role_required(*USER_ADMIN_ROLES)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """Change a user's details and roles, deactivate or reactivate them (never delete)."""
    user = _user_or_404(user_id)
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
    context = {
        "form": form,
        "edited": user,
        "edited_has_device": two_factor.totp_device_get(user) is not None,
        "invitation_pending": services.invitation_pending(user),
    }
    return render(request, "accounts/user_form.html", context)


@role_required(*USER_ADMIN_ROLES)
@require_POST
def user_invitation_send(request: HttpRequest, user_id: int) -> HttpResponse:
    """Send the one-time link again (lost, or expired after 72 hours)."""
    user = _user_or_404(user_id)
    site_url, site_name = _site(request)
    try:
        services.invitation_send(
            user=user,
            site_url=site_url,
            site_name=site_name,
            actor=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The invitation was sent again to %(email)s.") % {"email": user.email}
        )
    return redirect("accounts:user_edit", user_id=user.pk)


@role_required(*USER_ADMIN_ROLES)
@require_POST
def user_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A lost phone: the user's authenticator and recovery codes are removed, their sessions
    end, and they enrol again at their next sign-in."""
    user = _user_or_404(user_id)
    services.two_factor_reset(user=user, actor=request.user, request=request)  # type: ignore[arg-type]
    messages.success(
        request, _("Two-factor sign-in of %(username)s was reset.") % {"username": user}
    )
    return redirect("accounts:user_edit", user_id=user.pk)


# --- The second factor ----------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    user = _user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    if two_factor.totp_device_get(user) is None:
        return redirect("accounts:two_factor_enrol")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(
                request=request, user=user, token=form.cleaned_data["token"]
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            left = two_factor.recovery_codes_left(user)
            if left <= 3:
                messages.warning(
                    request,
                    _("%(count)d recovery codes left: make new ones on the two-factor page.")
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _codes_page(request: HttpRequest, codes: list[str], *, enrolled: bool) -> HttpResponse:
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "enrolled": enrolled, "next": _next_url(request)},
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a new key as a QR code (drawn on the server) and as text;
    the app's first code confirms it. A user already enrolled must have given their second
    factor in this session first, so a password alone never replaces an authenticator."""
    user = _user(request)
    if two_factor.totp_device_get(user) is not None and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:two_factor_verify")
    key = request.session.get(two_factor.PENDING_KEY_SESSION_KEY)
    if not key:
        key = two_factor.new_totp_key()
        request.session[two_factor.PENDING_KEY_SESSION_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_device_enrol(
                user=user, key_hex=key, token=form.cleaned_data["token"], request=request
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            services.session_verified(request=request, device=device)
            return _codes_page(request, codes, enrolled=True)
    config_url = two_factor.totp_config_url(
        key_hex=key, username=user.get_username(), site_label=two_factor.site_label()
    )
    context: dict[str, Any] = {
        "form": form,
        "qr_svg": two_factor.qr_code_svg(config_url),
        "secret": two_factor.key_as_base32(key),
        "required": two_factor.two_factor_required(user),
        "next": _next_url(request),
    }
    response = render(request, "accounts/two_factor_enrol.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "device": two_factor.totp_device_get(user),
        "required": two_factor.two_factor_required(user),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@login_required
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.recovery_codes_regenerate(user=_user(request), request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:two_factor")
    return _codes_page(request, codes, enrolled=False)


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    try:
        services.two_factor_disable(user=_user(request), request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:two_factor")


# --- Passwords: a change or a reset ends the user's other sessions ----------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(request=self.request, user=form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_sessions_end(user=form.user, request=self.request)
        return response


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: choose the first password, be signed in, and go on
    to set up the second factor (the middleware asks for it when the role needs one)."""

    token_generator = services.invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    template_name = "accounts/invitation_accept.html"

    def get_success_url(self) -> str:
        user = self.request.user
        if two_factor.two_factor_required(user):
            return reverse("accounts:two_factor_enrol")
        return "/"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            action="account.invitation_accepted",
            actor=form.user,
            target=form.user,
            request=self.request,
        )
        messages.success(self.request, _("Your password is set."))
        return response


# --- One's own sessions ---------------------------------------------------------------------


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = selectors.user_session_list(user=_user(request))
    return render(
        request,
        "accounts/session_list.html",
        {"sessions": sessions, "current_key": request.session.session_key},
    )


@login_required
@require_POST
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    current_key = request.session.session_key
    current = selectors.user_session_list(user=_user(request)).filter(
        pk=session_id, session_key=current_key
    )
    ending_this_one = current.exists()
    if not services.user_session_end(user=_user(request), session_id=session_id, request=request):
        raise Http404
    if ending_this_one:
        logout(request)
        return redirect("accounts:login")
    messages.success(request, _("The session was ended."))
    return redirect("accounts:session_list")


@login_required
@require_POST
def sessions_end_all(request: HttpRequest) -> HttpResponse:
    """Sign out everywhere: every session of this user in this office (or central site) ends,
    this one included."""
    user = _user(request)
    services.user_sessions_end(user=user, request=request)
    setattr(request, LOGOUT_ACTION_ATTRIBUTE, "auth.signed_out_everywhere")
    logout(request)
    messages.success(request, _("You were signed out everywhere."))
    return redirect("accounts:login")
