"""Reads of the One Stop desk: today's queue, the wall board, and the statistics the annual
report quotes (count, median and 90th-percentile service time, share within the standard).

Statistics count completed requests, by the Bangkok date the ticket was taken (`ticket_date`),
and judge each against the standard it was taken under (the snapshot on the request). The
figures are computed by PostgreSQL (`percentile_cont`), one aggregate query per breakdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Aggregate, Count, F, FloatField, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User
from apps.onestop.models import (
    OPEN_STATUSES,
    RequestStatus,
    ServiceRequest,
    ServiceType,
    ticket_label,
)
from apps.onestop.permissions import DESK_ROLES
from core.errors import NotFoundError
from core.thai import FiscalYear, fiscal_year_of, local_date

TWO_PLACES = Decimal("0.01")


class PercentileCont(Aggregate):
    """PostgreSQL's `percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`: the
    linearly interpolated percentile, as a float (None over no rows)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        fraction = float(fraction)
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"A percentile fraction is between 0 and 1, not {fraction}")
        # A float literal in the SQL: validated above, never text from outside.
        super().__init__(expression, fraction=repr(fraction), **extra)


def _figure_aggregates() -> dict[str, Aggregate]:
    return {
        "count": Count("id"),
        "median_seconds": PercentileCont("service_seconds", 0.5),
        "p90_seconds": PercentileCont("service_seconds", 0.9),
        "within_standard": Count("id", filter=Q(service_seconds__lte=F("standard_minutes") * 60)),
    }


def _minutes(seconds: float | None) -> Decimal | None:
    if seconds is None:
        return None
    return (Decimal(str(seconds)) / 60).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ServiceFigures:
    """The report's numbers for one group of completed requests."""

    count: int = 0
    within_standard: int = 0
    median_minutes: Decimal | None = None
    p90_minutes: Decimal | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ServiceFigures:
        return cls(
            count=row["count"] or 0,
            within_standard=row["within_standard"] or 0,
            median_minutes=_minutes(row["median_seconds"]),
            p90_minutes=_minutes(row["p90_seconds"]),
        )

    @property
    def share_within_standard(self) -> Decimal | None:
        """Percent of the requests completed within their standard, two places; None if none."""
        if not self.count:
            return None
        share = Decimal(self.within_standard) * 100 / Decimal(self.count)
        return share.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DeskStatistics:
    fiscal_year: FiscalYear
    total: ServiceFigures
    by_service_type: list[tuple[ServiceType, ServiceFigures]]
    by_month: list[tuple[date, ServiceFigures]]  # the twelve months, October first


def _completed_in(fiscal_year: FiscalYear) -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.filter(
        status=RequestStatus.COMPLETED,
        ticket_date__gte=fiscal_year.start,
        ticket_date__lte=fiscal_year.end,
    )


def desk_figures(
    *, fiscal_year: FiscalYear, service_type_codes: list[str] | None = None
) -> ServiceFigures:
    """The fiscal year's figures over every service type, or over `service_type_codes`
    (one query)."""
    completed = _completed_in(fiscal_year)
    if service_type_codes is not None:
        completed = completed.filter(service_type__code__in=service_type_codes)
    return ServiceFigures.from_row(completed.aggregate(**_figure_aggregates()))


def desk_statistics(*, fiscal_year: FiscalYear) -> DeskStatistics:
    """The fiscal year's figures in total, per service type and per month (four queries)."""
    completed = _completed_in(fiscal_year)
    aggregates = _figure_aggregates()
    total = ServiceFigures.from_row(completed.aggregate(**aggregates))
    per_type = {
        row["service_type_id"]: ServiceFigures.from_row(row)
        for row in completed.order_by().values("service_type_id").annotate(**aggregates)
    }
    per_month = {
        row["month"]: ServiceFigures.from_row(row)
        for row in completed.order_by()
        .annotate(month=TruncMonth("ticket_date"))
        .values("month")
        .annotate(**aggregates)
    }
    by_type = [
        (service_type, per_type.get(service_type.pk, ServiceFigures()))
        for service_type in ServiceType.objects.all()
        if service_type.is_active or service_type.pk in per_type
    ]
    months = [
        date(fiscal_year.start.year + (month < 10), month, 1)
        for month in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
    ]
    by_month = [(month, per_month.get(month, ServiceFigures())) for month in months]
    return DeskStatistics(fiscal_year, total, by_type, by_month)


def fiscal_years_with_requests(*, today: date | None = None) -> list[FiscalYear]:
    """From the fiscal year of the first request to the current one, newest first."""
    current = fiscal_year_of(today or local_date(timezone.now()))
    first = ServiceRequest.objects.aggregate(first=Min("ticket_date"))["first"]
    oldest = fiscal_year_of(first) if first else current
    return [FiscalYear(year) for year in range(current.be_year, oldest.be_year - 1, -1)]


def service_type_list(*, active_only: bool = False) -> QuerySet[ServiceType]:
    service_types = ServiceType.objects.all()
    return service_types.filter(is_active=True) if active_only else service_types


def service_type_get(*, service_type_id: int) -> ServiceType:
    try:
        return ServiceType.objects.get(pk=service_type_id)
    except ServiceType.DoesNotExist:
        raise NotFoundError("ไม่พบประเภทบริการ", "No such service type.") from None


