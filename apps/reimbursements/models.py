"""Medical-expense claims (form 7131) and child-education allowance claims (form 7223), paid in
cash at the One Stop desk. Rows live in the office's schema.

A claim names its claimant (a person of the register) and its beneficiary (the claimant or a
family member), carries its receipts, and keeps a copy of the national rate it applied, so a
later change of the rate tables (`central.rates`) never rewrites it. Writes go through
`apps.reimbursements.services`.

Life of a claim: submitted → checked → approved → paid, or returned with a reason before it is
paid. A paid claim is final; a correction is a new claim. Returning a claim releases its
receipts, so the corrected claim may carry them again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import FamilyMember, Person, PersonCategory


def money_field(verbose_name: Any, **options: Any) -> models.DecimalField[Any, Any]:
    """Baht with satang (STYLE.md: Decimal, 14 digits, 2 places)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **options)


class ClaimKind(models.TextChoices):
    MEDICAL = "medical", _("Medical expenses")
    CHILD_EDUCATION = "child_education", _("Child education allowance")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CHECKED = "checked", _("Checked")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    RETURNED = "returned", _("Returned")


OPEN_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.APPROVED)
# Claims whose amounts count against an entitlement (everything but a returned claim).
COUNTING_STATUSES = (*OPEN_STATUSES, ClaimStatus.PAID)


class BeneficiaryRelation(models.TextChoices):
    SELF = "self", _("Self (the claimant)")
    SPOUSE = "spouse", _("Spouse")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    CHILD = "child", _("Child")


class HospitalType(models.TextChoices):
    GOVERNMENT = "government", _("Government hospital")
    PRIVATE = "private", _("Private hospital")


