"""The audit trail of one schema: who did what to which record, and when.

The table exists in every office schema and in `public`, so an office's trail never holds
another office's events. Rows are only ever added (`audit.services.audit_record`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A snapshot: the trail must still read right after an account is renamed or removed.
    actor_label = models.CharField(_("by (as then)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("record type"), max_length=64, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    target_label = models.CharField(_("record (as then)"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(
        pgettext_lazy("network", "address"), null=True, blank=True
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Set on an export or bulk read of personal data: how many records left the system.
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(
                fields=["actor_label", "at"],
                condition=models.Q(row_count__isnull=False),
                name="audit_export_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """The changes as (field, old, new) rows for pages. A template must not iterate
        `changes.items`: Django looks a key up before a method, so a change to a field named
        `items`, `keys` or `values` would be read instead (and break the page)."""
        rows: list[tuple[str, Any, Any]] = []
        for field, values in (self.changes or {}).items():
            if isinstance(values, list | tuple) and len(values) == 2:
                rows.append((str(field), values[0], values[1]))
            else:  # a value recorded on its own (a count, a note): shown as the new value
                rows.append((str(field), None, values))
        return rows


class AlertKind(models.TextChoices):
    EXPORT_VOLUME = "export_volume", _("Unusual export volume")
    FAILED_SIGN_INS = "failed_sign_ins", _("Many failed sign-ins")


class AuditAlert(models.Model):
    """Something the office administrators were told about: one user exporting more rows of
    personal data in a day than `KRUCARE_EXPORT_ALERT_ROWS`, or more failed sign-ins in an hour
    than `KRUCARE_FAILED_SIGNIN_ALERT`. One row per kind, subject and window, so an alert is
    mailed once however many events follow in the same window."""

    kind = models.CharField(_("kind"), max_length=32, choices=AlertKind.choices)
    # The user the alert is about (exports), empty for the whole office (failed sign-ins).
    subject_label = models.CharField(_("about"), max_length=150, blank=True)
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("until"))
    value = models.PositiveIntegerField(_("value"))
    threshold = models.PositiveIntegerField(_("threshold"))
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    notified = models.PositiveIntegerField(_("administrators notified"), default=0)

    class Meta:
        verbose_name = _("audit alert")
        verbose_name_plural = _("audit alerts")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_label", "window_start"], name="audit_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_label} {self.window_start:%Y-%m-%d %H:%M}"
