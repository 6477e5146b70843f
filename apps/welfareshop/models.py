"""The welfare shop (ร้านค้าสวัสดิการ) under the Prime Minister's Office regulation on welfare
within government agencies B.E. 2547, and the rooms and rest areas it looks after: members
and their fee or share, the office's dated fee rules, rooms and areas as bookable resources,
bookings (overlaps refused by the database), the daily service tally, photos as evidence and
the shop's simple accounts. Rows live in the office's schema.

Writes go through `apps.welfareshop.services`.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Person, School

REGULATION = "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยการจัดสวัสดิการภายในส่วนราชการ พ.ศ. 2547"


class ApprovalBy(models.TextChoices):
    MEETING = "meeting", _("The welfare committee at a meeting")
    CHAIR = "chair", _("The committee's chair")


class ShopSettings(models.Model):
    """The office's own shop settings (one row): the office sets its shop's rules under its
    internal welfare regulation (DOMAIN-wave2 c.1: the body text is not confirmed)."""

    shop_name = models.CharField(_("shop name"), max_length=200, default="ร้านค้าสวัสดิการ")
    creditor_name = models.CharField(
        _("creditor on payslips"),
        max_length=100,
        default="ร้านค้าสวัสดิการ",
        help_text=_("How a salary deduction for the shop is named on payslips."),
    )
    approval_by = models.CharField(
        _("applications decided by"),
        max_length=10,
        choices=ApprovalBy.choices,
        default=ApprovalBy.CHAIR,
    )
    internal_regulation = models.CharField(
        _("office's internal welfare regulation"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("shop settings")
        verbose_name_plural = _("shop settings")

    def __str__(self) -> str:
        return self.shop_name


class FeeKind(models.TextChoices):
    MONTHLY_FEE = "monthly_fee", _("Monthly fee")
    SHARE = "share", _("Share (once, on joining)")


class FeeRule(models.Model):
    """The fee or share a member pays, as the office sets it, dated: a member keeps the rule
    in force on the day they applied. Unconfirmed until the office names its source."""

    valid_from = models.DateField(_("in force from"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FeeKind.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="fee_rule_amount_gte_0")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.valid_from})"


class MemberStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("welfare shop", "Applied")
    CHECKED = "checked", _("Checked, waiting for the committee")
    ACTIVE = "active", _("Active member")
    SUSPENDED = "suspended", pgettext_lazy("welfare shop", "Suspended")
    LEFT = "left", pgettext_lazy("welfare shop", "Left")
    REJECTED = "rejected", _("Not approved")


class MemberGroup(models.TextChoices):
    OFFICE = "office", _("Office staff")
    SCHOOL = "school", _("School staff")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    DEDUCTION = "deduction", _("Salary deduction")


OPEN_STATUSES = ("applied", "checked", "active", "suspended")


class MemberNumberCounter(models.Model):
    """The last member number of a fiscal year (B.E.): members are numbered NNNN/<year> on
    approval, without gaps (`core.sequences`)."""

    be_year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.be_year}: {self.last_number}"


class Member(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="shop_members"
    )
    service_request = models.OneToOneField(
        "onestop.ServiceRequest",
        verbose_name=_("desk ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shop_member",
    )
    number = models.CharField(_("member number"), max_length=20, blank=True)
    group = models.CharField(_("group"), max_length=10, choices=MemberGroup.choices)
    # The person as they were when they applied (the member list prints these).
    category = models.CharField(_("category"), max_length=32)
    unit = models.CharField(_("unit or school"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.APPLIED
    )
    fee_rule = models.ForeignKey(
        FeeRule, verbose_name=_("fee rule"), on_delete=models.PROTECT, related_name="+"
    )
    fee_kind = models.CharField(_("fee kind"), max_length=20, choices=FeeKind.choices)
    fee_amount = models.DecimalField(_("fee (baht)"), max_digits=14, decimal_places=2)
    payment = models.CharField(_("paid by"), max_length=10, choices=PaymentMethod.choices)
    consent_scan = models.FileField(
        _("consent to deduct (scan)"), upload_to="welfareshop/consents/", blank=True
    )
    deduction_instruction = models.ForeignKey(
        "payroll.DeductionInstruction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(pgettext_lazy("welfare shop", "applied"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(_("decided by"), max_length=200, blank=True)
    decision_reference = models.CharField(
        _("decision (meeting or chair)"), max_length=200, blank=True
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("shop member")
        verbose_name_plural = _("shop members")
        constraints = [
            # One open membership per person: applying twice acts once.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="shop_member_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number=""),
                name="shop_member_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_amount__gte=0), name="shop_member_fee_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["status", "joined_on"], name="shop_member_status_idx")]

    def __str__(self) -> str:
        return f"{self.number or '-'} {self.person}"


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room")
    AREA = "area", _("Open area")


class Resource(models.Model):
    """A room or an open area the office lends: its capacity, equipment and opening hours."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    purpose = models.CharField(_("what it is for"), max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    equipment = models.CharField(_("equipment"), max_length=500, blank=True)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    is_active = models.BooleanField(_("in use"), default=True)
    is_shop = models.BooleanField(_("the welfare shop's room"), default=False)
    display_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="resource_opens_before_close"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="resource_capacity"),
        ]

    def __str__(self) -> str:
        return self.name


