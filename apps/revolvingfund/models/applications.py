"""Applications to the fund (ทป.1), received at the desk: the borrower as they were, the debts
to repay with their statements, the guarantors with their consent to deduction, the documents
of the file, the completeness, eligibility and net-pay checks as they were run (each with the
terms version it applied), and the subcommittee's result: the approved amount, rate, term and
instalment.

Debt data is sensitive (PDPA): it is stored because the fund's regulation asks for it to judge
the application (the debts to be repaid are the loan's purpose), read only by the fund's
officers and the subcommittee, and every read of a full file is audited.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Person, PersonCategory
from apps.revolvingfund.models.rounds import Round


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received, to be checked")
    RETURNED = "returned", _("Returned: file incomplete")
    COMPLETE = "complete", _("Complete, eligibility to be checked")
    ELIGIBLE = "eligible", _("Eligible, for the subcommittee")
    INELIGIBLE = "ineligible", pgettext_lazy("revolving fund", "Not eligible")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REFUSED = "refused", pgettext_lazy("revolving fund", "Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED = ("approved", "waitlisted", "refused")
IN_FILE = ("received", "returned", "complete", "eligible", "ineligible", *DECIDED)


class CheckOutcome(models.TextChoices):
    PASS = "pass", _("Passed")
    WARN = "warn", _("Below the floor (warning)")
    BLOCK = "block", pgettext_lazy("revolving fund", "Below the floor (blocked)")


class DebtKind(models.TextChoices):
    BANK = "bank", _("Bank or financial institution")
    COOPERATIVE = "cooperative", _("Savings cooperative")
    CREDIT_CARD = "credit_card", _("Credit or cash card")
    GUARANTOR_JUDGMENT = "guarantor_judgment", _("As guarantor, under a court judgment")
    INFORMAL = "informal", _("Informal lender")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    REQUEST_FORM = "tp1", _("Request form ทป.1")
    BORROWER_CONSENT = "borrower_consent", _("Borrower's consent to salary deduction")
    AGENCY_CERTIFICATE = "agency_certificate", _("Agency's certificate that it will deduct")
    PAYSLIP = "payslip", _("Payslip")
    ID_COPY = "id_copy", _("Copy of the ID card")
    HOUSE_REGISTRATION = "house_registration", _("Copy of the house registration")
    DEBT_STATEMENT = "debt_statement", _("Creditor's statement of a debt")
    GUARANTOR_CONSENT = "guarantor_consent", _("Guarantor's consent to salary deduction")
    DIRECTOR_ENDORSEMENT = "director_endorsement", _("School director's endorsement")
    OTHER = "other", _("Other document")


# The documents as the call and the completeness check name them (Thai, as printed).
DOCUMENT_TH = {
    DocumentKind.REQUEST_FORM: "แบบคำขอกู้ยืมเงิน (ทป.1)",
    DocumentKind.BORROWER_CONSENT: "หนังสือยินยอมให้หักเงินเดือนของผู้กู้",
    DocumentKind.AGENCY_CERTIFICATE: "แบบคำรับรองของหน่วยงานต้นสังกัดในการหักเงินเดือน",
    DocumentKind.PAYSLIP: "สลิปเงินเดือนเดือนล่าสุด",
    DocumentKind.ID_COPY: "สำเนาบัตรประจำตัวเจ้าหน้าที่ของรัฐหรือบัตรประชาชน",
    DocumentKind.HOUSE_REGISTRATION: "สำเนาทะเบียนบ้าน",
    DocumentKind.DEBT_STATEMENT: "หนังสือรับรองยอดหนี้จากเจ้าหนี้",
    DocumentKind.GUARANTOR_CONSENT: "หนังสือยินยอมให้หักเงินเดือนของผู้ค้ำประกัน",
    DocumentKind.DIRECTOR_ENDORSEMENT: "การรับรองของผู้อำนวยการโรงเรียน",
    DocumentKind.OTHER: "เอกสารอื่น",
}


class Application(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="fund_applications",
    )
    service_request = models.OneToOneField(
        "onestop.ServiceRequest",
        verbose_name=_("desk ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_application",
    )
    number = models.CharField(_("application number"), max_length=20, unique=True)
    # The borrower as they were when they applied (the register prints these).
    applicant_category = models.CharField(
        _("applicant category"), max_length=32, choices=PersonCategory.choices
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    service_started_on = models.DateField(_("in government service since"))
    amount_requested = models.DecimalField(
        _("amount asked (baht)"), max_digits=14, decimal_places=2
    )
    term_requested = models.PositiveSmallIntegerField(_("term asked (months)"))
    director_endorsed = models.BooleanField(_("endorsed by the school director"), default=False)
    director_name = models.CharField(_("school director"), max_length=200, blank=True)
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    # The completeness check as last run: what is missing ([{code, label}]).
    missing = models.JSONField(_("missing"), default=list)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0)
    completed_at = models.DateTimeField(_("complete since"), null=True, blank=True)
    # The eligibility check: one row per rule [{rule, passed, detail}], by the terms stored.
    terms_id = models.PositiveIntegerField(_("terms version id"))
    terms_code = models.CharField(_("terms version"), max_length=40)
    terms_confirmed = models.BooleanField(_("terms confirmed"), default=False)
    eligibility = models.JSONField(pgettext_lazy("revolving fund", "eligibility"), default=list)
    checked_at = models.DateTimeField(_("eligibility checked"), null=True, blank=True)
    # The borrower's net-pay check (apps.payroll.netpay) with the planned instalment.
    check_month = models.DateField(_("payslip month"), null=True, blank=True)
    check_figures = models.JSONField(_("net-pay check"), default=dict)
    check_outcome = models.CharField(
        _("net-pay result"), max_length=10, choices=CheckOutcome.choices, blank=True
    )
    net_pay = models.DecimalField(
        _("net pay after the instalment (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    planned_instalment = models.DecimalField(
        _("instalment on the amount asked (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # The subcommittee's result.
    score_total = models.DecimalField(
        _("score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    approved_amount = models.DecimalField(
        _("amount approved (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    annual_rate = models.DecimalField(
        _("rate (% a year)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    instalment = models.DecimalField(
        _("monthly instalment (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The ranking's proposal, until the subcommittee confirms it.
    proposed_outcome = models.CharField(_("proposed result"), max_length=12, blank=True)
    proposed_amount = models.DecimalField(
        _("proposed amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        ordering = ["round", "received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=~models.Q(status="withdrawn"),
                name="fund_application_once_per_round",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0),
                name="fund_application_amount_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (
                    models.Q(approved_amount__gt=0)
                    & models.Q(annual_rate__isnull=False)
                    & models.Q(term_months__isnull=False)
                    & models.Q(instalment__gt=0)
                    & models.Q(decided_at__isnull=False)
                ),
                name="fund_application_approved_has_terms",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=("refused", "ineligible"))
                | ~models.Q(decision_reason=""),
                name="fund_application_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True)
                | models.Q(approved_amount__lte=models.F("amount_requested")),
                name="fund_application_approved_within_asked",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "decided_at"], name="fund_application_status_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_label(self) -> str:
        return f"ทป.1 {self.number} {self.person}"

    @property
    def is_approved(self) -> bool:
        return self.status == ApplicationStatus.APPROVED

    @property
    def debt_total(self) -> Decimal:
        return sum((debt.balance for debt in self.debts.all()), Decimal("0.00"))


class Debt(models.Model):
    """A debt the loan is to repay, as the creditor's statement shows it."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="debts"
    )
    creditor = models.CharField(_("creditor"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DebtKind.choices)
    balance = models.DecimalField(_("balance (baht)"), max_digits=14, decimal_places=2)
    monthly_instalment = models.DecimalField(
        _("monthly instalment (baht)"), max_digits=14, decimal_places=2
    )
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gt=0) & models.Q(monthly_instalment__gte=0),
                name="fund_debt_amounts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.creditor} {self.balance}"


