"""The health-check pages: campaigns and their check points, the desk's sign-up, the school
coordinators, the roster and check-in of a check point (tablet-friendly), the summary, the
documents; and the public page (no sign-in, rate-limited): the schedule and sign-up with a
one-time code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from apps.healthchecks import documents, selectors, services
from apps.healthchecks.forms import (
    CampaignForm,
    CheckPointForm,
    CodeRequestForm,
    ConsentForm,
    CoordinatorForm,
    CoordinatorListForm,
    CoordinatorSignUpForm,
    DeskSignUpForm,
    PublicSignUpForm,
    ResultForm,
    WalkInForm,
)
from apps.healthchecks.models import Campaign, CheckPoint, SchoolCoordinator, SignUp
from apps.healthchecks.permissions import HEALTH_OFFICER_ROLES, READER_ROLES, is_coordinator
from apps.healthchecks.tasks import access_code_mail_task
from apps.onestop.models import ServiceRequest
from audit.services import Counted, export_record
from core import encryption, kit, ratelimit
from core.errors import ApplicationError, NotFoundError
from core.forms import apply_application_error, id_from_query
from core.permissions import allowed_if, role_required
from core.thai import FiscalYear, fiscal_year, fiscal_year_of
from core.thai.forms import FiscalYearField, year_from_query
from tenants.requests import OfficeRequest

# The public page: a teacher asks for a code once or twice; a few more per address and
# minute cover a school's staff room sharing one address. Sign-up tries are counted too.
CODE_LIMIT_PER_MINUTE = 5
SIGNUP_LIMIT_PER_MINUTE = 10
SCHEDULE_LIMIT_PER_MINUTE = 60


def _fiscal_year(request: HttpRequest) -> FiscalYear:
    year = year_from_query(request.GET.get("fy"), FiscalYearField(required=False))
    return fiscal_year(year) if year is not None else fiscal_year_of(timezone.localdate())


def _get(getter: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return getter(**kwargs)
    except NotFoundError:
        raise Http404 from None


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _refused(request: HttpRequest, error: ApplicationError) -> None:
    messages.error(request, error.message)


# --- Campaigns ----------------------------------------------------------------------------------


@role_required(*READER_ROLES)
@require_GET
def campaigns(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    context = {
        "fiscal_year": year,
        "campaigns": selectors.campaign_list(fiscal_year=year),
        "years": sorted({year.be_year, *selectors.fiscal_years_with_campaigns()}, reverse=True),
        "schedule": selectors.schedule(fiscal_year=year),
        "is_officer": kit.may(request.user, *HEALTH_OFFICER_ROLES),
    }
    return render(request, "healthchecks/campaigns.html", context)


@role_required(*HEALTH_OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def campaign_new(request: OfficeRequest) -> HttpResponse:
    form = CampaignForm(
        request.POST or None,
        initial={
            "fiscal_year": fiscal_year_of(timezone.localdate()).be_year,
            "title": f"ตรวจสุขภาพประจำปี {fiscal_year_of(timezone.localdate()).be_year}",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                fiscal_year_be=data["fiscal_year"],
                title=data["title"],
                partner=data["partner"],
                provider=data["provider"],
                notes=data["notes"],
                officer=request.user,
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Campaign saved. Next: add its check points."))
            return redirect("healthchecks:campaign", campaign_id=campaign.pk)
    return render(request, "healthchecks/campaign_form.html", {"form": form})


@role_required(*READER_ROLES)
@require_GET
def campaign_detail(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    context = {
        "campaign": campaign,
        "points": selectors.campaign_checkpoints(campaign),
        "is_officer": kit.may(request.user, *HEALTH_OFFICER_ROLES),
        "point_form": CheckPointForm(),
    }
    return render(request, "healthchecks/campaign.html", context)


@role_required(*HEALTH_OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def checkpoint_new(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    form = CheckPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkpoint_add(
                campaign=campaign,
                day=data["day"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                district=data["district"],
                capacity=data["capacity"],
                services=data["services"],
                coordinator=data["coordinator"],
                target_schools=data["target_schools"],
                officer=request.user,
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Check point added."))
            return redirect("healthchecks:campaign", campaign_id=campaign.pk)
    return render(
        request, "healthchecks/checkpoint_form.html", {"form": form, "campaign": campaign}
    )


def _campaign_step(
    request: OfficeRequest, campaign_id: int, step: Callable[..., Campaign], done: str
) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    try:
        step(campaign=campaign, officer=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect("healthchecks:campaign", campaign_id=campaign.pk)


@role_required(*HEALTH_OFFICER_ROLES)
@require_POST
def campaign_announce(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    return _campaign_step(
        request,
        campaign_id,
        services.campaign_announce,
        _("Announced: the public page shows the schedule and sign-up is open."),
    )


@role_required(*HEALTH_OFFICER_ROLES)
@require_POST
def campaign_close(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    return _campaign_step(
        request, campaign_id, services.campaign_close, _("Closed: the roster is final.")
    )


@role_required(*READER_ROLES)
@require_GET
def circular_pdf(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    points = list(campaign.checkpoints.order_by("day", "starts_at", "id"))
    content = documents.circular_pdf(
        campaign,
        points,
        office_name=request.office.name_th,
        signup_url=request.build_absolute_uri(reverse("healthcheck_public:page")),
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    return _pdf(content, f"health-check-circular-{campaign.fiscal_year}.pdf")


@role_required(*READER_ROLES)
@require_GET
def schedule_pdf(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    rows = Counted(selectors.schedule(fiscal_year=year))
    content = documents.schedule_pdf(
        rows,
        office_name=request.office.name_th,
        fiscal_year=year,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    export_record(
        action="healthchecks.schedule_exported",
        actor=request.user,
        rows=rows.count,
        request=request,
        details={"what": f"{year.be_year} pdf"},
    )
    return _pdf(content, f"health-check-schedule-{year.be_year}.pdf")


@role_required(*READER_ROLES)
@require_GET
def schedule_xlsx(request: OfficeRequest) -> HttpResponse:
    year = _fiscal_year(request)
    rows = Counted(selectors.schedule(fiscal_year=year))
    content = documents.schedule_xlsx(rows, office_name=request.office.name_th, fiscal_year=year)
    export_record(
        action="healthchecks.schedule_exported",
        actor=request.user,
        rows=rows.count,
        request=request,
        details={"what": f"{year.be_year} xlsx"},
    )
    return _xlsx(content, f"health-check-schedule-{year.be_year}.xlsx")


@role_required(*READER_ROLES)
@require_GET
def summary(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    counted = selectors.summary(campaign=campaign)
    return render(
        request,
        "healthchecks/summary.html",
        {"campaign": campaign, "summary": counted, "totals": counted.totals},
    )


@role_required(*READER_ROLES)
@require_GET
def summary_pdf(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    content = documents.summary_pdf(
        campaign,
        selectors.summary(campaign=campaign),
        office_name=request.office.name_th,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    return _pdf(content, f"health-check-summary-{campaign.fiscal_year}.pdf")


@role_required(*READER_ROLES)
@require_GET
def summary_xlsx(request: OfficeRequest, campaign_id: int) -> HttpResponse:
    campaign = _get(selectors.campaign_get, campaign_id=campaign_id)
    content = documents.summary_xlsx(
        campaign, selectors.summary(campaign=campaign), office_name=request.office.name_th
    )
    return _xlsx(content, f"health-check-summary-{campaign.fiscal_year}.xlsx")


# --- A check point on the day -------------------------------------------------------------------


@role_required(*READER_ROLES)
@require_GET
def checkpoint_detail(request: OfficeRequest, checkpoint_id: int) -> HttpResponse:
    """The roster and the tablet's check-in list of a check point."""
    point = _get(selectors.checkpoint_get, checkpoint_id=checkpoint_id)
    signups = Counted(selectors.roster(point))
    context = {
        "point": point,
        "signups": signups,
        "booked": services.booked_count(point),
        "is_officer": kit.may(request.user, *HEALTH_OFFICER_ROLES),
        "is_today": point.day == timezone.localdate(),
        "walk_in_form": WalkInForm(),
    }
    response = render(request, "healthchecks/checkpoint.html", context)
    export_record(
        action="healthchecks.roster_read",
        actor=request.user,
        rows=signups.count,
        request=request,
        details={"what": str(point)},
    )
    return response


