"""A round of the fund in one office: the allocation the centre gave it, the terms it is judged
by (a copy of the central version, `central.fund.FundTerms`), the published call with its dates,
the documents to bring and the criteria the subcommittee scores on, and the round's progress to
the subcommittee's confirmed result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    CALL_PUBLISHED = "call_published", _("Call published, receiving applications")
    CLOSED = "closed", _("Closed, files being screened")
    RANKED = "ranked", _("Ranked by the subcommittee")
    APPROVED = "approved", _("Result confirmed by the subcommittee")


class FundNumberCounter(models.Model):
    """The last running number of a kind of fund document in a B.E. fiscal year (`kind`:
    "application", "call"): numbered NNNN/<year> without gaps (`core.sequences`)."""

    kind = models.CharField(max_length=20)
    be_year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "be_year"], name="fund_counter_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.be_year}: {self.last_number}"


class FundSettings(models.Model):
    """The office's letter settings for the fund (one row): the prefix of its letters, who
    signs the circular, and the contact line."""

    number_prefix = models.CharField(_("letter number prefix"), max_length=40, default="ศธ 04000")
    address = models.CharField(_("office address"), max_length=300, blank=True)
    contact = models.CharField(_("contact line"), max_length=200, blank=True)
    director_name = models.CharField(_("director's name"), max_length=200, blank=True)
    director_position = models.CharField(_("director's position"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fund settings")
        verbose_name_plural = _("fund settings")

    def __str__(self) -> str:
        return self.number_prefix


class Round(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    number = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    # The centre's allocation for this office and round, as it was when the round was opened.
    allocation_amount = models.DecimalField(_("allocation (baht)"), max_digits=14, decimal_places=2)
    allocation_id = models.PositiveIntegerField(_("central allocation"), null=True, blank=True)
    allocation_source = models.CharField(_("allocation letter"), max_length=300, blank=True)
    # The central terms version (central.fund.FundTerms) the round is judged by.
    terms_id = models.PositiveIntegerField(_("terms version id"))
    terms_code = models.CharField(_("terms version"), max_length=40)
    terms = models.JSONField(_("terms"), default=dict)
    terms_confirmed = models.BooleanField(_("terms confirmed"), default=False)
    # The call (ประกาศรับสมัคร), published on the office's public page and as a circular.
    opens_on = models.DateField(_("applications from"), null=True, blank=True)
    closes_on = models.DateField(_("applications until"), null=True, blank=True)
    documents_to_bring = models.JSONField(_("documents to bring"), default=list)
    criteria = models.JSONField(
        _("scoring criteria"),
        default=list,
        help_text=_("The office's published criteria: [{code, label, max_points}]."),
    )
    call_note = models.TextField(_("call's note"), blank=True)
    call_published_at = models.DateTimeField(_("call published"), null=True, blank=True)
    call_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_letter_number = models.CharField(_("circular letter number"), max_length=80, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The subcommittee's meeting that scores and ranks the round (apps.committees).
    meeting = models.ForeignKey(
        "committees.Meeting",
        verbose_name=_("subcommittee meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ranked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ranked_at = models.DateTimeField(_("ranked"), null=True, blank=True)
    approved_at = models.DateTimeField(_("result confirmed"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("fund round")
        verbose_name_plural = _("fund rounds")
        ordering = ["-fiscal_year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="fund_round_unique"),
            models.CheckConstraint(
                condition=models.Q(allocation_amount__gt=0), name="fund_round_allocation_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(call_published_at__isnull=False)
                    & models.Q(opens_on__isnull=False)
                    & models.Q(closes_on__isnull=False)
                ),
                name="fund_round_published_has_call",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="fund_round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"ครั้งที่ {self.number}/{self.fiscal_year}"

    @property
    def audit_label(self) -> str:
        return f"กองทุนหมุนเวียนฯ ครั้งที่ {self.number} ปีงบประมาณ {self.fiscal_year}"

    @property
    def is_published(self) -> bool:
        return self.status != RoundStatus.DRAFT

    @property
    def cap_per_borrower(self) -> str:
        return str(self.terms.get("cap_per_borrower", "0"))
