"""Managing the accounts of the current schema (an office's staff, or the central site's):
accounts and roles, two-factor devices and recovery codes, signed-in sessions."""

from __future__ import annotations

import time
from binascii import unhexlify
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User, UserSession
from accounts.roles import roles_for_schema
from audit.services import audit_record, client_address, diff, sign_in_failure_record
from core import kit
from core.errors import ApplicationError
from core.schemas import current_schema

# Who manages the accounts of a schema: an office's administrator, the central operator.
USER_ADMIN_ROLES: tuple[str, ...] = ("office_admin", "platform_operator")


class AccountError(ApplicationError):
    code = "account.invalid"


def _role_groups(roles: Iterable[str]) -> list[Group]:
    allowed = set(roles_for_schema(current_schema()).values)
    wanted = set(roles)
    unknown = wanted - allowed
    if unknown:
        raise AccountError(
            f"บทบาทไม่ถูกต้องสำหรับหน่วยงานนี้: {', '.join(sorted(unknown))}",
            f"Roles not valid here: {', '.join(sorted(unknown))}",
            code="account.invalid_role",
            field="roles",
        )
    return list(Group.objects.filter(name__in=wanted))


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account in the current schema with the given roles.

    A `None` password makes an account that signs in only after a password reset or through
    an invitation (`invitation_send`). `actor` None: the system (the office's provisioning, the
    demo, the command line); a person must be a user administrator.
    """
    if actor is not None:
        _require_user_admin(actor)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(
            f"มีชื่อผู้ใช้ “{username}” อยู่แล้ว",
            f"The username “{username}” is taken.",
            code="account.duplicate_username",
            field="username",
        )
    groups = _role_groups(roles)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    user.groups.set(groups)
    audit_record(
        action="account.created",
        actor=actor,
        target=user,
        changes={
            "roles": [None, sorted(g.name for g in groups)],
            "is_superuser": [None, is_superuser],
        },
    )
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    roles: Iterable[str],
    is_active: bool,
    first_name: str,
    last_name: str,
    email: str,
    position: str,
    acting_user: User,
) -> User:
    """Change a user's details, roles and active flag. Nobody can deactivate themselves or
    take away their own administrator role (an office must keep an administrator). Nobody is
    ever deleted: an account that leaves is deactivated, and the audit trail keeps old → new."""
    _require_user_admin(acting_user)
    roles = set(roles)
    if user.pk == acting_user.pk:
        admin_roles = {"office_admin", "platform_operator"} & set(user.role_names)
        if not is_active or not admin_roles <= roles:
            raise AccountError(
                "ไม่สามารถปิดบัญชีหรือถอนสิทธิ์ผู้ดูแลของตนเองได้",
                "You cannot deactivate yourself or drop your own administrator role.",
                code="account.self_lockout",
            )
    groups = _role_groups(roles)
    before = _snapshot(user)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.position, user.is_active = position, is_active
    user.save(update_fields=["first_name", "last_name", "email", "position", "is_active"])
    user.groups.set(groups)
    user.__dict__.pop("role_names", None)
    changes = diff(before, _snapshot(user))
    if changes:
        audit_record(action="account.updated", actor=acting_user, target=user, changes=changes)
    return user


def _require_user_admin(actor: User) -> None:
    kit.require_role(
        actor,
        *USER_ADMIN_ROLES,
        code="account.forbidden",
        doing=("จัดการบัญชีผู้ใช้", "manage accounts"),
    )


def _snapshot(user: User) -> dict[str, object]:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "is_active": user.is_active,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


# --- Invitations: a one-time link to set the first password ---------------------------------


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset tokens under their own salt: valid `PASSWORD_RESET_TIMEOUT` (72 hours),
    spent once the password is set (the hash covers the password and the last sign-in), and
    void for a deactivated account. Works per schema like the user it names."""

    key_salt = "accounts.services.InvitationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


invitation_tokens = InvitationTokenGenerator()
INVITATION_HOURS = settings.PASSWORD_RESET_TIMEOUT // 3600


def invitation_url(*, user: User, site_url: str) -> str:
    """The one-time link for `user` on the site `site_url` (`https://<office host>/`)."""
    path = reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
        # The office's URLconf, also when the central site sends the link (the central site
        # mounts accounts/ at the same place).
        urlconf=settings.ROOT_URLCONF,
    )
    return site_url.rstrip("/") + path


