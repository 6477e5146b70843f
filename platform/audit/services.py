"""Writing the audit trail. Called by services in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from audit.models import AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the reverse proxy saw it (REMOTE_ADDR; the proxy sets it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    target_label: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Add one event to the current schema's trail.

    `action` is dotted and stable (`account.created`, `auth.login_failed`, `office.suspended`).
    `changes` maps a field to `[old, new]`; never put passwords or tokens in it.
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        action=action,
        # A machine client (api.authentication.ApiClientPrincipal) has no account row: its label.
        actor=actor if authenticated and actor.pk is not None else None,
        actor_label=actor_label or (actor.get_username() if authenticated else ""),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label or (str(target) if target is not None else ""),
        ip_address=client_address(request),
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as `{field: [old, new]}`."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }
