"""Salary certificates for bank loans (หนังสือรับรองเงินเดือนเพื่อกู้เงินสถาบันการเงิน): the
requests received at the desk, the net-pay check stored with each, the certificates the
director (or a dated delegate) signs, and the office's settings. Rows live in the office's
schema; banks, their programmes and form templates are the central agency's (`central`), so a
certificate keeps the bank's and programme's codes and names as they were when requested.

Writes go through `apps.certificates.services`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Person, PersonCategory


class CertificateStatus(models.TextChoices):
    RECEIVED = "received", _("Received, net pay checked")
    PREPARED = "prepared", _("Prepared, waiting for signature")
    SIGNED = "signed", _("Signed and issued")
    HANDED_OVER = "handed_over", pgettext_lazy("certificate", "Handed over")
    REJECTED = "rejected", _("Rejected")


class CheckOutcome(models.TextChoices):
    PASS = "pass", _("Passed")
    WARN = "warn", _("Below the floor (warning)")
    BLOCK = "block", _("Below the floor (blocked)")


class BankDecision(models.TextChoices):
    PENDING = "", _("Not known yet")
    APPROVED = "approved", _("Approved by the bank")
    DECLINED = "declined", _("Declined by the bank")


# The banks with an indicator of their own (the 2557 report's three); any other is "other".
REPORTED_BANKS = ("gsb", "ktb", "ghb")
ISSUED = ("signed", "handed_over")


class CertificateSettings(models.Model):
    """The office's letter settings (one row): the number prefix of its official letters
    (`ที่ ศธ 04xxx`), its address for the letter head, and the contact line at the foot."""

    number_prefix = models.CharField(
        _("letter number prefix"),
        max_length=40,
        default="ศธ 04000",
        help_text=_("Printed before the certificate's number: ที่ ศธ 04143/0012"),
    )
    address = models.CharField(_("office address"), max_length=300, blank=True)
    contact = models.CharField(
        _("contact line"), max_length=200, blank=True, help_text=_("e.g. กลุ่มบริหารงานบุคคล โทร. …")
    )
    director_name = models.CharField(_("director's name"), max_length=200, blank=True)
    director_position = models.CharField(_("director's position"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def __str__(self) -> str:
        return self.number_prefix


class CertificateNumberCounter(models.Model):
    """The last running number of a fiscal year (B.E.): certificates are numbered NNNN/<year>
    without gaps (`core.sequences`)."""

    be_year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.be_year}: {self.last_number}"


class Certificate(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="certificates"
    )
    service_request = models.OneToOneField(
        "onestop.ServiceRequest",
        verbose_name=_("desk ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    # The person as they were when they asked (the register prints these).
    applicant_category = models.CharField(
        _("applicant category"), max_length=32, choices=PersonCategory.choices
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    # The bank and programme (central tables) as they were when requested.
    bank_code = models.CharField(_("bank code"), max_length=20)
    bank_name = models.CharField(_("bank"), max_length=200)
    programme_id = models.PositiveIntegerField(_("programme id"), null=True, blank=True)
    programme_code = models.CharField(_("programme code"), max_length=40, blank=True)
    programme_name = models.CharField(_("programme"), max_length=200)
    amount = models.DecimalField(_("loan amount (baht)"), max_digits=14, decimal_places=2)
    instalment = models.DecimalField(
        _("monthly instalment (baht)"), max_digits=14, decimal_places=2
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    # The net-pay check (apps.payroll.netpay) as it was run: every figure it used.
    check_month = models.DateField(_("payslip month"))
    check_figures = models.JSONField(_("net-pay check"), default=dict)
    check_outcome = models.CharField(_("check result"), max_length=10, choices=CheckOutcome.choices)
    net_pay = models.DecimalField(_("net pay (baht)"), max_digits=14, decimal_places=2)
    net_percent = models.DecimalField(_("net pay (% of base)"), max_digits=7, decimal_places=2)
    headroom = models.DecimalField(_("largest passing instalment"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed (issued)"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_by_position = models.CharField(_("signer's position"), max_length=400, blank=True)
    signed_under = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(  # noqa: DJ001 (NULL until signed: unique among the signed)
        _("certificate number"), max_length=20, null=True, unique=True
    )
    letter_number = models.CharField(_("letter number"), max_length=80, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    # The verification link's token: random, 192 bits; never the number.
    public_token = models.CharField(max_length=64, null=True, unique=True)  # noqa: DJ001
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    # A certificate that replaces an issued one (a new amount, a corrected name): the old one
    # reads "superseded" once this one is signed.
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    bank_decision = models.CharField(
        _("bank's decision"), max_length=10, choices=BankDecision.choices, blank=True, default=""
    )
    bank_decided_at = models.DateTimeField(_("bank decided"), null=True, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=50, blank=True)
    deduction_instruction_id = models.PositiveIntegerField(
        _("deduction instruction"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("salary certificate")
        verbose_name_plural = _("salary certificates")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) & models.Q(instalment__gt=0),
                name="certificate_amounts_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=ISSUED)
                | (
                    models.Q(number__isnull=False)
                    & models.Q(issue_date__isnull=False)
                    & models.Q(public_token__isnull=False)
                ),
                name="certificate_issued_has_number_date_token",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="certificate_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "issue_date"], name="certificate_status_issue_idx"),
            models.Index(fields=["received_at"], name="certificate_received_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"{self.person} ({self.bank_name} {self.amount:,.2f})"

    @property
    def is_issued(self) -> bool:
        return self.status in ISSUED

    @property
    def validity(self) -> str:
        """What the verification page says: valid, revoked, superseded (or not issued)."""
        if not self.is_issued:
            return "not_issued"
        if self.superseded_by_id is not None:
            return "superseded"
        if self.revoked_at is not None:
            return "revoked"
        return "valid"

    @property
    def signed_by_delegate(self) -> bool:
        return self.signed_under_id is not None

    @property
    def minutes_to_issue(self) -> float | None:
        if self.signed_at is None:
            return None
        return (self.signed_at - self.received_at).total_seconds() / 60

    @property
    def check_passed(self) -> bool:
        return self.check_outcome == CheckOutcome.PASS

    @property
    def base_amount(self) -> Decimal:
        return Decimal(str(self.check_figures.get("base_amount", "0")))


class Guarantor(models.Model):
    """A guarantor the programme needs, checked the same way (no new instalment)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="guarantors"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("guarantor"), on_delete=models.PROTECT, related_name="+"
    )
    check_figures = models.JSONField(_("net-pay check"), default=dict)
    check_outcome = models.CharField(_("check result"), max_length=10, choices=CheckOutcome.choices)
    net_pay = models.DecimalField(_("net pay (baht)"), max_digits=14, decimal_places=2)
    net_percent = models.DecimalField(_("net pay (% of base)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("guarantor")
        verbose_name_plural = _("guarantors")
        ordering = ["certificate", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "person"], name="certificate_guarantor_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)
