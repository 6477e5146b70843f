"""The fund's loans after approval (issue 18): the loan made from an approved application (or
imported mid-term, or received from another office), its contract and guarantee, the money paid
to the borrower's creditors, its ledger month by month, the guarantors' deductions, and the
imports of what finance deducted.

Money is baht with two places; the arithmetic is `apps.revolvingfund.loans.amortisation` only.
A loan keeps its running position (balance, unpaid interest, totals, arrears) next to its
ledger so that registers and indicators read one row per loan; the ledger is the proof
(`loan_ledger_check` replays it). Debt data is sensitive (PDPA): it is kept because the fund's
regulation asks for it (the loan is the office's claim on the borrower), read by the fund's
officers and finance only, every full read audited.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.people.models import Person
from apps.revolvingfund.models.applications import Application

ZERO = Decimal("0.00")


class LoanRule(models.Model):
    """The office's dated loan settings (one version per `valid_from`): what a version says
    applies from that day. Shipped unconfirmed where nobody has checked the fund's letter
    (DOMAIN-wave2 b.2: the guarantor trigger, the day basis, the contract form names)."""

    valid_from = models.DateField(_("in force from"), unique=True)
    guarantor_after_months = models.PositiveSmallIntegerField(
        _("months overdue before the guarantors are deducted"), default=3
    )
    days_in_year = models.PositiveSmallIntegerField(
        _("days in a year for interest to the day"), default=365
    )
    max_restructure_months = models.PositiveSmallIntegerField(
        _("longest term after restructuring (months)"), default=144
    )
    creditor_name = models.CharField(
        _("creditor on the deduction file"),
        max_length=100,
        default="เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู สป.ศธ.",
    )
    contract_form_name = models.CharField(
        _("name of the loan contract form"), max_length=120, default="สัญญากู้ยืมเงิน"
    )
    guarantee_form_name = models.CharField(
        _("name of the guarantee contract form"), max_length=120, default="สัญญาค้ำประกัน"
    )
    on_leaving_service = models.CharField(
        _("on death or leaving service"),
        max_length=300,
        default="หักชำระหนี้คงเหลือจากบำเหน็จ บำนาญ หรือเงินอื่นที่ได้รับจากทางราชการ",
    )
    source = models.CharField(_("source"), max_length=300)
    confirmed = models.BooleanField(_("confirmed against the source"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan rule")
        verbose_name_plural = _("loan rules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(guarantor_after_months__gte=1),
                name="fund_loan_rule_guarantor_after_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(days_in_year__in=(360, 365, 366)),
                name="fund_loan_rule_day_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}"


class LoanStatus(models.TextChoices):
    CONTRACTED = "contracted", _("Contract signed, to be disbursed")
    REPAYING = "repaying", _("Repaying")
    GUARANTORS = "guarantors", _("In arrears: deducted from the guarantors")
    SETTLED = "settled", _("Settled")
    TRANSFERRED = "transferred", _("Moved to another office")


RUNNING = (LoanStatus.REPAYING, LoanStatus.GUARANTORS)


class LoanOrigin(models.TextChoices):
    APPROVED = "approved", _("Approved by the subcommittee")
    IMPORTED = "imported", _("Imported mid-term")
    TRANSFERRED_IN = "transferred_in", _("Received from another office")


class Loan(models.Model):
    number = models.CharField(_("contract number"), max_length=20, unique=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=LoanOrigin.choices, default=LoanOrigin.APPROVED
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("approved application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="fund_loans"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year approved (B.E.)"))
    round_number = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    principal = models.DecimalField(_("amount lent (baht)"), max_digits=14, decimal_places=2)
    annual_rate = models.DecimalField(_("rate (% a year)"), max_digits=6, decimal_places=3)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    instalment = models.DecimalField(
        _("monthly instalment (baht)"), max_digits=14, decimal_places=2
    )
    terms_code = models.CharField(_("terms version"), max_length=40, blank=True)
    terms_confirmed = models.BooleanField(_("terms confirmed"), default=False)
    rule = models.ForeignKey(
        LoanRule, verbose_name=_("loan rule applied"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.CONTRACTED
    )
    contract_signed_on = models.DateField(_("contract signed on"))
    borrower_signed = models.BooleanField(_("signed by the borrower"), default=False)
    # Signed for the office by the director (or a delegate): never the officer who prepared it.
    office_signed_at = models.DateTimeField(_("signed for the office"), null=True, blank=True)
    office_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_signer_name = models.CharField(_("signed for the office by"), max_length=200, blank=True)
    witnesses = models.JSONField(_("witnesses"), default=list)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    first_month = models.DateField(_("first deduction month"), null=True, blank=True)
    # The schedule in force (restructuring starts a new one): its first month, length and
    # instalment, and what was paid towards it since it began.
    schedule_start = models.DateField(_("schedule from"), null=True, blank=True)
    schedule_months = models.PositiveSmallIntegerField(_("schedule months"), default=0)
    schedule_instalment = models.DecimalField(
        _("schedule instalment"), max_digits=14, decimal_places=2, default=ZERO
    )
    schedule_paid = models.DecimalField(
        _("paid towards the schedule"), max_digits=14, decimal_places=2, default=ZERO
    )
    # The running position (amortisation.Position) after the last entry of the ledger.
    balance = models.DecimalField(_("principal outstanding"), max_digits=14, decimal_places=2)
    interest_due = models.DecimalField(
        _("interest unpaid"), max_digits=14, decimal_places=2, default=ZERO
    )
    principal_repaid = models.DecimalField(
        _("principal repaid"), max_digits=14, decimal_places=2, default=ZERO
    )
    interest_charged = models.DecimalField(
        _("interest charged"), max_digits=14, decimal_places=2, default=ZERO
    )
    interest_paid = models.DecimalField(
        _("interest paid"), max_digits=14, decimal_places=2, default=ZERO
    )
    last_month = models.DateField(_("last month closed"), null=True, blank=True)
    arrears_amount = models.DecimalField(
        _("arrears (baht)"), max_digits=14, decimal_places=2, default=ZERO
    )
    months_overdue = models.PositiveSmallIntegerField(_("months overdue"), default=0)
    borrower_instruction = models.ForeignKey(
        "payroll.DeductionInstruction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A loan received from another office: where it came from (office code and its number).
    transferred_from = models.CharField(_("received from office"), max_length=80, blank=True)
    transferred_to = models.CharField(_("moved to office"), max_length=80, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.CharField(_("how it closed"), max_length=200, blank=True)
    # How many deduction instructions the loan has had (restructuring, guarantor spells):
    # payroll keeps one per contract number, so each new one carries a suffix.
    instruction_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("fund loan")
        verbose_name_plural = _("fund loans")
        ordering = ["-fiscal_year", "number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(principal__gt=0), name="fund_loan_principal_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(balance__gte=0)
                & models.Q(interest_due__gte=0)
                & models.Q(balance__lte=models.F("principal")),
                name="fund_loan_balance_within_principal",
            ),
            models.CheckConstraint(
                # The invariant the property tests prove for the arithmetic, held by the
                # database for every row.
                condition=models.Q(principal=models.F("principal_repaid") + models.F("balance")),
                name="fund_loan_repaid_plus_balance_is_principal",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_rate__gte=0)
                & models.Q(term_months__gte=1)
                & models.Q(instalment__gt=0),
                name="fund_loan_terms_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(origin="approved") | models.Q(application__isnull=False),
                name="fund_loan_approved_has_application",
            ),
        ]
        indexes = [models.Index(fields=["status", "fiscal_year"], name="fund_loan_status_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_label(self) -> str:
        return f"สัญญาเงินกู้กองทุนหมุนเวียนฯ {self.number} {self.person}"

    @property
    def outstanding(self) -> Decimal:
        return self.balance + self.interest_due

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING


class LoanGuarantor(models.Model):
    """A guarantor of a loan, from the approved application; once the loan is `guarantor_after`
    months overdue, each guarantor is deducted a share of the instalment (their instruction)
    and sent a letter."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="guarantors")
    person = models.ForeignKey(
        Person,
        verbose_name=_("guarantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # As named on the guarantee (a guarantor of a loan received from another office is not in
    # this office's register).
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    guarantee_signed = models.BooleanField(_("guarantee signed"), default=False)
    instruction = models.ForeignKey(
        "payroll.DeductionInstruction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    national_id = models.CharField(_("national ID"), max_length=13, blank=True)
    share = models.DecimalField(
        _("monthly share (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    letter_number = models.CharField(_("letter number"), max_length=40, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)

    class Meta:
        ordering = ["loan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "person"],
                condition=models.Q(person__isnull=False),
                name="fund_loan_guarantor_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Disbursement(models.Model):
    """Money paid to one of the borrower's creditors, with the proof (the transfer slip or the
    creditor's receipt, a checked PDF or image)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="disbursements")
    creditor = models.CharField(_("creditor"), max_length=200)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("transfer or cheque reference"), max_length=80)
    proof = models.FileField(_("proof of payment"), upload_to="revolvingfund/proofs/")
    proof_name = models.CharField(_("file name"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["loan", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_disbursement_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["loan", "reference"], name="fund_disbursement_reference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor} {self.amount}"


class EntryKind(models.TextChoices):
    OPENING = "opening", _("Opening balance")
    MONTH = "month", _("Monthly deduction")
    SETTLEMENT = "settlement", _("Settlement")
    RESTRUCTURE = "restructure", _("Restructured")
    TRANSFER_OUT = "transfer_out", _("Moved to another office")


class PaymentSource(models.TextChoices):
    PAYROLL = "payroll", _("Payroll deduction")
    GUARANTORS = "guarantors", _("Payroll deduction from the guarantors")
    CASH = "cash", _("Paid at the office")
    GRATUITY = "gratuity", _("From the gratuity or pension")
    NONE = "none", _("Nothing received")


class LoanEntry(models.Model):
    """One line of a loan's ledger: a month's interest and what was deducted (from the
    borrower and the guarantors), or a settlement, restructuring or move. Amounts after the
    line are the loan's position then."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    month = models.DateField(_("month"))
    on = models.DateField(_("date"))
    opening_balance = models.DecimalField(max_digits=14, decimal_places=2)
    interest = models.DecimalField(_("interest charged"), max_digits=14, decimal_places=2)
    due = models.DecimalField(_("due"), max_digits=14, decimal_places=2, default=ZERO)
    from_borrower = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    from_guarantors = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    source = models.CharField(
        _("paid by"), max_length=20, choices=PaymentSource.choices, default=PaymentSource.PAYROLL
    )
    interest_paid = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    principal_paid = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    excess = models.DecimalField(_("to refund"), max_digits=14, decimal_places=2, default=ZERO)
    closing_balance = models.DecimalField(max_digits=14, decimal_places=2)
    interest_due = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    arrears = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    months_overdue = models.PositiveSmallIntegerField(default=0)
    batch = models.ForeignKey(
        "RepaymentImport", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["loan", "on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "month"],
                condition=models.Q(kind="month"),
                name="fund_loan_entry_month_once",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="fund_loan_entry_month_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    from_borrower__gte=0,
                    from_guarantors__gte=0,
                    interest_paid__gte=0,
                    principal_paid__gte=0,
                    excess__gte=0,
                    closing_balance__gte=0,
                ),
                name="fund_loan_entry_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    closing_balance=models.F("opening_balance") - models.F("principal_paid")
                ),
                name="fund_loan_entry_balance_moves_by_principal",
            ),
        ]
        indexes = [models.Index(fields=["month", "kind"], name="fund_loan_entry_month_idx")]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.month} {self.kind}"

    @property
    def received(self) -> Decimal:
        return self.from_borrower + self.from_guarantors


class ImportKind(models.TextChoices):
    REPAYMENTS = "repayments", _("What finance deducted in a month")
    LOANS = "loans", _("Existing loans (start mid-term)")


class LoanImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    APPLIED = "applied", _("Applied")


class RepaymentImport(models.Model):
    """A file read and checked (the dry run), applied once when an officer confirms: a month's
    deductions as finance made them, or existing loans."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    month = models.DateField(_("month"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.JSONField(default=list)
    report = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=LoanImportStatus.choices, default=LoanImportStatus.CHECKED
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The month's money sent on to the fund (สป.ศธ.): the amount, the day and the transfer.
    remitted_amount = models.DecimalField(
        _("remitted to the fund (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    remitted_on = models.DateField(_("remitted on"), null=True, blank=True)
    remittance_reference = models.CharField(_("remittance reference"), max_length=80, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(kind="repayments", status="applied"),
                name="fund_repayment_import_month_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
