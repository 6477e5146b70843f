"""Committees (คณะกรรมการ / คณะอนุกรรมการ) of an office: appointment orders, members and their
roles and terms, meetings numbered per committee and year, attendance, quorum, agenda items
with their resolutions, and members' declared conflicts of interest. Rows live in the office's
schema; writes go through `apps.committees.services`. The API for other modules is in the
package docstring (`apps/committees/__init__.py`)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.thai import to_be_year


class Committee(models.Model):
    """One committee of the office, declared by the module that owns it: `kind` is its stable
    code (`<module>.<name>`, e.g. "revolvingfund.subcommittee"), unique in the office."""

    kind = models.CharField(_("code"), max_length=64, unique=True)
    name_th = models.CharField(_("name"), max_length=300)
    owner_module = models.CharField(_("owning module"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name_th", "id"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def audit_label(self) -> str:
        return f"{self.kind}: {self.name_th}"


class AppointmentOrder(models.Model):
    """An order appointing the committee's members (คำสั่งแต่งตั้ง). An order is in force from
    `effective_from` until `effective_to` (empty: until the next order replaces it; recording
    the next one closes it on the day before)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(_("order number"), max_length=60)
    title = models.CharField(_("subject"), max_length=300, blank=True)
    order_date = models.DateField(_("order date"))
    signed_by_name = models.CharField(_("signed by"), max_length=200)
    signed_by_position = models.CharField(_("signer's position"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    scan = models.FileField(_("scan of the order"), upload_to="committees/orders/", blank=True)
    scan_name = models.CharField(_("file name"), max_length=255, blank=True)
    scan_content_type = models.CharField(max_length=50, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("appointment order")
        verbose_name_plural = _("appointment orders")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"], name="committee_order_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="committee_order_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"คำสั่งที่ {self.number}"

    @property
    def audit_label(self) -> str:
        return f"{self.committee.kind}: คำสั่งที่ {self.number}"

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Member and secretary")
    ASSISTANT_SECRETARY = "assistant_secretary", _("Assistant secretary")


# How each role is written on orders and minutes (the official Thai terms).
ROLE_TH = {
    MemberRole.CHAIR: "ประธานกรรมการ",
    MemberRole.VICE_CHAIR: "รองประธานกรรมการ",
    MemberRole.MEMBER: "กรรมการ",
    MemberRole.SECRETARY: "กรรมการและเลขานุการ",
    MemberRole.ASSISTANT_SECRETARY: "กรรมการและผู้ช่วยเลขานุการ",
}
# Order of seats on orders, attendance lists and minutes.
ROLE_RANK = {
    MemberRole.CHAIR: 0,
    MemberRole.VICE_CHAIR: 1,
    MemberRole.MEMBER: 2,
    MemberRole.SECRETARY: 3,
    MemberRole.ASSISTANT_SECRETARY: 4,
}
PRESIDING_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_office(self, *, on: date) -> MembershipQuerySet:
        """Seats held on the day `on`: the member's term and their order both in force."""
        return self.filter(
            Q(term_to__isnull=True) | Q(term_to__gte=on),
            Q(order__effective_to__isnull=True) | Q(order__effective_to__gte=on),
            term_from__lte=on,
            order__effective_from__lte=on,
        )


class Membership(models.Model):
    """A seat on a committee under one order. A member from the people register is linked
    (`person`); an outsider (a bank's credit officer, a school director of another area) is a
    name with position and organisation. `name` and `position` are what the order printed and
    are always filled (copied from the register when a person is given). `user` is the
    member's account in KruCare, if they have one: how a module knows that the signed-in user
    is this member (e.g. to block a conflicted member from scoring)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="memberships"
    )
    order = models.ForeignKey(
        AppointmentOrder,
        verbose_name=_("appointment order"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=24, choices=MemberRole.choices)
    seat = models.PositiveSmallIntegerField(_("seat"), default=0)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term until"), null=True, blank=True)
    ended_note = models.CharField(_("why the term ended"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["order_id", "seat", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "person"],
                condition=Q(person__isnull=False),
                name="committee_person_once_per_order",
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(role="chair"),
                name="committee_one_chair_per_order",
            ),
            models.CheckConstraint(
                condition=Q(term_to__isnull=True) | Q(term_to__gte=models.F("term_from")),
                name="committee_term_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["committee", "term_from"], name="committee_member_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role_th})"

    @property
    def audit_label(self) -> str:
        return f"{self.name}: {self.role_th}"

    @property
    def role_th(self) -> str:
        return ROLE_TH[MemberRole(self.role)]

    @property
    def presides(self) -> bool:
        return self.role in PRESIDING_ROLES

    @property
    def position_line(self) -> str:
        """The member's position and organisation, as one line."""
        return " ".join(filter(None, [self.position, self.organisation]))

    def in_office_on(self, day: date) -> bool:
        return (
            self.term_from <= day
            and (self.term_to is None or day <= self.term_to)
            and self.order.in_force_on(day)
        )


class QuorumRule(models.Model):
    """The office's dated quorum rule (องค์ประชุม), for every committee (`kind` empty) or one kind
    of committee. A meeting is quorate when the members present are more than (or at least,
    `strictly_more` false) `share_numerator/share_denominator` of the members in office on the
    meeting's day, and, if `presiding_required`, the chair or a vice-chair is among them. The
    version in force on the meeting's day applies; the meeting keeps what was checked."""

    kind = models.CharField(_("committee code"), max_length=64, blank=True)
    valid_from = models.DateField(_("valid from"))
    share_numerator = models.PositiveSmallIntegerField(_("share (numerator)"), default=1)
    share_denominator = models.PositiveSmallIntegerField(_("share (denominator)"), default=2)
    strictly_more = models.BooleanField(_("more than the share"), default=True)
    presiding_required = models.BooleanField(_("chair or vice-chair must be present"), default=True)
    source = models.CharField(_("source"), max_length=500)
    confirmed = models.BooleanField(_("confirmed by a welfare officer"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quorum rule")
        verbose_name_plural = _("quorum rules")
        ordering = ["kind", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="quorum_rule_one_per_day"),
            models.CheckConstraint(
                condition=Q(share_denominator__gt=0)
                & Q(share_numerator__gt=0)
                & Q(share_numerator__lte=models.F("share_denominator")),
                name="quorum_rule_share_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.summary_th

    @property
    def audit_label(self) -> str:
        return f"{self.kind or '*'} {self.valid_from.isoformat()}: {self.summary_th}"

    @property
    def summary_th(self) -> str:
        share = (
            "กึ่งหนึ่ง"
            if (self.share_numerator, self.share_denominator) == (1, 2)
            else f" {self.share_numerator} ใน {self.share_denominator} "
        )
        text = f"{'เกิน' if self.strictly_more else 'ไม่น้อยกว่า'}{share}ของกรรมการที่มีอยู่"
        if self.presiding_required:
            text += " และต้องมีประธานหรือรองประธานอยู่ด้วย"
        return text


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A meeting, numbered "ครั้งที่ n/<B.E. year>" per committee and calendar year of its
    day, gap-free (a cancelled meeting keeps its number: it was on the invitation). `held`
    means it opened with a quorum; `closed_at` is when its minutes were closed (then nothing
    of it changes)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveSmallIntegerField(_("year"))  # Common Era; shown as B.E.
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("scheduled time"))
    venue = models.CharField(_("venue"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    started_time = models.TimeField(_("opened at"), null=True, blank=True)
    ended_time = models.TimeField(_("closed at"), null=True, blank=True)
    presided_by = models.ForeignKey(
        Membership,
        verbose_name=_("presiding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The quorum as checked when the meeting opened: the rule applied and the count.
    quorum_checked = models.JSONField(_("quorum as checked"), default=dict, blank=True)
    minutes_taker_name = models.CharField(_("minutes taken by"), max_length=200, blank=True)
    minutes_taker_position = models.CharField(max_length=200, blank=True)
    minutes_checker_name = models.CharField(_("minutes checked by"), max_length=200, blank=True)
    minutes_checker_position = models.CharField(max_length=200, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled"))
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="committee_meeting_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(started_time__isnull=False),
                name="committee_held_meeting_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name_th} ครั้งที่ {self.number_label}"

    @property
    def audit_label(self) -> str:
        return f"{self.committee.kind}: ครั้งที่ {self.number_label}"

    @property
    def number_label(self) -> str:
        return f"{self.number}/{to_be_year(self.year)}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class MeetingCounter(models.Model):
    """The last meeting number of a committee and year (`core.sequences.next_number`)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="meeting_counter_key")
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.year}: {self.last_number}"


class AgendaSection(models.IntegerChoices):
    """The standard agenda of an official meeting (ระเบียบวาระการประชุม)."""

    ANNOUNCEMENTS = 1, _("Matters the chair informs the meeting of")
    PREVIOUS_MINUTES = 2, _("Confirmation of the previous minutes")
    FOLLOW_UP = 3, _("Matters arising")
    FOR_DECISION = 4, _("Matters for consideration")
    OTHER = 5, _("Other matters")


SECTION_TH = {
    AgendaSection.ANNOUNCEMENTS: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    AgendaSection.PREVIOUS_MINUTES: "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
    AgendaSection.FOLLOW_UP: "เรื่องสืบเนื่อง",
    AgendaSection.FOR_DECISION: "เรื่องเพื่อพิจารณา",
    AgendaSection.OTHER: "เรื่องอื่น ๆ",
}


class AgendaItem(models.Model):
    """One matter of a meeting: ระเบียบวาระที่ `section`, item `section.position` (4.1, 4.2).
    `subject` names the object of another module the matter is about ("revolvingfund.round:12")
    so that module finds its resolution; `table` is content it adds to the minutes
    ({"title": str, "columns": [str], "rows": [[str]]}, e.g. a ranking)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    section = models.PositiveSmallIntegerField(_("agenda"), choices=AgendaSection.choices)
    position = models.PositiveSmallIntegerField(pgettext_lazy("committee", "item"))
    title = models.CharField(pgettext_lazy("committee", "title"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    subject = models.CharField(_("subject key"), max_length=120, blank=True, db_index=True)
    table = models.JSONField(_("table for the minutes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("added"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "section", "position"], name="committee_agenda_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(section__gte=1) & Q(section__lte=5), name="committee_agenda_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def audit_label(self) -> str:
        return f"{self.meeting.audit_label} วาระ {self.number}"

    @property
    def number(self) -> str:
        return f"{self.section}.{self.position}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ON_LEAVE = "on_leave", _("On leave")
    ABSENT = "absent", _("Absent")
    INVITED = "invited", _("Invited (not a member)")


class Attendance(models.Model):
    """Who came: one row per member and meeting (present, on leave, absent), and one per
    non-member who attended (invited: a name, position and organisation, no membership)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    status = models.CharField(_("attendance"), max_length=12, choices=AttendanceStatus.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="committee_attendance_once",
            ),
            models.CheckConstraint(
                condition=(Q(status="invited") & Q(membership__isnull=True) & ~Q(name=""))
                | (~Q(status="invited") & Q(membership__isnull=False)),
                name="committee_attendance_member_or_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.status}"

    @property
    def display_name(self) -> str:
        return self.membership.name if self.membership is not None else self.name


class ConflictReason(models.TextChoices):
    APPLICANT = "applicant", _("The member is the applicant")
    FAMILY = "family", _("Family member of the applicant")
    GUARANTOR = "guarantor", _("Guarantor of the applicant")
    OTHER = "other", _("Other interest")


CONFLICT_REASON_TH = {
    ConflictReason.APPLICANT: "เป็นผู้ยื่นคำขอเอง",
    ConflictReason.FAMILY: "เป็นบุคคลในครอบครัวของผู้ยื่นคำขอ",
    ConflictReason.GUARANTOR: "เป็นผู้ค้ำประกันของผู้ยื่นคำขอ",
    ConflictReason.OTHER: "มีส่วนได้เสียอื่น",
}


class ConflictDeclaration(models.Model):
    """A member's conflict of interest with a subject (`subject`: the key another module gives
    its object, e.g. "revolvingfund.application:57"): the member takes no part in deciding
    it. One row per member and subject."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="conflicts"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="conflicts"
    )
    subject = models.CharField(_("subject key"), max_length=120, db_index=True)
    reason = models.CharField(_("reason"), max_length=12, choices=ConflictReason.choices)
    details = models.CharField(_("details"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("declared at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflicts",
    )
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "subject"], name="committee_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.name}: {self.subject}"

    @property
    def audit_label(self) -> str:
        return f"{self.membership.name} ↔ {self.subject}"

    @property
    def reason_th(self) -> str:
        return CONFLICT_REASON_TH[ConflictReason(self.reason)]
