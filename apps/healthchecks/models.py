"""The annual health check with สกสค. (ตรวจสุขภาพประจำปี): the office coordinates, the provider
(สกสค.'s mobile medical unit, a partner hospital) serves. A campaign of a fiscal year has its
check points (a venue on a day, with its capacity); teachers sign up for one, at the desk,
through their school's coordinator or on the office's public page with a one-time code; on the
day their attendance is recorded (walk-ins too).

Personal data (PDPA §26): the office keeps sign-ups and attendance only, never results. A result
is kept only under the person's explicit, separate, withdrawable consent, and only the items
consented to (`ResultConsent`, `ConsentedResult`); withdrawing deletes them. Reports count.

Writes go through `apps.healthchecks.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Person, PersonCategory, School


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being agreed")
    ANNOUNCED = "announced", _("Announced, sign-up open")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """A fiscal year's health check agreed with a partner: who serves and when."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    title = models.CharField(_("campaign title"), max_length=200)
    partner = models.CharField(
        _("partner"), max_length=200, help_text=_("e.g. สำนักงาน สกสค. จังหวัดพัทลุง")
    )
    provider = models.CharField(
        _("service unit"),
        max_length=200,
        help_text=_("Who examines, e.g. หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค."),
    )
    notes = models.TextField(_("notes for schools"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    circular_number = models.CharField(_("circular number"), max_length=20, blank=True)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("health-check campaign")
        verbose_name_plural = _("health-check campaigns")
        ordering = ["-fiscal_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2500) & models.Q(fiscal_year__lte=2700),
                name="healthcheck_campaign_be_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fiscal_year})"

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.ANNOUNCED


class CheckPoint(models.Model):
    """A venue on a day: where and when the unit serves, for which schools, how many."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="checkpoints"
    )
    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    venue = models.CharField(pgettext_lazy("health check", "venue"), max_length=200)
    district = models.CharField(_("district or school cluster"), max_length=200)
    target_schools = models.ManyToManyField(
        School, verbose_name=_("target schools"), blank=True, related_name="+"
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    services = models.CharField(
        _("services offered"), max_length=300, help_text=_("e.g. ตรวจเลือด เอกซเรย์ปอด วัดความดัน")
    )
    coordinator = models.CharField(_("coordinator (name and phone)"), max_length=200)
    is_demo_venue = models.BooleanField(
        _("demo venue"),
        default=False,
        help_text=_("A venue the demo set up: the 2557 report does not name the check points."),
    )

    class Meta:
        verbose_name = _("check point")
        verbose_name_plural = _("check points")
        ordering = ["day", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="healthcheck_point_capacity"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="healthcheck_point_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue} {self.day.isoformat()}"


class SignUpStatus(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("health check", "Booked")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    DESK = "desk", _("At the desk")
    COORDINATOR = "coordinator", _("By the school's coordinator")
    PUBLIC = "public", _("On the public page")
    WALK_IN = "walk_in", _("Walk-in on the day")


ACTIVE_SIGNUP = (SignUpStatus.BOOKED, SignUpStatus.WAITLISTED)


class SignUp(models.Model):
    """A person's place at a check point (one active per person and campaign), and whether
    they came. The category is the person's when signing up (the summary counts by it)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="signups"
    )
    checkpoint = models.ForeignKey(
        CheckPoint, verbose_name=_("check point"), on_delete=models.PROTECT, related_name="signups"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="health_signups"
    )
    category = models.CharField(
        pgettext_lazy("health check", "category"), max_length=32, choices=PersonCategory.choices
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=SignUpStatus.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    service_request = models.OneToOneField(
        "onestop.ServiceRequest",
        verbose_name=_("desk ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="health_signup",
    )
    signed_up_at = models.DateTimeField(_("signed up"))
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["checkpoint_id", "signed_up_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=models.Q(status__in=["booked", "waitlisted"]),
                name="healthcheck_one_active_signup",
            ),
            models.CheckConstraint(
                condition=models.Q(attended_at__isnull=True) | models.Q(status="booked"),
                name="healthcheck_attended_is_booked",
            ),
        ]
        indexes = [models.Index(fields=["checkpoint", "status"], name="healthcheck_point_status")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.checkpoint}"

    @property
    def audit_label(self) -> str:
        return f"ลงทะเบียนตรวจสุขภาพ {self.person.masked_national_id} {self.checkpoint}"


class SchoolCoordinator(models.Model):
    """A school's coordinator for the health check: an account that may sign up the school's
    staff and hand them one-time codes (no office role needed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="health_coordinations",
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed"))
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("school coordinator")
        verbose_name_plural = _("school coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="healthcheck_coordinator_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.school}"


class AccessCode(models.Model):
    """A one-time code for signing up on the public page. Neither the national ID nor the code
    is stored: only keyed digests. A code is asked for any national ID, in the register or not
    (the row exists either way; `person` is set only when the ID is in the register), so the
    page answers the same for both."""

    national_id_digest = models.CharField(max_length=64, db_index=True)
    code_digest = models.CharField(max_length=64)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return f"code {self.pk}"


class ConsentItem(models.TextChoices):
    BLOOD_PRESSURE = "blood_pressure", _("Blood pressure")
    BMI = "bmi", _("Body mass index")
    BLOOD_SUGAR = "blood_sugar", _("Blood sugar")
    CHOLESTEROL = "cholesterol", _("Cholesterol")


class ResultConsent(models.Model):
    """A person's explicit consent, separate from the sign-up, that the office keep the named
    items of their result (and nothing else). Withdrawn: the items are deleted."""

    signup = models.ForeignKey(
        SignUp, verbose_name=_("sign-up"), on_delete=models.PROTECT, related_name="consents"
    )
    items = models.JSONField(_("items consented"), default=list)
    purpose = models.CharField(_("purpose"), max_length=300)
    given_at = models.DateTimeField(_("given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to keep results")
        verbose_name_plural = _("consents to keep results")
        constraints = [
            models.UniqueConstraint(
                fields=["signup"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="healthcheck_one_consent_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"consent {self.pk}"


class ConsentedResult(models.Model):
    """One consented item of a result, as the provider gave it."""

    consent = models.ForeignKey(ResultConsent, on_delete=models.CASCADE, related_name="results")
    item = models.CharField(max_length=32, choices=ConsentItem.choices)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "item"], name="healthcheck_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}"


class CircularCounter(models.Model):
    """The last circular number of a fiscal year (NNNN/<B.E.>, gap-free: `core.sequences`)."""

    be_year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.be_year}: {self.last_number}"
