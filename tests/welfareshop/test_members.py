"""Members: the application at the desk, the check, the welfare committee's decision (its chair
or a held meeting, `apps.committees`), the salary deduction sent to finance, suspension and
leaving; refusals change nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from apps.committees import services as committee_services
from apps.committees.models import AgendaItem
from apps.onestop.services import service_request_open
from apps.payroll.models import DeductionInstruction
from apps.welfareshop import selectors, services
from apps.welfareshop.models import ApprovalBy, Member, MemberStatus
from core.errors import PermissionDeniedError
from tests.committees.factories import present
from tests.people.factories import make_person
from tests.welfareshop.factories import (
    fee_rule,
    jpeg,
    make_member,
    staff,
    welfare_committee,
)

pytestmark = pytest.mark.django_db


def test_an_application_stores_the_fee_rule_in_force_and_the_group(in_alpha: object) -> None:
    fee_rule(amount="100")
    services.fee_rule_create(
        actor=staff("welfare_officer"), valid_from=date(2020, 1, 1), kind="monthly_fee", amount="20"
    )
    member = make_member(step="applied")
    assert member.fee_kind == "monthly_fee" and member.fee_amount == 20
    assert member.group == "office" and member.status == MemberStatus.APPLIED


def test_salary_deduction_needs_the_consent_scan_and_keeps_it(in_alpha: object) -> None:
    fee_rule()
    person = make_person(category="teacher")
    with pytest.raises(services.ShopError) as refused:
        services.member_apply(
            person=person, payment="deduction", received_by=staff("welfare_officer")
        )
    assert refused.value.code == "welfareshop.consent_required"
    assert not Member.objects.exists()
    member = services.member_apply(
        person=person,
        payment="deduction",
        consent_scan=jpeg(),
        received_by=staff("welfare_officer"),
    )
    assert member.consent_scan.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"category": "pensioner"}, "welfareshop.not_staff"),
        ({"status": "retired"}, "welfareshop.not_staff"),
    ],
)
def test_only_serving_staff_may_join(in_alpha: object, overrides: dict, code: str) -> None:
    fee_rule()
    with pytest.raises(services.ShopError) as refused:
        make_member(person=make_person(**overrides), step="applied")
    assert refused.value.code == code
    assert not Member.objects.exists()


def test_applying_twice_acts_once(in_alpha: object) -> None:
    person = make_person()
    make_member(person=person, step="applied")
    with pytest.raises(services.ShopError) as refused:
        make_member(person=person, step="applied")
    assert refused.value.code == "welfareshop.already_member"
    assert Member.objects.count() == 1


def test_without_a_fee_rule_applications_are_refused(in_alpha: object) -> None:
    with pytest.raises(services.ShopError) as refused:
        services.member_apply(
            person=make_person(), payment="cash", received_by=staff("welfare_officer")
        )
    assert refused.value.code == "welfareshop.no_fee_rule"


def test_only_the_welfare_officer_receives_applications(in_alpha: object) -> None:
    fee_rule()
    for role in ("viewer", "finance_officer", "approver", "office_admin"):
        with pytest.raises(PermissionDeniedError):
            services.member_apply(person=make_person(), payment="cash", received_by=staff(role))
    assert not Member.objects.exists()


def test_the_desk_ticket_completes_when_the_application_is_checked(in_alpha: object) -> None:
    person = make_person()
    ticket = service_request_open(service_type_code="shop_membership", person=person)
    member = make_member(person=person, step="checked", service_request=ticket)
    ticket.refresh_from_db()
    assert member.service_request == ticket and ticket.status == "completed"


def test_the_chair_decides_and_the_member_gets_a_gap_free_number(in_alpha: object) -> None:
    first = make_member()
    second = make_member()
    assert first.status == MemberStatus.ACTIVE and first.joined_on == timezone.localdate()
    year = first.number.split("/")[1]
    assert [first.number, second.number] == [f"0001/{year}", f"0002/{year}"]
    assert "ประธาน" in first.decision_reference and first.decided_by_name == "นายประธาน ทดสอบ"


def test_only_the_chair_of_the_committee_decides(in_alpha: object) -> None:
    welfare_committee(chair="approver")
    member = make_member(step="checked")
    for role in ("finance_officer", "viewer", "office_admin", "everything"):
        with pytest.raises(PermissionDeniedError) as refused:
            services.member_decide(member=member, approver=staff(role), approve=True)
        assert refused.value.code == "welfareshop.not_chair"
    member.refresh_from_db()
    assert member.status == MemberStatus.CHECKED and not member.number


def test_the_chair_who_checked_an_application_does_not_decide_it(in_alpha: object) -> None:
    welfare_committee(chair="welfare_officer")
    member = make_member(step="checked")
    with pytest.raises(services.ShopError) as refused:
        services.member_decide(member=member, approver=staff("welfare_officer"), approve=True)
    assert refused.value.code == "welfareshop.same_person"


def test_where_the_committee_decides_at_meetings_the_chair_alone_cannot(in_alpha: object) -> None:
    welfare_committee()
    services.shop_settings_save(
        actor=staff("welfare_officer"), shop_name="ร้าน", creditor_name="ร้าน", approval_by="meeting"
    )
    member = make_member(step="checked")
    with pytest.raises(services.ShopError) as refused:
        services.member_decide(member=member, approver=staff("approver"), approve=True)
    assert refused.value.code == "welfareshop.meeting_required"


def _held(day: date) -> object:
    committee = welfare_committee()
    meeting = committee_services.meeting_schedule(
        committee=committee, date=day, start_time=time(13, 30), venue="ห้องหม่อมจุ้ย",
        actor=staff("welfare_officer"),
    )  # fmt: skip
    present(meeting, 4)
    return committee_services.meeting_hold(
        meeting=meeting, started_time=time(13, 30), actor=staff("welfare_officer")
    )


def test_a_held_meeting_decides_applications_in_one_agenda_item(in_alpha: object) -> None:
    services.shop_settings_save(
        actor=staff("welfare_officer"), shop_name="ร้าน", creditor_name="ร้าน",
        approval_by=ApprovalBy.MEETING,
    )  # fmt: skip
    yes, no = make_member(step="checked"), make_member(step="checked")
    meeting = _held(timezone.localdate())
    item = services.applications_decide_at_meeting(
        meeting=meeting,  # type: ignore[arg-type]
        decisions=[(yes, True, ""), (no, False, "ไม่ใช่บุคลากรในสังกัด")],
        actor=staff("welfare_officer"),
    )
    yes.refresh_from_db()
    no.refresh_from_db()
    assert yes.status == MemberStatus.ACTIVE and yes.number
    assert no.status == MemberStatus.REJECTED and no.reason == "ไม่ใช่บุคลากรในสังกัด"
    assert f"วาระที่ {item.number}" in yes.decision_reference
    assert item.resolution == "อนุมัติรับเป็นสมาชิก 1 ราย ไม่อนุมัติ 1 ราย"
    stored = AgendaItem.objects.get(pk=item.pk)
    assert stored.subject == f"welfareshop.applications:{meeting.pk}"  # type: ignore[attr-defined]
    assert "ไม่อนุมัติ" in str(stored.table) and no.person.full_name_th in str(stored.table)


def test_a_meeting_not_yet_held_records_nothing(in_alpha: object) -> None:
    committee = welfare_committee()
    member = make_member(step="checked")
    meeting = committee_services.meeting_schedule(
        committee=committee, date=timezone.localdate() + timedelta(days=3), start_time=time(9),
        venue="ห้อง", actor=staff("welfare_officer"),
    )  # fmt: skip
    with pytest.raises(services.ShopError) as refused:
        services.applications_decide_at_meeting(
            meeting=meeting, decisions=[(member, True, "")], actor=staff("welfare_officer")
        )
    assert refused.value.code == "welfareshop.meeting_not_held"
    member.refresh_from_db()
    assert member.status == MemberStatus.CHECKED and not AgendaItem.objects.exists()


def test_an_application_already_decided_refuses_the_whole_record(in_alpha: object) -> None:
    decided, waiting = make_member(), make_member(step="checked")
    meeting = _held(timezone.localdate())
    with pytest.raises(services.ShopError):
        services.applications_decide_at_meeting(
            meeting=meeting,  # type: ignore[arg-type]
            decisions=[(waiting, True, ""), (decided, True, "")],
            actor=staff("welfare_officer"),
        )
    waiting.refresh_from_db()
    assert waiting.status == MemberStatus.CHECKED and not AgendaItem.objects.exists()


def test_the_deduction_goes_to_finance_once_and_ends_when_the_member_leaves(
    in_alpha: object,
) -> None:
    fee_rule(kind="monthly_fee", amount="30", valid_from=date(2013, 10, 1))
    member = make_member(payment="deduction")
    sent = services.member_deduction_send(member=member, officer=staff("welfare_officer"))
    again = services.member_deduction_send(member=member, officer=staff("welfare_officer"))
    assert again.deduction_instruction_id == sent.deduction_instruction_id
    instruction = DeductionInstruction.objects.get()
    assert instruction.source == "welfare_shop" and instruction.monthly_amount == 30
    assert instruction.last_month is None
    assert instruction.source_reference == f"welfareshop.member:{member.pk}"
    left_on = timezone.localdate() + timedelta(days=40)
    services.member_leave(member=member, officer=staff("welfare_officer"), reason="ย้าย", on=left_on)
    instruction.refresh_from_db()
    assert instruction.last_month == left_on.replace(day=1)


def test_suspended_members_count_and_leavers_do_not(in_alpha: object) -> None:
    stays, suspended, leaves = make_member(), make_member(), make_member()
    today = timezone.localdate()
    services.member_suspend(member=suspended, officer=staff("welfare_officer"), reason="ค้างชำระ")
    services.member_leave(member=leaves, officer=staff("welfare_officer"), reason="ลาออก", on=today)
    assert set(selectors.members_on(today)) == {stays, suspended}
    assert set(selectors.members_on(today - timedelta(days=1))) == set()  # joined today
    services.member_reinstate(member=suspended, officer=staff("welfare_officer"))
    suspended.refresh_from_db()
    assert suspended.status == MemberStatus.ACTIVE