def invitation_send(
    *,
    user: User,
    site_url: str,
    site_name: str,
    actor: User | None = None,
    actor_label: str = "",
    request: HttpRequest | None = None,
) -> str:
    """E-mail `user` a one-time link to set their first password on `site_url` (then the
    second factor, if their role needs one). Also a re-send: the earlier link stays valid until
    it expires or a password is set. Refused to an account that can already sign in, has no
    e-mail or is deactivated. `actor` None with `actor_label`: the central site's operator,
    who has no account in the office. Returns the link (for the command line)."""
    if actor is not None:
        _require_user_admin(actor)
    if user.has_usable_password() or not user.is_active or not user.email:
        raise AccountError(
            "ส่งคำเชิญได้เฉพาะบัญชีที่เปิดใช้งาน มีอีเมล และยังไม่ได้ตั้งรหัสผ่าน",
            "Invitations go only to active accounts with an e-mail and no password yet.",
            code="account.not_invitable",
        )
    url = invitation_url(user=user, site_url=site_url)
    context = {"user": user, "url": url, "site_name": site_name, "hours": INVITATION_HOURS}
    with translation.override("th"):
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
    audit_record(
        action="account.invited",
        actor=actor,
        actor_label=actor_label,
        target=user,
        request=request,
        changes={"email": [None, user.email]},
    )
    return url


def invitation_pending(user: User) -> bool:
    """Whether `user` still waits for an invitation to be accepted (no password yet)."""
    return user.is_active and not user.has_usable_password()


@transaction.atomic
def user_invite(
    *,
    username: str,
    email: str,
    roles: Iterable[str],
    site_url: str,
    site_name: str,
    first_name: str = "",
    last_name: str = "",
    position: str = "",
    actor: User | None = None,
    actor_label: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Create an account without a password and e-mail it the one-time link."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(
            "กรุณากรอกอีเมลที่ถูกต้องเพื่อส่งลิงก์ตั้งรหัสผ่าน",
            "A valid e-mail address is needed to send the invitation.",
            code="account.email_required",
            field="email",
        ) from None
    user = user_create(
        username=username,
        password=None,
        roles=roles,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        actor=actor,
    )
    invitation_send(
        user=user,
        site_url=site_url,
        site_name=site_name,
        actor=actor,
        actor_label=actor_label,
        request=request,
    )
    return user


# --- Two-factor sign-in ---------------------------------------------------------------------


class SecondFactorError(ApplicationError):
    code = "auth.second_factor_invalid"


def _totp_matches(key_hex: str, token: str, *, after_t: int = -1) -> int | None:
    """The time step `token` belongs to (now, or one step either side), or None."""
    token = token.strip().replace(" ", "")
    if not (token.isdigit() and len(token) == 6):
        return None
    totp = TOTP(unhexlify(key_hex))
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=1, min_t=after_t + 1):
        return None
    return int(totp.t())


@transaction.atomic
def totp_device_enrol(
    *, user: User, key_hex: str, token: str, request: HttpRequest | None = None
) -> tuple[TOTPDevice, list[str]]:
    """Confirm an authenticator app: `token` must be its current code for `key_hex` (the key
    shown on the enrolment page). Replaces the user's earlier authenticator and recovery codes;
    returns the device and the new recovery codes, to be shown once. The code used here cannot
    sign in again (its time step is remembered, as at every verification)."""
    step = _totp_matches(key_hex, token)
    if step is None:
        raise SecondFactorError(
            "รหัสจากแอปยืนยันตัวตนไม่ถูกต้อง ตรวจสอบเวลาในโทรศัพท์แล้วลองใหม่",
            "The code from the authenticator app is wrong; check the phone's clock and retry.",
            field="token",
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name=two_factor.TOTP_DEVICE_NAME, key=key_hex, confirmed=True, last_t=step
    )
    codes = _recovery_codes_replace(user)
    audit_record(action="auth.two_factor_enrolled", actor=user, target=user, request=request)
    return device, codes


