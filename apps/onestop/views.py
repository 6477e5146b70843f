"""The desk pages: the officers' desk screen, the waiting-area wall display, the statistics,
and the service types' standards. Each view parses, calls one service or selector, renders.

The wall display (`display`, `display_board`) needs no sign-in: it runs unattended on a TV in
the public waiting area, where a signed-in staff session would be the bigger risk (anyone could
walk from it to the desk screen, which shows names). It shows ticket labels and counter names
only: its selector never reads a person, an officer or a national ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from apps.onestop import selectors, services
from apps.onestop.entry_points import entry_url
from apps.onestop.forms import (
    CallNextForm,
    CancelForm,
    CompleteForm,
    FiscalYearForm,
    HandOverForm,
    ServiceTypeForm,
    TicketForm,
)
from apps.onestop.models import IN_HAND_STATUSES, RequestStatus, ServiceRequest
from apps.onestop.permissions import DESK_ROLES, SERVICE_TYPE_ADMIN_ROLES, STATISTICS_ROLES
from core.errors import ApplicationError, NotFoundError
from core.forms import apply_application_error
from core.permissions import role_required
from core.thai import THAI_MONTHS, FiscalYear, fiscal_year_of, local_date, to_be_year

SESSION_COUNTER = "onestop.counter"
SESSION_SERVICE_TYPES = "onestop.service_types"
SESSION_LAST_TICKET = "onestop.last_ticket"
STATUS_REFRESH_SECONDS = 30  # the public status page reloads itself
# The timer turns amber at this share of the standard, red past it.
NEAR_STANDARD = 0.8
WALL_REFRESH_SECONDS = 5
QUEUE_REFRESH_SECONDS = 10
# The desk lists the next waiting tickets, not a whole busy day: officers call the next one.
WAITING_SHOWN = 30


@dataclass(frozen=True)
class QueueRow:
    request: ServiceRequest
    elapsed_seconds: int

    @property
    def standard_seconds(self) -> int:
        return self.request.standard_minutes * 60

    @property
    def timer_state(self) -> str:
        if self.elapsed_seconds > self.standard_seconds:
            return "over"
        if self.elapsed_seconds >= self.standard_seconds * NEAR_STANDARD:
            return "near"
        return "ok"

    @property
    def entry_url(self) -> str | None:
        """The page of the module that serves this ticket's service, if any."""
        return entry_url(
            service_type_code=self.request.service_type.code, service_request_id=self.request.pk
        )

    @property
    def elapsed_label(self) -> str:
        minutes, seconds = divmod(self.elapsed_seconds, 60)
        return f"{minutes}:{seconds:02d}"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _queue_context(request: HttpRequest) -> dict[str, object]:
    now = timezone.now()
    user = _user(request)
    requests, more_waiting = selectors.service_request_queue_head(
        day=local_date(now), waiting_shown=WAITING_SHOWN
    )
    rows = [QueueRow(r, max(0, int((now - r.received_at).total_seconds()))) for r in requests]
    mine = [
        row
        for row in rows
        if (row.request.officer_id == user.pk and row.request.status in IN_HAND_STATUSES)
        or (
            row.request.status == RequestStatus.HANDED_OVER
            and row.request.handed_over_to_id == user.pk
        )
    ]
    return {
        "rows": rows,
        "more_waiting": more_waiting,
        "mine": mine,
        "refresh_seconds": QUEUE_REFRESH_SECONDS,
        "near_standard": NEAR_STANDARD,
    }


@role_required(*STATISTICS_ROLES)
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    """Today's queue and the officer's tickets. Readers of statistics only go to those."""
    if not _user(request).has_role(*DESK_ROLES):
        return redirect("onestop:statistics")
    today = local_date(timezone.now())
    context = _queue_context(request)
    hand_over_form = HandOverForm()
    officers = selectors.desk_officers().exclude(pk=_user(request).pk)
    hand_over_form.fields["to_officer"].queryset = officers  # type: ignore[attr-defined]
    context.update(
        {
            "ticket_form": TicketForm(),
            "call_form": CallNextForm(
                initial={
                    "counter": request.session.get(SESSION_COUNTER, ""),
                    "service_types": request.session.get(SESSION_SERVICE_TYPES, []),
                }
            ),
            "complete_form": CompleteForm(),
            "hand_over_form": hand_over_form,
            "cancel_form": CancelForm(),
            "summary": selectors.desk_day_summary(day=today),
            "recent": selectors.service_request_recent(day=today),
            "today": today,
            "last_ticket": _last_ticket(request, today),
        }
    )
    return render(request, "onestop/desk.html", context)


