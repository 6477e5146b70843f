"""State-official ID cards (บัตรประจำตัวเจ้าหน้าที่ของรัฐ): applications, the card numbers the
office issues, and the office's card-number pattern. Rows live in the office's schema.

Law: Act on ID Cards for State Officials B.E. 2542 and its ministerial regulation. Writes go
through `apps.idcards.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Person, PersonCategory


class CardReason(models.TextChoices):
    FIRST = "first", _("First card")
    EXPIRED = "expired", _("Card expired")
    LOST = "lost", _("Card lost")
    DAMAGED = "damaged", _("Card damaged")
    NAME_CHANGE = "name_change", _("Name or surname changed")
    POSITION_CHANGE = "position_change", _("Position or rank changed")
    RETIREMENT = "retirement", _("Retirement (pensioner card)")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CHECKED = "checked", _("Documents checked")
    APPROVED = "approved", _("Approved")
    PRINTED = "printed", _("Card printed")
    HANDED_OVER = "handed_over", _("Card handed over")
    REJECTED = "rejected", _("Rejected")


# The documents an application needs, per reason (the request form บ.จ.1 and its detail sheet
# are always needed; a photo 2.5×3 cm taken within 6 months is uploaded separately).
DOCUMENTS: dict[str, str | Promise] = {
    "request_form": _("Request form (บ.จ.1) with its detail sheet"),
    "old_card": _("The old card"),
    "police_report": _("Police report of the loss"),
    "name_change_certificate": _("Name-change certificate"),
    "appointment_order": _("Appointment or promotion order"),
    "retirement_order": _("Retirement order"),
}
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    CardReason.FIRST: ("request_form", "appointment_order"),
    CardReason.EXPIRED: ("request_form", "old_card"),
    CardReason.LOST: ("request_form", "police_report"),
    CardReason.DAMAGED: ("request_form", "old_card"),
    CardReason.NAME_CHANGE: ("request_form", "old_card", "name_change_certificate"),
    CardReason.POSITION_CHANGE: ("request_form", "old_card", "appointment_order"),
    CardReason.RETIREMENT: ("request_form", "old_card", "retirement_order"),
}


class CardSettings(models.Model):
    """The office's card-number pattern (one row). Agencies number cards their own way: the
    pattern uses `{agency}`, `{year}` (B.E. of issue) and `{number}` (the running number of
    that year, with a width, e.g. `{number:05d}`)."""

    agency_code = models.CharField(_("agency code"), max_length=20, default="")
    pattern = models.CharField(
        _("card number pattern"), max_length=100, default="{agency}-{year}-{number:05d}"
    )
    issuer_name = models.CharField(_("issuer's name"), max_length=200, blank=True)
    issuer_position = models.CharField(_("issuer's position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("card settings")
        verbose_name_plural = _("card settings")

    def __str__(self) -> str:
        return self.pattern


class CardNumberCounter(models.Model):
    """The last running number issued in a B.E. year. Locked while a card is numbered, so
    numbers are unique and have no gaps."""

    be_year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.be_year}: {self.last_number}"


class CardApplication(models.Model):
    person = models.ForeignKey(
        Person,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="card_applications",
    )
    service_request = models.OneToOneField(
        "onestop.ServiceRequest",
        verbose_name=_("desk ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="card_application",
    )
    reason = models.CharField(
        pgettext_lazy("ID card", "reason"), max_length=20, choices=CardReason.choices
    )
    # What the applicant was when applying: the register counts cards by it.
    applicant_category = models.CharField(
        _("applicant category"), max_length=32, choices=PersonCategory.choices
    )
    police_report_number = models.CharField(_("police report number"), max_length=50, blank=True)
    old_card_number = models.CharField(_("old card number"), max_length=50, blank=True)
    documents = models.JSONField(_("documents received"), default=list, blank=True)
    photo = models.FileField(_("photo"), upload_to="idcards/photos/", blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who signed the approval as they were then (their name and position), and the delegation
    # they signed under when they are not the director (then "ปฏิบัติราชการแทน").
    approved_by_name = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_by_position = models.CharField(_("approver's position"), max_length=400, blank=True)
    approved_under = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    handed_over_at = models.DateTimeField(
        pgettext_lazy("ID card", "handed over"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    card_number = models.CharField(
        _("card number"), max_length=50, null=True, blank=True, unique=True
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("Empty on a printed card: valid for life (a pensioner aged 70)."),
    )
    issued_by_name = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_by_position = models.CharField(_("issuer's position"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("ID-card application")
        verbose_name_plural = _("ID-card applications")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason="lost") | ~models.Q(police_report_number=""),
                name="idcard_lost_needs_police_report",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["printed", "handed_over"])
                | (models.Q(card_number__isnull=False) & models.Q(issue_date__isnull=False)),
                name="idcard_printed_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="idcard_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "issue_date"], name="idcard_status_issue_idx")]

    def __str__(self) -> str:
        return self.card_number or f"#{self.pk}"

    @property
    def audit_label(self) -> str:
        """How the audit trail names the application (`audit.services.audit_record`)."""
        return f"{self.person} ({self.get_reason_display()})"

    @property
    def signed_by_delegate(self) -> bool:
        return self.approved_under_id is not None

    @property
    def is_lifetime(self) -> bool:
        return self.issue_date is not None and self.expiry_date is None
