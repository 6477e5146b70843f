"""Reads of the welfare shop and its rooms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    Func,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.welfareshop.models import (
    AccountEntry,
    Booking,
    BookingStatus,
    EntryKind,
    EvidencePhoto,
    Member,
    MemberStatus,
    Resource,
    ServiceTally,
    TallyKind,
)
from core.errors import NotFoundError
from core.thai import FiscalYear

ON_THE_LIST = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED, MemberStatus.LEFT)


def members_on(day: date) -> QuerySet[Member]:
    """Members on `day`: joined by then, not left by then (a suspended member is still one)."""
    return Member.objects.filter(status__in=ON_THE_LIST, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


def member_register(*, on: date) -> QuerySet[Member]:
    """The member list as it stood on `on`, by member number."""
    return members_on(on).select_related("person").order_by("joined_on", "number", "id")


def member_get(*, member_id: int) -> Member:
    try:
        return Member.objects.select_related(
            "person", "person__school", "service_request", "fee_rule", "deduction_instruction",
            "received_by", "checked_by", "decided_by",
        ).get(pk=member_id)  # fmt: skip
    except Member.DoesNotExist:
        raise NotFoundError("ไม่พบสมาชิกนี้", "No such member.") from None


def applications_waiting() -> QuerySet[Member]:
    return (
        Member.objects.filter(status__in=[MemberStatus.APPLIED, MemberStatus.CHECKED])
        .select_related("person")
        .order_by("applied_at", "id")
    )


def resource_list(*, active_only: bool = True) -> QuerySet[Resource]:
    rows = Resource.objects.all()
    return rows.filter(is_active=True) if active_only else rows


def resource_get(*, resource_id: int) -> Resource:
    try:
        return Resource.objects.get(pk=resource_id)
    except Resource.DoesNotExist:
        raise NotFoundError("ไม่พบห้องหรือพื้นที่นี้", "No such room or area.") from None


def booking_get(*, booking_id: int) -> Booking:
    try:
        return Booking.objects.select_related("resource", "school", "booked_by").get(pk=booking_id)
    except Booking.DoesNotExist:
        raise NotFoundError("ไม่พบการจองนี้", "No such booking.") from None


def _day_span(first: date, last: date) -> DateTimeTZRange:
    zone = timezone.get_current_timezone()
    return DateTimeTZRange(
        datetime.combine(first, time.min, zone),
        datetime.combine(last + timedelta(days=1), time.min, zone),
    )


def bookings_between(
    *, first: date, last: date, resource: Resource | None = None
) -> QuerySet[Booking]:
    """Confirmed bookings touching the days `first`..`last` (local), in time order."""
    rows = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, during__overlap=_day_span(first, last)
    )
    if resource is not None:
        rows = rows.filter(resource=resource)
    return rows.select_related("resource", "school", "booked_by").order_by("during", "id")


@dataclass(frozen=True)
class CalendarDay:
    day: date
    bookings: list[Booking]

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


def room_month(*, resource: Resource, month: date) -> list[list[CalendarDay | None]]:
    """The month's weeks (Monday first) for one room, each day with its bookings; days of
    other months are None. One query."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    by_day: dict[date, list[Booking]] = {}
    for booking in bookings_between(first=first, last=last, resource=resource):
        by_day.setdefault(timezone.localtime(booking.during.lower).date(), []).append(booking)
    weeks: list[list[CalendarDay | None]] = []
    week: list[CalendarDay | None] = [None] * first.weekday()
    day = first
    while day <= last:
        week.append(CalendarDay(day, by_day.get(day, [])))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return weeks


def day_view(*, day: date) -> list[tuple[Resource, list[Booking]]]:
    """Every room and area in use, with its bookings of `day`. Two queries."""
    bookings: dict[int, list[Booking]] = {}
    for booking in bookings_between(first=day, last=day):
        bookings.setdefault(booking.resource_id, []).append(booking)
    return [(resource, bookings.get(resource.pk, [])) for resource in resource_list()]


@dataclass(frozen=True)
class BusySlot:
    """A taken slot as the public may see it: times only, no names or purposes."""

    day: date
    starts: str
    ends: str


def public_availability(*, resource: Resource, first: date, days: int = 14) -> list[BusySlot]:
    rows = bookings_between(first=first, last=first + timedelta(days=days - 1), resource=resource)
    slots = []
    for during in rows.values_list("during", flat=True):
        start, end = timezone.localtime(during.lower), timezone.localtime(during.upper)
        slots.append(BusySlot(start.date(), f"{start:%H:%M}", f"{end:%H:%M}"))
    return slots


def public_context() -> dict[str, Any]:
    """The office's public page: the rooms and areas people may ask for (no bookings)."""
    return {"shop_rooms": list(resource_list().only("id", "name", "kind", "capacity", "purpose"))}


def tally_of(day: date) -> dict[str, int]:
    counts = {kind: 0 for kind in TallyKind.values}
    for kind, count in ServiceTally.objects.filter(day=day).values_list("kind", "count"):
        counts[kind] = count
    return counts


