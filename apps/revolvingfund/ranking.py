"""The subcommittee's part of a round, on the shared committees app (`apps.committees`): the
scoring meeting, each member's scores on the round's criteria, conflicts, the ranking within
the allocation and the confirmed result. Runs in an office's schema.

- `round_meeting_set`: the closed round goes to a meeting of the fund's subcommittee
  (`SUBCOMMITTEE`); an agenda item (ระเบียบวาระที่ 4) with the subject
  "revolvingfund.round:<id>" is added, under which the minutes print the ranking.
- `score_record`: a member present at the held meeting scores an eligible application on every
  criterion; the secretariat records a member's sheet, or the member (fund-subcommittee role,
  their own seat) records their own. A member who is the applicant, one of its guarantors, or
  of the applicant's family (spouse, parent, child in the register, either way) has a conflict:
  it is declared in `apps.committees` and the score refused; a declared conflict refuses too.
- `round_rank`: each eligible application's score is the mean of its scorers' totals; ranked by
  score, then the terms' dated tie-break, then the time received; the allocation is filled in
  rank order, each in full while it lasts (the terms may let the first that no longer fits be
  offered what remains), then the terms' waiting list, the rest refused. A proposal only; may
  be run again while not confirmed. Prepared by the secretariat (welfare officer).
- `round_result_confirm`: the subcommittee's result, by a member present at the quorate meeting
  who did not prepare the ranking (separation of duties): approvals get the amount, the rate and
  term of the round's terms and the instalment; each approval is a feed event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from apps.committees import selectors as committee_selectors
from apps.committees import services as committee_services
from apps.committees.models import Committee, ConflictReason, Meeting, MeetingStatus, Membership
from apps.people.models import FamilyMember
from apps.revolvingfund.models import Application, ApplicationStatus, Round, RoundStatus, Score
from apps.revolvingfund.module import APPROVAL
from apps.revolvingfund.permissions import COMMITTEE_ROLES, FUND_OFFICER_ROLES
from apps.revolvingfund.services import FundError, monthly_instalment
from audit.services import audit_record
from core import kit
from core.thai import format_baht
from outbox.services import outbox_record

SUBCOMMITTEE = "revolvingfund.subcommittee"
SUBCOMMITTEE_NAME = "คณะอนุกรรมการบริหารเงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู ประจำเขตพื้นที่การศึกษา"
OVER_ALLOCATION = "วงเงินจัดสรรไม่เพียงพอ"


def round_subject(round: Round) -> str:
    return f"revolvingfund.round:{round.pk}"


def application_subject(application: Application) -> str:
    return f"revolvingfund.application:{application.pk}"


def subcommittee_ensure(*, actor: User) -> Committee:
    """The office's fund subcommittee (created on first use; idempotent)."""
    return committee_services.committee_ensure(
        kind=SUBCOMMITTEE, name_th=SUBCOMMITTEE_NAME, owner_module="revolvingfund", actor=actor
    )


@transaction.atomic
def round_meeting_set(
    *, round: Round, meeting: Meeting, officer: User, at: datetime | None = None
) -> Round:
    """Put the closed round before a (not closed, not cancelled) meeting of the subcommittee."""
    kit.require_role(
        officer, *FUND_OFFICER_ROLES, code="revolvingfund.not_allowed",
        doing=("เสนอคำขอต่อคณะอนุกรรมการ", "put rounds before the subcommittee"),
    )  # fmt: skip
    round_ = kit.lock(Round, round.pk)
    kit.expect_status(round_, RoundStatus.CLOSED, refusal=FundError, noun="round")
    meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    if meeting.committee.kind != SUBCOMMITTEE or meeting.status == MeetingStatus.CANCELLED:
        raise FundError.refuse(
            "not_the_subcommittee",
            "ต้องเป็นการประชุมของคณะอนุกรรมการกองทุนที่ยังไม่ถูกยกเลิก",
            "Choose a meeting of the fund's subcommittee that is not cancelled.",
            "meeting",
        )
    if meeting.is_closed:
        raise FundError.refuse(
            "meeting_closed", "การประชุมนี้ปิดรายงานการประชุมแล้ว", "The meeting is closed.", "meeting"
        )
    if round_.meeting_id == meeting.pk:
        return round_
    round_.meeting = meeting
    round_.save(update_fields=["meeting"])
    subject = round_subject(round_)
    if not meeting.agenda_items.filter(subject=subject).exists():
        committee_services.agenda_item_add(
            meeting=meeting,
            section=4,
            title=f"พิจารณาคำขอกู้ยืมเงินทุนหมุนเวียนฯ ครั้งที่ {round_.number} "
            f"ประจำปีงบประมาณ {round_.fiscal_year}",
            details=f"วงเงินจัดสรร {format_baht(round_.allocation_amount)} บาท "
            f"มีผู้ยื่นคำขอ {round_.applications.exclude(status='withdrawn').count()} ราย",
            subject=subject,
            actor=officer,
            at=at,
        )
    audit_record(
        action="revolvingfund.round_meeting_set",
        actor=officer,
        target=round_,
        changes={"meeting": [None, meeting.number_label]},
    )
    return round_


