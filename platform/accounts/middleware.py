"""Session policy and the second factor, for every request of a signed-in user.

Both run after Django's authentication and django-otp's `OTPMiddleware` (settings: MIDDLEWARE).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from accounts import services, two_factor
from audit.receivers import LOGOUT_ACTION_ATTRIBUTE

# What a user who still owes a second factor may reach: the two steps, signing out, the
# language switch, and the health check. Everything else waits for the code.
SECOND_FACTOR_OPEN_VIEWS = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_enrol",
        "accounts:logout",
        "accounts:login",
        "set_language",
        "healthz",
    }
)


class SessionActivityMiddleware:
    """Ends a session idle for `KRUCARE_SESSION_IDLE_MINUTES` (the request then goes on as an
    anonymous one, so a page asks to sign in again), and notes activity at most once a minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if services.session_idle_expired(request):
                setattr(request, LOGOUT_ACTION_ATTRIBUTE, "auth.session_idle_expired")
                logout(request)
                messages.info(request, _("You were signed out after a period without activity."))
            else:
                services.session_touch(request=request)
        return self.get_response(request)


class SecondFactorMiddleware:
    """A signed-in user who must give a second factor (by role, or because they enrolled)
    reaches nothing but the code step until they do; one who must but has no authenticator yet
    reaches nothing but the enrolment. The API answers 403 `auth.second_factor_required` to such
    a session (machine clients use tokens and are not concerned)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and (
                request.session.get(two_factor.ENROLLED_SESSION_KEY)
                or two_factor.two_factor_required(user)
            )
            and _view_name(request) not in SECOND_FACTOR_OPEN_VIEWS
        ):
            return _second_factor_needed(request)
        return self.get_response(request)


def _view_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).view_name
    except Resolver404:
        return None


def _second_factor_needed(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {
                "code": "auth.second_factor_required",
                "message": _("Finish signing in with your second factor first."),
                "fields": {},
            },
            status=403,
        )
    enrolled = two_factor.totp_device_get(request.user) is not None
    target = "accounts:two_factor_verify" if enrolled else "accounts:two_factor_enrol"
    url = redirect(target).url
    if request.method == "GET" and not getattr(request, "htmx", False):
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)