class Guarantor(models.Model):
    """A guarantor, with their consent to deduction and their own net-pay check (no new
    instalment: a guarantor pays only if the borrower does not)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="guarantors",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("guarantor"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    consent_signed = models.BooleanField(_("consent to deduction signed"), default=False)
    check_month = models.DateField(_("payslip month"), null=True, blank=True)
    check_figures = models.JSONField(_("net-pay check"), default=dict)
    check_outcome = models.CharField(
        _("net-pay result"), max_length=10, choices=CheckOutcome.choices, blank=True
    )
    net_pay = models.DecimalField(
        _("net pay (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("guarantor")
        verbose_name_plural = _("guarantors")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="fund_guarantor_once")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Document(models.Model):
    """A document of the file: seen at the desk and, for a debt's statement, kept as a scan
    (PDF, JPEG or PNG) in the office's own files."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    debt = models.ForeignKey(
        Debt,
        verbose_name=_("debt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
    )
    guarantor = models.ForeignKey(
        Guarantor,
        verbose_name=_("guarantor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("scan"), upload_to="revolvingfund/scans/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=50, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["application", "received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="debt_statement") | models.Q(debt__isnull=False),
                name="fund_statement_names_its_debt",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="guarantor_consent") | models.Q(guarantor__isnull=False),
                name="fund_consent_names_its_guarantor",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def has_scan(self) -> bool:
        return bool(self.file)
