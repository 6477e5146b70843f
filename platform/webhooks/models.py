"""Webhook subscriptions of machine clients and their deliveries, in each office schema.

A subscription's `secret` cannot be hashed: it signs every delivery, so the platform must be
able to read it. It is encrypted at rest with a key kept outside the database
(`core.encryption`, `KRUCARE_ENCRYPTION_KEYS`): a copy of this table alone signs nothing. It is
shown to the client once, when the subscription is created. See `webhooks.signing` for the
header and how a receiver checks it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import ApiClient
from core.encryption import EncryptedTextField

DEFAULT_MAX_ATTEMPTS = 8


class Subscription(models.Model):
    client = models.ForeignKey(
        ApiClient,
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(_("URL"), max_length=500)
    # Resource names of the feeds (`core.modules.feed_resources()`).
    event_types = models.JSONField(_("event types"), default=list)
    secret = EncryptedTextField(_("signing secret"))
    # After a rotation, the secret before it still signs (beside the new one) until then.
    previous_secret = EncryptedTextField(_("previous signing secret"), blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The outbox position (txid, id) dispatched up to: every event at or before it has its
    # delivery (when the subscription wants it). txid is an xid8; it fits a bigint in practice
    # (2**63 transactions).
    position_txid = models.BigIntegerField(default=0)
    position_id = models.BigIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts"), default=DEFAULT_MAX_ATTEMPTS)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    PARKED = "parked", _("parked")


class Delivery(models.Model):
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event_id = models.BigIntegerField(_("event"))
    resource = models.CharField(_("resource"), max_length=50)
    action = models.CharField(_("action"), max_length=10)
    # The event as the feed shows it (without `delivery_id`, added when sent).
    event = models.JSONField(_("event"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # A worker sending it holds it until then; after that (the worker died) it may be retaken.
    leased_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhooks_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="webhooks_delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} #{self.event_id} → {self.subscription_id} ({self.status})"