@transaction.atomic
def totp_device_create_with_key(*, user: User, key_hex: str) -> TOTPDevice:
    """Enrol `user` with a key known beforehand, without a code: for the demo accounts and the
    tests only, whose key is published. Idempotent."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name=two_factor.TOTP_DEVICE_NAME,
        defaults={"key": key_hex, "confirmed": True},
    )
    return device


def _recovery_codes_replace(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=two_factor.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working. Shown once."""
    if two_factor.totp_device_get(user) is None:
        raise SecondFactorError(
            "ยังไม่ได้ตั้งค่าการยืนยันตัวตนสองขั้นตอน",
            "Two-factor sign-in is not set up yet.",
            code="auth.second_factor_not_enrolled",
        )
    codes = _recovery_codes_replace(user)
    audit_record(action="auth.recovery_codes_regenerated", actor=user, target=user, request=request)
    return codes


def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> Device:
    """The second step of a sign-in: a 6-digit code from the authenticator, or an unused
    recovery code (which is then spent). Marks the session verified (django-otp).

    Not atomic on purpose: django-otp counts a failure on the device (each failure doubles the
    wait before the next try) in its own transaction, and that count must survive the refusal,
    as must the audit row (`auth.second_factor_failed`)."""
    token = token.strip().replace(" ", "").replace("-", "").lower()
    device: Device | None
    if token.isdigit() and len(token) == 6:
        device, method = two_factor.totp_device_get(user), "totp"
    else:
        device, method = two_factor.recovery_device_get(user), "recovery_code"
    verified = None
    if device is not None and token:
        verified = django_otp.verify_token(user, device.persistent_id, token)
    if verified is None:
        sign_in_failure_record(
            action="auth.second_factor_failed",
            username=user.get_username(),
            request=request,
            target=user,
        )
        raise SecondFactorError(
            "รหัสไม่ถูกต้อง หรือถูกใช้ไปแล้ว หากใส่ผิดหลายครั้ง ต้องรอสักครู่ก่อนลองใหม่",
            "The code is wrong or was already used; after several wrong codes, wait a moment.",
            field="token",
        )
    session_verified(request=request, device=verified)
    audit_record(
        action="auth.second_factor_verified",
        actor=user,
        target=user,
        request=request,
        changes={"method": [None, method]},
    )
    return verified


@transaction.atomic
def two_factor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """An administrator removes a user's authenticator and recovery codes (a lost phone) and
    ends their sessions; a user who must use a second factor enrols again at the next sign-in.
    """
    _require_user_admin(actor)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user_sessions_end(user=user, actor=actor, request=request)
    audit_record(action="auth.two_factor_reset", actor=actor, target=user, request=request)


@transaction.atomic
def two_factor_disable(*, user: User, request: HttpRequest | None = None) -> None:
    """A user who enrolled of their own accord stops using a second factor. Refused to those
    who must use one."""
    if two_factor.two_factor_required(user):
        raise SecondFactorError(
            "บทบาทของท่านต้องใช้การยืนยันตัวตนสองขั้นตอน จึงปิดไม่ได้",
            "Your role requires two-factor sign-in; it cannot be turned off.",
            code="auth.second_factor_required",
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request_session = getattr(request, "session", None)
    if request_session is not None:
        request_session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        request_session.pop(two_factor.ENROLLED_SESSION_KEY, None)
    audit_record(action="auth.two_factor_disabled", actor=user, target=user, request=request)


def session_verified(*, request: HttpRequest, device: Device) -> None:
    """Mark the session as signed in with its second factor (django-otp), under a new session
    key (as Django does at sign-in); the session's row follows the key."""
    django_otp.login(request, device)
    session = request.session
    session.pop(two_factor.PENDING_KEY_SESSION_KEY, None)
    session[two_factor.ENROLLED_SESSION_KEY] = True
    old_key = session.session_key
    session.cycle_key()
    UserSession.objects.filter(session_key=old_key).update(session_key=session.session_key)


@transaction.atomic
def password_changed(*, request: HttpRequest, user: User) -> int:
    """After a password change in this session: every other session of the user ends (Django
    would only refuse them at their next request; their rows would linger on the sessions
    page). Returns how many ended."""
    session = request.session
    audit_record(action="auth.password_changed", actor=user, target=user, request=request)
    ended = user_sessions_end(user=user, request=request, keep_session_key=session.session_key)
    session_touch(request=request, force=True)
    return ended


# --- Signed-in sessions ---------------------------------------------------------------------

SIGNED_IN_AT_SESSION_KEY = "krucare_signed_in_at"
SEEN_AT_SESSION_KEY = "krucare_seen_at"


def session_signed_in(*, request: HttpRequest, user: User) -> UserSession:
    """At sign-in (Django's `user_logged_in`): make the session's working-day limit absolute
    (activity does not extend it), note whether a second factor will be asked, and keep a row
    for the sessions page."""
    now = timezone.now()
    session = request.session
    session.set_expiry(now + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session[SIGNED_IN_AT_SESSION_KEY] = now.timestamp()
    session[SEEN_AT_SESSION_KEY] = now.timestamp()
    if two_factor.totp_device_get(user) is not None:
        session[two_factor.ENROLLED_SESSION_KEY] = True
    if session.session_key is None:
        session.save()
    return _session_row_save(request=request, user=user, signed_in_at=now, seen_at=now)


def _session_row_save(
    *, request: HttpRequest, user: Any, signed_in_at: datetime, seen_at: datetime
) -> UserSession:
    row, _ = UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": client_address(request),
            "signed_in_at": signed_in_at,
            "last_seen_at": seen_at,
        },
    )
    return row


