"""Every write of the One Stop desk. Run in an office's schema (the request's, or the one a
task or command switched to).

The public API other modules use is two calls:

    request = service_request_take(service_request=ticket_or_none, service_type_code="id_card",
                                   person=person, holders=CardApplication.objects.all(),
                                   received_by=user, refusal=CardError)
    ...
    service_request_complete(service_request=request, officer=user, outcome="บัตรเลขที่ …")

`service_request_take` opens a ticket (`service_request_open`) or checks, once for every module,
the one the person already holds.

The life of a request: waiting → called → in_service → completed, with `hand_over` passing an
open request to another officer (handed_over → in_service when they start it) and `cancel`
closing it without a result. Every change is locked (`select_for_update`) and audited; a
repeated click (completing a completed request, cancelling a cancelled one) changes nothing and
records nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import models, transaction

from accounts.models import User
from apps.onestop.models import (
    IN_HAND_STATUSES,
    RequestStatus,
    ServiceRequest,
    ServiceType,
    TicketCounter,
)
from apps.onestop.permissions import DESK_ROLES
from audit.services import audit_record, diff
from core import kit
from core.sequences import next_number
from core.thai import local_date

MAX_STANDARD_MINUTES = 480


class OnestopError(kit.Refusal):
    prefix = "onestop"


class UnknownServiceTypeError(OnestopError):
    code = "onestop.unknown_service_type"


class RequestClosedError(OnestopError):
    code = "onestop.request_closed"


class InvalidTransitionError(OnestopError):
    code = "onestop.invalid_transition"


class AlreadyServingError(OnestopError):
    code = "onestop.already_serving"


class NotDeskOfficerError(OnestopError):
    code = "onestop.not_desk_officer"


class TimeOrderError(OnestopError):
    code = "onestop.time_order"


def _check_after(at: datetime, earlier: datetime | None) -> None:
    if earlier is not None and at < earlier:
        raise TimeOrderError(
            "เวลาที่ระบุอยู่ก่อนขั้นตอนก่อนหน้าของคำขอนี้",
            "The time given is before the request's previous step.",
        )


def _check_desk_officer(user: User, *, field: str | None = None) -> None:
    if not kit.may(user, *DESK_ROLES):
        raise NotDeskOfficerError(
            f"{user.get_username()} ไม่ใช่เจ้าหน้าที่ให้บริการ ณ จุดบริการ",
            f"{user.get_username()} does not serve at the desk.",
            field=field,
        )


def _closed(service_request: ServiceRequest) -> RequestClosedError:
    return RequestClosedError(
        f"บัตรคิว {service_request.ticket} ปิดแล้ว ({service_request.get_status_display()})",
        f"Ticket {service_request.ticket} is closed ({service_request.status}).",
    )


def _state(service_request: ServiceRequest, fields: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(service_request, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values


def _next_ticket_number(day: Any, prefix: str) -> int:
    """The next number of `day` and `prefix`, unique and gap-free (core.sequences)."""
    return next_number(TicketCounter, day=day, prefix=prefix)


@transaction.atomic
def service_request_open(
    *,
    service_type_code: str,
    person: Any = None,
    received_by: User | None = None,
    at: datetime | None = None,
) -> ServiceRequest:
    """Take a queue ticket for `service_type_code` (a code of an offered ServiceType).

    `person` (a `people.Person`) may be None for a walk-in not identified yet. `at` records a
    past receipt (imports, demo data); it defaults to now. The ticket number is the next of
    the receipt's Bangkok date and the type's letter: unique and without gaps, also under
    concurrent issue. Raises UnknownServiceTypeError for an unknown or withdrawn type.
    """
    received_at = kit.now(at)
    service_type = ServiceType.objects.filter(code=service_type_code, is_active=True).first()
    if service_type is None:
        raise UnknownServiceTypeError(
            f"ไม่มีบริการรหัส “{service_type_code}” หรืองดให้บริการแล้ว",
            f"No service “{service_type_code}” is offered.",
            field="service_type",
        )
    day = local_date(received_at)
    number = _next_ticket_number(day, service_type.ticket_prefix)
    service_request = ServiceRequest.objects.create(
        ticket_date=day,
        ticket_prefix=service_type.ticket_prefix,
        ticket_number=number,
        service_type=service_type,
        person=person,
        received_at=received_at,
        received_by=received_by,
        standard_minutes=service_type.standard_minutes,
    )
    audit_record(
        action="onestop.request_opened",
        actor=received_by,
        target=service_request,
        changes={"service_type": [None, service_type.code], "status": [None, "waiting"]},
    )
    return service_request


@transaction.atomic
def service_request_take(
    *,
    service_request: ServiceRequest | None,
    service_type_code: str,
    person: Any,
    holders: models.QuerySet[Any],
    received_by: User | None = None,
    at: datetime | None = None,
    refusal: type[kit.Refusal] = OnestopError,
) -> ServiceRequest:
    """The desk ticket a module's record (a claim, a card application) is received under.

    With `service_request`: that ticket, locked and read as it is now, after checking that it
    is open, of `service_type_code`, taken for `person` (or for nobody yet) and not already
    holding a record of `holders` (the module's records, e.g. `CardApplication.objects`).
    Without: a new ticket (`service_request_open`). A refusal is a `refusal` (the module's own
    error class, so its codes read `<module>.ticket_taken`, `.ticket_closed`,
    `.ticket_other_service`, `.ticket_other_person`), on the field `service_request`.
    """
    if service_request is None:
        return service_request_open(
            service_type_code=service_type_code, person=person, received_by=received_by, at=at
        )
    service_request = kit.lock(
        ServiceRequest.objects.select_related("service_type"), service_request.pk
    )
    ticket = service_request.ticket
    if holders.filter(service_request=service_request).exists():
        raise refusal.refuse(
            "ticket_taken",
            f"บัตรคิว {ticket} มีคำขอของบริการนี้แล้ว",
            f"Desk ticket {ticket} already has a record of this service.",
            field="service_request",
        )
    if not service_request.is_open:
        raise refusal.refuse(
            "ticket_closed",
            f"บัตรคิว {ticket} ปิดไปแล้ว ให้ออกบัตรคิวใหม่",
            f"Desk ticket {ticket} is closed.",
            field="service_request",
        )
    if service_request.service_type.code != service_type_code:
        raise refusal.refuse(
            "ticket_other_service",
            f"บัตรคิว {ticket} เป็นของบริการ “{service_request.service_type}” ไม่ใช่บริการนี้",
            f"Desk ticket {ticket} is for another service.",
            field="service_request",
        )
    if service_request.person_id is not None and service_request.person_id != person.pk:
        raise refusal.refuse(
            "ticket_other_person",
            f"บัตรคิว {ticket} เป็นของผู้อื่น",
            f"Desk ticket {ticket} belongs to someone else.",
            field="service_request",
        )
    return service_request


@transaction.atomic
def service_request_call_next(
    *,
    officer: User,
    counter: str,
    service_type_codes: Sequence[str] | None = None,
    at: datetime | None = None,
) -> ServiceRequest | None:
    """Call the oldest waiting ticket of today among `service_type_codes` (None: every type)
    to the officer's `counter`; None when nobody is waiting.

    Two officers calling at the same instant never get the same ticket: the candidate row is
    taken with `SELECT … FOR UPDATE SKIP LOCKED`, so the second skips the first's ticket
    instead of waiting for it. An officer who already has a called or in-service ticket gets
    AlreadyServingError (a double click calls no second ticket).
    """
    _check_desk_officer(officer)
    now = kit.now(at)
    in_hand = (
        ServiceRequest.objects.filter(
            officer=officer, status__in=IN_HAND_STATUSES, ticket_date=local_date(now)
        )
        .order_by("called_at")
        .first()
    )
    if in_hand is not None:
        raise AlreadyServingError(
            f"ท่านกำลังให้บริการบัตรคิว {in_hand.ticket} อยู่ กรุณาให้บริการให้เสร็จ ส่งต่อ หรือยกเลิกก่อนเรียกคิวถัดไป",
            f"You are serving ticket {in_hand.ticket}; complete, hand over or cancel it "
            "before calling the next.",
        )
    waiting = ServiceRequest.objects.filter(
        ticket_date=local_date(now), status=RequestStatus.WAITING, received_at__lte=now
    )
    if service_type_codes is not None:
        waiting = waiting.filter(
            service_type_id__in=ServiceType.objects.filter(code__in=service_type_codes).values("id")
        )
    service_request = (
        waiting.select_for_update(skip_locked=True).order_by("received_at", "id").first()
    )
    if service_request is None:
        return None
    before = _state(service_request, ["status", "officer_id", "counter", "called_at"])
    service_request.status = RequestStatus.CALLED
    service_request.officer = officer
    service_request.counter = counter.strip()
    service_request.called_at = now
    service_request.save(update_fields=["status", "officer", "counter", "called_at"])
    audit_record(
        action="onestop.request_called",
        actor=officer,
        target=service_request,
        changes=diff(before, _state(service_request, list(before))),
    )
    return service_request


@transaction.atomic
def service_request_start(
    *,
    service_request: ServiceRequest,
    officer: User,
    counter: str | None = None,
    at: datetime | None = None,
) -> ServiceRequest:
    """Start serving: a waiting ticket served straight away, a called one, or one handed over
    to `officer`. Starting a ticket already in service with the same officer changes nothing."""
    _check_desk_officer(officer)
    now = kit.now(at)
    service_request = kit.lock(ServiceRequest, service_request.pk)
    if service_request.status == RequestStatus.IN_SERVICE and service_request.officer_id == (
        officer.pk
    ):
        return service_request
    if not service_request.is_open:
        raise _closed(service_request)
    if service_request.status == RequestStatus.IN_SERVICE or (
        service_request.status == RequestStatus.HANDED_OVER
        and service_request.handed_over_to_id != officer.pk
    ):
        raise InvalidTransitionError(
            f"บัตรคิว {service_request.ticket} อยู่ในความดูแลของเจ้าหน้าที่ท่านอื่น",
            f"Ticket {service_request.ticket} is with another officer.",
        )
    _check_after(now, service_request.handed_over_at or service_request.called_at)
    _check_after(now, service_request.received_at)
    before = _state(service_request, ["status", "officer_id", "counter", "started_at"])
    service_request.status = RequestStatus.IN_SERVICE
    service_request.officer = officer
    if counter is not None:
        service_request.counter = counter.strip()
    if service_request.started_at is None:
        service_request.started_at = now
    service_request.save(update_fields=["status", "officer", "counter", "started_at"])
    audit_record(
        action="onestop.request_started",
        actor=officer,
        target=service_request,
        changes=diff(before, _state(service_request, list(before))),
    )
    return service_request


@transaction.atomic
def service_request_complete(
    *,
    service_request: ServiceRequest,
    officer: User,
    outcome: str = "",
    at: datetime | None = None,
) -> ServiceRequest:
    """Close the request with its result (`outcome`, e.g. "บัตรเลขที่ 9310-00-000123").

    Any open request may be completed; one never started counts as started now. The service
    time is received → completed. Idempotent: completing a completed request returns it
    unchanged and records nothing (a double click, or a module completing twice); completing a
    cancelled one raises RequestClosedError.
    """
    _check_desk_officer(officer)
    now = kit.now(at)
    service_request = kit.lock(ServiceRequest, service_request.pk)
    if service_request.status == RequestStatus.COMPLETED:
        return service_request
    if not service_request.is_open:
        raise _closed(service_request)
    _check_after(now, service_request.started_at)
    _check_after(now, service_request.handed_over_at or service_request.called_at)
    _check_after(now, service_request.received_at)
    before = _state(
        service_request,
        ["status", "officer_id", "started_at", "completed_at", "service_seconds", "outcome"],
    )
    service_request.status = RequestStatus.COMPLETED
    service_request.officer = officer
    service_request.started_at = service_request.started_at or now
    service_request.completed_at = now
    service_request.service_seconds = round((now - service_request.received_at).total_seconds())
    service_request.outcome = outcome.strip()
    service_request.save(
        update_fields=[
            "status",
            "officer",
            "started_at",
            "completed_at",
            "service_seconds",
            "outcome",
        ]
    )
    audit_record(
        action="onestop.request_completed",
        actor=officer,
        target=service_request,
        changes=diff(before, _state(service_request, list(before))),
    )
    return service_request


@transaction.atomic
def service_request_hand_over(
    *,
    service_request: ServiceRequest,
    officer: User,
    to_officer: User,
    at: datetime | None = None,
) -> ServiceRequest:
    """Pass an open request to `to_officer` (who serves at the desk), who starts it next. The
    service time keeps running from receipt. Handing it again to the same officer changes
    nothing."""
    _check_desk_officer(officer)
    _check_desk_officer(to_officer, field="to_officer")
    now = kit.now(at)
    service_request = kit.lock(ServiceRequest, service_request.pk)
    if not service_request.is_open:
        raise _closed(service_request)
    if (
        service_request.status == RequestStatus.HANDED_OVER
        and service_request.handed_over_to_id == to_officer.pk
    ):
        return service_request
    if to_officer.pk == officer.pk:
        raise InvalidTransitionError(
            "ไม่สามารถส่งต่อให้ตนเองได้",
            "You cannot hand a request over to yourself.",
            field="to_officer",
        )
    _check_after(now, service_request.started_at or service_request.called_at)
    _check_after(now, service_request.received_at)
    before = _state(service_request, ["status", "officer_id", "handed_over_to_id"])
    service_request.status = RequestStatus.HANDED_OVER
    service_request.officer = officer
    service_request.handed_over_to = to_officer
    service_request.handed_over_at = now
    service_request.save(update_fields=["status", "officer", "handed_over_to", "handed_over_at"])
    audit_record(
        action="onestop.request_handed_over",
        actor=officer,
        target=service_request,
        changes=diff(before, _state(service_request, list(before))),
    )
    return service_request


@transaction.atomic
def service_request_cancel(
    *,
    service_request: ServiceRequest,
    actor: User,
    reason: str = "",
    at: datetime | None = None,
) -> ServiceRequest:
    """Close an open request without a result (the person left, a ticket taken by mistake).
    Its number stays used: the day's numbers keep no gaps. Cancelling a cancelled request
    changes nothing; cancelling a completed one raises RequestClosedError."""
    _check_desk_officer(actor)
    now = kit.now(at)
    service_request = kit.lock(ServiceRequest, service_request.pk)
    if service_request.status == RequestStatus.CANCELLED:
        return service_request
    if not service_request.is_open:
        raise _closed(service_request)
    _check_after(now, service_request.received_at)
    before = _state(service_request, ["status", "cancelled_at", "outcome"])
    service_request.status = RequestStatus.CANCELLED
    service_request.cancelled_at = now
    service_request.outcome = reason.strip()
    service_request.save(update_fields=["status", "cancelled_at", "outcome"])
    audit_record(
        action="onestop.request_cancelled",
        actor=actor,
        target=service_request,
        changes=diff(before, _state(service_request, list(before))),
    )
    return service_request


@transaction.atomic
def service_type_update(
    *,
    service_type: ServiceType,
    actor: User,
    name_th: str,
    name_en: str,
    standard_minutes: int,
    is_active: bool,
    display_order: int,
) -> ServiceType:
    """Change a service type's names, standard, order or availability (the office admin).

    Open and past requests keep the standard they were taken under. The code and the ticket
    letter never change here: other modules and printed slips rely on them.
    """
    if not 1 <= standard_minutes <= MAX_STANDARD_MINUTES:
        raise OnestopError(
            f"มาตรฐานเวลาต้องอยู่ระหว่าง 1 ถึง {MAX_STANDARD_MINUTES} นาที",
            f"The standard must be between 1 and {MAX_STANDARD_MINUTES} minutes.",
            code="onestop.invalid_standard",
            field="standard_minutes",
        )
    service_type = kit.lock(ServiceType, service_type.pk)
    fields = ["name_th", "name_en", "standard_minutes", "is_active", "display_order"]
    before = {name: getattr(service_type, name) for name in fields}
    after = {
        "name_th": name_th.strip(),
        "name_en": name_en.strip(),
        "standard_minutes": standard_minutes,
        "is_active": is_active,
        "display_order": display_order,
    }
    changes = diff(before, after)
    if not changes:
        return service_type
    for name, value in after.items():
        setattr(service_type, name, value)
    service_type.save(update_fields=list(changes))
    audit_record(
        action="onestop.service_type_changed",
        actor=actor,
        target=service_type,
        changes=changes,
    )
    return service_type


__all__ = [
    "AlreadyServingError",
    "InvalidTransitionError",
    "NotDeskOfficerError",
    "OnestopError",
    "RequestClosedError",
    "TimeOrderError",
    "UnknownServiceTypeError",
    "service_request_call_next",
    "service_request_cancel",
    "service_request_complete",
    "service_request_hand_over",
    "service_request_open",
    "service_request_start",
    "service_request_take",
    "service_type_update",
]