def conflict_reason(application: Application, membership: Membership) -> str | None:
    """Why `membership` may not score `application`, from the register: the applicant, a
    guarantor, or family of the applicant (either one lists the other); None if none."""
    person = membership.person
    if person is None:
        return None
    if person.pk == application.person_id:
        return ConflictReason.APPLICANT
    if application.guarantors.filter(person_id=person.pk).exists():
        return ConflictReason.GUARANTOR
    applicant = application.person
    if FamilyMember.objects.filter(
        Q(person_id=applicant.pk, national_id=person.national_id)
        | Q(person_id=person.pk, national_id=applicant.national_id)
    ).exists():
        return ConflictReason.FAMILY
    return None


def _held_meeting(round_: Round) -> Meeting:
    meeting = round_.meeting
    if meeting is None or meeting.status != MeetingStatus.HELD or meeting.is_closed:
        raise FundError.refuse(
            "meeting_not_held",
            "ยังไม่ได้เปิดการประชุมคณะอนุกรรมการที่ครบองค์ประชุม (หรือปิดรายงานแล้ว)",
            "The subcommittee's meeting is not open with a quorum.",
            "meeting",
        )
    return meeting


def _conflict_refusal(member: Membership, application: Application) -> FundError:
    return FundError.refuse(
        "conflict",
        f"{member.name} มีส่วนได้เสียกับคำขอ {application.number} จึงให้คะแนนคำขอนี้ไม่ได้ "
        "(บันทึกการมีส่วนได้เสียไว้แล้ว)",
        "This member has a conflict with the application and may not score it.",
        "membership",
    )


def score_record(
    *,
    application: Application,
    membership: Membership,
    points: Mapping[str, Any],
    actor: User,
    at: datetime | None = None,
) -> list[Score]:
    """Record one member's scores of one application on every criterion of the round (again:
    replaces them, while the round is not confirmed). A conflict found in the register is
    declared (`apps.committees`, in its own transaction, so the record of interest stays) and
    the score refused; nothing else is written then."""
    with transaction.atomic():
        application, member, meeting = _score_checks(application, membership, actor)
        reason = conflict_reason(application, member)
        if reason is not None:
            committee_services.conflict_declare(
                membership=member,
                subject=application_subject(application),
                reason=reason,
                details=f"คำขอ {application.number} ของ{application.person}",
                meeting=meeting,
                actor=actor,
                at=at,
            )
    if reason is not None:
        raise _conflict_refusal(member, application)
    return _score_write(application, membership, points, actor, at)


def _score_checks(
    application: Application, membership: Membership, actor: User
) -> tuple[Application, Membership, Meeting]:
    own_seat = membership.user_id is not None and membership.user_id == actor.pk
    if not (kit.may(actor, *FUND_OFFICER_ROLES) or (own_seat and kit.may(actor, *COMMITTEE_ROLES))):
        kit.require_role(
            actor, *FUND_OFFICER_ROLES, code="revolvingfund.not_allowed",
            doing=("บันทึกคะแนนของอนุกรรมการ", "record members' scores"),
        )  # fmt: skip
    application = Application.objects.select_related("round__meeting", "person").get(
        pk=application.pk
    )
    round_ = application.round
    kit.expect_status(
        round_, RoundStatus.CLOSED, RoundStatus.RANKED, refusal=FundError, noun="round"
    )
    meeting = _held_meeting(round_)
    if application.status != ApplicationStatus.ELIGIBLE:
        raise FundError.refuse(
            "not_eligible",
            f"คำขอ {application.number} ไม่ได้อยู่ในสถานะผ่านคุณสมบัติ จึงไม่ต้องให้คะแนน",
            "Only eligible applications are scored.",
            "application",
        )
    present = {m.pk: m for m in committee_selectors.members_present(meeting)}
    member = present.get(membership.pk)
    if member is None:
        raise FundError.refuse(
            "member_not_present",
            f"{membership.name} ไม่ได้มาประชุมครั้งนี้ จึงให้คะแนนไม่ได้",
            "Only members present at the meeting score.",
            "membership",
        )
    return application, member, meeting


