"""The pages: who sees what, a booking's conflict shown on the form, bad input answered in
Thai without a 500, the public availability without names, query counts of the lists."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.welfareshop import services
from apps.welfareshop.models import Booking, Member, ServiceTally
from tenants.models import Office
from tests.api.support import queries_of
from tests.conftest import office_client
from tests.welfareshop.factories import make_booking, make_member, make_room, staff

pytestmark = pytest.mark.django_db


def test_every_page_answers_the_welfare_officer(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        room = make_room()
        member = make_member()
        make_booking(resource=room)
    client = office_client(office_a, "welfare_officer")
    for path in (
        "/welfareshop/",
        "/welfareshop/members/",
        f"/welfareshop/members/{member.pk}/",
        "/welfareshop/members/new/",
        "/welfareshop/committee/",
        "/welfareshop/rooms/",
        f"/welfareshop/rooms/{room.pk}/",
        f"/welfareshop/rooms/{room.pk}/edit/",
        "/welfareshop/day/",
        "/welfareshop/book/",
        "/welfareshop/tally/",
        "/welfareshop/album/",
        "/welfareshop/album/new/",
        "/welfareshop/accounts/",
        "/welfareshop/settings/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    pdf = client.get("/welfareshop/members.pdf?thai_digits=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/welfareshop/members.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    for path in ("/welfareshop/album.pdf", "/welfareshop/accounts/statement.pdf"):
        assert client.get(path).content.startswith(b"%PDF"), path


def test_the_member_page_reads_the_shops_own_words(office_a: Office) -> None:
    """Not the committees' "Members" (กรรมการ) nor the imports' "Applied" (นำเข้าแล้ว): the
    catalogues are merged and the first app's translation of a msgid without context wins."""
    with schema_context(office_a.schema_name):
        member = make_member()
    client = office_client(office_a, "welfare_officer")

    body = client.get(f"/welfareshop/members/{member.pk}/").content.decode()

    assert ">สมาชิก</a>" in body and ">กรรมการ</a>" not in body
    assert "<dt>ยื่นใบสมัคร</dt>" in body and "นำเข้าแล้ว" not in body


def test_a_viewer_books_but_neither_receives_members_nor_counts(office_a: Office) -> None:
    client = office_client(office_a, "viewer")
    assert client.get("/welfareshop/book/").status_code == 200
    assert client.get("/welfareshop/members/new/").status_code == 403
    assert client.post("/welfareshop/tally/", {"kind": "drink"}).status_code == 403
    assert client.get("/welfareshop/members.xlsx").status_code == 403  # full national IDs
    with schema_context(office_a.schema_name):
        assert not ServiceTally.objects.exists()


def test_the_booking_form_shows_the_conflict_in_thai_and_books_nothing(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        room = make_room()
        taken = make_booking(resource=room, start=10, end=12)
    day = timezone.localtime(taken.during.lower).date()
    client = office_client(office_a, "finance_officer")
    response = client.post(
        "/welfareshop/book/",
        {
            "resource": room.pk,
            "day": f"{day.day:02d}/{day.month:02d}/{day.year + 543}",
            "starts": "11:00",
            "ends": "13:00",
            "purpose": "ประชุม",
            "attendees": "3",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ไม่ว่าง" in body and "10:00–12:00" in body
    with schema_context(office_a.schema_name):
        assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"resource": "999999", "day": "x", "starts": "25:00", "ends": "-", "attendees": "๑"},
        {"resource": "abc", "day": "31/02/2570", "starts": "10:00", "ends": "09:00"},
        {"purpose": "x" * 5000, "attendees": "99999999999999999999"},
    ],
)
def test_bad_booking_input_is_answered_not_crashed(office_a: Office, data: dict) -> None:
    response = office_client(office_a, "welfare_officer").post("/welfareshop/book/", data)
    assert response.status_code == 200
    with schema_context(office_a.schema_name):
        assert not Booking.objects.exists()


def test_the_membership_form_refuses_an_unknown_person_and_double_submission_acts_once(
    office_a: Office,
) -> None:
    from tests.people.factories import make_person
    from tests.welfareshop.factories import fee_rule

    with schema_context(office_a.schema_name):
        fee_rule()
        person = make_person()
    client = office_client(office_a, "welfare_officer")
    unknown = client.post(
        "/welfareshop/members/new/", {"national_id": "1234567890121", "payment": "cash"}
    )
    assert unknown.status_code == 200 and "ทะเบียน" in unknown.content.decode()
    data = {"national_id": person.national_id, "payment": "cash"}
    first = client.post("/welfareshop/members/new/", data)
    second = client.post("/welfareshop/members/new/", data)
    assert first.status_code == 302 and second.status_code == 200
    assert "อยู่แล้ว" in second.content.decode()
    with schema_context(office_a.schema_name):
        assert Member.objects.count() == 1


