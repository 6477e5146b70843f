"""The welfare shop's pages: the overview, the member list (PDF/XLSX) and a member's steps,
applications at the desk, rooms with their month calendar and the day view, booking (at the
desk for a school), the counter's tally (big buttons for a tablet), the album, the cash book
with the year's statement, the settings, and each room's public availability (no sign-in, no
names)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.committees.models import MeetingStatus, MemberRole
from apps.committees.selectors import active_members, meeting_list, membership_of_user, order_list
from apps.onestop.models import ServiceRequest
from apps.people.permissions import can_see_national_id
from apps.welfareshop import documents, selectors, services
from apps.welfareshop.forms import (
    BookingForm,
    DecisionForm,
    EntryForm,
    FeeRuleForm,
    MemberForm,
    PhotoForm,
    ReasonForm,
    ResourceForm,
    SettingsForm,
)
from apps.welfareshop.models import (
    ApprovalBy,
    Booking,
    BookingStatus,
    FeeRule,
    Member,
    MemberStatus,
    PaymentMethod,
    TallyKind,
)
from apps.welfareshop.permissions import (
    ACCOUNTS_ROLES,
    BOOKER_ROLES,
    READER_ROLES,
    SHOP_OFFICER_ROLES,
)
from audit.services import Counted, audit_record, export_record
from core import kit
from core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.forms import apply_application_error, id_from_query
from core.permissions import role_required
from core.thai import FiscalYear, fiscal_year, fiscal_year_of
from core.thai.forms import FiscalYearField, year_from_query
from core.uploads import upload_limit
from tenants.requests import OfficeRequest

UPLOAD_LIMIT = 11 * 1024 * 1024
OPEN_TICKET = ["waiting", "called", "in_service"]
# The seats as an appointment order names them (the committees app has no Thai catalogue yet).
ROLE_TH = {
    "chair": "ประธานกรรมการ",
    "vice_chair": "รองประธานกรรมการ",
    "member": "กรรมการ",
    "secretary": "กรรมการและเลขานุการ",
    "assistant_secretary": "กรรมการและผู้ช่วยเลขานุการ",
}
MEETING_TH = {"planned": "นัดประชุมแล้ว", "held": "ประชุมแล้ว", "cancelled": "ยกเลิกการประชุม"}


def _fiscal_year(request: HttpRequest) -> FiscalYear:
    year = year_from_query(request.GET.get("fy"), FiscalYearField(required=False))
    return fiscal_year(year) if year is not None else fiscal_year_of(timezone.localdate())


def _day(request: HttpRequest, name: str = "day") -> date:
    try:
        return date.fromisoformat(request.GET.get(name, "")[:10])
    except ValueError:
        return timezone.localdate()


def _month(request: HttpRequest) -> date:
    try:
        return datetime.strptime(request.GET.get("month", "")[:7], "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        return timezone.localdate().replace(day=1)


def _member(member_id: int) -> Member:
    try:
        return selectors.member_get(member_id=member_id)
    except NotFoundError:
        raise Http404 from None


def _ticket(request: HttpRequest, service: str) -> ServiceRequest | None:
    ticket_id = id_from_query(request.GET.get("ticket") or request.POST.get("ticket"))
    if ticket_id is None:
        return None
    return (
        ServiceRequest.objects.select_related("person", "service_type")
        .filter(pk=ticket_id, status__in=OPEN_TICKET, service_type__code=service)
        .first()
    )


@role_required(*BOOKER_ROLES)
@require_GET
def home(request: OfficeRequest) -> HttpResponse:
    today = timezone.localdate()
    year = fiscal_year_of(today)
    context = {
        "today": today,
        "tally": selectors.tally_of(today),
        "rooms_today": selectors.day_view(day=today),
        "waiting": selectors.applications_waiting()[:20]
        if kit.may(request.user, *READER_ROLES)
        else [],
        "members_now": selectors.members_on(today).count(),
        "fiscal_year": year,
        "is_officer": kit.may(request.user, *SHOP_OFFICER_ROLES),
        "is_reader": kit.may(request.user, *READER_ROLES),
    }
    return render(request, "welfareshop/home.html", context)


# --- Members ------------------------------------------------------------------------------


def _register_day(request: HttpRequest) -> date:
    """The list as it stood at the end of the fiscal year asked for (`?fy=`), or today."""
    if request.GET.get("fy"):
        year = _fiscal_year(request)
        return min(year.end, timezone.localdate())
    return timezone.localdate()


@role_required(*READER_ROLES)
@require_GET
def members(request: OfficeRequest) -> HttpResponse:
    on = _register_day(request)
    rows = selectors.member_register(on=on)
    context = {
        "on": on,
        "fiscal_year": fiscal_year_of(on),
        "members": rows,
        "full_ids": can_see_national_id(request.user),
        "waiting": selectors.applications_waiting(),
        "can_receive": kit.may(request.user, *SHOP_OFFICER_ROLES),
    }
    return render(request, "welfareshop/members.html", context)


def _exported(request: HttpRequest, *, rows: int, on: date, kind: str) -> None:
    export_record(
        action="welfareshop.member_list_exported",
        actor=request.user,
        rows=rows,
        request=request,
        details={"on": on.isoformat(), "format": kind},
    )


@role_required(*READER_ROLES)
@require_GET
def members_pdf(request: OfficeRequest) -> HttpResponse:
    on = _register_day(request)
    rows = Counted(selectors.member_register(on=on))
    content = documents.member_list_pdf(
        rows,
        office_name=request.office.name_th,
        shop_name=services.shop_settings().shop_name,
        on=on,
        thai_digits=request.GET.get("thai_digits") == "1",
        full_ids=can_see_national_id(request.user),
    )
    _exported(request, rows=rows.count, on=on, kind="pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="shop-members-{on.isoformat()}.pdf"'
    return response


@role_required(*READER_ROLES)
@require_GET
def members_xlsx(request: OfficeRequest) -> HttpResponse:
    if not can_see_national_id(request.user):
        raise PermissionDenied  # the spreadsheet carries national IDs in full
    on = _register_day(request)
    rows = Counted(selectors.member_register(on=on))
    content = documents.member_list_xlsx(rows, office_name=request.office.name_th, on=on)
    _exported(request, rows=rows.count, on=on, kind="xlsx")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="shop-members-{on.isoformat()}.xlsx"'
    return response


@upload_limit(UPLOAD_LIMIT)
@role_required(*SHOP_OFFICER_ROLES)
def member_new(request: OfficeRequest) -> HttpResponse:
    """Receive an application; with `?ticket=<id>` it belongs to that desk ticket."""
    ticket = _ticket(request, services.MEMBERSHIP_SERVICE)
    existing = Member.objects.filter(service_request=ticket).first() if ticket else None
    if existing is not None:
        return redirect("welfareshop:member", shop_member_id=existing.pk)
    initial: dict[str, Any] = {}
    if ticket is not None and ticket.person is not None:
        initial["national_id"] = ticket.person.national_id
    form = MemberForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_apply(
                person=data["national_id"],
                payment=data["payment"],
                consent_scan=data.get("consent_scan"),
                received_by=request.user,
                service_request=ticket,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The application is received."))
            return redirect("welfareshop:member", shop_member_id=member.pk)
    return render(request, "welfareshop/member_form.html", {"form": form, "ticket": ticket})


@role_required(*READER_ROLES)
@require_GET
def member(request: OfficeRequest, shop_member_id: int) -> HttpResponse:
    found = _member(shop_member_id)
    full = can_see_national_id(request.user)
    audit_record(
        action="welfareshop.member_viewed", actor=request.user, target=found, request=request
    )
    officer = kit.may(request.user, *SHOP_OFFICER_ROLES)
    handled = request.user.pk in (found.received_by_id, found.checked_by_id)
    status = found.status
    context = {
        "member": found,
        "full_ids": full,
        "can_check": officer and status == MemberStatus.APPLIED,
        "can_decide": status == MemberStatus.CHECKED and not handled and _chairs(request.user),
        "can_send": officer
        and status == MemberStatus.ACTIVE
        and found.payment == PaymentMethod.DEDUCTION
        and found.deduction_instruction_id is None,
        "can_suspend": officer and status == MemberStatus.ACTIVE,
        "can_reinstate": officer and status == MemberStatus.SUSPENDED,
        "can_leave": officer and status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED),
        "decision_form": DecisionForm(),
        "reason_form": ReasonForm(),
        "settings": services.shop_settings(),
    }
    return render(request, "welfareshop/member.html", context)


@require_POST
@role_required(*READER_ROLES)
def member_step(request: OfficeRequest, shop_member_id: int, step: str) -> HttpResponse:
    found = _member(shop_member_id)
    user = request.user
    try:
        if step == "check":
            services.member_check(member=found, officer=user)
        elif step == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise services.ShopError.refuse("invalid", _("Choose a decision."), "Choose.")
            services.member_decide(
                member=found,
                approver=user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        elif step == "send":
            services.member_deduction_send(member=found, officer=user)
        elif step in ("suspend", "leave"):
            reason = ReasonForm(request.POST)
            if not reason.is_valid():
                raise services.ShopError.refuse("reason_required", _("Give a reason."), "Reason.")
            action = services.member_suspend if step == "suspend" else services.member_leave
            action(
                member=found,
                officer=user,
                reason=reason.cleaned_data["reason"],
                on=reason.cleaned_data.get("on"),
            )
        elif step == "reinstate":
            services.member_reinstate(member=found, officer=user)
        else:
            raise Http404
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("welfareshop:member", shop_member_id=shop_member_id)


def _chairs(user: Any) -> bool:
    """Whether `user` chairs the welfare committee today and the office lets the chair decide."""
    committee = services.welfare_committee()
    if committee is None or services.shop_settings().approval_by != ApprovalBy.CHAIR:
        return False
    seat = membership_of_user(committee, user, on=timezone.localdate())
    return seat is not None and seat.role == MemberRole.CHAIR


@role_required(*READER_ROLES)
def committee(request: OfficeRequest) -> HttpResponse:
    """The welfare committee (`apps.committees`): its orders and members, its meetings, and at
    a held meeting the checked applications to record its resolution on."""
    found = services.welfare_committee()
    today = timezone.localdate()
    officer = kit.may(request.user, *SHOP_OFFICER_ROLES)
    meetings = list(meeting_list(found)[:24]) if found is not None else []
    open_meetings = [m for m in meetings if m.status == MeetingStatus.HELD and not m.is_closed]
    if request.method == "POST":
        if not officer:
            raise PermissionDenied
        meeting = next(
            (m for m in open_meetings if m.pk == id_from_query(request.POST.get("meeting"))), None
        )
        chosen = Member.objects.filter(
            status=MemberStatus.CHECKED,
            pk__in=[i for v in request.POST.getlist("member") if (i := id_from_query(v))],
        )
        rejected = {id_from_query(v) for v in request.POST.getlist("reject")}
        try:
            if meeting is None:
                raise services.ShopError.refuse(
                    "meeting_not_held", _("Choose a meeting that is being held."), "No meeting."
                )
            item = services.applications_decide_at_meeting(
                meeting=meeting,
                decisions=[(m, m.pk not in rejected, "") for m in chosen.order_by("applied_at")],
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Recorded as agenda item %(n)s.") % {"n": item.number})
        return redirect("welfareshop:committee")
    context = {
        "committee": found,
        "seats": [
            (seat, ROLE_TH.get(seat.role, seat.get_role_display()))
            for seat in (active_members(found, on=today) if found is not None else [])
        ],  # fmt: skip
        "orders": order_list(found)[:5] if found is not None else [],
        "meetings": [(m, MEETING_TH.get(m.status, m.get_status_display())) for m in meetings],
        "open_meetings": open_meetings,
        "checked": Member.objects.filter(status=MemberStatus.CHECKED).select_related("person")
        if officer
        else [],
        "settings": services.shop_settings(),
        "is_officer": officer,
    }
    return render(request, "welfareshop/committee.html", context)


# --- Rooms and bookings --------------------------------------------------------------------


def _resource(resource_id: int) -> Any:
    try:
        return selectors.resource_get(resource_id=resource_id)
    except NotFoundError:
        raise Http404 from None


@role_required(*BOOKER_ROLES)
@require_GET
def rooms(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    context = {
        "resources": selectors.resource_list(active_only=False).prefetch_related("photos"),
        "figures": selectors.booking_figures(year),
        "fiscal_year": year,
        "is_officer": kit.may(request.user, *SHOP_OFFICER_ROLES),
    }
    return render(request, "welfareshop/rooms.html", context)


@role_required(*SHOP_OFFICER_ROLES)
def resource_edit(request: OfficeRequest, resource_id: int | None = None) -> HttpResponse:
    resource = _resource(resource_id) if resource_id else None
    initial = (
        {
            "name": resource.name,
            "kind": resource.kind,
            "purpose": resource.purpose,
            "capacity": resource.capacity,
            "equipment": resource.equipment,
            "opens": resource.opens,
            "closes": resource.closes,
        }
        if resource
        else {}
    )
    form = ResourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.resource_save(
                actor=request.user, resource=resource, **form.cleaned_data
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            return redirect("welfareshop:room", resource_id=saved.pk)
    return render(request, "welfareshop/resource_form.html", {"form": form, "resource": resource})


@role_required(*BOOKER_ROLES)
@require_GET
def room(request: OfficeRequest, resource_id: int) -> HttpResponse:
    resource = _resource(resource_id)
    month = _month(request)
    context = {
        "resource": resource,
        "month": month,
        "weeks": selectors.room_month(resource=resource, month=month),
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": (month + timedelta(days=32)).replace(day=1),
    }
    return render(request, "welfareshop/room.html", context)


@role_required(*BOOKER_ROLES)
@require_GET
def day(request: OfficeRequest) -> HttpResponse:
    shown = _day(request)
    context = {
        "day": shown,
        "rooms": selectors.day_view(day=shown),
        "previous": shown - timedelta(days=1),
        "next": shown + timedelta(days=1),
        "user_id": request.user.pk,
        "is_officer": kit.may(request.user, *SHOP_OFFICER_ROLES),
    }
    return render(request, "welfareshop/day.html", context)


@role_required(*BOOKER_ROLES)
def booking_new(request: OfficeRequest) -> HttpResponse:
    """Book a room or area; with `?ticket=<id>` for a school at the desk."""
    ticket = _ticket(request, services.BOOKING_SERVICE)
    officer = kit.may(request.user, *SHOP_OFFICER_ROLES)
    initial: dict[str, Any] = {"day": _day(request)}
    if resource_id := id_from_query(request.GET.get("resource")):
        initial["resource"] = resource_id
    form = BookingForm(request.POST or None, initial=initial)
    if not officer:
        del form.fields["school"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        try:
            if data.get("weekly_until"):
                series = services.booking_series_create(
                    resource=data["resource"],
                    first_day=data["day"],
                    last_day=data["weekly_until"],
                    starts=data["starts"],
                    ends=data["ends"],
                    purpose=data["purpose"],
                    attendees=data["attendees"],
                    school=data.get("school"),
                    booked_by=request.user,
                )
                messages.success(
                    request, _("Booked weekly: %(n)s times.") % {"n": series.bookings.count()}
                )
            else:
                services.booking_create(
                    resource=data["resource"],
                    starts_at=datetime.combine(data["day"], data["starts"], zone),
                    ends_at=datetime.combine(data["day"], data["ends"], zone),
                    purpose=data["purpose"],
                    attendees=data["attendees"],
                    school=data.get("school"),
                    contact=data.get("contact", ""),
                    service_request=ticket,
                    booked_by=request.user,
                )
                messages.success(request, _("Booked."))
        except PermissionDeniedError:
            raise PermissionDenied from None
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            return redirect(f"{_url('welfareshop:day')}?day={data['day'].isoformat()}")
    return render(request, "welfareshop/booking_form.html", {"form": form, "ticket": ticket})


def _url(name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@require_POST
@role_required(*BOOKER_ROLES)
def booking_cancel(request: OfficeRequest, booking_id: int) -> HttpResponse:
    try:
        booking = selectors.booking_get(booking_id=booking_id)
    except NotFoundError:
        raise Http404 from None
    try:
        services.booking_cancel(
            booking=booking, actor=request.user, reason=request.POST.get("reason", "")[:300]
        )
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    day_shown = timezone.localtime(booking.during.lower).date()
    return redirect(f"{_url('welfareshop:day')}?day={day_shown.isoformat()}")


def availability(request: HttpRequest, resource_id: int) -> HttpResponse:
    """A room's taken times for the next two weeks, for anyone: no names, no purposes."""
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    resource = _resource(resource_id)
    if not resource.is_active:
        raise Http404
    first = timezone.localdate()
    slots = selectors.public_availability(resource=resource, first=first)
    days = [first + timedelta(days=n) for n in range(14)]
    by_day = {d: [s for s in slots if s.day == d] for d in days}
    response = render(
        request,
        "welfareshop/availability.html",
        {"resource": resource, "days": by_day.items()},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Tally, album, accounts, settings -----------------------------------------------------


@role_required(*SHOP_OFFICER_ROLES)
def tally(request: OfficeRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        by = -1 if request.POST.get("undo") else 1
        try:
            services.tally_add(day=today, kind=kind, actor=request.user, by=by)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("welfareshop:tally")
    context = {
        "today": today,
        "counts": selectors.tally_of(today),
        "kinds": TallyKind.choices,
        "months": selectors.tally_by_month(fiscal_year_of(today)),
    }
    return render(request, "welfareshop/tally.html", context)


@role_required(*READER_ROLES)
@require_GET
def album(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    context = {
        "fiscal_year": year,
        "photos": selectors.album(fiscal_year=year.be_year),
        "can_add": kit.may(request.user, *SHOP_OFFICER_ROLES),
    }
    return render(request, "welfareshop/album.html", context)


@role_required(*READER_ROLES)
@require_GET
def album_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    content = documents.album_pdf(
        selectors.album(fiscal_year=year.be_year),
        office_name=request.office.name_th,
        be_year=year.be_year,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="shop-album-{year.be_year}.pdf"'
    return response


@role_required(*READER_ROLES)
@require_GET
def photo(request: OfficeRequest, photo_id: int) -> HttpResponse:
    try:
        found = selectors.photo_get(photo_id=photo_id)
    except NotFoundError:
        raise Http404 from None
    response = HttpResponse(found.image.open("rb").read(), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@upload_limit(UPLOAD_LIMIT)
@role_required(*SHOP_OFFICER_ROLES)
def photo_new(request: OfficeRequest) -> HttpResponse:
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.photo_add(
                image=data["image"],
                taken_on=data["taken_on"],
                caption=data["caption"],
                consent=data["consent"],
                resource=data.get("resource"),
                actor=request.user,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            return redirect(f"{_url('welfareshop:album')}?fy={added.fiscal_year}")
    return render(request, "welfareshop/photo_form.html", {"form": form})


@role_required(*READER_ROLES, *ACCOUNTS_ROLES)
def accounts(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    form = EntryForm(request.POST or None)
    if request.method == "POST":
        if not kit.may(request.user, *ACCOUNTS_ROLES):
            raise PermissionDenied
        if form.is_valid():
            try:
                entry = services.account_entry_record(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("The entry is recorded."))
                return redirect(
                    f"{_url('welfareshop:accounts')}?fy={fiscal_year_of(entry.on).be_year}"
                )
    context = {
        "fiscal_year": year,
        "statement": selectors.statement(year),
        "entries": selectors.entries_of(year),
        "form": form,
        "can_record": kit.may(request.user, *ACCOUNTS_ROLES),
    }
    return render(request, "welfareshop/accounts.html", context)


@role_required(*READER_ROLES, *ACCOUNTS_ROLES)
@require_GET
def statement_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    content = documents.statement_pdf(
        selectors.statement(year),
        office_name=request.office.name_th,
        shop_name=services.shop_settings().shop_name,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="shop-statement-{year.be_year}.pdf"'
    return response


@role_required(*SHOP_OFFICER_ROLES)
def shop_settings(request: OfficeRequest) -> HttpResponse:
    current = services.shop_settings()
    form = SettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "shop_name": current.shop_name,
            "creditor_name": current.creditor_name,
            "approval_by": current.approval_by,
            "internal_regulation": current.internal_regulation,
        },
    )
    fee_form = FeeRuleForm(request.POST if request.POST.get("form") == "fee" else None)
    if request.method == "POST":
        target = form if request.POST.get("form") == "settings" else fee_form
        if target.is_valid():
            try:
                if target is form:
                    services.shop_settings_save(actor=request.user, **form.cleaned_data)
                else:
                    services.fee_rule_create(actor=request.user, **fee_form.cleaned_data)
            except ApplicationError as exc:
                apply_application_error(target, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("welfareshop:settings")
    context = {"form": form, "fee_form": fee_form, "rules": FeeRule.objects.all()}
    return render(request, "welfareshop/settings.html", context)


__all__ = ["Booking", "BookingStatus"]
