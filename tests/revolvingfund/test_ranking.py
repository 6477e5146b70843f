"""The subcommittee's part: scores by members present at a quorate meeting, conflicts, the
ranking within the allocation, and the result confirmed by a member who did not prepare it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.committees.selectors import has_conflict
from apps.revolvingfund import ranking, selectors
from apps.revolvingfund.models import Application, ApplicationStatus, RoundStatus, Score
from core.errors import ApplicationError, PermissionDeniedError
from outbox.models import OutboxEvent
from tenants.models import Office
from tests.revolvingfund.factories import (
    eligible,
    held_meeting,
    officer,
    open_round,
    points,
    receive,
    staff,
    subcommittee,
    teacher,
)

pytestmark = pytest.mark.django_db


def _score_all(applications: list[Application], committee: object, totals: list[int]) -> None:
    meeting = applications[0].round.meeting if applications[0].round.meeting else None
    assert meeting is not None
    from apps.committees.selectors import members_present

    for application, total in zip(applications, totals, strict=True):
        for seat in members_present(meeting):
            ranking.score_record(
                application=application, membership=seat, points=points(total), actor=officer()
            )


def test_the_allocation_is_filled_in_rank_order_then_the_waiting_list(in_alpha: Office) -> None:
    # 600,000 baht: three loans of 200,000; the terms waitlist two; the sixth is refused.
    round_ = open_round(in_alpha, amount="600000")
    files = [eligible(round_) for _ in range(6)]
    committee = subcommittee()
    held_meeting(round_, committee)
    files = [Application.objects.get(pk=a.pk) for a in files]
    _score_all(files, committee, [70, 90, 60, 80, 50, 85])
    round_ = ranking.round_rank(round=files[0].round, officer=officer())
    ranked = {a.pk: a for a in selectors.ranking_list(round=round_)}
    order = sorted(ranked.values(), key=lambda a: a.rank or 99)
    assert [a.pk for a in order] == [files[i].pk for i in (1, 5, 3, 0, 2, 4)]
    assert [a.proposed_outcome for a in order] == [
        "approved", "approved", "approved", "waitlisted", "waitlisted", "refused"
    ]  # fmt: skip
    assert order[0].score_total == Decimal("90.00")
    assert round_.status == RoundStatus.RANKED
    # Not yet approved: the subcommittee confirms.
    assert not selectors.approved_applications(round=round_).exists()
    round_ = ranking.round_result_confirm(round=round_, actor=staff("fund_committee"))
    approved = list(selectors.approved_applications(round=round_))
    assert [a.pk for a in approved] == [files[i].pk for i in (1, 5, 3)]
    first = approved[0]
    assert first.approved_amount == Decimal("200000.00")
    assert first.annual_rate == Decimal("5.525") and first.term_months == 96
    assert first.instalment == Decimal("2582.27")
    assert OutboxEvent.objects.filter(resource="revolvingfund.approval").count() == 3
    refused = Application.objects.get(pk=files[4].pk)
    assert refused.status == ApplicationStatus.REFUSED
    assert "วงเงินจัดสรร" in refused.decision_reason


def test_a_partial_amount_only_when_the_terms_allow_it(in_alpha: Office) -> None:
    round_ = open_round(in_alpha, amount="300000")
    terms = dict(round_.terms, fill_method="rank_order_partial", waitlist_size=0)
    type(round_).objects.filter(pk=round_.pk).update(terms=terms)
    round_.refresh_from_db()
    files = [eligible(round_) for _ in range(3)]
    held_meeting(round_, subcommittee())
    _score_all([Application.objects.get(pk=a.pk) for a in files], None, [90, 80, 70])
    ranking.round_rank(round=round_, officer=officer())
    proposed = [Application.objects.get(pk=a.pk) for a in files]
    assert [(a.proposed_outcome, a.proposed_amount) for a in proposed] == [
        ("approved", Decimal("200000.00")),
        ("approved", Decimal("100000.00")),
        ("refused", None),
    ]


def test_a_member_who_guarantees_the_loan_may_not_score_it(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    member_person = teacher()
    application = eligible(round_, guarantor_people=[(member_person, True), (teacher(), True)])
    committee = subcommittee(members=[member_person])
    meeting = held_meeting(round_, committee)
    seat = committee.memberships.get(person=member_person)
    with pytest.raises(ApplicationError) as refused:
        ranking.score_record(
            application=application, membership=seat, points=points(80), actor=officer()
        )
    assert refused.value.code == "revolvingfund.conflict"
    assert not Score.objects.filter(membership=seat).exists()
    # The conflict stays on record for the minutes.
    assert has_conflict(seat, ranking.application_subject(application))
    assert meeting.pk == Application.objects.get(pk=application.pk).round.meeting_id


def test_scores_need_a_quorate_meeting_and_every_criterion(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = eligible(round_)
    committee = subcommittee()
    seat = committee.memberships.first()
    round_ = type(round_).objects.get(pk=round_.pk)
    from apps.revolvingfund import services

    services.round_close(round=round_, officer=officer())
    with pytest.raises(ApplicationError) as refused:
        ranking.score_record(
            application=application, membership=seat, points=points(80), actor=officer()
        )
    assert refused.value.code == "revolvingfund.meeting_not_held"
    held_meeting(type(round_).objects.get(pk=round_.pk), committee)
    with pytest.raises(ApplicationError) as refused:
        ranking.score_record(
            application=application, membership=seat, points={"hardship": 30}, actor=officer()
        )
    assert refused.value.code == "revolvingfund.criteria_mismatch"
    with pytest.raises(ApplicationError) as refused:
        ranking.score_record(
            application=application,
            membership=seat,
            points={**points(80), "hardship": 41},
            actor=officer(),
        )
    assert refused.value.code == "revolvingfund.points_out_of_range"
    assert not Score.objects.exists()


def test_the_one_who_ranked_may_not_confirm_and_others_may_not_rank(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = eligible(round_)
    held_meeting(round_, subcommittee())
    _score_all([Application.objects.get(pk=application.pk)], None, [80])
    for username in ("viewer", "fund_committee", "finance_officer", "approver"):
        with pytest.raises(PermissionDeniedError):
            ranking.round_rank(round=round_, officer=staff(username))
    round_ = ranking.round_rank(round=round_, officer=officer())
    with pytest.raises(PermissionDeniedError):
        ranking.round_result_confirm(round=round_, actor=officer())
    with pytest.raises(PermissionDeniedError):
        ranking.round_result_confirm(round=round_, actor=staff("approver"))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.RANKED
    confirmed = ranking.round_result_confirm(round=round_, actor=staff("fund_committee"))
    assert confirmed.status == RoundStatus.APPROVED
    again = ranking.round_result_confirm(round=confirmed, actor=staff("fund_committee"))
    assert again.approved_at == confirmed.approved_at


def test_a_file_never_completed_is_refused_at_the_ranking(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    complete = eligible(round_)
    incomplete = receive(round_)
    held_meeting(round_, subcommittee())
    _score_all([Application.objects.get(pk=complete.pk)], None, [80])
    ranking.round_rank(round=round_, officer=officer())
    ranking.round_result_confirm(round=round_, actor=staff("fund_committee"))
    incomplete.refresh_from_db()
    assert incomplete.status == ApplicationStatus.REFUSED
    assert "เอกสารไม่ครบ" in incomplete.decision_reason