def test_the_public_availability_shows_times_but_no_names_or_purposes(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        room = make_room()
        make_booking(resource=room, start=9, end=11, purpose="เรื่องลับเฉพาะ", by="approver",
                     contact="นายลับ")  # fmt: skip
    response = office_client(office_a).get(f"/welfareshop/rooms/{room.pk}/availability/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "09:00–11:00" in body
    assert "เรื่องลับเฉพาะ" not in body and "นายลับ" not in body and "approver" not in body
    home = office_client(office_a).get("/").content.decode()
    assert f"/welfareshop/rooms/{room.pk}/availability/" in home


def test_the_tally_page_counts_a_tap(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    assert client.post("/welfareshop/tally/", {"kind": "drink"}).status_code == 302
    client.post("/welfareshop/tally/", {"kind": "drink"})
    client.post("/welfareshop/tally/", {"kind": "nonsense"})
    with schema_context(office_a.schema_name):
        assert list(ServiceTally.objects.values_list("kind", "count")) == [("drink", 2)]


def test_the_member_list_and_day_view_run_a_fixed_number_of_queries(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        make_member()
        room = make_room()
        day = timezone.localdate() + timedelta(days=3)
        make_booking(resource=room, day=day, start=9, end=10)
    client.get("/welfareshop/members/")  # the session and the role cache warmed
    few_list = queries_of(lambda: client.get("/welfareshop/members/"))
    few_day = queries_of(lambda: client.get(f"/welfareshop/day/?day={day.isoformat()}"))
    with schema_context(office_a.schema_name):
        for _ in range(6):
            make_member()
        lounge = make_room("ห้องนางแอ่น")
        for hour in (11, 13, 15):
            make_booking(resource=room, day=day, start=hour, end=hour + 1)
            make_booking(resource=lounge, day=day, start=hour, end=hour + 1)
    assert queries_of(lambda: client.get("/welfareshop/members/")) == few_list
    assert queries_of(lambda: client.get(f"/welfareshop/day/?day={day.isoformat()}")) == few_day


def test_a_room_edit_refuses_bad_hours(office_a: Office) -> None:
    client = office_client(office_a, "welfare_officer")
    response = client.post(
        "/welfareshop/rooms/new/",
        {"name": "ห้อง", "kind": "room", "capacity": "5", "opens": "17:00", "closes": "08:00"},
    )
    assert response.status_code == 200 and "เวลาเปิดต้องก่อนเวลาปิด" in response.content.decode()
    assert time(8) < time(17)


def test_cancelling_from_the_day_view(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        booking = make_booking(by="viewer")
    other = office_client(office_a, "finance_officer").post(
        f"/welfareshop/bookings/{booking.pk}/cancel/"
    )
    assert other.status_code == 403
    with schema_context(office_a.schema_name):
        booking.refresh_from_db()
        assert booking.status == "confirmed"  # refused: not theirs
    office_client(office_a, "viewer").post(f"/welfareshop/bookings/{booking.pk}/cancel/")
    with schema_context(office_a.schema_name):
        booking.refresh_from_db()
        assert booking.status == "cancelled"
        assert services.booking_cancel(booking=booking, actor=staff("viewer")).status == "cancelled"


def test_the_committee_page_records_a_held_meetings_resolution(office_a: Office) -> None:
    from apps.committees import services as committee_services
    from tests.committees.factories import present
    from tests.welfareshop.factories import welfare_committee

    with schema_context(office_a.schema_name):
        committee = welfare_committee()
        yes, no = make_member(step="checked"), make_member(step="checked")
        meeting = committee_services.meeting_schedule(
            committee=committee, date=timezone.localdate(), start_time=time(13, 30),
            venue="ห้องหม่อมจุ้ย", actor=staff("welfare_officer"),
        )  # fmt: skip
        present(meeting, 4)
        committee_services.meeting_hold(
            meeting=meeting, started_time=time(13, 30), actor=staff("welfare_officer")
        )
    client = office_client(office_a, "welfare_officer")
    page = client.get("/welfareshop/committee/").content.decode()
    assert "ประธานกรรมการ" in page and "ประชุมแล้ว" in page and yes.person.full_name_th in page
    assert (
        office_client(office_a, "viewer")
        .post("/welfareshop/committee/", {"meeting": meeting.pk, "member": [yes.pk]})
        .status_code
        == 403
    )
    client.post(
        "/welfareshop/committee/",
        {"meeting": meeting.pk, "member": [yes.pk, no.pk], "reject": [no.pk]},
    )
    with schema_context(office_a.schema_name):
        yes.refresh_from_db()
        no.refresh_from_db()
        assert (yes.status, no.status) == ("active", "rejected")
        assert "วาระที่ 4.1" in yes.decision_reference
