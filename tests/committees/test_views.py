"""The committees' pages: a meeting run through the pages as the secretariat does it (order,
meeting, attendance, quorum refused then met, agenda, resolution, close, minutes), roles,
Thai messages, hostile input, another office's records, query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.models import User
from apps.committees import selectors, services
from apps.committees.models import (
    AppointmentOrder,
    Attendance,
    Committee,
    Meeting,
    MeetingStatus,
    QuorumRule,
)
from apps.committees.services import MemberData
from audit.models import AuditEvent
from tenants.models import Office
from tests.committees.factories import (
    held_meeting,
    make_committee,
    make_meeting,
    make_members,
    make_order,
    present,
    secretary,
)
from tests.conftest import ALL_OFFICE_ROLES, office_client
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db

READERS = {"office_admin", "welfare_officer", "approver", "fund_committee", "finance_officer",
           "viewer"}  # fmt: skip
WRITERS = {"office_admin", "welfare_officer"}


def _base(committee: Committee) -> str:
    return f"/committees/{committee.pk}/"


def _meeting_url(meeting: Meeting, tail: str = "") -> str:
    return f"/committees/{meeting.committee_id}/meetings/{meeting.pk}/{tail}"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _counts() -> tuple[int, ...]:
    return (
        Committee.objects.count(),
        AppointmentOrder.objects.count(),
        Meeting.objects.count(),
        Attendance.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_meeting_runs_through_the_pages(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        chair = make_person(first_name_th="ประธาน", last_name_th="ใจดี", position="รองผอ.")
        chair_id = chair.national_id
    response = client.post(
        "/committees/",
        {"kind": "welfareshop.committee", "name_th": "คณะกรรมการสวัสดิการ",
         "owner_module": "welfareshop", "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        committee = Committee.objects.get(kind="welfareshop.committee")
    order = {
        "number": "12/2557",
        "title": "แต่งตั้งคณะกรรมการสวัสดิการ",
        "order_date": "1/10/2556",
        "signed_by_name": "นายผู้อำนวยการ ทดสอบ",
        "signed_by_position": "ผู้อำนวยการสำนักงานเขตพื้นที่",
        "effective_from": "1/10/2556",
        "effective_to": "",
        "members-TOTAL_FORMS": "10",
        "members-INITIAL_FORMS": "0",
        "members-0-role": "chair",
        "members-0-national_id": chair_id,
        "members-1-role": "member",
        "members-1-name": "นางสาวกรรมการ หนึ่ง",
        "members-2-role": "secretary",
        "members-2-name": "นายเลขา ขยัน",
        "members-2-position": "นักทรัพยากรบุคคล",
    }
    # A national ID not in the register: the form says so in Thai, nothing is recorded.
    with schema_context(office_a.schema_name):
        before = _counts()
    bad = client.post(_base(committee) + "orders/new/", {**order, "members-0-national_id": "1234"})
    assert bad.status_code == 200
    assert "ไม่พบบุคคลที่มีเลขประจำตัวประชาชนนี้ในทะเบียน" in bad.content.decode()
    with schema_context(office_a.schema_name):
        assert _counts() == before
    assert client.post(_base(committee) + "orders/new/", order).status_code == 302
    page = client.get(_base(committee)).content.decode()
    assert "ประธาน ใจดี" in page and "กรรมการและเลขานุการ" in page and "12/2557" in page

    response = client.post(
        _base(committee) + "meetings/new/",
        {"date": "10/03/2557", "start_time": "09:30", "venue": "ห้องหม่อมจุ้ย"},
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        meeting = Meeting.objects.get(committee=committee)
        seats = selectors.active_members(committee, on=meeting.date)
    assert meeting.number_label == "1/2557"
    url = _meeting_url(meeting)
    # One present of three: opening is refused with the reason, in Thai.
    client.post(url + "attendance/", {f"m{seats[0].pk}": "present", f"m{seats[1].pk}": "absent",
                                      f"m{seats[2].pk}": "on_leave"})  # fmt: skip
    refused = client.post(url + "hold/", {"started_time": "09:35"}, follow=True)
    assert any(m.startswith("ไม่ครบองค์ประชุม") for m in _messages(refused))
    assert "ไม่ครบองค์ประชุม" in refused.content.decode()
    with schema_context(office_a.schema_name):
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED
    client.post(url + "attendance/", {f"m{seats[1].pk}": "present"})
    held = client.post(url + "hold/", {"started_time": "09.35"}, follow=True)
    assert "เปิดการประชุมแล้ว" in _messages(held)
    client.post(url + "agenda/", {"section": "4", "title": "รับรองงบการเงิน", "details": "",
                                  "subject": "welfareshop.statement:2557"})  # fmt: skip
    with schema_context(office_a.schema_name):
        item = meeting.agenda_items.get()
    client.post(url + f"agenda/{item.pk}/", {f"i{item.pk}-title": "รับรองงบการเงิน",
                                            f"i{item.pk}-details": "",
                                            f"i{item.pk}-resolution": "รับรอง"})  # fmt: skip
    closed = client.post(
        url + "close/",
        {"ended_time": "11:00", "minutes_taker_name": "นายเลขา ขยัน",
         "minutes_taker_position": "นักทรัพยากรบุคคล"},
        follow=True,
    )  # fmt: skip
    assert "ปิดการประชุมและรายงานการประชุมแล้ว" in _messages(closed)
    pdf = client.get(url + "minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    with schema_context(office_a.schema_name):
        meeting.refresh_from_db()
        assert meeting.is_closed and meeting.agenda_items.get().resolution == "รับรอง"
        assert meeting.quorum_checked["present"] == 2


@pytest.mark.parametrize("role", ALL_OFFICE_ROLES)
def test_who_reads_and_who_writes(office_a: Office, role: str) -> None:
    with schema_context(office_a.schema_name):
        committee = make_committee(size=3)
        meeting = make_meeting(committee)
    client = office_client(office_a, role)  # signing in is audited
    with schema_context(office_a.schema_name):
        before = _counts()
    for path in ["/committees/", _base(committee), _meeting_url(meeting)]:
        assert client.get(path).status_code == (200 if role in READERS else 403), path
    pdf = client.get(_meeting_url(meeting, "minutes.pdf"))
    assert pdf.status_code == (200 if role in READERS else 403)
    posts = [
        ("/committees/", {"kind": "a.b", "name_th": "ก", "owner_module": "a"}),
        (_base(committee) + "meetings/new/", {"date": "1/4/2557", "start_time": "09:00",
                                              "venue": "ห้อง"}),
        (_meeting_url(meeting, "guests/"), {"name": "แขก"}),
        (_meeting_url(meeting, "cancel/"), {"reason": "ฝนตก"}),
    ]  # fmt: skip
    if role not in WRITERS:
        for path, data in posts:
            assert client.post(path, data).status_code == 403, path
        with schema_context(office_a.schema_name):
            assert _counts() == before


def test_anonymous_is_sent_to_sign_in(office_a: Office) -> None:
    response = office_client(office_a).get("/committees/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "data",
    [
        {"m1x": "present"},
        {"m99999999999999999999999": "present"},
        {"m๑": "present"},
        {"mABC": "present"},
        {"m1": "<script>"},
        {},
    ],
)
def test_a_hostile_attendance_list_changes_nothing(office_a: Office, data: dict[str, str]) -> None:
    with schema_context(office_a.schema_name):
        committee = make_committee(size=3)
        meeting = make_meeting(committee)
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        before = _counts()
    response = client.post(_meeting_url(meeting, "attendance/"), data, follow=True)
    assert response.status_code == 200
    assert _messages(response) and all("\u0e00" <= m[0] <= "\u0e7f" for m in _messages(response))
    with schema_context(office_a.schema_name):
        assert _counts() == before


def test_another_committees_member_in_the_list_is_refused(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        committee = make_committee(size=3)
        other = make_committee(kind="welfareshop.committee", owner_module="welfareshop", size=3)
        meeting = make_meeting(committee)
        stranger = selectors.active_members(other, on=meeting.date)[0]
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        before = _counts()
    response = client.post(
        _meeting_url(meeting, "attendance/"), {f"m{stranger.pk}": "present"}, follow=True
    )
    assert "มีรายชื่อที่ไม่ใช่กรรมการของคณะนี้" in _messages(response)
    with schema_context(office_a.schema_name):
        assert _counts() == before


def test_hostile_text_is_shown_as_text(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        committee = make_committee(size=3)
        meeting = make_meeting(committee)
    client.post(_meeting_url(meeting, "guests/"), {"name": "<script>alert(1)</script>"})
    client.post(_meeting_url(meeting, "agenda/"), {"section": "9", "title": "x"})
    body = client.get(_meeting_url(meeting)).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    response = client.post(
        _meeting_url(meeting, "agenda/"), {"section": "4", "title": "x", "subject": "'; drop"},
        follow=True,
    )  # fmt: skip
    assert any("รหัสเรื่องไม่ถูกต้อง" in m for m in _messages(response))
    with schema_context(office_a.schema_name):
        assert meeting.agenda_items.count() == 0


def test_a_meeting_of_another_committee_or_office_is_not_found(
    office_a: Office, office_b: Office
) -> None:
    with schema_context(office_a.schema_name):
        committee = make_committee(size=3)
        other = make_committee(kind="welfareshop.committee", owner_module="welfareshop", size=3)
        meeting = make_meeting(committee)
    alpha = office_client(office_a, "welfare_officer")
    assert alpha.get(f"/committees/{other.pk}/meetings/{meeting.pk}/").status_code == 404
    assert alpha.post(f"/committees/{other.pk}/meetings/{meeting.pk}/hold/",
                      {"started_time": "09:00"}).status_code == 404  # fmt: skip
    beta = office_client(office_b, "welfare_officer")
    for path in [_base(committee), _meeting_url(meeting), _meeting_url(meeting, "minutes.pdf")]:
        assert beta.get(path).status_code == 404, path
    with schema_context(office_b.schema_name):
        assert not Committee.objects.filter(kind=committee.kind).exists()
    assert committee.name_th not in beta.get("/committees/").content.decode()


def test_a_member_records_their_own_conflict_on_the_meeting_page(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        account = User.objects.get(username="fund_committee")
        committee = make_committee(members=[
            MemberData(role="chair", name="ประธาน ก"),
            MemberData(role="member", name="กรรมการ ข", user=account),
            MemberData(role="secretary", name="เลขา ค"),
        ])  # fmt: skip
        meeting = make_meeting(committee)
        seats = selectors.active_members(committee, on=meeting.date)
    client = office_client(office_a, "fund_committee")
    data = {"subject": "revolvingfund.application:7", "reason": "guarantor", "details": ""}
    refused = client.post(
        _meeting_url(meeting, "conflicts/"), {**data, "membership": seats[0].pk}, follow=True
    )
    assert any("ไม่มีสิทธิ" in m for m in _messages(refused))
    done = client.post(
        _meeting_url(meeting, "conflicts/"), {**data, "membership": seats[1].pk}, follow=True
    )
    assert "บันทึกการมีส่วนได้เสียแล้ว" in _messages(done)
    with schema_context(office_a.schema_name):
        assert selectors.has_conflict(account, "revolvingfund.application:7")
        assert not selectors.has_conflict(seats[0], "revolvingfund.application:7")


def _queries(client: Client, path: str) -> int:
    client.get(path)  # the first request of a session also reads what it caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_pages_make_the_same_queries_however_many_rows(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        committee = make_committee(size=3)
        make_meeting(committee, day=date(2014, 2, 1))
        first = held_meeting(committee, day=date(2014, 2, 5))
        services.agenda_item_add(meeting=first, section=4, title="ก", actor=secretary())
    lists = _queries(client, "/committees/")
    detail = _queries(client, _base(committee))
    meeting_page = _queries(client, _meeting_url(first))
    with schema_context(office_a.schema_name):
        for n in range(4):
            make_committee(kind=f"extra.c{n}", owner_module="extra", size=5)
            make_meeting(committee, day=date(2014, 3, 1 + n))
        make_order(committee, members=make_members(8), effective_from=date(2014, 1, 1))
        for n in range(3):
            services.agenda_item_add(meeting=first, section=5, title=f"เรื่อง {n}",
                                     actor=secretary())  # fmt: skip
            services.guest_add(meeting=first, name=f"แขก {n}", actor=secretary())
    assert _queries(client, "/committees/") == lists
    assert _queries(client, _base(committee)) == detail
    assert _queries(client, _meeting_url(first)) == meeting_page


def test_the_meeting_page_shows_the_quorum_and_its_rule(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        committee = make_committee(size=5)
        meeting = make_meeting(committee, day=date(2014, 3, 10))
    body = office_client(office_a, "viewer").get(_meeting_url(meeting)).content.decode()
    assert "ไม่ครบองค์ประชุม" in body and "ยังไม่ได้ยืนยัน" in body
    assert "เกินกึ่งหนึ่ง" in body
    assert 'name="m' in body and "disabled" in body  # the viewer sees the list, cannot save


def test_the_office_administrator_sets_a_quorum_rule_and_others_cannot(office_a: Office) -> None:
    data = {"valid_from": "1/1/2557", "kind": "", "share_numerator": "2",
            "share_denominator": "3", "strictly_more": "", "presiding_required": "on",
            "source": "ระเบียบสำนักงาน พ.ศ. 2556 ข้อ 8", "confirmed": "on", "note": ""}  # fmt: skip
    officer = office_client(office_a, "welfare_officer")
    assert officer.get("/committees/quorum-rules/").status_code == 200
    assert officer.post("/committees/quorum-rules/", data).status_code == 403
    admin = office_client(office_a, "office_admin")
    bad = admin.post("/committees/quorum-rules/", {**data, "share_numerator": "5"})
    assert "สัดส่วนองค์ประชุมไม่ถูกต้อง" in bad.content.decode()
    with schema_context(office_a.schema_name):
        assert QuorumRule.objects.count() == 1  # the default only
    assert admin.post("/committees/quorum-rules/", data).status_code == 302
    body = admin.get("/committees/quorum-rules/").content.decode()
    assert "ไม่น้อยกว่า 2 ใน 3 ของกรรมการ" in body and "ระเบียบสำนักงาน พ.ศ. 2556 ข้อ 8" in body
    with schema_context(office_a.schema_name):
        committee = make_committee(size=6)
        meeting = make_meeting(committee, day=date(2014, 3, 10))
        present(meeting, 4)  # at least 2/3 of 6
        assert services.quorum(meeting).met and services.quorum(meeting).rule_confirmed
