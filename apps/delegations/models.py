"""Delegations of authority (การมอบอำนาจ): the director (the delegator) lets another official
(the delegate) exercise one power of theirs, from one day to another, by a numbered order.
Rows live in the office's schema; writes go through `apps.delegations.services`.

Law: Act on Rules of State Administration B.E. 2534, sections 38–39; the delegate signs
"ปฏิบัติราชการแทน" (acting on behalf of) the delegator.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def in_force(self, *, power: str, on: date) -> DelegationQuerySet:
        """The delegations of `power` valid on the day `on`."""
        return self.filter(power=power, valid_from__lte=on, valid_to__gte=on)


class Delegation(models.Model):
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegator"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.PROTECT,
        related_name="delegations_held",
    )
    # What each signed as on the order: printed under the delegate's signature.
    delegator_position = models.CharField(_("delegator's position"), max_length=200)
    delegate_position = models.CharField(_("delegate's position"), max_length=200)
    power = models.CharField(_("power delegated"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    order_reference = models.CharField(_("order number"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="delegation_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~models.Q(delegator=models.F("delegate")),
                name="delegation_to_someone_else",
            ),
        ]
        indexes = [models.Index(fields=["power", "valid_from", "valid_to"], name="delegation_idx")]

    def __str__(self) -> str:
        return self.order_reference

    @property
    def audit_label(self) -> str:
        return f"{self.order_reference}: {self.power} → {self.delegate.display_name}"

    @property
    def acting_for(self) -> str:
        """What the delegate writes under their name: "ปฏิบัติราชการแทน <delegator's position>"."""
        return f"ปฏิบัติราชการแทน {self.delegator_position}"