def session_touch(*, request: HttpRequest, force: bool = False) -> bool:
    """Note activity on a signed-in session: at most once every
    `KRUCARE_SESSION_SEEN_EVERY_SECONDS` (in the session and its row), so most requests write
    nothing. A session without a row (re-keyed by a password change) gets one."""
    session = request.session
    now = timezone.now()
    seen = session.get(SEEN_AT_SESSION_KEY)
    if (
        not force
        and seen is not None
        and now.timestamp() - seen < settings.KRUCARE_SESSION_SEEN_EVERY_SECONDS
    ):
        return False
    session[SEEN_AT_SESSION_KEY] = now.timestamp()
    if session.session_key is None:
        session.save()
    updated = UserSession.objects.filter(session_key=session.session_key).update(
        last_seen_at=now, ip_address=client_address(request)
    )
    if not updated:
        signed_in = session.get(SIGNED_IN_AT_SESSION_KEY, now.timestamp())
        _session_row_save(
            request=request,
            user=request.user,
            signed_in_at=datetime.fromtimestamp(signed_in, tz=timezone.get_current_timezone()),
            seen_at=now,
        )
    return True


def session_idle_expired(request: HttpRequest) -> bool:
    """Whether the signed-in session has seen no request for `KRUCARE_SESSION_IDLE_MINUTES`."""
    seen = request.session.get(SEEN_AT_SESSION_KEY)
    if seen is None:
        return False
    idle = time.time() - float(seen)
    return idle > settings.KRUCARE_SESSION_IDLE_MINUTES * 60


def session_signed_out(*, session_key: str | None) -> None:
    """At sign-out (Django's `user_logged_out`): the session's row goes with it."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def _sessions_of(user: User) -> list[str]:
    """The keys of every live session of `user` in this schema: decoded, since Django keeps no
    user column. An office has tens of live sessions, so reading them all is cheap."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def user_sessions_end(
    *,
    user: User,
    actor: User | None = None,
    request: HttpRequest | None = None,
    keep_session_key: str | None = None,
) -> int:
    """End every session of `user` in this schema (sign out everywhere), except
    `keep_session_key` (the one a password was just changed in). Returns how many ended; the
    browsers holding them are signed out at their next request."""
    keys = {key for key in _sessions_of(user) if key != keep_session_key}
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or "").delete()
    audit_record(
        action="auth.sessions_ended",
        actor=actor or user,
        target=user,
        request=request,
        changes={"sessions": [None, len(keys)]},
    )
    return len(keys)


@transaction.atomic
def user_session_end(*, user: User, session_id: int, request: HttpRequest | None = None) -> bool:
    """End one of the user's own sessions (from the sessions page). Another user's session is
    not found, as if it did not exist. Returns whether the session was found."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return False
    Session.objects.filter(session_key=row.session_key).delete()
    row.delete()
    audit_record(
        action="auth.session_ended",
        actor=user,
        target=user,
        request=request,
        changes={"session": [None, f"{row.user_agent[:60]} {row.ip_address or ''}".strip()]},
    )
    return True
