"""Sign-in events go to the trail of the schema they happen in (Django's and axes' hooks)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_record, sign_in_failure_record

# A view that signs a user out for a reason of its own (an idle session, sign-out everywhere)
# names the action on the request; a plain sign-out is `auth.logout`.
LOGOUT_ACTION_ATTRIBUTE = "krucare_logout_action"


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action="auth.login", actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        action = getattr(request, LOGOUT_ACTION_ATTRIBUTE, "auth.logout")
        audit_record(action=action, actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    # credentials are already cleansed by Django (the password is masked); keep the username.
    sign_in_failure_record(
        action="auth.login_failed", username=str(credentials.get("username", "")), request=request
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender: Any, request: Any = None, username: Any = "", **kwargs: Any) -> None:
    sign_in_failure_record(action="auth.locked_out", username=str(username or ""), request=request)