def qr_code_svg(data: str) -> str:
    """A QR code as inline SVG, drawn on the server (segno; no script, no CDN)."""
    import segno

    svg = segno.make(data, error="m").svg_inline(scale=4, dark="#000", title=data)
    return str(svg)


def _last_ticket(request: HttpRequest, today: Any) -> ServiceRequest | None:
    """The ticket this officer took last today, for its slip."""
    pk = request.session.get(SESSION_LAST_TICKET)
    if not pk:
        return None
    return ServiceRequest.objects.filter(pk=pk, ticket_date=today).first()


@role_required(*DESK_ROLES)
@require_GET
def ticket_slip(request: HttpRequest, request_id: int) -> HttpResponse:
    """The queue slip, to print on an 80 mm receipt printer: the ticket, its service, the time,
    and a QR code to the ticket's public status page."""
    service_request = _get_request(request_id)
    status_url = request.build_absolute_uri(
        reverse("public_ticket:status", kwargs={"token": service_request.public_token})
    )
    context = {
        "ticket": service_request,
        "status_url": status_url,
        "qr_svg": qr_code_svg(status_url),
    }
    response = render(request, "onestop/slip.html", context)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def ticket_status(request: HttpRequest, token: str) -> HttpResponse:
    """A ticket's public page (no sign-in), reached from the slip's QR code: its number, service
    and state, and how many wait before it. Nothing about the person; not for search engines."""
    try:
        service_request = selectors.service_request_public(token=token)
    except NotFoundError:
        raise Http404 from None
    context = {
        "ticket": service_request,
        "ahead": selectors.waiting_ahead(service_request),
        "refresh_seconds": STATUS_REFRESH_SECONDS,
        "finished": not service_request.is_open,
    }
    response = render(request, "onestop/ticket_status.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@role_required(*DESK_ROLES)
@require_GET
def desk_queue(request: HttpRequest) -> HttpResponse:
    """The queue table alone, for the desk screen's htmx polling."""
    return render(request, "onestop/_queue.html", _queue_context(request))


def _refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("onestop:desk")


def _form_refused(request: HttpRequest, form: object) -> HttpResponse:
    errors = getattr(form, "errors", {})
    for field_errors in errors.values():
        for error in field_errors:
            messages.error(request, error)
    return redirect("onestop:desk")


@role_required(*DESK_ROLES)
@require_POST
def ticket_open(request: HttpRequest) -> HttpResponse:
    """Take a ticket for a walk-in (optionally identified by national ID)."""
    form = TicketForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form)
    person = None
    national_id = form.cleaned_data["national_id"]
    if national_id:
        from apps.people.models import Person

        person = Person.objects.filter(national_id=national_id).first()
        if person is None:
            messages.error(request, _("No person with this national ID in the register."))
            return redirect("onestop:desk")
    try:
        service_request = services.service_request_open(
            service_type_code=form.cleaned_data["service_type"].code,
            person=person,
            received_by=_user(request),
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    messages.success(request, _("Ticket %(ticket)s taken.") % {"ticket": service_request.ticket})
    request.session[SESSION_LAST_TICKET] = service_request.pk
    return redirect("onestop:desk")


@role_required(*DESK_ROLES)
@require_POST
def call_next(request: HttpRequest) -> HttpResponse:
    form = CallNextForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form)
    chosen = form.cleaned_data["service_types"]
    request.session[SESSION_COUNTER] = form.cleaned_data["counter"]
    request.session[SESSION_SERVICE_TYPES] = [t.pk for t in chosen]
    try:
        called = services.service_request_call_next(
            officer=_user(request),
            counter=form.cleaned_data["counter"],
            service_type_codes=[t.code for t in chosen] or None,
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    if called is None:
        messages.info(request, _("Nobody is waiting."))
    else:
        messages.success(request, _("Ticket %(ticket)s called.") % {"ticket": called.ticket})
    return redirect("onestop:desk")


def _get_request(request_id: int) -> ServiceRequest:
    try:
        return selectors.service_request_get(service_request_id=request_id)
    except NotFoundError:
        raise Http404 from None


@role_required(*DESK_ROLES)
@require_POST
def request_start(request: HttpRequest, request_id: int) -> HttpResponse:
    service_request = _get_request(request_id)
    try:
        services.service_request_start(
            service_request=service_request,
            officer=_user(request),
            counter=request.session.get(SESSION_COUNTER),
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    return redirect("onestop:desk")


@role_required(*DESK_ROLES)
@require_POST
def request_complete(request: HttpRequest, request_id: int) -> HttpResponse:
    service_request = _get_request(request_id)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form)
    try:
        done = services.service_request_complete(
            service_request=service_request,
            officer=_user(request),
            outcome=form.cleaned_data["outcome"],
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    messages.success(request, _("Ticket %(ticket)s completed.") % {"ticket": done.ticket})
    return redirect("onestop:desk")


@role_required(*DESK_ROLES)
@require_POST
def request_hand_over(request: HttpRequest, request_id: int) -> HttpResponse:
    service_request = _get_request(request_id)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form)
    try:
        services.service_request_hand_over(
            service_request=service_request,
            officer=_user(request),
            to_officer=form.cleaned_data["to_officer"],
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    messages.success(
        request, _("Ticket %(ticket)s handed over.") % {"ticket": service_request.ticket}
    )
    return redirect("onestop:desk")


@role_required(*DESK_ROLES)
@require_POST
def request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    service_request = _get_request(request_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form)
    try:
        services.service_request_cancel(
            service_request=service_request,
            actor=_user(request),
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    return redirect("onestop:desk")


@never_cache
@require_GET
def display(request: HttpRequest) -> HttpResponse:
    """The waiting-area screen (no sign-in; ticket labels and counters only)."""
    board = selectors.wall_board(day=local_date(timezone.now()))
    return render(
        request,
        "onestop/display.html",
        {"board": board, "refresh_seconds": WALL_REFRESH_SECONDS},
    )


@never_cache
@require_GET
def display_board(request: HttpRequest) -> HttpResponse:
    """The wall display's board alone, for its htmx polling."""
    board = selectors.wall_board(day=local_date(timezone.now()))
    return render(request, "onestop/_board.html", {"board": board})


@role_required(*STATISTICS_ROLES)
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """The figures the annual report quotes, for one fiscal year (B.E.)."""
    today = local_date(timezone.now())
    form = FiscalYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else fiscal_year_of(today).be_year
    fiscal_year = FiscalYear(year)
    years = selectors.fiscal_years_with_requests(today=today)
    if fiscal_year not in years:
        years = sorted([*years, fiscal_year], reverse=True)
    stats = selectors.desk_statistics(fiscal_year=fiscal_year)
    months = [
        (f"{THAI_MONTHS[month.month - 1]} {to_be_year(month.year)}", figures)
        for month, figures in stats.by_month
    ]
    return render(
        request,
        "onestop/statistics.html",
        {
            "stats": stats,
            "months": months,
            "fiscal_year": fiscal_year,
            "years": years,
        },
    )


@role_required(*SERVICE_TYPE_ADMIN_ROLES)
@require_GET
def service_type_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "onestop/service_type_list.html",
        {"service_types": selectors.service_type_list()},
    )


@role_required(*SERVICE_TYPE_ADMIN_ROLES)
def service_type_edit(request: HttpRequest, service_type_id: int) -> HttpResponse:
    try:
        service_type = selectors.service_type_get(service_type_id=service_type_id)
    except NotFoundError:
        raise Http404 from None
    initial = {
        "name_th": service_type.name_th,
        "name_en": service_type.name_en,
        "standard_minutes": service_type.standard_minutes,
        "display_order": service_type.display_order,
        "is_active": service_type.is_active,
    }
    form = ServiceTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_type_update(
                service_type=service_type, actor=_user(request), **form.cleaned_data
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("Service type %(name)s saved.") % {"name": service_type})
            return redirect("onestop:service_type_list")
    return render(
        request, "onestop/service_type_form.html", {"form": form, "service_type": service_type}
    )
