"""The office's payroll data: each person's payslip per month (income and deduction lines),
the standing deduction instructions finance keys into the next payslips, and the dated
net-pay rule. Rows live in the office's schema.

Writes go through `apps.payroll.services`; every read of a person's payslip data through
`apps.payroll.selectors` is audited there (salaries and debts are personal data).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.people.models import Person


class LineSide(models.TextChoices):
    INCOME = "income", _("Income")
    DEDUCTION = "deduction", _("Deduction")


class IncomeKind(models.TextChoices):
    SALARY = "salary", _("Salary")
    POSITION_ALLOWANCE = "position_allowance", _("Position allowance")
    ACADEMIC_STANDING = "academic_standing", _("Academic standing pay")
    COST_OF_LIVING = "cost_of_living", _("Temporary cost-of-living allowance")
    OTHER_INCOME = "other_income", _("Other income")


class DeductionKind(models.TextChoices):
    TAX = "tax", _("Income tax")
    GPF = "gpf", _("Government Pension Fund (GPF)")
    COOPERATIVE = "cooperative", _("Savings cooperative")
    CPK = "cpk", _("Teachers' cremation welfare (ช.พ.ค.)")
    CPS = "cps", _("Spouses' cremation welfare (ช.พ.ส.)")
    BANK_LOAN = "bank_loan", _("Bank loan")
    REVOLVING_FUND = "revolving_fund", _("Revolving fund for teachers' debt")
    STUDENT_LOAN = "student_loan", _("Student loan fund (กยศ.)")
    OTHER_DEDUCTION = "other_deduction", _("Other deduction")


# The order deductions are taken in (DOMAIN-wave2 0.4): tax, then statutory funds, then the
# cooperative (Cooperatives Act §42/1), then everything else. Certificates list them so.
DEDUCTION_PRIORITY: dict[str, int] = {
    DeductionKind.TAX: 1,
    DeductionKind.GPF: 2,
    DeductionKind.COOPERATIVE: 3,
}
OTHER_PRIORITY = 4


def deduction_priority(kind: str) -> int:
    return DEDUCTION_PRIORITY.get(kind, OTHER_PRIORITY)


# The creditors of the banks with teacher loan programmes, as lines and instructions name them.
GSB, KTB, GHB = "ธนาคารออมสิน", "ธนาคารกรุงไทย", "ธนาคารอาคารสงเคราะห์"
BANK_CREDITORS: dict[str, str] = {"gsb": GSB, "ktb": KTB, "ghb": GHB}


class PayslipSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    DEMO = "demo", _("Demo")


class Payslip(models.Model):
    """One person's pay for one month: at most one per person and month."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="payslips"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    source = models.CharField(
        _("source"), max_length=10, choices=PayslipSource.choices, default=PayslipSource.ENTERED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payslip")
        verbose_name_plural = _("payslips")
        ordering = ["person", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="payslip_once_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="payslip_month_is_first_day"
            ),
        ]
        indexes = [models.Index(fields=["month"], name="payslip_month_idx")]

    def __str__(self) -> str:
        from apps.payroll.months import format_be_month

        return f"{self.person_id} {format_be_month(self.month)}"

    @property
    def audit_label(self) -> str:
        from apps.payroll.months import format_be_month

        return f"{self.person} {format_be_month(self.month)}"