def service_request_get(*, service_request_id: int) -> ServiceRequest:
    try:
        return ServiceRequest.objects.get(pk=service_request_id)
    except ServiceRequest.DoesNotExist:
        raise NotFoundError("ไม่พบคำขอรับบริการ", "No such service request.") from None


def service_request_queue(*, day: date) -> QuerySet[ServiceRequest]:
    """The day's open requests, in the order they were received, with what the desk shows."""
    return (
        ServiceRequest.objects.filter(ticket_date=day, status__in=OPEN_STATUSES)
        .select_related("service_type", "person", "officer", "handed_over_to")
        .order_by("received_at", "id")
    )


def service_request_queue_head(
    *, day: date, waiting_shown: int
) -> tuple[list[ServiceRequest], int]:
    """What the desk screen lists: every request someone has in hand, and the first
    `waiting_shown` waiting ones (the next to be called), in the order received; plus how many
    more are waiting. Two queries, however long the day's queue."""
    open_requests = service_request_queue(day=day)
    in_hand = list(open_requests.exclude(status=RequestStatus.WAITING))
    waiting = list(open_requests.filter(status=RequestStatus.WAITING)[: waiting_shown + 1])
    more = 0
    if len(waiting) > waiting_shown:
        waiting = waiting[:waiting_shown]
        more = open_requests.filter(status=RequestStatus.WAITING).count() - waiting_shown
    rows = sorted([*in_hand, *waiting], key=lambda r: (r.received_at, r.pk))
    return rows, more


def service_request_recent(*, day: date, limit: int = 10) -> QuerySet[ServiceRequest]:
    """The day's last closed (completed or cancelled) requests, newest first."""
    return (
        ServiceRequest.objects.filter(
            ticket_date=day, status__in=[RequestStatus.COMPLETED, RequestStatus.CANCELLED]
        )
        .select_related("service_type", "person", "officer")
        .order_by("-completed_at", "-cancelled_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class DaySummary:
    received: int
    waiting: int
    completed: int
    within_standard: int


def desk_day_summary(*, day: date) -> DaySummary:
    row = ServiceRequest.objects.filter(ticket_date=day).aggregate(
        received=Count("id", filter=~Q(status=RequestStatus.CANCELLED)),
        waiting=Count("id", filter=Q(status=RequestStatus.WAITING)),
        completed=Count("id", filter=Q(status=RequestStatus.COMPLETED)),
        within_standard=Count(
            "id",
            filter=Q(
                status=RequestStatus.COMPLETED,
                service_seconds__lte=F("standard_minutes") * 60,
            ),
        ),
    )
    return DaySummary(**row)


def desk_officers() -> QuerySet[User]:
    """Active accounts that serve at the desk (hand-over targets)."""
    return (
        User.objects.filter(is_active=True, groups__name__in=DESK_ROLES)
        .distinct()
        .order_by("first_name", "username")
    )


@dataclass(frozen=True)
class BoardTicket:
    ticket: str
    counter: str


@dataclass(frozen=True)
class WallBoard:
    """What the waiting-area screen shows: ticket labels and counters, nothing personal."""

    serving: list[BoardTicket]
    waiting: list[str]
    waiting_count: int


def wall_board(*, day: date, serving_limit: int = 8, waiting_limit: int = 12) -> WallBoard:
    """The tickets now being served (last called first) and the next waiting ones (one query
    that reads only ticket letters, numbers, counters and statuses: never a person)."""
    rows = ServiceRequest.objects.filter(
        ticket_date=day,
        status__in=[RequestStatus.WAITING, RequestStatus.CALLED, RequestStatus.IN_SERVICE],
    ).values_list("ticket_prefix", "ticket_number", "counter", "status", "called_at", "received_at")
    serving: list[tuple[datetime, BoardTicket]] = []
    waiting: list[tuple[datetime, str]] = []
    for prefix, number, counter, status, called_at, received_at in rows:
        label = ticket_label(prefix, number)
        if status == RequestStatus.WAITING:
            waiting.append((received_at, label))
        else:
            serving.append((called_at or received_at, BoardTicket(label, counter)))
    serving.sort(key=lambda item: item[0], reverse=True)
    waiting.sort(key=lambda item: item[0])
    return WallBoard(
        serving=[ticket for _, ticket in serving[:serving_limit]],
        waiting=[label for _, label in waiting[:waiting_limit]],
        waiting_count=len(waiting),
    )


def service_request_public(*, token: str) -> ServiceRequest:
    """The ticket of a public status page (its slip's QR code), by its random token."""
    found = ServiceRequest.objects.select_related("service_type").filter(public_token=token).first()
    if found is None or not token:
        raise NotFoundError("ไม่พบบัตรคิวนี้", "No such ticket.")
    return found


def waiting_ahead(service_request: ServiceRequest) -> int:
    """How many tickets of the same day were taken before this one and still wait to be
    called (0 once it is called)."""
    if service_request.status != RequestStatus.WAITING:
        return 0
    return ServiceRequest.objects.filter(
        ticket_date=service_request.ticket_date,
        status=RequestStatus.WAITING,
        received_at__lt=service_request.received_at,
    ).count()


def desk_public_context() -> dict[str, Any]:
    """The desk on the office's public page: the services offered with their standard, and
    how many people wait today. Figures only, nothing about anyone."""
    today = timezone.localdate()
    return {
        "desk_services": list(service_type_list(active_only=True)),
        "desk_waiting_today": ServiceRequest.objects.filter(
            ticket_date=today, status=RequestStatus.WAITING
        ).count(),
    }
