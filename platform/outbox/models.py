"""The outbox: one row per change a client may follow, written in the transaction of the
change (`outbox.services.outbox_record`) and read in commit order (`outbox.selectors`).

It lives in every office schema (and, unused, in the template and the public schema)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class TransactionIdField(models.BigIntegerField[int, int]):
    """A PostgreSQL `xid8`: the 64-bit, never wrapping id of the writing transaction.

    Python sees an int. Compare it in SQL only as `xid8` (`%s::text::xid8`): PostgreSQL has no
    `xid8 < bigint` operator, and `xid8` does not fit a signed bigint in principle."""

    def db_type(self, connection: Any) -> str:
        return "xid8"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> int | None:
        return None if value is None else int(value)


class EventAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


class OutboxEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    txid = TransactionIdField(
        _("transaction"),
        db_default=models.Func(function="pg_current_xact_id", output_field=TransactionIdField()),
        editable=False,
    )
    resource = models.CharField(_("resource"), max_length=50)
    resource_id = models.CharField(_("resource id"), max_length=64)
    action = models.CharField(_("action"), max_length=10, choices=EventAction.choices)
    payload = models.JSONField(_("payload"))
    occurred_at = models.DateTimeField(_("occurred"), db_default=Now())

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        indexes = [
            models.Index(fields=["txid", "id"], name="outbox_txid_id_idx"),
            models.Index(fields=["resource", "txid", "id"], name="outbox_res_txid_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.resource_id} {self.action}"