class PayslipLine(models.Model):
    """One income or deduction line of a payslip: a kind, for a bank loan its creditor, and
    an amount in baht (two places, never negative)."""

    payslip = models.ForeignKey(
        Payslip, verbose_name=_("payslip"), on_delete=models.CASCADE, related_name="lines"
    )
    side = models.CharField(_("side"), max_length=10, choices=LineSide.choices)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[*IncomeKind.choices, *DeductionKind.choices],
    )
    creditor = models.CharField(_("creditor"), max_length=100, blank=True)
    reference = models.CharField(_("contract number"), max_length=50, blank=True)
    label = models.CharField(_("description"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("payslip line")
        verbose_name_plural = _("payslip lines")
        ordering = ["payslip", "side", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="payslip_line_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(side="income", kind__in=IncomeKind.values)
                | models.Q(side="deduction", kind__in=DeductionKind.values),
                name="payslip_line_kind_matches_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class InstructionSource(models.TextChoices):
    CERTIFICATE = "certificate", _("Salary certificate (bank loan)")
    FUND_LOAN = "fund_loan", _("Revolving fund loan")
    WELFARE_SHOP = "welfare_shop", _("Welfare shop")
    OFFICE = "office", _("Entered by finance")


class DeductionInstruction(models.Model):
    """A standing instruction to deduct `monthly_amount` from a person's pay for `creditor`
    from `first_month` to `last_month` (empty: until ended). In force in a month when
    first_month ≤ month ≤ last_month. It feeds the next payslips' expected deductions and the
    net-pay check, so a certificate sees a loan approved after the last payslip."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="deduction_instructions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DeductionKind.choices, default=DeductionKind.BANK_LOAN
    )
    creditor = models.CharField(_("creditor"), max_length=100)
    contract_number = models.CharField(_("contract number"), max_length=50, blank=True)
    monthly_amount = models.DecimalField(
        _("monthly amount (baht)"), max_digits=14, decimal_places=2
    )
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=InstructionSource.choices,
        default=InstructionSource.OFFICE,
    )
    # What the instruction comes from, as `<app>.<model>:<id>` (e.g. a certificate's row).
    source_reference = models.CharField(_("source reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("deduction instruction")
        verbose_name_plural = _("deduction instructions")
        ordering = ["person", "first_month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gt=0),
                name="deduction_instruction_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(first_month__day=1)
                & (models.Q(last_month__isnull=True) | models.Q(last_month__day=1)),
                name="deduction_instruction_months_first_days",
            ),
            models.CheckConstraint(
                condition=models.Q(last_month__isnull=True)
                | models.Q(last_month__gte=models.F("first_month")),
                name="deduction_instruction_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["person", "creditor", "contract_number"],
                condition=~models.Q(contract_number=""),
                name="deduction_instruction_contract_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor} {self.contract_number} {self.monthly_amount}"

    @property
    def audit_label(self) -> str:
        return f"{self.person} {self.creditor} {self.contract_number}".strip()


class NetPayBase(models.TextChoices):
    SALARY = "salary", _("Salary (เงินเดือน)")
    INCOME = "income", _("Total income (รายรับ)")


class NetPayMode(models.TextChoices):
    WARN = "warn", _("Warn (the officer may go on)")
    BLOCK = "block", _("Block (no certificate below the floor)")


class NetPayRule(models.Model):
    """The net-pay floor in force from `valid_from` on: take-home pay after every deduction,
    the new instalment included, must stay at least `floor_percent` % of the base.

    Dated policy data in the office's schema. Every office starts with the national default
    (migration 0002: 30 % of salary from 29 Jan 2551, MOE regulation on salary deductions
    B.E. 2551 ข้อ 7(5), mode "warn"); the office overrides it by adding a newer row (base,
    floor or mode), never by editing the old one, so a stored check names the row it used.

    Why "warn" by default: the Supreme Administrative Court (อร.92/2567, 12 Jul 2567) held
    that the 2551 regulation is not yet enforceable as a rule (กฎ), so an office chooses
    whether a failed check only warns or blocks the certificate.
    """

    valid_from = models.DateField(_("in force from"), unique=True)
    floor_percent = models.DecimalField(
        _("floor (% of the base)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Take-home pay must stay at least this share of the base, e.g. 30."),
    )
    base = models.CharField(
        _("base"), max_length=10, choices=NetPayBase.choices, default=NetPayBase.SALARY
    )
    mode = models.CharField(
        _("when the check fails"),
        max_length=10,
        choices=NetPayMode.choices,
        default=NetPayMode.WARN,
        help_text=_(
            "The Supreme Administrative Court held in 2567 (อร.92/2567) that the 2551 "
            "regulation is not yet enforceable as a rule: each office decides whether a failed "
            "check blocks the certificate or only warns."
        ),
    )
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("net-pay rule")
        verbose_name_plural = _("net-pay rules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(floor_percent__gte=0) & models.Q(floor_percent__lte=100),
                name="net_pay_rule_floor_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.floor_percent}% {self.base} {self.mode}"


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    APPLIED = "applied", _("Applied")


class PayrollImportBatch(models.Model):
    """An uploaded file of payslips, read and checked (the dry run), applied once when an
    officer confirms; the rows are kept as read, and re-checked when applied."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    rows = models.JSONField(_("rows"), default=list)
    report = models.JSONField(_("check report"), default=list)
    ignored_columns = models.JSONField(_("ignored columns"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    checked_counts = models.JSONField(_("counts when checked"), default=dict)
    applied_counts = models.JSONField(_("counts when applied"), default=dict)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payslip import")
        verbose_name_plural = _("payslip imports")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="checked", applied_at__isnull=True)
                | models.Q(status="applied", applied_at__isnull=False),
                name="payroll_import_applied_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name
