"""Reading the trail of the current schema for the review page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditAlert, AuditEvent
from audit.services import SIGN_IN_FAILURES


def event_list(
    *,
    kind: str = "",
    user: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered by kind (sign-ins, failures, exports, account changes),
    by who (part of the username), by action prefix and by Bangkok dates (inclusive)."""
    events = AuditEvent.objects.all()
    if kind == "sign_ins":
        events = events.filter(action__startswith="auth.")
    elif kind == "failures":
        events = events.filter(action__in=SIGN_IN_FAILURES)
    elif kind == "exports":
        events = events.filter(row_count__isnull=False)
    elif kind == "accounts":
        events = events.filter(action__startswith="account.")
    if user:
        events = events.filter(actor_label__icontains=user)
    if action:
        events = events.filter(action__startswith=action)
    if date_from is not None:
        events = events.filter(at__gte=_local_midnight(date_from))
    if date_to is not None:
        events = events.filter(at__lt=_local_midnight(date_to + timedelta(days=1)))
    return events


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def alert_list(*, days: int = 30) -> QuerySet[AuditAlert]:
    """The alerts raised in the last `days` days, newest first."""
    return AuditAlert.objects.filter(raised_at__gte=timezone.now() - timedelta(days=days))


def flagged_event_ids(events: list[AuditEvent], alerts: list[AuditAlert]) -> set[int]:
    """The events on a page that fall inside an alert: the exports of the user and day of an
    export alert, the failed sign-ins of the hour of a failed-sign-in alert."""
    flagged = set()
    for event in events:
        for alert in alerts:
            if not alert.window_start <= event.at < alert.window_end:
                continue
            if alert.subject_label:
                if event.row_count is not None and event.actor_label == alert.subject_label:
                    flagged.add(event.pk)
            elif event.action in SIGN_IN_FAILURES:
                flagged.add(event.pk)
    return flagged
