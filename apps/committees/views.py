"""The committees' pages for office staff: the committees, a committee with its members, orders
and meetings, recording an order, and a meeting (the attendance list for a tablet, the quorum,
the agenda and resolutions, conflicts, the minutes PDF). Each page parses, calls one service or
selector, and renders; refusals show the service's Thai message and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.committees import documents, selectors, services
from apps.committees.forms import (
    ATTENDANCE_CHOICES,
    AgendaEditForm,
    AgendaItemForm,
    CancelForm,
    CloseForm,
    CommitteeForm,
    ConflictForm,
    GuestForm,
    HoldForm,
    MeetingForm,
    MemberFormSet,
    OrderForm,
    QuorumRuleForm,
)
from apps.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Committee,
    ConflictDeclaration,
    Meeting,
    MeetingStatus,
    QuorumRule,
)
from apps.committees.services import SCAN_TYPES, MemberData
from core import kit
from core.errors import ApplicationError
from core.forms import apply_application_error, id_from_query
from core.permissions import role_required
from core.uploads import attachment_response, upload_limit
from tenants.requests import OfficeRequest

READERS = services.READER_ROLES
WRITERS = services.SECRETARIAT_ROLES


def _committee(committee_id: int) -> Committee:
    try:
        return selectors.committee_get(committee_id)
    except selectors.CommitteeNotFound:
        raise Http404 from None


def _meeting(committee: Committee, meeting_id: int) -> Meeting:
    try:
        return selectors.meeting_get(meeting_id, committee=committee)
    except selectors.CommitteeNotFound:
        raise Http404 from None


def _refusal_messages(request: OfficeRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _act(request: OfficeRequest, call: Callable[[], Any], done: str) -> bool:
    """Run a service; its refusal as an error message. Whether it succeeded."""
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


# --- committees -----------------------------------------------------------------------------


@role_required(*READERS)
def committee_list(request: OfficeRequest) -> HttpResponse:
    can_write = kit.may(request.user, *WRITERS)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                committee = services.committee_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("The committee is created."))
                return redirect("committees:committee_detail", committee.pk)
    context = {"committees": selectors.committee_list(), "form": form, "can_write": can_write}
    return render(request, "committees/committee_list.html", context)


@role_required(*READERS)
@require_GET
def committee_detail(request: OfficeRequest, committee_id: int) -> HttpResponse:
    committee = _committee(committee_id)
    today = timezone.localdate()
    context = {
        "committee": committee,
        "today": today,
        "members": selectors.active_members(committee, on=today),
        "orders": selectors.order_list(committee),
        "meetings": selectors.meeting_list(committee),
        "meeting_form": MeetingForm(),
        "can_write": kit.may(request.user, *WRITERS),
    }
    return render(request, "committees/committee_detail.html", context)


@upload_limit(11 * 1024 * 1024)
@role_required(*WRITERS)
def order_new(request: OfficeRequest, committee_id: int) -> HttpResponse:
    committee = _committee(committee_id)
    form = OrderForm(request.POST or None, request.FILES or None)
    members = MemberFormSet(request.POST or None, prefix="members")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = form.cleaned_data
        seats = [
            MemberData(
                role=row["role"],
                person=row["person"],
                name=row["name"],
                position=row["position"],
                organisation=row["organisation"],
            )
            for row, member_form in zip(members.cleaned_data, members.forms, strict=True)
            if row and not member_form.is_blank
        ]
        try:
            services.appointment_order_record(
                committee=committee,
                number=data["number"],
                title=data["title"],
                order_date=data["order_date"],
                signed_by_name=data["signed_by_name"],
                signed_by_position=data["signed_by_position"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                scan=data["scan"],
                members=seats,
                actor=request.user,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            messages.success(request, _("The appointment order is recorded."))
            return redirect("committees:committee_detail", committee.pk)
    context = {"committee": committee, "form": form, "members": members}
    return render(request, "committees/order_form.html", context)


@role_required(*READERS)
@require_GET
def order_scan(request: OfficeRequest, committee_id: int, order_id: int) -> Any:  # FileResponse
    committee = _committee(committee_id)
    order = AppointmentOrder.objects.filter(pk=order_id, committee=committee).first()
    if order is None or not order.scan:
        raise Http404
    extension = SCAN_TYPES.get(order.scan_content_type, ".pdf")
    return attachment_response(
        order.scan.open("rb"),
        content_type=order.scan_content_type,
        filename=f"committee-order-{order.pk}{extension}",
    )


@role_required(*WRITERS)
@require_POST
def meeting_new(request: OfficeRequest, committee_id: int) -> HttpResponse:
    committee = _committee(committee_id)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        _refusal_messages(request, form)
        return redirect("committees:committee_detail", committee.pk)
    try:
        meeting = services.meeting_schedule(
            committee=committee, actor=request.user, **form.cleaned_data
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("committees:committee_detail", committee.pk)
    messages.success(request, _("The meeting is scheduled."))
    return redirect("committees:meeting_detail", committee.pk, meeting.pk)


# --- a meeting ------------------------------------------------------------------------------


@role_required(*READERS)
@require_GET
def meeting_detail(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    committee = _committee(committee_id)
    meeting = _meeting(committee, meeting_id)
    sheet = selectors.attendance_sheet(meeting)
    members = [line.membership for line in sheet if line.membership is not None]
    present = [line.membership for line in sheet if line.membership and line.status == "present"]
    items = selectors.agenda(meeting)
    subjects = {item.subject for item in items if item.subject}
    conflicts = ConflictDeclaration.objects.filter(committee=committee).select_related("membership")
    if subjects:
        conflicts = conflicts.filter(subject__in=subjects) | conflicts.filter(meeting=meeting)
    else:
        conflicts = conflicts.filter(meeting=meeting)
    editable = not meeting.is_closed and meeting.status != MeetingStatus.CANCELLED
    context = {
        "committee": committee,
        "meeting": meeting,
        "sheet": sheet,
        "choices": ATTENDANCE_CHOICES,
        "quorum": services.quorum(meeting),
        "items": [
            (
                item,
                AgendaEditForm(
                    initial={
                        "title": item.title,
                        "details": item.details,
                        "resolution": item.resolution,
                    },
                    prefix=f"i{item.pk}",
                ),
            )
            for item in items
        ],  # fmt: skip
        "agenda_form": AgendaItemForm(),
        "guest_form": GuestForm(),
        "hold_form": HoldForm(members=present),
        "close_form": CloseForm(),
        "cancel_form": CancelForm(),
        "conflict_form": ConflictForm(members=members),
        "conflicts": conflicts.distinct(),
        "can_write": kit.may(request.user, *WRITERS) and editable,
    }
    return render(request, "committees/meeting_detail.html", context)


def _meeting_post(
    request: OfficeRequest, committee_id: int, meeting_id: int
) -> tuple[Committee, Meeting]:
    committee = _committee(committee_id)
    return committee, _meeting(committee, meeting_id)


def _back(meeting: Meeting) -> HttpResponse:
    return redirect("committees:meeting_detail", meeting.committee_id, meeting.pk)


@role_required(*WRITERS)
@require_POST
def attendance(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    """The tablet's attendance list: one radio group per member (`m<membership id>`)."""
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    allowed = {value for value, _label in ATTENDANCE_CHOICES}
    statuses: dict[int, str] = {}
    for key, value in request.POST.items():
        if not key.startswith("m"):
            continue
        membership_id = id_from_query(key[1:])
        if membership_id is None or value not in allowed:
            messages.error(
                request, _("The attendance list was not understood; nothing is recorded.")
            )
            return _back(meeting)
        statuses[membership_id] = value
    if not statuses:
        messages.error(request, _("Choose present, on leave or absent for the members."))
        return _back(meeting)
    _act(
        request,
        lambda: services.attendance_record_many(
            meeting=meeting, statuses=statuses, actor=request.user
        ),
        _("The attendance is recorded."),
    )
    return _back(meeting)


