"""The health check's services: campaigns, capacity and the waiting list, the desk, the
coordinator, one-time codes that never tell whether a national ID is registered, attendance,
consent to keep results, and refusals that change nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail

from apps.healthchecks import services
from apps.healthchecks.models import (
    AccessCode,
    Campaign,
    CampaignStatus,
    CheckPoint,
    ConsentedResult,
    SignUp,
    SignUpStatus,
)
from apps.healthchecks.services import HealthCheckError
from apps.onestop.models import RequestStatus
from audit.models import AuditEvent
from core.errors import PermissionDeniedError
from outbox.models import OutboxEvent
from tests.healthchecks.factories import (
    BEFORE,
    book,
    make_campaign,
    make_point,
    on_day,
    staff,
    teacher,
)
from tests.onestop.conftest import bangkok
from tests.people.factories import make_school

pytestmark = pytest.mark.usefixtures("in_alpha")


def test_a_campaign_is_announced_with_a_gap_free_circular_number_once() -> None:
    campaign = make_campaign(announce=False, points=2)
    assert campaign.status == CampaignStatus.DRAFT
    first = services.campaign_announce(campaign=campaign, officer=staff())
    again = services.campaign_announce(campaign=campaign, officer=staff())
    assert first.circular_number == again.circular_number == "0001/2557"
    other = services.campaign_announce(campaign=make_campaign(announce=False), officer=staff())
    assert other.circular_number == "0002/2557"
    assert OutboxEvent.objects.filter(resource="healthchecks.campaign").exists()


def test_a_campaign_without_check_points_cannot_be_announced() -> None:
    campaign = services.campaign_create(
        fiscal_year_be=2557, title="t", partner="p", provider="u", officer=staff()
    )
    with pytest.raises(HealthCheckError) as refused:
        services.campaign_announce(campaign=campaign, officer=staff())
    assert refused.value.code == "healthchecks.no_checkpoints"
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.DRAFT


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"day": date(2014, 10, 1)}, "healthchecks.day_outside_year"),
        ({"starts_at": time(15), "ends_at": time(8)}, "healthchecks.invalid_hours"),
        ({"capacity": 0}, "healthchecks.invalid_capacity"),
        ({"capacity": True}, "healthchecks.invalid_capacity"),
        ({"venue": "  "}, "healthchecks.required"),
    ],
)
def test_a_bad_check_point_is_refused_and_nothing_is_added(change: dict, code: str) -> None:
    campaign = make_campaign(announce=False, points=0)
    values = {"day": date(2014, 9, 26), "capacity": 10, **change}
    with pytest.raises(HealthCheckError) as refused:
        make_point(campaign, **values)
    assert refused.value.code == code
    assert not CheckPoint.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize("username", ["office_admin", "finance_officer", "approver", "viewer"])
def test_only_the_welfare_officer_sets_up_campaigns(username: str) -> None:
    with pytest.raises(PermissionDeniedError):
        services.campaign_create(
            fiscal_year_be=2557, title="t", partner="p", provider="u", officer=staff(username)
        )
    assert not Campaign.objects.exists()


def test_a_full_slot_is_refused_and_the_waiting_list_moves_up_on_a_cancellation() -> None:
    point = make_campaign(capacity=2).checkpoints.get()
    first, second = book(point), book(point)
    late = teacher()
    with pytest.raises(HealthCheckError) as refused:
        book(point, late)
    assert refused.value.code == "healthchecks.checkpoint_full"
    assert not SignUp.objects.filter(person=late).exists()
    waiting = book(point, late, waitlist=True)
    assert waiting.status == SignUpStatus.WAITLISTED
    services.signup_cancel(signup=first, actor=staff())
    assert SignUp.objects.get(pk=waiting.pk).status == SignUpStatus.BOOKED
    assert services.booked_count(point) == 2
    assert SignUp.objects.get(pk=second.pk).status == SignUpStatus.BOOKED


def test_one_active_sign_up_per_person_and_campaign() -> None:
    campaign = make_campaign(points=2)
    one, two = campaign.checkpoints.order_by("day")
    person = teacher()
    book(one, person)
    with pytest.raises(HealthCheckError) as refused:
        book(two, person)
    assert refused.value.code == "healthchecks.already_signed_up"
    assert SignUp.objects.filter(person=person).count() == 1


def test_a_desk_sign_up_completes_its_ticket() -> None:
    point = make_campaign().checkpoints.get()
    signup = book(point)
    ticket = signup.service_request
    assert ticket is not None and ticket.status == RequestStatus.COMPLETED
    assert ticket.service_type.code == "health_check" and ticket.ticket.startswith("H")


def test_no_sign_up_before_announcement_nor_after_the_day_nor_when_closed() -> None:
    draft = make_campaign(announce=False).checkpoints.get()
    with pytest.raises(HealthCheckError, match="not open"):
        book(draft)
    point = make_campaign().checkpoints.get()
    with pytest.raises(HealthCheckError) as refused:
        book(point, at=bangkok(date(2014, 9, 27)))
    assert refused.value.code == "healthchecks.checkpoint_past"
    services.campaign_close(campaign=point.campaign, officer=staff())
    with pytest.raises(HealthCheckError) as refused:
        book(point)
    assert refused.value.code == "healthchecks.signup_closed"


def test_a_coordinator_signs_up_only_the_own_schools_staff_one_or_a_list() -> None:
    school, other = make_school(), make_school()
    coordinator = staff("viewer")
    services.coordinator_appoint(user=coordinator, school=school, officer=staff())
    point = make_campaign(capacity=2).checkpoints.get()
    mine = teacher(school)
    services.signup_by_coordinator(
        checkpoint=point, person=mine, coordinator=coordinator, at=BEFORE
    )
    with pytest.raises(HealthCheckError) as refused:
        services.signup_by_coordinator(
            checkpoint=point, person=teacher(other), coordinator=coordinator, at=BEFORE
        )
    assert refused.value.code == "healthchecks.not_your_school"
    a, b = teacher(school), teacher(school)
    lines = services.signup_list_by_coordinator(
        checkpoint=point,
        national_ids=[a.national_id, "1234567890123", teacher(other).national_id, b.national_id],
        coordinator=coordinator,
        at=BEFORE,
    )
    assert [line.outcome for line in lines] == [
        "booked",
        "invalid_national_id",
        "not_your_school",
        "healthchecks.checkpoint_full",
    ]
    assert SignUp.objects.filter(checkpoint=point).count() == 2


def _request(national_id: str) -> services.CodeRequest:
    return services.access_code_request(national_id=national_id, at=BEFORE)


def test_a_code_by_email_signs_the_teacher_up_once() -> None:
    person = teacher(email="somchai@example.org")
    point = make_campaign().checkpoints.get()
    made = _request(person.national_id)
    assert made.code_id is not None
    assert services.access_code_mail(code_id=made.code_id, code=made.code)
    assert len(mail.outbox) == 1 and made.code in mail.outbox[0].body
    assert person.national_id not in mail.outbox[0].body
    signup = services.signup_public(
        national_id=person.national_id, code=made.code, checkpoint=point, at=BEFORE
    )
    assert signup.channel == "public" and signup.status == SignUpStatus.BOOKED
    services.signup_cancel(signup=signup, actor=staff())
    with pytest.raises(HealthCheckError) as refused:  # used up
        services.signup_public(
            national_id=person.national_id, code=made.code, checkpoint=point, at=BEFORE
        )
    assert refused.value.code == "healthchecks.code_invalid"


def test_the_code_request_does_the_same_for_a_national_id_not_in_the_register() -> None:
    registered = teacher(email="a@example.org")
    unknown = teacher(email="b@example.org")
    unknown_id = unknown.national_id
    SignUp.objects.all().delete()
    unknown.delete()
    rows_before = AccessCode.objects.count()
    made_known, made_unknown = _request(registered.national_id), _request(unknown_id)
    # The same work either way: a row each, a code each, nothing that tells them apart.
    assert AccessCode.objects.count() == rows_before + 2
    assert made_known.code_id and made_unknown.code_id
    assert len(made_known.code) == len(made_unknown.code)
    assert not services.access_code_mail(code_id=made_unknown.code_id, code=made_unknown.code)
    assert mail.outbox == []  # (the known one is sent by the task)
    point = make_campaign().checkpoints.get()
    refusals = []
    for national_id, code in (
        (unknown_id, made_unknown.code),
        (registered.national_id, "00000000"),
        ("not a number", "12345678"),
    ):
        with pytest.raises(HealthCheckError) as refused:
            services.signup_public(national_id=national_id, code=code, checkpoint=point, at=BEFORE)
        refusals.append((refused.value.code, refused.value.message_th))
    assert len(set(refusals)) == 1
    assert not SignUp.objects.exists()


def test_a_code_stops_working_after_five_wrong_tries_and_when_it_expires() -> None:
    person = teacher()
    point = make_campaign().checkpoints.get()
    made = _request(person.national_id)
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        with pytest.raises(HealthCheckError):
            services.signup_public(
                national_id=person.national_id, code="99999999", checkpoint=point, at=BEFORE
            )
    assert AccessCode.objects.get(pk=made.code_id).failed_attempts == services.MAX_FAILED_ATTEMPTS
    with pytest.raises(HealthCheckError):
        services.signup_public(
            national_id=person.national_id, code=made.code, checkpoint=point, at=BEFORE
        )
    fresh = _request(person.national_id)
    with pytest.raises(HealthCheckError):
        services.signup_public(
            national_id=person.national_id,
            code=fresh.code,
            checkpoint=point,
            at=BEFORE + timedelta(minutes=services.CODE_MINUTES + 1),
        )
    assert not SignUp.objects.exists()


def test_a_full_slot_does_not_use_up_the_code() -> None:
    point = make_campaign(capacity=1).checkpoints.get()
    book(point)
    person = teacher()
    made = _request(person.national_id)
    with pytest.raises(HealthCheckError) as refused:
        services.signup_public(
            national_id=person.national_id, code=made.code, checkpoint=point, at=BEFORE
        )
    assert refused.value.code == "healthchecks.checkpoint_full"
    signup = services.signup_public(
        national_id=person.national_id, code=made.code, checkpoint=point, waitlist=True, at=BEFORE
    )
    assert signup.status == SignUpStatus.WAITLISTED


def test_codes_for_one_national_id_are_capped_silently() -> None:
    person = teacher()
    made = [_request(person.national_id) for _ in range(services.MAX_CODES_PER_ID + 2)]
    assert [m.code_id is not None for m in made].count(True) == services.MAX_CODES_PER_ID


def test_a_coordinator_hands_out_a_code_for_the_own_school_only() -> None:
    school = make_school()
    coordinator = staff("viewer")
    services.coordinator_appoint(user=coordinator, school=school, officer=staff())
    mine = teacher(school)
    code = services.access_code_issue(person=mine, coordinator=coordinator, at=BEFORE)
    point = make_campaign().checkpoints.get()
    signup = services.signup_public(
        national_id=mine.national_id, code=code, checkpoint=point, at=BEFORE + timedelta(days=3)
    )
    assert signup.person == mine
    with pytest.raises(HealthCheckError):
        services.access_code_issue(person=teacher(), coordinator=coordinator)


def test_check_in_on_the_day_only_and_walk_ins_count() -> None:
    point = make_campaign(capacity=1).checkpoints.get()
    signup = book(point)
    with pytest.raises(HealthCheckError) as refused:
        services.checkin(signup=signup, officer=staff(), at=BEFORE)
    assert refused.value.code == "healthchecks.not_the_day"
    done = services.checkin(signup=signup, officer=staff(), at=on_day(point))
    again = services.checkin(signup=signup, officer=staff(), at=on_day(point, 10))
    assert done.attended_at == again.attended_at == on_day(point)
    walker = services.walk_in(checkpoint=point, person=teacher(), officer=staff(), at=on_day(point))
    assert walker.channel == "walk_in" and walker.attended_at is not None
    assert SignUp.objects.filter(checkpoint=point, attended_at__isnull=False).count() == 2


def test_results_are_kept_only_as_consented_and_deleted_on_withdrawal() -> None:
    point = make_campaign().checkpoints.get()
    signup = services.checkin(signup=book(point), officer=staff(), at=on_day(point))
    consent = services.consent_record(
        signup=signup, items=["blood_pressure"], purpose="ติดตามสุขภาพ", officer=staff()
    )
    services.result_record(consent=consent, item="blood_pressure", value="120/80", officer=staff())
    with pytest.raises(HealthCheckError) as refused:
        services.result_record(consent=consent, item="blood_sugar", value="90", officer=staff())
    assert refused.value.code == "healthchecks.not_consented"
    assert ConsentedResult.objects.count() == 1
    services.consent_withdraw(consent=consent, officer=staff())
    assert ConsentedResult.objects.count() == 0
    actions = list(
        AuditEvent.objects.filter(action__startswith="healthchecks.").values_list(
            "action", flat=True
        )
    )
    assert "healthchecks.consent_given" in actions and "healthchecks.consent_withdrawn" in actions
    assert not AuditEvent.objects.filter(changes__icontains="120/80").exists()
