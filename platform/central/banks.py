"""Banks, their loan programmes and their form sets, kept by the central agency (public schema).

An office fills a bank's form from its register and payslip data (`central.bankforms`); the
form itself is data, a versioned template with the dates it is in force, so the central agency
adds or revises a bank's form without code. A version once used is never edited: a revision is
a new version, and the old one ends the day before the new one takes effect.

A template that nobody has checked against the bank's current paper form (`confirmed` False)
prints "ตัวอย่าง ยังไม่ได้ยืนยันกับธนาคาร" on every page.

`created_by` and `confirmed_by` are usernames of the central site, stored as text: an office's
code reads these tables through its own schema's search path, where a foreign key to
`accounts.User` would name one of the office's own accounts.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Bank(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Lower-case letters, e.g. gsb; it names the bank's indicator."),
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    short_th = models.CharField(_("short name (Thai)"), max_length=60)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("bank")
        verbose_name_plural = _("banks")
        ordering = ["display_order", "code"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def audit_label(self) -> str:
        return f"{self.code} {self.short_th}"


class LoanKind(models.TextChoices):
    WELFARE_DEDUCTION = "welfare_deduction", _("Welfare loan repaid by salary deduction")
    HOUSING = "housing", _("Housing loan")
    MULTIPURPOSE = "multipurpose", _("Multipurpose loan")
    OTHER = "other", _("Other")


class LoanProgramme(models.Model):
    bank = models.ForeignKey(
        Bank, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="programmes"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=LoanKind.choices)
    needs_guarantors = models.PositiveSmallIntegerField(
        _("guarantors required"),
        default=0,
        validators=[MaxValueValidator(5)],
        help_text=_("0: no guarantor."),
    )
    pensioners_allowed = models.BooleanField(_("pensioners may borrow"), default=False)
    max_term_months = models.PositiveSmallIntegerField(
        _("longest term (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("loan programme")
        verbose_name_plural = _("loan programmes")
        ordering = ["bank__display_order", "bank__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="loan_programme_unique_code"),
            models.CheckConstraint(
                condition=models.Q(needs_guarantors__lte=5),
                name="loan_programme_guarantors_at_most_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank.short_th}: {self.name_th}"

    @property
    def audit_label(self) -> str:
        return f"{self.bank.code}/{self.code} {self.name_th}"


class BankFormTemplate(models.Model):
    """One version of a bank's form, for one programme or (programme empty) the whole bank.

    `body` is a list of blocks (`central.bankforms.BLOCK_KINDS`); `template_problems(body)` is
    empty for every row the services write."""

    bank = models.ForeignKey(
        Bank, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="form_templates"
    )
    programme = models.ForeignKey(
        LoanProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="form_templates",
        null=True,
        blank=True,
        help_text=_("Empty: the bank's form for every programme without one of its own."),
    )
    version = models.PositiveSmallIntegerField(_("version"), validators=[MinValueValidator(1)])
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Empty: until a newer version replaces it or it is retired."),
    )
    confirmed = models.BooleanField(
        _("confirmed with the bank"),
        default=False,
        help_text=_("Unticked: every page is printed as an unconfirmed sample."),
    )
    confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    title_th = models.CharField(_("title (Thai)"), max_length=200)
    body = models.JSONField(_("body"), default=list)
    note = models.TextField(_("note"), blank=True)
    created_by = models.CharField(_("created by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("bank form template")
        verbose_name_plural = _("bank form templates")
        ordering = ["bank__display_order", "bank__code", "programme__code", "-version"]
        constraints = [
            # NULLS NOT DISTINCT: the bank-wide versions (programme empty) are unique too.
            models.UniqueConstraint(
                fields=["bank", "programme", "version"],
                name="bank_form_template_unique_version",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="bank_form_template_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed=False) | ~models.Q(confirmed_by=""),
                name="bank_form_template_confirmed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        scope = self.programme.name_th if self.programme else self.bank.short_th
        return f"{scope} v{self.version}"

    @property
    def audit_label(self) -> str:
        scope = self.programme.code if self.programme else "*"
        return f"{self.bank.code}/{scope} v{self.version}"
