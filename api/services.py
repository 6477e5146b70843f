"""Creating, checking and revoking API tokens (`Authorization: Bearer kc_<prefix>_<secret>`),
and logging machine clients' calls. The clients' credentials are `clients.services`."""

from __future__ import annotations

import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.models import ApiCallLog, ApiToken
from audit.services import audit_record
from clients.models import ClientCredential
from clients.services import LAST_USED_RESOLUTION, secret_hash

TOKEN_PREFIX = "kc"  # noqa: S105 (a marker at the start of every token, not a secret)


@transaction.atomic
def api_token_create(*, user: User, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user` in the current schema; returns it and the secret (shown once)."""
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=secret_hash(secret)
    )
    audit_record(
        action="api_token.created",
        actor=actor or user,
        target=user,
        changes={"token": [None, f"{prefix}… {name}"]},
    )
    return token, secret


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The live token for `secret` in the current schema, or None (unknown, revoked, or the
    user is inactive). Constant-time comparison of the hashes."""
    parts = secret.split("_", 2)  # the random part may contain "_" itself
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    wanted = secret_hash(secret)
    for token in ApiToken.objects.select_related("user").filter(
        prefix=parts[1], revoked_at__isnull=True
    ):
        if hmac.compare_digest(token.key_hash, wanted) and token.user.is_active:
            now = timezone.now()
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return token
    return None


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    """Revoke at once: the next request with it is refused."""
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit_record(
            action="api_token.revoked",
            actor=actor,
            target=token.user,
            changes={"token": [f"{token.prefix}… {token.name}", None]},
        )


def api_call_record(
    *, credential: ClientCredential, method: str, path: str, status_code: int, duration_ms: int
) -> None:
    """One INSERT: the call's line in the client's log (current schema)."""
    ApiCallLog.objects.create(
        client_id=credential.client_id,
        credential_prefix=credential.prefix,
        method=method[:10],
        path=path[:500],
        status_code=status_code,
        duration_ms=max(0, duration_ms),
    )