@role_required(*WRITERS)
@require_POST
def guest_new(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    form = GuestForm(request.POST)
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    _act(
        request,
        lambda: services.guest_add(meeting=meeting, actor=request.user, **form.cleaned_data),
        _("The attendee is recorded."),
    )
    return _back(meeting)


@role_required(*WRITERS)
@require_POST
def meeting_hold(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    form = HoldForm(request.POST, members=selectors.members_present(meeting))
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    _act(
        request,
        lambda: services.meeting_hold(
            meeting=meeting,
            started_time=form.cleaned_data["started_time"],
            presided_by=form.cleaned_data["presided_by"],
            actor=request.user,
        ),
        _("The meeting is open."),
    )
    return _back(meeting)


@role_required(*WRITERS)
@require_POST
def meeting_close(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    _act(
        request,
        lambda: services.meeting_close(meeting=meeting, actor=request.user, **form.cleaned_data),
        _("The meeting and its minutes are closed."),
    )
    return _back(meeting)


@role_required(*WRITERS)
@require_POST
def meeting_cancel(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    _act(
        request,
        lambda: services.meeting_cancel(
            meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user
        ),
        _("The meeting is cancelled."),
    )
    return _back(meeting)


@role_required(*WRITERS)
@require_POST
def agenda_new(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    _act(
        request,
        lambda: services.agenda_item_add(meeting=meeting, actor=request.user, **form.cleaned_data),
        _("The agenda item is added."),
    )
    return _back(meeting)


@role_required(*WRITERS)
@require_POST
def agenda_edit(
    request: OfficeRequest, committee_id: int, meeting_id: int, item_id: int
) -> HttpResponse:
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id, meeting=meeting).first()
    if item is None:
        raise Http404
    form = AgendaEditForm(request.POST, prefix=f"i{item.pk}")
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    data = form.cleaned_data
    if data["resolution"] and meeting.status != MeetingStatus.HELD and not item.resolution:
        messages.error(request, _("Resolutions are recorded once the meeting is open."))
        return _back(meeting)
    _act(
        request,
        lambda: services.agenda_item_update(item=item, actor=request.user, **data),
        _("The agenda item is saved."),
    )
    return _back(meeting)


@role_required(*READERS)
@require_POST
def conflict_new(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    """A conflict declared at the meeting: by the secretariat for any member, or by a member
    for themselves (the service decides)."""
    _committee_row, meeting = _meeting_post(request, committee_id, meeting_id)
    members = [line.membership for line in selectors.attendance_sheet(meeting) if line.membership]
    form = ConflictForm(request.POST, members=members)
    if not form.is_valid():
        _refusal_messages(request, form)
        return _back(meeting)
    _act(
        request,
        lambda: services.conflict_declare(meeting=meeting, actor=request.user, **form.cleaned_data),
        _("The conflict of interest is recorded."),
    )
    return _back(meeting)


@role_required(*READERS)
@require_GET
def minutes_pdf(request: OfficeRequest, committee_id: int, meeting_id: int) -> HttpResponse:
    committee = _committee(committee_id)
    meeting = _meeting(committee, meeting_id)
    content = documents.minutes_pdf(
        meeting,
        office_name=request.office.name_th,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="minutes-{committee.pk}-{meeting.year}-{meeting.number}.pdf"'
    )
    return response


@role_required(*READERS)
def quorum_rules(request: OfficeRequest) -> HttpResponse:
    """The office's dated quorum rule: its versions, and a new one (office administrator)."""
    can_set = kit.may(request.user, *services.RULE_ROLES)
    kinds = [(c.kind, c.name_th) for c in Committee.objects.order_by("name_th")]
    form = QuorumRuleForm(request.POST or None, kinds=kinds)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.quorum_rule_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                apply_application_error(form, exc)
            else:
                messages.success(request, _("The quorum rule is recorded."))
                return redirect("committees:quorum_rules")
    context = {
        "rules": QuorumRule.objects.order_by("kind", "-valid_from", "-id"),
        "names": dict(kinds),
        "form": form,
        "can_set": can_set,
    }
    return render(request, "committees/quorum_rules.html", context)
