"""The One Stop desk: service types with their time standard, and the service requests (queue
tickets) every welfare service opens at the desk. Rows live in the office's schema.

Writes go through `apps.onestop.services`; reads through `apps.onestop.selectors`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_STANDARD_MINUTES = 15  # the report's promise: a result within 15 minutes


def new_public_token() -> str:
    """An unguessable name for a ticket's public status page (128 random bits)."""
    return secrets.token_urlsafe(16)


class ServiceType(models.Model):
    """A service the desk serves (ID card, medical claim, …), its ticket letter and standard.

    `code` is stable (other modules open requests by it); the office admin may change the
    names, the order, whether it is offered, and the standard. A request keeps the standard
    it was opened under (`ServiceRequest.standard_minutes`), so a change never rewrites history.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    ticket_prefix = models.CharField(
        _("ticket letter"), max_length=1, unique=True, help_text=_("One capital letter, A–Z.")
    )
    standard_minutes = models.PositiveSmallIntegerField(
        _("service standard (minutes)"), default=DEFAULT_STANDARD_MINUTES
    )
    is_active = models.BooleanField(_("offered"), default=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["display_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ticket_prefix__regex=r"^[A-Z]$"),
                name="service_type_prefix_one_capital_letter",
            ),
            models.CheckConstraint(
                condition=models.Q(standard_minutes__gte=1, standard_minutes__lte=480),
                name="service_type_standard_1_to_480_minutes",
            ),
        ]

    def __str__(self) -> str:
        return self.name_th


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    IN_SERVICE = "in_service", pgettext_lazy("one stop desk", "In service")
    HANDED_OVER = "handed_over", _("Handed over")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    RequestStatus.WAITING,
    RequestStatus.CALLED,
    RequestStatus.IN_SERVICE,
    RequestStatus.HANDED_OVER,
)
# Tickets an officer has in hand: they call the next one only after closing or passing these.
IN_HAND_STATUSES = (RequestStatus.CALLED, RequestStatus.IN_SERVICE)


class TicketCounter(models.Model):
    """The last ticket number issued on one day for one ticket letter.

    `services.service_request_open` increments it with an upsert that locks the row until the
    request is committed: numbers are unique and gap-free per day and letter, also when two
    officers issue at the same instant (a rolled-back request rolls its number back too).
    """

    day = models.DateField()
    prefix = models.CharField(max_length=1)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "prefix"], name="ticket_counter_day_prefix")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.prefix}{self.last_number:03d}"


class ServiceRequest(models.Model):
    """One visit to the desk: a queue ticket (`A001`) for one service type, from receipt to
    result. `service_seconds` (received → completed) is stored on completion, and
    `standard_minutes` is the standard in force when the ticket was taken."""

    ticket_date = models.DateField(_("ticket date"), help_text=_("Bangkok date of receipt."))
    ticket_prefix = models.CharField(_("ticket letter"), max_length=1)
    ticket_number = models.PositiveIntegerField(_("ticket number"))
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
        help_text=_("Empty: a walk-in not identified yet."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counter = models.CharField(_("counter"), max_length=30, blank=True)
    handed_over_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    standard_minutes = models.PositiveSmallIntegerField(_("service standard (minutes)"))
    service_seconds = models.PositiveIntegerField(
        _("service time (seconds)"), null=True, blank=True
    )
    # The slip's QR code leads to /t/<public_token>/: the ticket's number, service and state,
    # nothing about the person. Never the sequential id, which anyone could count through.
    public_token = models.CharField(
        _("public token"), max_length=32, unique=True, default=new_public_token, editable=False
    )

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-ticket_date", "received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket_date", "ticket_prefix", "ticket_number"],
                name="service_request_ticket_unique_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(ticket_number__gte=1), name="service_request_ticket_from_1"
            ),
            models.CheckConstraint(
                condition=models.Q(called_at__isnull=True)
                | models.Q(called_at__gte=models.F("received_at")),
                name="service_request_called_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(started_at__isnull=True)
                | models.Q(started_at__gte=models.F("received_at")),
                name="service_request_started_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(started_at__isnull=True)
                | models.Q(called_at__isnull=True)
                | models.Q(started_at__gte=models.F("called_at")),
                name="service_request_started_after_called",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True)
                | (
                    models.Q(completed_at__gte=models.F("received_at"), started_at__isnull=False)
                    & models.Q(completed_at__gte=models.F("started_at"))
                ),
                name="service_request_completed_after_started",
            ),
            models.CheckConstraint(
                condition=models.Q(status="completed", completed_at__isnull=False)
                | (~models.Q(status="completed") & models.Q(completed_at__isnull=True)),
                name="service_request_completed_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True, service_seconds__isnull=True)
                | models.Q(completed_at__isnull=False, service_seconds__isnull=False),
                name="service_request_service_seconds_iff_completed",
            ),
            models.CheckConstraint(
                condition=models.Q(status="cancelled", cancelled_at__isnull=False)
                | (~models.Q(status="cancelled") & models.Q(cancelled_at__isnull=True)),
                name="service_request_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True)
                | models.Q(cancelled_at__gte=models.F("received_at")),
                name="service_request_cancelled_after_received",
            ),
        ]
        indexes = [
            # Today's queue and call-next: the waiting tickets of a day, oldest first.
            models.Index(fields=["ticket_date", "status", "received_at"], name="request_queue_idx"),
            # Statistics: completed requests of a date range, per service type.
            models.Index(
                fields=["ticket_date", "service_type"],
                condition=models.Q(status="completed"),
                name="request_completed_idx",
            ),
            models.Index(fields=["person", "ticket_date"], name="request_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} ({self.ticket_date.isoformat()})"

    @property
    def ticket(self) -> str:
        """The label on the slip and the wall display: letter and three digits, `A001`."""
        return ticket_label(self.ticket_prefix, self.ticket_number)

    @property
    def audit_label(self) -> str:
        """How the audit trail names the request: its ticket (`audit.services.audit_record`)."""
        return self.ticket

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def within_standard(self) -> bool | None:
        """Whether the completed request met its (snapshot) standard; None while open."""
        if self.service_seconds is None:
            return None
        return self.service_seconds <= self.standard_minutes * 60


def ticket_label(prefix: str, number: int) -> str:
    return f"{prefix}{number:03d}"
