"""Two-factor sign-in: who must use it, and reading a user's devices (django-otp).

A user of a schema signs in with a password, then, if a second factor applies, with a code from
an authenticator app (TOTP) or with one of their recovery codes (django-otp's static device).
Devices live in the user's schema like the user, so an office's devices are never another's.

The second factor applies to anyone who holds a role in `KRUCARE_TWO_FACTOR_ROLES` (approve or
pay, administer an office, run the platform), to staff and superusers (they can open an admin
site), and to anyone who enrolled of their own accord. Until the session is verified such a
user reaches only the code step or the enrolment (`accounts.middleware.SecondFactorMiddleware`).
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.schemas import current_schema

# Session keys (the session belongs to the user's schema).
ENROLLED_SESSION_KEY = "krucare_two_factor"  # set at sign-in when the user has a device
PENDING_KEY_SESSION_KEY = "krucare_totp_pending_key"  # the key being enrolled, until confirmed

RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_CODE_COUNT = 10


def two_factor_required(user: Any) -> bool:
    """Whether this account must use a second factor whatever it chose."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_staff or user.is_superuser or user.has_role(*settings.KRUCARE_TWO_FACTOR_ROLES)
    )


def totp_device_get(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_device_get(user: Any) -> StaticDevice | None:
    return (
        StaticDevice.objects.filter(user=user, confirmed=True, name=RECOVERY_DEVICE_NAME)
        .order_by("-id")
        .first()
    )


def recovery_codes_left(user: Any) -> int:
    device = recovery_device_get(user)
    return device.token_set.count() if device is not None else 0


def new_totp_key() -> str:
    """A fresh secret: 20 random bytes, hex as django-otp stores it."""
    return secrets.token_hex(20)


def key_as_base32(key_hex: str) -> str:
    """The secret as people type it into an authenticator app (base32, no padding)."""
    return b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")


def totp_config_url(*, key_hex: str, username: str, site_label: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code. The label names the
    office (or the central site), since the same username exists in many offices."""
    issuer = f"{settings.KRUCARE_TOTP_ISSUER} {site_label}".replace(":", "")
    params = urlencode(
        {"secret": key_as_base32(key_hex), "algorithm": "SHA1", "digits": 6, "period": 30}
    )
    return f"otpauth://totp/{quote(f'{issuer}:{username}')}?{params}&issuer={quote(issuer)}"


def qr_code_svg(data: str) -> str:
    """A QR code as inline SVG markup, drawn on the server (segno; no script, no CDN)."""
    import segno

    return str(segno.make(data, error="m").svg_inline(scale=5, dark="#111", title="QR code"))


def site_label() -> str:
    """The office code (or `central`) the session's schema stands for."""
    schema = current_schema()
    if schema == "public":
        return "central"
    return schema.removeprefix("esa_")