@transaction.atomic
def _score_write(
    application: Application,
    membership: Membership,
    points: Mapping[str, Any],
    actor: User,
    at: datetime | None,
) -> list[Score]:
    application, member, meeting = _score_checks(application, membership, actor)
    kit.lock(Round, application.round_id)  # scores and the ranking of a round, one at a time
    if committee_selectors.has_conflict(member, application_subject(application)):
        raise _conflict_refusal(member, application)
    criteria = {c["code"]: int(c["max_points"]) for c in application.round.criteria}
    if set(points) != set(criteria):
        raise FundError.refuse(
            "criteria_mismatch",
            "ต้องให้คะแนนครบทุกเกณฑ์ของรอบนี้ และเฉพาะเกณฑ์ที่ประกาศ",
            "Score every published criterion, and only those.",
            "points",
        )
    cleaned: dict[str, int] = {}
    for code, maximum in criteria.items():
        raw = points[code]
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            value = -1
        if isinstance(raw, bool) or not 0 <= value <= maximum:
            raise FundError.refuse(
                "points_out_of_range",
                f"คะแนนเกณฑ์ “{code}” ต้องเป็นจำนวนเต็ม 0 ถึง {maximum}",
                f"Points for {code} must be a whole number from 0 to {maximum}.",
                "points",
            )
        cleaned[code] = value
    when = kit.now(at)
    rows = []
    for code, value in cleaned.items():
        row, _created = Score.objects.update_or_create(
            application=application,
            membership=member,
            criterion=code,
            defaults={
                "points": value,
                "meeting": meeting,
                "recorded_at": when,
                "recorded_by": actor,
            },
        )
        rows.append(row)
    audit_record(
        action="revolvingfund.scored",
        actor=actor,
        target=application,
        changes={"member": [None, member.name], "total": [None, sum(cleaned.values())]},
    )
    return rows


def _tie_key(application: Application, tie_break: str) -> tuple[Any, ...]:
    if tie_break == "earlier_receipt":
        return (application.received_at,)
    if tie_break == "lower_net_pay":
        return (application.net_pay if application.net_pay is not None else Decimal("1e12"),)
    return (-application.debt_total,)  # larger_debt


@transaction.atomic
def round_rank(*, round: Round, officer: User, at: datetime | None = None) -> Round:
    """Rank the round's eligible applications and fill the allocation (a proposal; see the
    module docstring). Refused while an eligible application has no scores."""
    kit.require_role(
        officer, *FUND_OFFICER_ROLES, code="revolvingfund.not_allowed",
        doing=("จัดลำดับคำขอ", "rank applications"),
    )  # fmt: skip
    round_ = kit.lock(Round.objects.select_related("meeting"), round.pk)
    kit.expect_status(
        round_, RoundStatus.CLOSED, RoundStatus.RANKED, refusal=FundError, noun="round"
    )
    _held_meeting(round_)
    applications = list(
        kit.lock_all(
            Application.objects.exclude(status=ApplicationStatus.WITHDRAWN),
            round_.applications.values_list("pk", flat=True),
        )
    )
    eligible = [a for a in applications if a.status == ApplicationStatus.ELIGIBLE]
    totals: dict[int, dict[int, int]] = {}
    for score in Score.objects.filter(application__in=eligible):
        per_member = totals.setdefault(score.application_id, {})
        per_member[score.membership_id] = per_member.get(score.membership_id, 0) + score.points
    unscored = [a.number for a in eligible if a.pk not in totals]
    if unscored:
        raise FundError.refuse(
            "unscored",
            "ยังไม่มีคะแนนของคำขอ " + ", ".join(unscored),
            "Some eligible applications have no scores.",
            "scores",
        )
    for application in eligible:
        members = totals[application.pk]
        mean = Decimal(sum(members.values())) / len(members)
        application.score_total = mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    terms = round_.terms
    tie_break = str(terms.get("tie_break", "larger_debt"))
    eligible.sort(
        key=lambda a: (-(a.score_total or 0), *_tie_key(a, tie_break), a.received_at, a.pk)
    )
    cap = Decimal(str(terms.get("cap_per_borrower", "0")))
    partial = terms.get("fill_method") == "rank_order_partial"
    waitlist = int(terms.get("waitlist_size", 0))
    remaining = round_.allocation_amount
    partial_used = False
    for rank, application in enumerate(eligible, start=1):
        application.rank = rank
        asked = min(application.amount_requested, cap)
        if asked <= remaining:
            application.proposed_outcome, application.proposed_amount = "approved", asked
            remaining -= asked
            application.decision_reason = ""
        elif partial and not partial_used and remaining > 0:
            application.proposed_outcome, application.proposed_amount = "approved", remaining
            remaining, partial_used = Decimal("0.00"), True
            application.decision_reason = "อนุมัติบางส่วนเท่าวงเงินที่เหลือ"
        elif waitlist > 0:
            waitlist -= 1
            application.proposed_outcome, application.proposed_amount = "waitlisted", None
            application.decision_reason = f"สำรองลำดับที่ {rank} ({OVER_ALLOCATION})"
        else:
            application.proposed_outcome, application.proposed_amount = "refused", None
            application.decision_reason = f"ลำดับที่ {rank} เกินวงเงินจัดสรร ({OVER_ALLOCATION})"
    for application in applications:
        if application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.RETURNED):
            application.rank = None
            application.proposed_outcome, application.proposed_amount = "refused", None
            application.decision_reason = "เอกสารไม่ครบถ้วนภายในระยะเวลารับสมัคร"
    Application.objects.bulk_update(
        applications,
        ["score_total", "rank", "proposed_outcome", "proposed_amount", "decision_reason"],
    )
    before = round_.status
    round_.status = RoundStatus.RANKED
    round_.ranked_at = kit.now(at)
    round_.ranked_by = officer
    round_.save(update_fields=["status", "ranked_at", "ranked_by"])
    approved = [a for a in eligible if a.proposed_outcome == "approved"]
    audit_record(
        action="revolvingfund.round_ranked",
        actor=officer,
        target=round_,
        changes={
            "status": [before, round_.status],
            "proposed_approved": [None, len(approved)],
            "proposed_amount": [None, f"{sum((a.proposed_amount or 0) for a in approved)}"],
        },
    )
    return round_


