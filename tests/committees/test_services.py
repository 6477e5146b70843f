"""Committees through their services: orders and terms, meeting numbers, attendance and the
quorum's edge cases, holding and closing, the agenda, conflicts; every refusal changes
nothing."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from apps.committees import selectors, services
from apps.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Attendance,
    Committee,
    ConflictDeclaration,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    QuorumRule,
)
from apps.committees.quorum import required_present
from apps.committees.services import MemberData
from audit.models import AuditEvent
from core.errors import ApplicationError, PermissionDeniedError
from tenants.models import Office
from tests.committees.factories import (
    ORDER_DAY,
    held_meeting,
    make_committee,
    make_meeting,
    make_members,
    make_order,
    present,
    seats,
    secretary,
)
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db

SUBJECT = "revolvingfund.application:57"


def _state() -> tuple[int, ...]:
    return (
        Committee.objects.count(),
        AppointmentOrder.objects.count(),
        Membership.objects.count(),
        Meeting.objects.count(),
        Attendance.objects.count(),
        AgendaItem.objects.count(),
        ConflictDeclaration.objects.count(),
        QuorumRule.objects.count(),
        AuditEvent.objects.count(),
    )


def _refused(code: str, call: Any, **kwargs: Any) -> ApplicationError:
    before = _state()
    with pytest.raises(ApplicationError) as excinfo:
        call(**kwargs)
    assert excinfo.value.code == code, excinfo.value.message
    assert _state() == before
    return excinfo.value


# --- committees and orders ------------------------------------------------------------------


def test_a_committee_is_created_once_per_kind_and_audited(in_alpha: Office) -> None:
    committee = services.committee_create(
        kind="welfareshop.committee",
        name_th="คณะกรรมการสวัสดิการ",
        owner_module="welfareshop",
        actor=secretary(),
    )
    assert selectors.committee_for("welfareshop.committee") == committee
    assert AuditEvent.objects.filter(action="committees.committee_created").count() == 1
    again = services.committee_ensure(
        kind="welfareshop.committee", name_th="อื่น", owner_module="welfareshop", actor=secretary()
    )
    assert again == committee and again.name_th == "คณะกรรมการสวัสดิการ"
    error = _refused(
        "committees.duplicate_kind",
        services.committee_create,
        kind="welfareshop.committee",
        name_th="ซ้ำ",
        owner_module="welfareshop",
        actor=secretary(),
    )
    assert "มีคณะกรรมการรหัส" in error.message


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "Fund Committee"}, "committees.invalid_kind"),
        ({"kind": "nodot"}, "committees.invalid_kind"),
        ({"kind": "a.b'; drop table x;--"}, "committees.invalid_kind"),
        ({"name_th": "   "}, "committees.name_th_required"),
        ({"actor": "viewer"}, "committees.not_allowed"),
        ({"actor": "fund_committee"}, "committees.not_allowed"),
    ],
)
def test_a_committee_that_cannot_be_is_refused(
    in_alpha: Office, changes: dict[str, Any], code: str
) -> None:
    values: dict[str, Any] = {
        "kind": "x.y",
        "name_th": "คณะ",
        "owner_module": "x",
        "actor": secretary(),
    }
    if "actor" in changes:
        changes["actor"] = User.objects.get(username=changes["actor"])
    _refused(code, services.committee_create, **{**values, **changes})


def test_an_order_seats_members_in_official_order_with_register_names(in_alpha: Office) -> None:
    person = make_person(first_name_th="สมชาย", last_name_th="ใจดี", position="รองผู้อำนวยการ")
    members = [
        MemberData(role="member", name="นางสาวสุดา ทองคำ", position="ผอ.โรงเรียนบ้านนา"),
        MemberData(role="secretary", name="นายเลขา ขยัน", position="นักทรัพยากรบุคคล"),
        MemberData(role="chair", person=person),
        MemberData(role="vice_chair", name="นายรอง ประธาน", organisation="สพป.ทดสอบ"),
    ]
    committee = make_committee(members=members)
    current = selectors.active_members(committee, on=ORDER_DAY)
    assert [m.role for m in current] == ["chair", "vice_chair", "member", "secretary"]
    chair = current[0]
    assert chair.person == person and chair.name == person.full_name_th
    assert chair.position == "รองผู้อำนวยการ" and chair.role_th == "ประธานกรรมการ"
    assert selectors.active_members(committee, on=ORDER_DAY - timedelta(days=1)) == []
    event = AuditEvent.objects.get(action="committees.order_recorded")
    assert "chair: " + person.full_name_th in event.changes["members"][1]


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ([], "committees.no_members"),
        ([MemberData(role="member", name="ก")], "committees.one_chair"),
        (
            [MemberData(role="chair", name="ก"), MemberData(role="chair", name="ข")],
            "committees.one_chair",
        ),
        (
            [
                MemberData(role="chair", name="ก"),
                MemberData(role="secretary", name="ข"),
                MemberData(role="secretary", name="ค"),
            ],
            "committees.one_secretary",
        ),
        ([MemberData(role="president", name="ก")], "committees.invalid_role"),
        ([MemberData(role="chair", name="  ")], "committees.member_name_required"),
        (
            [MemberData(role="chair", name="ก", term_from=ORDER_DAY - timedelta(days=1))],
            "committees.term_outside_order",
        ),
    ],
)
def test_an_order_with_bad_members_is_refused_and_nothing_is_recorded(
    in_alpha: Office, members: list[MemberData], code: str
) -> None:
    committee = services.committee_ensure(
        kind="x.y", name_th="คณะ", owner_module="x", actor=secretary()
    )
    _refused(
        code,
        services.appointment_order_record,
        committee=committee,
        number="1/2557",
        order_date=ORDER_DAY,
        signed_by_name="ผอ.",
        signed_by_position="ผู้อำนวยการ",
        effective_from=ORDER_DAY,
        members=members,
        actor=secretary(),
    )


def test_the_same_person_twice_on_an_order_is_refused(in_alpha: Office) -> None:
    person = make_person()
    committee = services.committee_ensure(
        kind="x.y", name_th="คณะ", owner_module="x", actor=secretary()
    )
    _refused(
        "committees.duplicate_member",
        make_order,
        committee=committee,
        members=[MemberData(role="chair", person=person), MemberData(role="member", person=person)],
        effective_from=ORDER_DAY,
    )


def test_a_new_order_ends_the_previous_one_the_day_before(in_alpha: Office) -> None:
    committee = make_committee(size=5, number="10/2556")
    first = AppointmentOrder.objects.get(number="10/2556")
    new_day = date(2014, 6, 1)
    make_order(committee, members=make_members(3), effective_from=new_day, number="50/2557")
    first.refresh_from_db()
    assert first.effective_to == date(2014, 5, 31)
    assert len(selectors.active_members(committee, on=date(2014, 5, 31))) == 5
    assert len(selectors.active_members(committee, on=new_day)) == 3
    assert AuditEvent.objects.filter(action="committees.order_replaced").count() == 1
    # An order older than the newest is refused; so is the same number again.
    _refused(
        "committees.order_not_latest",
        make_order,
        committee=committee,
        members=make_members(3),
        effective_from=date(2014, 5, 1),
    )
    _refused(
        "committees.duplicate_order",
        make_order,
        committee=committee,
        members=make_members(3),
        effective_from=date(2014, 7, 1),
        number="50/2557",
    )


def test_a_member_whose_term_ends_leaves_the_quorum_count(in_alpha: Office) -> None:
    committee = make_committee(size=5)
    leaving = selectors.active_members(committee, on=ORDER_DAY)[2]
    services.membership_end(
        membership=leaving, last_day=date(2014, 1, 31), actor=secretary(), note="ย้าย"
    )
    assert len(selectors.active_members(committee, on=date(2014, 1, 31))) == 5
    assert len(selectors.active_members(committee, on=date(2014, 2, 1))) == 4
    _refused(
        "committees.ends_before_start",
        services.membership_end,
        membership=leaving,
        last_day=date(2013, 1, 1),
        actor=secretary(),
    )


# --- meetings: numbers ----------------------------------------------------------------------


def test_meetings_are_numbered_per_committee_and_year_gap_free(in_alpha: Office) -> None:
    fund = make_committee(size=3)
    shop = make_committee(kind="welfareshop.committee", owner_module="welfareshop", size=3)
    first = make_meeting(fund, day=date(2014, 2, 1))
    second = make_meeting(fund, day=date(2014, 3, 1))
    services.meeting_cancel(meeting=second, reason="ประธานติดราชการ", actor=secretary())
    third = make_meeting(fund, day=date(2014, 4, 1))
    other = make_meeting(shop, day=date(2014, 2, 1))
    next_year = make_meeting(fund, day=date(2015, 1, 15))
    assert [first.number_label, second.number_label, third.number_label] == [
        "1/2557",
        "2/2557",
        "3/2557",
    ]
    assert other.number_label == "1/2557" and next_year.number_label == "1/2558"


# --- the quorum -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "required"), [(1, 1), (2, 2), (3, 2), (4, 3), (7, 4), (8, 5), (9, 5)]
)
def test_more_than_half_in_whole_people(in_alpha: Office, members: int, required: int) -> None:
    rule = QuorumRule.objects.get(kind="")
    assert required_present(rule, members) == required
    assert not rule.confirmed and "ยังไม่ได้ยืนยัน" in rule.source


def test_at_least_a_share_counts_a_part_person_up(in_alpha: Office) -> None:
    rule = QuorumRule(share_numerator=2, share_denominator=3, strictly_more=False)
    assert required_present(rule, 7) == 5  # 4.67 → 5
    assert required_present(rule, 6) == 4


def test_quorum_is_more_than_half_with_the_chair_presiding(in_alpha: Office) -> None:
    committee = make_committee(size=7)  # more than half of 7: 4
    meeting = make_meeting(committee)
    present(meeting, 3)
    result = services.quorum(meeting)
    assert not result.met and (result.present, result.required) == (3, 4)
    assert "ต้องมาอย่างน้อย 4 คน" in result.reasons[0]
    present(meeting, 4)
    assert services.quorum(meeting).met


def test_half_exactly_is_no_quorum(in_alpha: Office) -> None:
    committee = make_committee(size=8)
    meeting = make_meeting(committee)
    present(meeting, 4)
    assert not services.quorum(meeting).met
    present(meeting, 5)
    assert services.quorum(meeting).met


def test_enough_members_without_chair_or_vice_chair_is_no_quorum(in_alpha: Office) -> None:
    committee = make_committee(size=7)
    meeting = make_meeting(committee)
    present(meeting, 5, chair=False)  # five ordinary members and the secretary, no chair
    result = services.quorum(meeting)
    assert result.present == 5 and not result.presiding_present and not result.met
    assert any("ประธานหรือรองประธาน" in reason for reason in result.reasons)


def test_the_vice_chair_may_preside_in_the_chairs_absence(in_alpha: Office) -> None:
    committee = make_committee(size=7)
    meeting = make_meeting(committee)
    members = seats(meeting)
    statuses = {m.pk: "present" for m in members[1:5]}  # vice-chair and three others
    statuses[members[0].pk] = "on_leave"
    services.attendance_record_many(meeting=meeting, statuses=statuses, actor=secretary())
    assert services.quorum(meeting).met
    held = services.meeting_hold(meeting=meeting, started_time=time(9, 40), actor=secretary())
    assert held.presided_by == members[1] and held.presided_by.role == MemberRole.VICE_CHAIR


def test_members_out_of_office_on_the_day_do_not_count(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    # A meeting before the order: nobody is in office.
    early = make_meeting(committee, day=ORDER_DAY - timedelta(days=5))
    result = services.quorum(early)
    assert not result.met and result.members_in_office == 0
    assert "ไม่มีกรรมการที่อยู่ในวาระ" in result.reasons[0]


def test_a_newer_office_rule_applies_from_its_day_and_only_for_its_kind(in_alpha: Office) -> None:
    committee = make_committee(size=4)  # chair, vice, member, secretary
    admin = User.objects.get(username="office_admin")
    services.quorum_rule_create(
        kind=committee.kind,
        valid_from=date(2014, 3, 1),
        share_numerator=1,
        share_denominator=2,
        strictly_more=False,
        presiding_required=False,
        source="ระเบียบสำนักงาน ข้อ 5",
        confirmed=True,
        actor=admin,
    )
    before_rule = make_meeting(committee, day=date(2014, 2, 20))
    present(before_rule, 2)
    assert not services.quorum(before_rule).met  # 2 of 4 is not more than half
    after_rule = make_meeting(committee, day=date(2014, 3, 5))
    present(after_rule, 2)
    result = services.quorum(after_rule)
    assert result.met and result.rule_confirmed and result.rule_source == "ระเบียบสำนักงาน ข้อ 5"
    other = make_committee(kind="welfareshop.committee", owner_module="welfareshop", size=4)
    shop_meeting = make_meeting(other, day=date(2014, 3, 5))
    present(shop_meeting, 2)
    assert not services.quorum(shop_meeting).met  # the default still applies there


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"actor": "welfare_officer"}, "committees.not_allowed"),
        ({"source": " "}, "committees.source_required"),
        ({"share_numerator": 3, "share_denominator": 2}, "committees.invalid_share"),
        ({"share_numerator": 0}, "committees.invalid_share"),
        ({"kind": "no.such"}, "committees.unknown_kind"),
        ({"valid_from": date(2000, 1, 1)}, "committees.duplicate_rule"),
    ],
)
def test_a_bad_quorum_rule_is_refused(in_alpha: Office, changes: dict[str, Any], code: str) -> None:
    values: dict[str, Any] = {
        "valid_from": date(2014, 1, 1),
        "source": "ระเบียบ",
        "actor": User.objects.get(username="office_admin"),
    }
    if "actor" in changes:
        changes["actor"] = User.objects.get(username=changes["actor"])
    _refused(code, services.quorum_rule_create, **{**values, **changes})


# --- holding and closing --------------------------------------------------------------------


def test_a_meeting_without_quorum_is_not_held_and_nothing_changes(in_alpha: Office) -> None:
    committee = make_committee(size=7)
    meeting = make_meeting(committee)
    present(meeting, 3)
    error = _refused(
        "committees.no_quorum",
        services.meeting_hold,
        meeting=meeting,
        started_time=time(9, 30),
        actor=secretary(),
    )
    assert error.message.startswith("ไม่ครบองค์ประชุม")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.quorum_checked == {}


def test_a_held_meeting_stores_the_quorum_as_checked(in_alpha: Office) -> None:
    committee = make_committee(size=7)
    meeting = held_meeting(committee, count=5)
    assert meeting.status == MeetingStatus.HELD and meeting.started_time == time(9, 30)
    assert meeting.quorum_checked["met"] is True
    assert (meeting.quorum_checked["present"], meeting.quorum_checked["required"]) == (5, 4)
    assert meeting.quorum_checked["confirmed"] is False
    assert meeting.presided_by is not None and meeting.presided_by.role == "chair"
    assert [m.role for m in selectors.members_present(meeting)][0] == "chair"
    assert len(selectors.members_present(meeting)) == 5


def test_a_meeting_is_not_opened_before_its_day(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee, day=timezone.localdate() + timedelta(days=3))
    present(meeting, 3)
    _refused(
        "committees.meeting_in_future",
        services.meeting_hold,
        meeting=meeting,
        started_time=time(9, 30),
        actor=secretary(),
    )


def test_an_absent_member_cannot_preside(in_alpha: Office) -> None:
    committee = make_committee(size=7)
    meeting = make_meeting(committee)
    members = present(meeting, 5, chair=False)
    services.attendance_record(
        meeting=meeting, membership=seats(meeting)[1], status="present", actor=secretary()
    )
    _refused(
        "committees.presiding_not_present",
        services.meeting_hold,
        meeting=meeting,
        started_time=time(9, 30),
        actor=secretary(),
        presided_by=seats(meeting)[0],  # the chair, absent
    )
    _refused(
        "committees.presiding_role",
        services.meeting_hold,
        meeting=meeting,
        started_time=time(9, 30),
        actor=secretary(),
        presided_by=members[0],  # an ordinary member
    )


def test_attendance_that_would_lose_the_quorum_after_opening_is_refused(in_alpha: Office) -> None:
    committee = make_committee(size=7)
    meeting = held_meeting(committee, count=4)
    member = [m for m in selectors.members_present(meeting) if not m.presides][0]
    _refused(
        "committees.would_lose_quorum",
        services.attendance_record,
        meeting=meeting,
        membership=member,
        status="absent",
        actor=secretary(),
    )


def test_attendance_of_a_non_member_or_a_bad_status_is_refused(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    other = make_committee(kind="welfareshop.committee", owner_module="welfareshop", size=3)
    meeting = make_meeting(committee)
    outsider = selectors.active_members(other, on=meeting.date)[0]
    _refused(
        "committees.not_a_member",
        services.attendance_record,
        meeting=meeting,
        membership=outsider,
        status="present",
        actor=secretary(),
    )
    _refused(
        "committees.not_a_member",
        services.attendance_record_many,
        meeting=meeting,
        statuses={seats(meeting)[0].pk: "present", outsider.pk: "present"},
        actor=secretary(),
    )
    _refused(
        "committees.invalid_attendance",
        services.attendance_record,
        meeting=meeting,
        membership=seats(meeting)[0],
        status="invited",
        actor=secretary(),
    )


def test_a_guest_is_listed_but_not_counted(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee)
    present(meeting, 1)
    services.guest_add(
        meeting=meeting, name="นางผู้เชี่ยวชาญ การเงิน", position="นักวิชาการเงิน", actor=secretary()
    )
    result = services.quorum(meeting)
    assert result.present == 1 and not result.met
    sheet = selectors.attendance_sheet(meeting)
    assert [line.status for line in sheet] == ["present", "absent", "absent", "invited"]
    assert sheet[-1].name == "นางผู้เชี่ยวชาญ การเงิน"


def test_a_closed_meeting_changes_no_more(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = held_meeting(committee)
    item = services.agenda_item_add(meeting=meeting, section=4, title="พิจารณา", actor=secretary())
    _refused(
        "committees.ends_before_start",
        services.meeting_close,
        meeting=meeting,
        ended_time=time(9, 0),
        minutes_taker_name="นายเลขา",
        minutes_taker_position="นักทรัพยากรบุคคล",
        actor=secretary(),
    )
    services.meeting_close(
        meeting=meeting,
        ended_time=time(12, 0),
        minutes_taker_name="นายเลขา",
        minutes_taker_position="นักทรัพยากรบุคคล",
        minutes_checker_name="นายประธาน",
        minutes_checker_position="ประธานกรรมการ",
        actor=secretary(),
    )
    for call, kwargs in [
        (services.agenda_item_add, {"meeting": meeting, "section": 5, "title": "x"}),
        (services.agenda_item_resolve, {"item": item, "resolution": "อนุมัติ"}),
        (
            services.attendance_record,
            {"meeting": meeting, "membership": seats(meeting)[0], "status": "absent"},
        ),
        (services.guest_add, {"meeting": meeting, "name": "ใคร"}),
    ]:
        _refused("committees.meeting_closed", call, actor=secretary(), **kwargs)


def test_a_cancelled_meeting_cannot_be_held(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee)
    services.meeting_cancel(meeting=meeting, reason="น้ำท่วม", actor=secretary())
    _refused(
        "committees.meeting_cancelled",
        services.meeting_hold,
        meeting=meeting,
        started_time=time(9, 30),
        actor=secretary(),
    )


# --- the agenda -----------------------------------------------------------------------------


def test_agenda_items_are_numbered_within_their_section(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee)
    a = services.agenda_item_add(meeting=meeting, section=4, title="ก", actor=secretary())
    b = services.agenda_item_add(
        meeting=meeting, section=4, title="ข", subject="revolvingfund.round:12", actor=secretary()
    )
    c = services.agenda_item_add(meeting=meeting, section=1, title="แจ้ง", actor=secretary())
    assert [a.number, b.number, c.number] == ["4.1", "4.2", "1.1"]
    assert [i.number for i in selectors.agenda(meeting)] == ["1.1", "4.1", "4.2"]
    # A resolution waits for the meeting to be held.
    _refused(
        "committees.meeting_not_held",
        services.agenda_item_resolve,
        item=b,
        resolution="อนุมัติ",
        actor=secretary(),
    )
    present(meeting, 3)
    services.meeting_hold(meeting=meeting, started_time=time(9, 30), actor=secretary())
    services.agenda_item_resolve(item=b, resolution="อนุมัติตามเสนอ", actor=secretary())
    assert [i.resolution for i in selectors.resolutions_for("revolvingfund.round:12")] == [
        "อนุมัติตามเสนอ"
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"section": 6}, "committees.invalid_section"),
        ({"section": 0}, "committees.invalid_section"),
        ({"title": ""}, "committees.title_required"),
        ({"subject": "<script>alert(1)</script>"}, "committees.invalid_subject"),
        ({"subject": "round12"}, "committees.invalid_subject"),
        ({"actor": "approver"}, "committees.not_allowed"),
    ],
)
def test_a_bad_agenda_item_is_refused(in_alpha: Office, changes: dict[str, Any], code: str) -> None:
    meeting = make_meeting(make_committee(size=3))
    values: dict[str, Any] = {"meeting": meeting, "section": 4, "title": "ก", "actor": secretary()}
    if "actor" in changes:
        changes["actor"] = User.objects.get(username=changes["actor"])
    _refused(code, services.agenda_item_add, **{**values, **changes})


def test_a_table_for_the_minutes_is_checked(in_alpha: Office) -> None:
    meeting = make_meeting(make_committee(size=3))
    item = services.agenda_item_add(meeting=meeting, section=4, title="ก", actor=secretary())
    _refused(
        "committees.invalid_table",
        services.agenda_item_set_table,
        item=item,
        columns=["ที่", "ชื่อ"],
        rows=[["1"]],
        actor=secretary(),
    )
    services.agenda_item_set_table(
        item=item, columns=["ที่", "ชื่อ"], rows=[[1, "นางสมศรี"]], title="ลำดับ", actor=secretary()
    )
    item.refresh_from_db()
    assert item.table["rows"] == [["1", "นางสมศรี"]] and item.table["title"] == "ลำดับ"


# --- conflicts ------------------------------------------------------------------------------


def test_a_conflict_is_declared_once_and_blocks_the_same_person(in_alpha: Office) -> None:
    committee = make_committee(size=5)
    member = selectors.active_members(committee, on=ORDER_DAY)[2]
    declaration = services.conflict_declare(
        membership=member, subject=SUBJECT, reason="guarantor", actor=secretary()
    )
    assert declaration.reason_th == "เป็นผู้ค้ำประกันของผู้ยื่นคำขอ"
    again = services.conflict_declare(
        membership=member, subject=SUBJECT, reason="family", actor=secretary()
    )
    assert again == declaration and ConflictDeclaration.objects.count() == 1
    assert selectors.has_conflict(member, SUBJECT)
    assert member.person is not None and selectors.has_conflict(member.person, SUBJECT)
    assert not selectors.has_conflict(member, "revolvingfund.application:58")
    others = selectors.active_members(committee, on=ORDER_DAY)
    assert [selectors.has_conflict(m, SUBJECT) for m in others].count(True) == 1
    # Under a later order, the same person on a new seat still has the conflict.
    make_order(
        committee,
        members=[MemberData(role="chair", person=member.person)],
        effective_from=date(2014, 6, 1),
    )
    new_seat = selectors.active_members(committee, on=date(2014, 6, 1))[0]
    assert new_seat.pk != member.pk and selectors.has_conflict(new_seat, SUBJECT)
    assert AuditEvent.objects.filter(action="committees.conflict_declared").count() == 1


def test_a_member_declares_their_own_conflict_but_not_anothers(in_alpha: Office) -> None:
    own_account = User.objects.get(username="fund_committee")
    members = make_members(3)
    members[1] = MemberData(role=members[1].role, person=members[1].person, user=own_account)
    committee = make_committee(members=members)
    seats_now = selectors.active_members(committee, on=ORDER_DAY)
    mine = next(m for m in seats_now if m.user_id == own_account.pk)
    theirs = next(m for m in seats_now if m.user_id is None)
    services.conflict_declare(membership=mine, subject=SUBJECT, reason="family", actor=own_account)
    assert selectors.has_conflict(own_account, SUBJECT)
    assert selectors.membership_of_user(committee, own_account, on=ORDER_DAY) == mine
    before = _state()
    with pytest.raises(PermissionDeniedError):
        services.conflict_declare(
            membership=theirs, subject=SUBJECT, reason="family", actor=own_account
        )
    assert _state() == before


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"subject": "anything"}, "committees.invalid_subject"),
        ({"reason": "grudge"}, "committees.invalid_reason"),
        ({"reason": "other"}, "committees.details_required"),
    ],
)
def test_a_bad_conflict_is_refused(in_alpha: Office, changes: dict[str, Any], code: str) -> None:
    committee = make_committee(size=3)
    member = selectors.active_members(committee, on=ORDER_DAY)[0]
    values: dict[str, Any] = {
        "membership": member,
        "subject": SUBJECT,
        "reason": "family",
        "actor": secretary(),
    }
    _refused(code, services.conflict_declare, **{**values, **changes})


def test_a_viewer_changes_nothing_anywhere(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee)
    viewer = User.objects.get(username="viewer")
    member = seats(meeting)[0]
    calls: list[tuple[Any, dict[str, Any]]] = [
        (services.meeting_schedule, {"committee": committee, "date": date(2014, 4, 1),
                                     "start_time": time(9), "venue": "ห้อง"}),
        (services.attendance_record, {"meeting": meeting, "membership": member,
                                      "status": "present"}),
        (services.guest_add, {"meeting": meeting, "name": "ก"}),
        (services.meeting_hold, {"meeting": meeting, "started_time": time(9)}),
        (services.meeting_cancel, {"meeting": meeting, "reason": "ก"}),
        (services.agenda_item_add, {"meeting": meeting, "section": 1, "title": "ก"}),
        (services.conflict_declare, {"membership": member, "subject": SUBJECT,
                                     "reason": "family"}),
        (services.membership_end, {"membership": member, "last_day": date(2014, 4, 1)}),
    ]  # fmt: skip
    for call, kwargs in calls:
        before = _state()
        with pytest.raises(PermissionDeniedError) as excinfo:
            call(actor=viewer, **kwargs)
        assert excinfo.value.code == "committees.not_allowed"
        assert "ไม่มีสิทธิ" in excinfo.value.message
        assert _state() == before