@role_required(*READER_ROLES)
@require_GET
def roster_pdf(request: OfficeRequest, checkpoint_id: int) -> HttpResponse:
    point = _get(selectors.checkpoint_get, checkpoint_id=checkpoint_id)
    rows = Counted(selectors.roster(point))
    content = documents.roster_pdf(
        point,
        rows,
        office_name=request.office.name_th,
        thai_digits=request.GET.get("thai_digits") == "1",
    )
    export_record(
        action="healthchecks.roster_exported",
        actor=request.user,
        rows=rows.count,
        request=request,
        details={"what": str(point)},
    )
    return _pdf(content, f"health-check-roster-{point.pk}.pdf")


def _signup(signup_id: int, checkpoint: CheckPoint) -> SignUp:
    found = SignUp.objects.filter(pk=signup_id, checkpoint=checkpoint).first()
    if found is None:
        raise Http404
    return found


@role_required(*HEALTH_OFFICER_ROLES)
@require_POST
def checkin(request: OfficeRequest, checkpoint_id: int, signup_id: int) -> HttpResponse:
    point = _get(selectors.checkpoint_get, checkpoint_id=checkpoint_id)
    try:
        signup = services.checkin(signup=_signup(signup_id, point), officer=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Checked in: %(name)s") % {"name": signup.person})
    return redirect(reverse("healthchecks:checkpoint", args=[point.pk]) + f"#s{signup_id}")


@role_required(*HEALTH_OFFICER_ROLES)
@require_POST
def walk_in(request: OfficeRequest, checkpoint_id: int) -> HttpResponse:
    point = _get(selectors.checkpoint_get, checkpoint_id=checkpoint_id)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("healthchecks:checkpoint", checkpoint_id=point.pk)
    try:
        signup = services.walk_in(
            checkpoint=point, person=form.cleaned_data["national_id"], officer=request.user
        )
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Walk-in checked in: %(name)s") % {"name": signup.person})
    return redirect("healthchecks:checkpoint", checkpoint_id=point.pk)


@require_POST
def signup_cancel(request: OfficeRequest, signup_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:login") + "?next=" + request.path)
    if not (kit.may(request.user, *HEALTH_OFFICER_ROLES) or is_coordinator(request.user)):
        raise Http404
    signup = SignUp.objects.select_related("person").filter(pk=signup_id).first()
    if signup is None:
        raise Http404
    try:
        services.signup_cancel(signup=signup, actor=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Sign-up cancelled."))
    if kit.may(request.user, *HEALTH_OFFICER_ROLES):
        return redirect("healthchecks:checkpoint", checkpoint_id=signup.checkpoint_id)
    return redirect("healthchecks:coordinate")


@role_required(*HEALTH_OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def consent(request: OfficeRequest, signup_id: int) -> HttpResponse:
    """A checked person's explicit, separate consent to the office keeping named items of the
    result (the signed form's content), the items kept, and withdrawal (deletes them). Every
    reading of this page is in the audit trail: it shows health data."""
    signup = SignUp.objects.select_related("person", "checkpoint").filter(pk=signup_id).first()
    if signup is None:
        raise Http404
    in_force = signup.consents.filter(withdrawn_at__isnull=True).first()
    action = request.POST.get("action", "")
    give = ConsentForm(request.POST if action == "give" else None, prefix="give")
    result = ResultForm(request.POST if action == "result" else None, prefix="result")
    try:
        if action == "give" and give.is_valid():
            services.consent_record(
                signup=signup,
                items=give.cleaned_data["items"],
                purpose=give.cleaned_data["purpose"],
                officer=request.user,
            )
            messages.success(request, _("Consent recorded."))
            return redirect("healthchecks:consent", signup_id=signup.pk)
        if action == "result" and in_force is not None and result.is_valid():
            services.result_record(
                consent=in_force,
                item=result.cleaned_data["item"],
                value=result.cleaned_data["value"],
                officer=request.user,
            )
            messages.success(request, _("Result item kept."))
            return redirect("healthchecks:consent", signup_id=signup.pk)
        if action == "withdraw" and in_force is not None:
            services.consent_withdraw(consent=in_force, officer=request.user)
            messages.success(request, _("Consent withdrawn: the kept items are deleted."))
            return redirect("healthchecks:consent", signup_id=signup.pk)
    except ApplicationError as error:
        apply_application_error(give if action == "give" else result, error)
    kept = list(in_force.results.all()) if in_force is not None else []
    response = render(
        request,
        "healthchecks/consent.html",
        {
            "signup": signup,
            "in_force": in_force,
            "kept": kept,
            "history": signup.consents.order_by("given_at"),
            "give": give,
            "result": result,
        },
    )
    export_record(
        action="healthchecks.consent_read",
        actor=request.user,
        rows=1,
        request=request,
        details={"signup": signup.pk, "kept": len(kept)},
    )
    return response


# --- The desk -------------------------------------------------------------------------------------


@role_required(*HEALTH_OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def signup_desk(request: OfficeRequest) -> HttpResponse:
    """Sign someone up at the desk; with `?ticket=<id>` under that desk ticket."""
    ticket = None
    ticket_id = id_from_query(request.GET.get("ticket") or request.POST.get("ticket"))
    if ticket_id is not None:
        ticket = ServiceRequest.objects.filter(
            pk=ticket_id, status__in=["waiting", "called", "in_service", "handed_over"]
        ).first()
    initial: dict[str, Any] = {}
    if ticket is not None and ticket.person is not None:
        initial["national_id"] = ticket.person.national_id
    form = DeskSignUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup = services.signup_at_desk(
                checkpoint=data["checkpoint"],
                person=data["national_id"],
                officer=request.user,
                waitlist=data["waitlist"],
                service_request=ticket,
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s at %(venue)s.")
                % {
                    "name": signup.person,
                    "status": signup.get_status_display(),
                    "venue": signup.checkpoint.venue,
                },
            )
            return redirect("healthchecks:checkpoint", checkpoint_id=signup.checkpoint_id)
    return render(request, "healthchecks/signup_desk.html", {"form": form, "ticket": ticket})


# --- School coordinators ------------------------------------------------------------------------


@role_required(*HEALTH_OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def coordinators(request: OfficeRequest) -> HttpResponse:
    form = CoordinatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            username=form.cleaned_data["username"].strip(), is_active=True
        ).first()
        if user is None:
            form.add_error("username", _("No active account has this username."))
        else:
            try:
                services.coordinator_appoint(
                    user=user, school=form.cleaned_data["school"], officer=request.user
                )
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                messages.success(request, _("Coordinator appointed."))
                return redirect("healthchecks:coordinators")
    rows = SchoolCoordinator.objects.select_related("user", "school").order_by("school__name_th")
    return render(request, "healthchecks/coordinators.html", {"form": form, "rows": rows})


@role_required(*HEALTH_OFFICER_ROLES)
@require_POST
def coordinator_remove(request: OfficeRequest, coordinator_id: int) -> HttpResponse:
    row = SchoolCoordinator.objects.select_related("school").filter(pk=coordinator_id).first()
    if row is None:
        raise Http404
    services.coordinator_remove(coordinator=row, officer=request.user)
    messages.success(request, _("Coordinator removed."))
    return redirect("healthchecks:coordinators")


@allowed_if(is_coordinator)
@require_http_methods(["GET", "POST"])
def coordinate(request: OfficeRequest) -> HttpResponse:
    """A school coordinator's page: sign up the school's staff (one, or a list), hand out
    one-time codes, see the school's sign-ups."""
    schools = services.coordinator_schools(request.user)
    action = request.POST.get("action", "")
    one = CoordinatorSignUpForm(
        request.POST if action == "one" else None, schools=schools, prefix="one"
    )
    many = CoordinatorListForm(
        request.POST if action == "list" else None,
        request.FILES if action == "list" else None,
        prefix="list",
    )
    lines: list[services.ListLine] = []
    code = ""
    if action == "one" and one.is_valid():
        try:
            services.signup_by_coordinator(
                checkpoint=one.cleaned_data["checkpoint"],
                person=one.cleaned_data["person"],
                coordinator=request.user,
                waitlist=one.cleaned_data["waitlist"],
            )
        except ApplicationError as error:
            apply_application_error(one, error)
        else:
            messages.success(request, _("Signed up."))
            return redirect("healthchecks:coordinate")
    elif action == "list" and many.is_valid():
        try:
            lines = services.signup_list_by_coordinator(
                checkpoint=many.cleaned_data["checkpoint"],
                national_ids=many.cleaned_data["lines"],
                coordinator=request.user,
                waitlist=many.cleaned_data["waitlist"],
            )
        except ApplicationError as error:
            apply_application_error(many, error)
    elif action == "code":
        person_id = id_from_query(request.POST.get("person"))
        person = (
            None
            if person_id is None
            else one.fields["person"].queryset.filter(pk=person_id).first()  # type: ignore[attr-defined]
        )
        if person is None:
            messages.error(request, _("Choose a staff member of your school."))
        else:
            try:
                code = services.access_code_issue(person=person, coordinator=request.user)
            except ApplicationError as error:
                _refused(request, error)
    staff = one.fields["person"].queryset  # type: ignore[attr-defined]
    signups = (
        SignUp.objects.filter(person__school_id__in=schools)
        .exclude(status="cancelled")
        .select_related("person", "checkpoint")
        .order_by("checkpoint__day", "person__first_name_th")
    )
    response = render(
        request,
        "healthchecks/coordinate.html",
        {
            "one": one,
            "many": many,
            "lines": lines,
            "code": code,
            "staff": staff,
            "signups": signups,
        },
    )
    if code:
        response["Cache-Control"] = "no-store"
    return response


# --- The public page (no sign-in) -------------------------------------------------------------


def _too_many() -> HttpResponse:
    response = HttpResponse(
        "มีการใช้งานจากเครื่องนี้มากเกินไป กรุณารอสักครู่แล้วลองใหม่",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response


CODE_SENT = (
    "ถ้าเลขประจำตัวประชาชนนี้อยู่ในทะเบียนของสำนักงานและมีอีเมล ระบบได้ส่งรหัสใช้ครั้งเดียวไปที่อีเมลนั้นแล้ว "
    "(ใช้ได้ 30 นาที) หรือขอรหัสจากผู้ประสานงานของโรงเรียนท่าน"
)


@never_cache
@require_http_methods(["GET", "POST"])
def public_page(request: HttpRequest) -> HttpResponse:
    """The schedule of the announced campaigns with places left, and the sign-up forms."""
    if not ratelimit.allow(request, "healthchecks.schedule", limit=SCHEDULE_LIMIT_PER_MINUTE):
        return _too_many()
    code_form = CodeRequestForm(prefix="code")
    signup_form = PublicSignUpForm(prefix="signup")
    done: SignUp | None = None
    code_sent = False
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "code":
        if not ratelimit.allow(request, "healthchecks.code", limit=CODE_LIMIT_PER_MINUTE):
            return _too_many()
        code_form = CodeRequestForm(request.POST, prefix="code")
        if code_form.is_valid():
            made = services.access_code_request(national_id=code_form.cleaned_data["national_id"])
            # The broker holds the code only encrypted (core.encryption): never in clear in a
            # queue that outlives the request.
            sealed = encryption.encrypt(made.code)
            transaction.on_commit(lambda: access_code_mail_task.delay(made.code_id, sealed))
            code_sent = True
            code_form = CodeRequestForm(prefix="code")
    elif request.method == "POST" and action == "signup":
        if not ratelimit.allow(request, "healthchecks.signup", limit=SIGNUP_LIMIT_PER_MINUTE):
            return _too_many()
        signup_form = PublicSignUpForm(request.POST, prefix="signup")
        if signup_form.is_valid():
            data = signup_form.cleaned_data
            try:
                done = services.signup_public(
                    national_id=data["national_id"],
                    code=data["code"],
                    checkpoint=data["checkpoint"],
                    waitlist=data["waitlist"],
                )
            except ApplicationError as error:
                apply_application_error(signup_form, error)
    response = render(
        request,
        "healthchecks/public.html",
        {
            "campaigns": selectors.public_campaigns(),
            "code_form": code_form,
            "signup_form": signup_form,
            "code_sent": code_sent,
            "code_sent_text": CODE_SENT,
            "done": done,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    # Not "no-referrer": Chromium then sends `Origin: null` with the page's own forms, which
    # the CSRF check refuses. Other sites never see this page's address.
    response["Referrer-Policy"] = "same-origin"
    return response