def served_in(fiscal_year: FiscalYear) -> dict[str, int]:
    rows = (
        ServiceTally.objects.filter(day__gte=fiscal_year.start, day__lte=fiscal_year.end)
        .values("kind")
        .annotate(total=Sum("count"))
    )
    counts = {kind: 0 for kind in TallyKind.values}
    counts.update({row["kind"]: row["total"] or 0 for row in rows})
    return counts


def tally_by_month(fiscal_year: FiscalYear) -> list[dict[str, Any]]:
    rows = (
        ServiceTally.objects.filter(day__gte=fiscal_year.start, day__lte=fiscal_year.end)
        .annotate(month=TruncMonth("day"))
        .values("month", "kind")
        .annotate(total=Sum("count"))
        .order_by("month")
    )
    months: dict[date, dict[str, Any]] = {}
    for row in rows:
        month = row["month"]
        months.setdefault(month, {"month": month, "drink": 0, "visit": 0})[row["kind"]] = row[
            "total"
        ]
    return list(months.values())


def album(*, fiscal_year: int) -> QuerySet[EvidencePhoto]:
    return (
        EvidencePhoto.objects.filter(fiscal_year=fiscal_year)
        .select_related("resource")
        .order_by("taken_on", "id")
    )


def photo_get(*, photo_id: int) -> EvidencePhoto:
    try:
        return EvidencePhoto.objects.get(pk=photo_id)
    except EvidencePhoto.DoesNotExist:
        raise NotFoundError("ไม่พบภาพนี้", "No such photo.") from None


def booking_figures(fiscal_year: FiscalYear) -> list[dict[str, Any]]:
    """Per room or area: confirmed bookings that started in the year and their hours.

    One aggregate query (grouped by room, the hours summed by PostgreSQL): the collection of
    every office reads it, so no booking row is loaded into Python."""
    span = _day_span(fiscal_year.start, fiscal_year.end)
    length = ExpressionWrapper(
        Func("during", function="upper", output_field=DateTimeField())
        - Func("during", function="lower", output_field=DateTimeField()),
        output_field=DurationField(),
    )
    totals = {
        row["resource_id"]: row
        for row in Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            during__startswith__gte=span.lower,
            during__startswith__lt=span.upper,
        )
        .values("resource_id")
        .annotate(bookings=Count("id"), length=Sum(length))
        .order_by()
    }
    figures = []
    for resource in Resource.objects.order_by("display_order", "name"):
        row = totals.get(resource.pk)
        seconds = Decimal(row["length"].total_seconds()) if row and row["length"] else Decimal(0)
        figures.append(
            {
                "resource": resource,
                "bookings": row["bookings"] if row else 0,
                "hours": (seconds / 3600).quantize(Decimal("0.1")),
            }
        )
    return figures


@dataclass(frozen=True)
class MonthAccount:
    month: date
    takings: Decimal
    spending: Decimal
    balance: Decimal  # at the month's end


@dataclass(frozen=True)
class Statement:
    fiscal_year: FiscalYear
    opening: Decimal
    months: list[MonthAccount]
    takings: Decimal
    spending: Decimal
    closing: Decimal


def statement(fiscal_year: FiscalYear) -> Statement:
    """The year's statement: the balance brought forward, each month's takings and spending
    with the running balance, the year's totals and the balance carried forward."""

    def total(rows: QuerySet[AccountEntry], kind: str) -> Decimal:
        return rows.filter(kind=kind).aggregate(s=Sum("amount"))["s"] or Decimal(0)

    before = AccountEntry.objects.filter(on__lt=fiscal_year.start)
    opening = total(before, EntryKind.TAKINGS) - total(before, EntryKind.SPENDING)
    rows = (
        AccountEntry.objects.filter(on__gte=fiscal_year.start, on__lte=fiscal_year.end)
        .annotate(month=TruncMonth("on"))
        .values("month", "kind")
        .annotate(total=Sum("amount"), n=Count("id"))
    )
    sums: dict[tuple[date, str], Decimal] = {(r["month"], r["kind"]): r["total"] for r in rows}
    months, balance = [], opening
    month = fiscal_year.start.replace(day=1)
    while month <= fiscal_year.end:
        takings = sums.get((month, EntryKind.TAKINGS), Decimal(0))
        spending = sums.get((month, EntryKind.SPENDING), Decimal(0))
        balance += takings - spending
        months.append(MonthAccount(month, takings, spending, balance))
        month = (month + timedelta(days=32)).replace(day=1)
    takings = sum((m.takings for m in months), Decimal(0))
    spending = sum((m.spending for m in months), Decimal(0))
    return Statement(fiscal_year, opening, months, takings, spending, balance)


def entries_of(fiscal_year: FiscalYear) -> QuerySet[AccountEntry]:
    return AccountEntry.objects.filter(on__gte=fiscal_year.start, on__lte=fiscal_year.end).order_by(
        "on", "id"
    )