@transaction.atomic
def round_result_confirm(*, round: Round, actor: User, at: datetime | None = None) -> Round:
    """The subcommittee confirms the ranking's result (see the module docstring). Twice: the
    second returns the round unchanged."""
    round_ = kit.lock(Round.objects.select_related("meeting"), round.pk)
    if round_.status == RoundStatus.APPROVED:
        return round_
    kit.require_role(
        actor, *COMMITTEE_ROLES, code="revolvingfund.not_allowed",
        doing=("รับรองผลการพิจารณาของคณะอนุกรรมการ", "confirm the subcommittee's result"),
    )  # fmt: skip
    kit.expect_status(round_, RoundStatus.RANKED, refusal=FundError, noun="round")
    meeting = _held_meeting(round_)
    if not (meeting.quorum_checked or {}).get("met"):
        raise FundError.refuse(
            "no_quorum", "การประชุมไม่ครบองค์ประชุม", "The meeting was not quorate.", "meeting"
        )
    if round_.ranked_by_id == actor.pk:
        raise FundError.refuse(
            "same_person",
            "ผู้จัดทำผลการจัดลำดับจะเป็นผู้รับรองผลเองไม่ได้",
            "The one who prepared the ranking may not confirm it.",
        )
    seat = committee_selectors.membership_of_user(meeting.committee, actor, on=meeting.date)
    if seat is None or seat.pk not in {m.pk for m in committee_selectors.members_present(meeting)}:
        raise FundError.refuse(
            "member_not_present",
            "ผู้รับรองผลต้องเป็นอนุกรรมการที่มาประชุมครั้งนี้",
            "Only a member present at the meeting confirms the result.",
        )
    when = kit.now(at)
    terms = round_.terms
    rate = Decimal(str(terms.get("annual_rate", "0")))
    max_term = int(terms.get("term_months", 1))
    applications = kit.lock_all(
        Application.objects.exclude(proposed_outcome=""),
        round_.applications.values_list("pk", flat=True),
    )
    approved: list[Application] = []
    for application in applications:
        outcome = application.proposed_outcome
        if outcome == "approved" and application.proposed_amount:
            term = min(application.term_requested, max_term)
            application.status = ApplicationStatus.APPROVED
            application.approved_amount = application.proposed_amount
            application.annual_rate = rate
            application.term_months = term
            application.instalment = monthly_instalment(application.proposed_amount, rate, term)
            approved.append(application)
        elif outcome == "waitlisted":
            application.status = ApplicationStatus.WAITLISTED
        else:
            application.status = ApplicationStatus.REFUSED
            application.decision_reason = application.decision_reason or OVER_ALLOCATION
        application.decided_at = when
        application.save()
    round_.status = RoundStatus.APPROVED
    round_.approved_at = when
    round_.approved_by = actor
    round_.save(update_fields=["status", "approved_at", "approved_by"])
    for application in approved:
        outbox_record(resource=APPROVAL, action="updated", obj=application)
    audit_record(
        action="revolvingfund.result_confirmed",
        actor=actor,
        target=round_,
        changes={
            "status": [RoundStatus.RANKED, round_.status],
            "approved": [None, len(approved)],
            "amount": [None, f"{sum((a.approved_amount or 0) for a in approved)}"],
        },
    )
    return round_
