"""The subcommittee's pages on a round: the meeting it goes to, each member's score sheet of an
application, the ranking and its confirmation. The meetings themselves (orders, attendance,
quorum, minutes) are the committees app's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.committees import selectors as committee_selectors
from apps.committees.models import Meeting, MeetingStatus, Membership
from apps.revolvingfund import ranking
from apps.revolvingfund.models import Application, ApplicationStatus, Round, RoundStatus, Score
from apps.revolvingfund.permissions import COMMITTEE_ROLES, FUND_OFFICER_ROLES
from apps.revolvingfund.views import _application, _round
from core import kit
from core.errors import ApplicationError
from core.forms import id_from_query
from core.permissions import role_required
from tenants.requests import OfficeRequest


def round_context(request: OfficeRequest, round_: Round) -> dict[str, Any]:
    committee = committee_selectors.committee_for(ranking.SUBCOMMITTEE)
    meetings: list[Meeting] = []
    if committee is not None and round_.status == RoundStatus.CLOSED:
        meetings = list(
            committee_selectors.meeting_list(committee).exclude(status=MeetingStatus.CANCELLED)[:10]
        )
    user = request.user
    return {
        "subcommittee": committee,
        "meetings": meetings,
        "can_set_meeting": kit.may(user, *FUND_OFFICER_ROLES)
        and round_.status == RoundStatus.CLOSED,
        "can_rank": kit.may(user, *FUND_OFFICER_ROLES)
        and round_.status in (RoundStatus.CLOSED, RoundStatus.RANKED)
        and round_.meeting is not None
        and round_.meeting.status == MeetingStatus.HELD,
        "can_confirm": kit.may(user, *COMMITTEE_ROLES)
        and round_.status == RoundStatus.RANKED
        and round_.ranked_by_id != user.pk,
        "ranked": round_.status in (RoundStatus.RANKED, RoundStatus.APPROVED),
    }


def application_context(request: OfficeRequest, application: Application) -> dict[str, Any]:
    round_ = application.round
    meeting = round_.meeting
    scoring = (
        meeting is not None
        and meeting.status == MeetingStatus.HELD
        and not meeting.is_closed
        and round_.status in (RoundStatus.CLOSED, RoundStatus.RANKED)
        and application.status == ApplicationStatus.ELIGIBLE
    )
    members: list[Membership] = committee_selectors.members_present(meeting) if scoring else []  # type: ignore[arg-type]
    scores: dict[int, dict[str, int]] = {}
    for score in Score.objects.filter(application=application):
        scores.setdefault(score.membership_id, {})[score.criterion] = score.points
    officer = kit.may(request.user, *FUND_OFFICER_ROLES)
    sheets = [
        {
            "member": m,
            "points": scores.get(m.pk, {}),
            # One field per criterion with the member's points: the template never iterates
            # the points dict (its keys are office-set criterion codes, and a code such as
            # "items" or "values" would be read as the dict's method).
            "fields": [
                {
                    "code": c["code"],
                    "label": c["label"],
                    "max_points": c["max_points"],
                    "value": scores.get(m.pk, {}).get(c["code"], ""),
                }
                for c in round_.criteria
            ],
            "total": sum(scores.get(m.pk, {}).values()),
            "may_record": officer
            or (m.user_id == request.user.pk and kit.may(request.user, *COMMITTEE_ROLES)),
            "conflict": ranking.conflict_reason(application, m) is not None
            or committee_selectors.has_conflict(m, ranking.application_subject(application)),
        }
        for m in members
    ]
    return {"scoring": scoring, "sheets": sheets, "criteria": round_.criteria}


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def meeting_set(request: OfficeRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    meeting_id = id_from_query(request.POST.get("meeting"))
    meeting = Meeting.objects.filter(pk=meeting_id).first() if meeting_id else None
    if meeting is None:
        messages.error(request, _("Choose a meeting of the subcommittee."))
        return redirect("revolvingfund:round", round_id=round_id)
    try:
        ranking.round_meeting_set(round=round_, meeting=meeting, officer=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("revolvingfund:round", round_id=round_id)


class ScoreForm(forms.Form):
    membership = forms.IntegerField(min_value=1)


@role_required(*FUND_OFFICER_ROLES, *COMMITTEE_ROLES)
@require_POST
def scores(request: OfficeRequest, fund_application_id: int) -> HttpResponse:
    application = _application(fund_application_id)
    form = ScoreForm(request.POST)
    membership = (
        Membership.objects.filter(pk=form.cleaned_data["membership"]).first()
        if form.is_valid()
        else None
    )
    if membership is None:
        messages.error(request, _("Choose a member."))
        return redirect("revolvingfund:application", fund_application_id=fund_application_id)
    points = {
        c["code"]: request.POST.get(f"points_{c['code']}", "") for c in application.round.criteria
    }
    try:
        ranking.score_record(
            application=application, membership=membership, points=points, actor=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The scores are recorded."))
    return redirect("revolvingfund:application", fund_application_id=fund_application_id)


@role_required(*FUND_OFFICER_ROLES)
@require_POST
def rank(request: OfficeRequest, round_id: int) -> HttpResponse:
    try:
        ranking.round_rank(round=_round(round_id), officer=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Ranked within the allocation: a proposal for the subcommittee.")
        )
    return redirect("revolvingfund:round", round_id=round_id)


@role_required(*COMMITTEE_ROLES)
@require_POST
def confirm(request: OfficeRequest, round_id: int) -> HttpResponse:
    try:
        ranking.round_result_confirm(round=_round(round_id), actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The subcommittee's result is confirmed."))
    return redirect("revolvingfund:round", round_id=round_id)
