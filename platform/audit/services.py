"""Writing the audit trail. Called by services in the same transaction as the change.

Exports and bulk reads of personal data are recorded with their row count (`export_record`),
failed sign-ins through `sign_in_failure_record`; both raise an alert to the office
administrators (`AuditAlert`, one e-mail per window) when the volume is unusual.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AlertKind, AuditAlert, AuditEvent

logger = logging.getLogger(__name__)

# Failed sign-ins of every kind: a wrong password, a wrong second factor, a lockout.
SIGN_IN_FAILURES = ("auth.login_failed", "auth.second_factor_failed", "auth.locked_out")
# Who is told about alerts: the administrators of the schema (an office's or the central site's).
ALERT_RECIPIENT_ROLES = ("office_admin", "platform_operator")


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the reverse proxy saw it (REMOTE_ADDR; the proxy sets it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _actor_fields(actor: Any, actor_label: str) -> dict[str, Any]:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return {
        # A machine client (api.authentication.ApiClientPrincipal) has no account row: its label.
        "actor": actor if authenticated and actor.pk is not None else None,
        "actor_label": actor_label or (actor.get_username() if authenticated else ""),
    }


LABEL_LENGTH = AuditEvent._meta.get_field("target_label").max_length or 200


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    target_label: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
    row_count: int | None = None,
) -> AuditEvent:
    """Add one event to the current schema's trail.

    `action` is dotted and stable (`account.created`, `auth.login_failed`, `office.suspended`).
    `changes` maps a field to `[old, new]`; never put passwords or tokens in it. The target is
    labelled `target_label`, else its `audit_label` (a model's one-row property naming the
    record as an auditor reads it), else `str(target)`.
    """
    return AuditEvent.objects.create(
        action=action,
        **_actor_fields(actor, actor_label),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        # A label is a reader's hint: cut to the column (a batch named by a 255-character
        # idempotency key, say), never a failed action.
        target_label=(target_label or _label_of(target))[:LABEL_LENGTH],
        ip_address=client_address(request),
        changes=changes or {},
        row_count=row_count,
    )


def _label_of(target: models.Model | None) -> str:
    if target is None:
        return ""
    return str(getattr(target, "audit_label", "") or target)


@dataclass(frozen=True)
class AuditEntry:
    """One event of a bulk write, for `audit_record_many`: as `audit_record`'s arguments."""

    action: str
    target: models.Model
    changes: dict[str, Any] = field(default_factory=dict)
    target_label: str = ""