class ResourcePhoto(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="welfareshop/rooms/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.caption or str(self.image.name)


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class BookingSeries(models.Model):
    """A weekly booking: the same time on the same weekday from `first_day` to `last_day`."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="series")
    purpose = models.CharField(_("purpose"), max_length=300)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.resource} {self.first_day}–{self.last_day}"


class Booking(models.Model):
    """A room or area booked for a time. Two confirmed bookings of one resource never overlap:
    the exclusion constraint (GiST over the resource and the time range) refuses the second,
    however many officers book at once. Ranges are [start, end): back to back is fine."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    during = DateTimeRangeField(pgettext_lazy("welfare shop", "time"))
    purpose = models.CharField(_("purpose"), max_length=300)
    attendees = models.PositiveSmallIntegerField(_("attendees"), default=1)
    # For whom: the office's own work, or a school (booked for it at the desk).
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    service_request = models.ForeignKey(
        "onestop.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    series = models.ForeignKey(
        BookingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(_("booked"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        constraints = [
            # Same resource and overlapping time. "Same resource" is written as the overlap of
            # the one-point ranges [id, id]: GiST indexes ranges in core PostgreSQL, while `=`
            # on a bigint in GiST needs the btree_gist extension. An extension is one per
            # database, in one schema, created by a superuser or trusted: the embedded
            # PostgreSQL of development and tests does not ship it, and an office migration
            # creating it would have to place it where every office's search path sees it.
            # Core operators only: the constraint works in every office schema, the clone of
            # the template included, with nothing to install.
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (
                        models.Func(
                            models.F("resource"),
                            models.F("resource"),
                            models.Value("[]"),
                            function="int8range",
                            output_field=BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    ("during", RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status="confirmed"),
            ),
            models.CheckConstraint(
                condition=models.Q(during__isempty=False), name="booking_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["resource", "status"], name="booking_resource_idx")]

    def __str__(self) -> str:
        return f"{self.resource} {self.during}"

    @property
    def starts_at(self):  # type: ignore[no-untyped-def]
        return self.during.lower

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        return self.during.upper

    @property
    def hours(self) -> Decimal:
        span: timedelta = self.during.upper - self.during.lower
        return (Decimal(span.total_seconds()) / 3600).quantize(Decimal("0.01"))


class TallyKind(models.TextChoices):
    DRINK = "drink", _("Free drinks served")
    VISIT = "visit", _("Visitors received")


class ServiceTally(models.Model):
    """How many were served on a day, per kind: counted at the counter, one tap a person."""

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=TallyKind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="service_tally_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.count}"


class Consent(models.TextChoices):
    CONSENTED = "consented", _("The people shown agreed to the photo being kept")
    NO_FACES = "no_faces", _("No one can be recognised in the photo")


class EvidencePhoto(models.Model):
    """A photo of the rooms in use, kept as evidence for the annual report (resized, without
    its metadata), in the album of its fiscal year."""

    image = models.FileField(_("photo"), upload_to="welfareshop/album/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    taken_on = models.DateField(_("taken on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    caption = models.CharField(_("caption"), max_length=300)
    consent = models.CharField(_("consent"), max_length=12, choices=Consent.choices)
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="album"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["fiscal_year", "taken_on"], name="evidence_photo_fy_idx")]

    def __str__(self) -> str:
        return self.caption


class EntryKind(models.TextChoices):
    TAKINGS = "takings", _("Takings")
    SPENDING = "spending", _("Spending")


class AccountEntry(models.Model):
    """One line of the welfare fund's cash book: money in (fees, shares, sales) or out."""

    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    description = models.CharField(pgettext_lazy("welfare shop", "description"), max_length=300)
    reference = models.CharField(_("receipt or voucher"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="account_entry_gt_0")
        ]
        indexes = [models.Index(fields=["on"], name="account_entry_on_idx")]

    def __str__(self) -> str:
        return f"{self.on} {self.kind} {self.amount}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.kind == EntryKind.TAKINGS else -self.amount
