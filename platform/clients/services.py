"""Registering machine clients, rotating and revoking their credentials
(`Authorization: Bearer kcc_<prefix>_<secret>`), and recognising a credential."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from clients.models import ApiClient, ClientCredential
from clients.scopes import all_scopes, served
from core.errors import ApplicationError
from core.schemas import PUBLIC_SCHEMA, current_schema

CLIENT_PREFIX = "kcc"  # a machine client's secret; never taken for a user's token
DEFAULT_ROTATION_OVERLAP = timedelta(hours=24)
# A credential's (or token's) last use is written at most this often (not on every request).
LAST_USED_RESOLUTION = timedelta(minutes=5)


def secret_hash(secret: str) -> str:
    """What is stored of a secret: its SHA-256 (the secret itself is shown once)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ClientError(ApplicationError):
    code = "api.client_invalid"


def _checked_scopes(scopes: list[str]) -> list[str]:
    """`scopes`, sorted and once each; refused when this host does not serve one: a scope of
    the other kind of host (`api.scope_other_host`: the benchmarks are central, the people
    are an office's) or no scope at all (`api.unknown_scope`)."""
    central = current_schema() == PUBLIC_SCHEMA
    known = all_scopes()
    elsewhere = sorted(
        name for name in set(scopes) if name in known and not served(known[name], central=central)
    )
    if elsewhere:
        listed = ", ".join(elsewhere)
        if central:
            th, en = (
                f"สิทธิ์ของระบบสำนักงานเขตพื้นที่ ไม่ใช่ของระบบส่วนกลาง: {listed}",
                f"Scopes of an office's host, not the central host's: {listed}",
            )
        else:
            th, en = (
                f"สิทธิ์ของระบบส่วนกลาง ไม่ใช่ของสำนักงานเขตพื้นที่: {listed}",
                f"Scopes of the central host, not an office's: {listed}",
            )
        raise ClientError(th, en, code="api.scope_other_host", field="scopes")
    unknown = sorted(set(scopes) - set(known))
    if unknown:
        raise ClientError(
            f"สิทธิ์ที่ไม่รู้จัก: {', '.join(unknown)}",
            f"Unknown scopes: {', '.join(unknown)}",
            code="api.unknown_scope",
            field="scopes",
        )
    return sorted(set(scopes))


def _credential_issue(client: ApiClient) -> tuple[ClientCredential, str]:
    prefix = secrets.token_hex(4)
    secret = f"{CLIENT_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    credential = ClientCredential.objects.create(
        client=client, prefix=prefix, key_hash=secret_hash(secret)
    )
    return credential, secret


@transaction.atomic
def client_create(
    *,
    name: str,
    scopes: list[str],
    actor: User,
    description: str = "",
    rate_limit_per_minute: int = 600,
    request: Any = None,
) -> tuple[ApiClient, str]:
    """Register a client in the current schema (an office's, or national in public) with its
    first credential; returns the client and the secret (shown once, never stored)."""
    name = name.strip()
    if not name:
        raise ClientError("ต้องระบุชื่อ", "A name is required.", field="name")
    if rate_limit_per_minute < 1:
        raise ClientError(
            "อัตราต้องมากกว่าศูนย์",
            "The rate must be above zero.",
            field="rate_limit_per_minute",
        )
    if ApiClient.objects.filter(name=name).exists():
        raise ClientError(
            "มีระบบชื่อนี้แล้ว",
            "A client of that name exists.",
            code="api.client_exists",
            field="name",
        )
    client = ApiClient.objects.create(
        name=name,
        description=description,
        scopes=_checked_scopes(scopes),
        rate_limit_per_minute=rate_limit_per_minute,
        created_by=actor,
    )
    credential, secret = _credential_issue(client)
    audit_record(
        action="api_client.created",
        actor=actor,
        target=client,
        changes={
            "scopes": [None, client.scopes],
            "rate_limit_per_minute": [None, client.rate_limit_per_minute],
            "credential": [None, f"{credential.prefix}…"],
        },
        request=request,
    )
    return client, secret


@transaction.atomic
def client_credential_rotate(
    *,
    client: ApiClient,
    actor: User,
    overlap: timedelta = DEFAULT_ROTATION_OVERLAP,
    now: datetime | None = None,
    request: Any = None,
) -> tuple[ClientCredential, str]:
    """Issue a new secret (returned, shown once); the client's live credentials keep working
    for `overlap` more (their `expires_at` is brought forward to now + overlap, never pushed
    back), so the client can switch without an outage."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        raise ClientError("ระบบนี้ถูกเพิกถอนแล้ว", "The client is revoked.", code="api.client_revoked")
    until = (now or timezone.now()) + overlap
    old = list(
        ClientCredential.objects.filter(client=client, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=until)
        )
    )
    ClientCredential.objects.filter(pk__in=[c.pk for c in old]).update(expires_at=until)
    credential, secret = _credential_issue(client)
    audit_record(
        action="api_client.rotated",
        actor=actor,
        target=client,
        changes={
            "credential": [[f"{c.prefix}…" for c in old], f"{credential.prefix}…"],
            "old_expire_at": [None, until.isoformat()],
        },
        request=request,
    )
    return credential, secret


@transaction.atomic
def credential_revoke(*, credential: ClientCredential, actor: User, request: Any = None) -> None:
    """End one credential at once: its next request is refused (401)."""
    if credential.revoked_at is None:
        ClientCredential.objects.filter(pk=credential.pk).update(revoked_at=timezone.now())
        audit_record(
            action="api_client.credential_revoked",
            actor=actor,
            target=credential.client,
            changes={"credential": [f"{credential.prefix}…", None]},
            request=request,
        )


@transaction.atomic
def client_revoke(*, client: ApiClient, actor: User, request: Any = None) -> None:
    """End the client and all its credentials at once (its next request is refused: 401)."""
    if client.revoked_at is not None:
        return
    now = timezone.now()
    ApiClient.objects.filter(pk=client.pk).update(revoked_at=now, is_active=False)
    ClientCredential.objects.filter(client=client, revoked_at__isnull=True).update(revoked_at=now)
    audit_record(
        action="api_client.revoked",
        actor=actor,
        target=client,
        changes={"is_active": [True, False]},
        request=request,
    )


def client_credential_authenticate(
    secret: str, *, now: datetime | None = None, touch: bool = True
) -> ClientCredential | None:
    """The live credential for `secret` in the current schema (with its client), or None:
    unknown here (another office's included), revoked, expired, or its client revoked."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != CLIENT_PREFIX:
        return None
    now = now or timezone.now()
    wanted = secret_hash(secret)
    for credential in (
        ClientCredential.objects.select_related("client")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    ):
        client = credential.client
        if (
            hmac.compare_digest(credential.key_hash, wanted)
            and client.is_active
            and client.revoked_at is None
        ):
            if touch and (
                credential.last_used_at is None
                or now - credential.last_used_at > LAST_USED_RESOLUTION
            ):
                ClientCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
            return credential
    return None