def audit_record_many(
    *,
    entries: Iterable[AuditEntry],
    actor: Any = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> list[AuditEvent]:
    """`audit_record` for many events of one actor's one request (a bulk import): the same
    rows, at one time, one INSERT per thousand. The targets must be saved (have a pk)."""
    common = _actor_fields(actor, actor_label) | {
        "at": timezone.now(),
        "ip_address": client_address(request),
    }
    events = [
        AuditEvent(
            action=entry.action,
            target_type=entry.target._meta.label_lower,
            target_id=str(entry.target.pk),
            target_label=(entry.target_label or _label_of(entry.target))[:200],
            changes=entry.changes,
            **common,
        )
        for entry in entries
    ]
    return AuditEvent.objects.bulk_create(events, batch_size=1000)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as `{field: [old, new]}`."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


T = TypeVar("T")


class Counted(Generic[T]):
    """Wraps rows on their way into an export and counts them as they pass, so the audited
    row count is the number written, without a second query."""

    def __init__(self, rows: Iterable[T]) -> None:
        self._rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        for row in self._rows:
            self.count += 1
            yield row


def export_record(
    *,
    action: str,
    actor: Any,
    rows: int,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` took `rows` records of personal data out (a download, a register,
    a page of the API), with what they asked for in `details`; alert the administrators when
    that user's rows today pass `KRUCARE_EXPORT_ALERT_ROWS`. Two queries (the row, the day's
    sum); an alert, rarely, a few more."""
    event = audit_record(
        action=action,
        actor=actor,
        changes={key: [None, value] for key, value in (details or {}).items()},
        request=request,
        row_count=rows,
    )
    _export_volume_check(event)
    return event


def _export_volume_check(event: AuditEvent) -> None:
    threshold = settings.KRUCARE_EXPORT_ALERT_ROWS
    day_start = _local_day_start(event.at)
    total = (
        AuditEvent.objects.filter(
            actor_label=event.actor_label, row_count__isnull=False, at__gte=day_start
        ).aggregate(total=Sum("row_count"))["total"]
        or 0
    )
    if total > threshold:
        _alert_raise(
            kind=AlertKind.EXPORT_VOLUME,
            subject_label=event.actor_label,
            window_start=day_start,
            window_end=day_start + timedelta(days=1),
            value=total,
            threshold=threshold,
        )


def sign_in_failure_record(
    *,
    action: str,
    username: str,
    request: HttpRequest | None = None,
    target: models.Model | None = None,
) -> AuditEvent:
    """Record a failed sign-in (`SIGN_IN_FAILURES`) and alert the administrators when the
    failures of the last hour in this schema reach `KRUCARE_FAILED_SIGNIN_ALERT`."""
    event = audit_record(
        action=action,
        actor_label=username[:150],
        target=target,
        target_label="" if target is not None else username[:150],
        request=request,
    )
    threshold = settings.KRUCARE_FAILED_SIGNIN_ALERT
    since = event.at - timedelta(hours=1)
    failures = AuditEvent.objects.filter(action__in=SIGN_IN_FAILURES, at__gt=since).count()
    if failures >= threshold:
        hour = event.at.replace(minute=0, second=0, microsecond=0)
        _alert_raise(
            kind=AlertKind.FAILED_SIGN_INS,
            subject_label="",
            window_start=hour,
            window_end=hour + timedelta(hours=1),
            value=failures,
            threshold=threshold,
        )
    return event


def _local_day_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _alert_raise(
    *,
    kind: str,
    subject_label: str,
    window_start: datetime,
    window_end: datetime,
    value: int,
    threshold: int,
) -> AuditAlert:
    """One alert per kind, subject and window (a unique constraint): the first crossing mails
    the administrators on commit; later ones only raise the figure shown on the review page."""
    with transaction.atomic():
        alert, created = AuditAlert.objects.get_or_create(
            kind=kind,
            subject_label=subject_label,
            window_start=window_start,
            defaults={"window_end": window_end, "value": value, "threshold": threshold},
        )
        if not created:
            AuditAlert.objects.filter(pk=alert.pk, value__lt=value).update(value=value)
            return alert
    transaction.on_commit(lambda: _alert_mail(alert.pk))
    return alert


def _alert_mail(alert_id: int) -> None:
    """Mail the schema's administrators about an alert (console backend in development). A mail
    server that fails is logged: the alert stays flagged on the review page."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    alert = AuditAlert.objects.get(pk=alert_id)
    recipients = sorted(
        set(
            User.objects.filter(
                is_active=True, groups__name__in=ALERT_RECIPIENT_ROLES, email__gt=""
            ).values_list("email", flat=True)
        )
    )
    if not recipients:
        return
    local_start = timezone.localtime(alert.window_start)
    if alert.kind == AlertKind.EXPORT_VOLUME:
        subject = f"KruCare: {alert.subject_label} ส่งออกข้อมูลส่วนบุคคลจำนวนมากผิดปกติ"
        body = (
            f"ผู้ใช้ {alert.subject_label} ส่งออกข้อมูลส่วนบุคคลรวม {alert.value:,} แถว"
            f" ในวันที่ {local_start:%d/%m}/{local_start.year + 543}"
            f" (เกณฑ์แจ้งเตือน {alert.threshold:,} แถวต่อวัน)\n"
        )
    else:
        subject = "KruCare: การเข้าสู่ระบบล้มเหลวจำนวนมากผิดปกติ"
        body = (
            f"มีการเข้าสู่ระบบล้มเหลว {alert.value:,} ครั้งภายในหนึ่งชั่วโมง"
            f" ตั้งแต่เวลา {local_start:%H:%M} น. (เกณฑ์แจ้งเตือน {alert.threshold:,} ครั้ง)\n"
        )
    body += "ตรวจสอบได้ที่หน้าบันทึกการใช้งาน (/audit/) ของหน่วยงาน\n"
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the alert stays flagged on the page; the mail is best effort
        logger.exception("audit alert %s: the mail could not be sent", alert_id)
        return
    AuditAlert.objects.filter(pk=alert_id).update(notified=len(recipients))
