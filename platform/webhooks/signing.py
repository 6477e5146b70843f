"""Signing webhook deliveries.

Every delivery is a `POST` of a JSON body with these headers::

    Content-Type: application/json
    KruCare-Event-Id: 4182
    KruCare-Delivery-Id: 977
    KruCare-Signature: t=1764032102,v1=5f0c…(64 hex digits)

`t` is the time of sending (Unix seconds); `v1` is the lower-case hex HMAC-SHA256, keyed with
the subscription's secret (UTF-8), of the bytes `f"{t}."` followed by the raw body. After the
secret is rotated (`POST …/subscriptions/{id}/rotate-secret/`), deliveries carry two `v1`
during the grace period, the new secret's first (`t=…,v1=<new>,v1=<old>`): accept the
delivery when any `v1` matches the secret you hold, then switch to the new one at your
pace. A receiver recomputes it over the body exactly as received (before parsing it),
compares in constant time, and refuses a `t` too far from its clock (five minutes is
usual) so that a captured delivery cannot be replayed later. The same event may arrive
more than once (a retry after a lost answer, a worker that died after sending, a replay):
de-duplicate by `KruCare-Event-Id` (unique within the office; the body's `office` names it).

Verification in Python::

    import hashlib, hmac, time

    def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
        parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
        t = next((value for key, value in parts if key == "t"), "")
        if not t.isdigit() or abs(time.time() - int(t)) > tolerance:
            return False
        expected = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256)
        return any(
            hmac.compare_digest(expected.hexdigest(), value) for key, value in parts if key == "v1"
        )
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence

SIGNATURE_HEADER = "KruCare-Signature"
EVENT_HEADER = "KruCare-Event-Id"
DELIVERY_HEADER = "KruCare-Delivery-Id"
EVENT_TYPE_HEADER = "KruCare-Event-Type"  # the resource, or `ping` for a test ping
DEFAULT_TOLERANCE = 300


def signature(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return digest.hexdigest()


def signature_header(secret: str | Sequence[str], body: bytes, timestamp: int | None = None) -> str:
    """The header signing `body` with `secret`, or with each of several secrets (a rotation's
    grace period: the new one first), one `v1` each."""
    t = int(time.time()) if timestamp is None else timestamp
    keys = [secret] if isinstance(secret, str) else list(secret)
    return ",".join([f"t={t}", *(f"v1={signature(key, body, t)}" for key in keys)])


def signature_verify(
    secret: str, body: bytes, header: str, *, tolerance: int = DEFAULT_TOLERANCE
) -> bool:
    """What a receiver does (see the module): True when `header` signs `body` with `secret`
    and its time is within `tolerance` seconds of now."""
    parts = [item.split("=", 1) for item in header.split(",")]
    if any(len(part) != 2 for part in parts):
        return False
    t = next((value for key, value in parts if key == "t"), "")
    if not t.isdigit() or abs(time.time() - int(t)) > tolerance:
        return False
    expected = signature(secret, body, int(t))
    return any(hmac.compare_digest(expected, value) for key, value in parts if key == "v1")