class CareType(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient")
    INPATIENT = "inpatient", _("Inpatient")


class ItemKind(models.TextChoices):
    """What a receipt line is for. The kinds never reimbursed are named by the medical limits
    in force (`MedicalLimits.non_reimbursable_items`), not here."""

    MEDICINE = "medicine", _("Medicines and supplies")
    TREATMENT = "treatment", _("Treatment and medical services")
    DIAGNOSTICS = "diagnostics", _("Laboratory and diagnostic tests")
    SURGERY = "surgery", _("Surgery and procedures")
    SPECIAL_ROOM = "special_room", _("Special room (per day)")
    ROOM_AND_FOOD = "room_and_food", _("Ordinary room and food")
    DEVICE = "device", _("Medical devices and prostheses")
    RECORD_FEE = "record_fee", _("Patient record fee")
    DEPOSIT = "deposit", _("Deposit")
    CARD_FEE = "card_fee", _("Card fee")
    EXCESS_ROOM_CHARGE = "excess_room_charge", _("Room charge above the right")
    MEDICAL_CERTIFICATE = "medical_certificate", _("Medical certificate")
    FAMILY_PLANNING = "family_planning", _("Family planning")
    TUITION = "tuition", _("Tuition and school fees")


MEDICAL_ITEM_KINDS = [kind for kind in ItemKind if kind != ItemKind.TUITION]


class Semester(models.IntegerChoices):
    FIRST = 1, _("Semester 1")
    SECOND = 2, _("Semester 2")


class ReimbursementSettings(models.Model):
    """The office's own settings (one row): the amount above which only the director
    (approver role) approves a claim; at or below it, the welfare officer at the desk may."""

    approval_threshold = money_field(
        _("amount above which the director approves (baht)"), default=Decimal("10000.00")
    )
    payer_name = models.CharField(
        _("paying officer's name on receipts"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("claim settings")
        verbose_name_plural = _("claim settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approval_threshold__gte=0), name="claim_threshold_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.approval_threshold)


class Claim(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ClaimKind.choices)
    claimant = models.ForeignKey(
        Person, verbose_name=_("claimant"), on_delete=models.PROTECT, related_name="claims"
    )
    # What the claimant was when claiming: the registers and indicators count by it.
    claimant_category = models.CharField(
        _("claimant category"), max_length=32, choices=PersonCategory.choices
    )
    beneficiary = models.ForeignKey(
        FamilyMember,
        verbose_name=_("family member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text=_("Empty: the claimant themself."),
    )
    beneficiary_relation = models.CharField(
        _("for"), max_length=10, choices=BeneficiaryRelation.choices
    )
    beneficiary_name = models.CharField(_("beneficiary's name"), max_length=250)
    beneficiary_national_id = models.CharField(
        _("beneficiary's national ID"), max_length=13, blank=True
    )
    # Why the beneficiary is entitled, as the officer saw it ("บุตรคนที่ 2 ...").
    eligibility_note = models.CharField(_("eligibility"), max_length=300, blank=True)
    service_request = models.OneToOneField(
        "onestop.ServiceRequest",
        verbose_name=_("desk ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claim",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )

    # The national rate applied, copied when the claim was made (central.rates): the row of the
    # child-education rates or of the medical limits, by the claim's kind. The rest of the rate
    # is in the claim's details.
    rate_version = models.PositiveIntegerField(
        _("rate table row"), null=True, blank=True, help_text=_("The id of the row applied.")
    )
    rate_source = models.CharField(_("rate's source letter"), max_length=200, blank=True)
    rate_confirmed = models.BooleanField(
        _("rate confirmed"),
        default=True,
        db_default=True,
        help_text=_(
            "Unticked: the rate row was not yet checked against its letter when the claim was "
            "made; the claim pages and registers say so."
        ),
    )

    claimed_amount = money_field(_("amount claimed"))
    payable_amount = money_field(_("amount payable"))

    return_reason = models.TextField(_("reason returned"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(pgettext_lazy("claim", "checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claimed_amount__gte=0)
                & models.Q(payable_amount__gte=0)
                & models.Q(payable_amount__lte=models.F("claimed_amount")),
                name="claim_amounts_in_order",
            ),
            # Its semester, school and rate are in `ChildEducationClaimDetail`.
            models.CheckConstraint(
                condition=~models.Q(kind="child_education")
                | models.Q(beneficiary_relation="child"),
                name="claim_child_education_for_child",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(return_reason=""),
                name="claim_return_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"], name="claim_kind_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def audit_label(self) -> str:
        """How the audit trail names the claim (`audit.services.audit_record`)."""
        return f"{self.get_kind_display()} #{self.pk} {self.beneficiary_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MedicalClaimDetail(models.Model):
    """What a medical claim (form 7131) says of the care: where and how the beneficiary was
    treated, and the special-room rate of the medical limits it applied."""

    claim = models.OneToOneField(
        Claim,
        verbose_name=_("claim"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="medical",
    )
    hospital_name = models.CharField(_("hospital"), max_length=200)
    hospital_type = models.CharField(
        _("hospital type"), max_length=12, choices=HospitalType.choices
    )
    care_type = models.CharField(_("care"), max_length=12, choices=CareType.choices)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    special_room_rate = money_field(_("special room rate per day (baht)"), null=True, blank=True)

    class Meta:
        verbose_name = _("medical claim details")
        verbose_name_plural = _("medical claim details")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(hospital_name="")
                & ~models.Q(hospital_type="")
                & ~models.Q(care_type=""),
                name="claim_medical_has_hospital",
            ),
        ]

    def __str__(self) -> str:
        return self.hospital_name


class ChildEducationClaimDetail(models.Model):
    """What a child-education claim (form 7223) says of the child's semester: the school, the
    rate it applied and the child's entitlement of the academic year when it was made.

    The child and its national ID are the claim's beneficiary, copied here with `is_claimed`
    (false once the claim is returned, like a receipt's) so that the database itself refuses a
    second claim of a child's semester, whichever parent makes it."""

    claim = models.OneToOneField(
        Claim,
        verbose_name=_("claim"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="child_education",
    )
    child = models.ForeignKey(
        FamilyMember,
        verbose_name=_("child"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    child_national_id = models.CharField(_("child's national ID"), max_length=13, blank=True)
    academic_year = models.PositiveSmallIntegerField(_("academic year (B.E.)"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    school_type = models.CharField(_("school type"), max_length=20, blank=True)
    education_level = models.CharField(_("level"), max_length=30, blank=True)
    fee_notice_received = models.BooleanField(_("school's fee notice received"), default=False)
    rate_method = models.CharField(_("rate method"), max_length=10, blank=True)
    rate_share_percent = models.DecimalField(
        _("share of actual fees (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rate_cap = money_field(_("cap per academic year (baht)"))
    # The entitlement of the child's academic year when the claim was made.
    entitled_amount = money_field(_("entitled"), null=True, blank=True)
    used_before = money_field(_("used before this claim"), null=True, blank=True)
    is_claimed = models.BooleanField(_("claimed"), default=True)

    class Meta:
        verbose_name = _("child-education claim details")
        verbose_name_plural = _("child-education claim details")
        constraints = [
            # One parent claims a child's semester once (both parents may be in the register).
            models.UniqueConstraint(
                fields=["child_national_id", "academic_year", "semester"],
                condition=models.Q(is_claimed=True) & ~models.Q(child_national_id=""),
                name="claim_child_semester_once",
            ),
            models.UniqueConstraint(
                fields=["child", "academic_year", "semester"],
                condition=models.Q(is_claimed=True),
                name="claim_child_member_semester_once",
            ),
        ]
        indexes = [
            models.Index(fields=["child_national_id", "academic_year"], name="claim_child_year_idx")
        ]

    def __str__(self) -> str:
        return f"{self.academic_year}/{self.semester} {self.school_name}"


class Receipt(models.Model):
    """One receipt of a claim: a hospital's or a school's, identified by issuer, number and
    date. While its claim is not returned it is `is_claimed`, and an office never has two
    claimed receipts with the same issuer, number and date, whoever claims them."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="receipts"
    )
    issuer = models.CharField(pgettext_lazy("receipt", "issued by"), max_length=200)
    # Issuer and number folded (case, spaces) so "รพ.พัทลุง " and "รพ.พัทลุง" are one.
    issuer_key = models.CharField(max_length=200, editable=False)
    number = models.CharField(_("receipt number"), max_length=50)
    number_key = models.CharField(max_length=50, editable=False)
    issued_on = models.DateField(_("receipt date"))
    amount = money_field(_("amount"))
    payable_amount = money_field(_("payable"))
    is_claimed = models.BooleanField(_("claimed"), default=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "number_key", "issued_on"],
                condition=models.Q(is_claimed=True),
                name="receipt_claimed_once",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0)
                & models.Q(payable_amount__gte=0)
                & models.Q(payable_amount__lte=models.F("amount")),
                name="receipt_amounts_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.number}"


class ReceiptItem(models.Model):
    """A line of a receipt, with what of it is paid and, when less than its amount, why."""

    receipt = models.ForeignKey(
        Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("item"), max_length=30, choices=ItemKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    amount = money_field(_("amount"))
    payable_amount = money_field(_("payable"))
    note = models.CharField(_("why not paid in full"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("receipt item")
        verbose_name_plural = _("receipt items")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0)
                & models.Q(payable_amount__gte=0)
                & models.Q(payable_amount__lte=models.F("amount")),
                name="receipt_item_amounts_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class ScanKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    FEE_NOTICE = "fee_notice", _("School's fee notice")
    OTHER = "other", _("Other document")


class ClaimScan(models.Model):
    """A scanned document of a claim (PDF, JPEG or PNG), in the office's own files, served only
    through the claim's pages to the office's staff who handle claims."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="scans"
    )
    kind = models.CharField(_("document"), max_length=12, choices=ScanKind.choices)
    file = models.FileField(_("file"), upload_to="reimbursements/scans/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("scanned document")
        verbose_name_plural = _("scanned documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class PaymentCounter(models.Model):
    """The last payment number of a register and year: medical payments run per fiscal year,
    child-education payments per academic year (`NNNN/<year>`)."""

    kind = models.CharField(max_length=20, choices=ClaimKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="payment_counter_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class Payment(models.Model):
    """The cash paid for a claim: at most one per claim (the one-to-one is the last guard
    against paying twice), numbered without gaps in its register."""

    claim = models.OneToOneField(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="payment"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClaimKind.choices)
    year = models.PositiveSmallIntegerField(_("register year (B.E.)"))
    sequence = models.PositiveIntegerField(_("running number"))
    number = models.CharField(_("payment number"), max_length=20)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    amount = money_field(_("amount"))
    amount_text = models.CharField(_("amount in words"), max_length=300)
    payee_name = models.CharField(_("paid to"), max_length=250)
    paid_at = models.DateTimeField(_("paid"))
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_by_name = models.CharField(pgettext_lazy("reimbursement", "paid by"), max_length=200)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"], name="payment_number_once_per_register"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
        ]
        indexes = [models.Index(fields=["kind", "fiscal_year"], name="payment_kind_fy_idx")]

    def __str__(self) -> str:
        return self.number
