"""A committee of 15 (the revolving fund's subcommittee at its largest): the minutes of a
closed meeting whose agenda item carries a 200-row ranking of applications, as PDF; and the
hot pages (the meeting page with 15 seats, the committee page), measured inside the test
office's schema."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

from apps.committees import services
from apps.committees.documents import minutes_pdf
from tenants.models import Office
from tests.benchmarks._report import SUMMARY_HEADERS, Summary, Timer, print_table, record_summary
from tests.benchmarks._report import summary_row as row
from tests.committees.factories import make_committee, make_meeting, present, secretary
from tests.conftest import office_client

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

MEMBERS = 15
RANKED = 200
REPEATS = 3
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
NAMES = ["นางสมศรี ทองมา", "นายประเสริฐ แก้วมณี", "นางสาวกิ่งแก้ว ศรีสุวรรณ์",
         "นายณัฐวุฒิ เพชรรัตนพงศ์ไพบูลย์"]  # fmt: skip


def _repeat(call: Callable[[], Any]) -> Summary:
    call()
    samples = []
    for _ in range(REPEATS):
        with Timer() as timer:
            call()
        samples.append(timer.seconds)
    return Summary.of(samples)


def _closed_meeting_with_a_ranking() -> Any:
    committee = make_committee(size=MEMBERS)
    meeting = make_meeting(committee, day=date(2014, 3, 10))
    present(meeting, MEMBERS - 2)
    services.meeting_hold(meeting=meeting, started_time=time(9, 30), actor=secretary())
    item = services.agenda_item_add(
        meeting=meeting,
        section=4,
        title="พิจารณาจัดลำดับผู้ขอกู้ยืมเงินทุนหมุนเวียน ประจำปีงบประมาณ 2557",
        details="ฝ่ายเลขานุการเสนอผลการให้คะแนนตามเกณฑ์ของสำนักงานเขตพื้นที่",
        actor=secretary(),
    )
    services.agenda_item_set_table(
        item=item,
        title="ผลการจัดลำดับ",
        columns=["ลำดับ", "ชื่อ-สกุล", "โรงเรียน", "วงเงินที่ขอ", "คะแนน"],
        rows=[
            [
                str(n),
                f"{NAMES[n % len(NAMES)]} {n}",
                "โรงเรียนบ้านควนขนุน",
                f"{200000 - n * 500:,}.00",
                f"{95 - n * 0.3:.2f}",
            ]
            for n in range(1, RANKED + 1)
        ],
        widths=[1, 4, 4, 2, 1.5],
        actor=secretary(),
    )
    services.agenda_item_resolve(item=item, resolution="อนุมัติตามเสนอ", actor=secretary())
    return services.meeting_close(
        meeting=meeting,
        ended_time=time(12, 0),
        minutes_taker_name="นายเลขา ขยันงาน",
        minutes_taker_position="นักทรัพยากรบุคคลชำนาญการ",
        minutes_checker_name="นายประธาน ใจกว้าง",
        minutes_checker_position="ประธานอนุกรรมการ",
        actor=secretary(),
    )


def test_a_committee_of_fifteen_and_its_minutes(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        meeting = _closed_meeting_with_a_ranking()
        committee = meeting.committee

        def pdf() -> bytes:
            return minutes_pdf(meeting, office_name=OFFICE, thai_digits=True)

        document = PdfReader(io.BytesIO(pdf()))
        pages = len(document.pages)
        last_pages = "".join(page.extract_text() for page in document.pages[-2:])
        last_pages = last_pages.replace("\u200b", "")  # the word-break marks
        assert 3 < pages <= 20 and "ผู้ตรวจรายงานการประชุม" in last_pages
        measured = [(f"minutes PDF, {MEMBERS} members, {RANKED}-row ranking, {pages} pages",
                     _repeat(pdf))]  # fmt: skip
    officer = office_client(office_a, "welfare_officer")
    meeting_url = f"/committees/{committee.pk}/meetings/{meeting.pk}/"
    committee_url = f"/committees/{committee.pk}/"

    def meeting_page() -> None:
        response = officer.get(meeting_url)
        assert response.status_code == 200
        assert response.content.count("กรรมการ".encode()) >= MEMBERS
        assert f"{NAMES[RANKED % len(NAMES)]} {RANKED}".encode() in response.content

    def committee_page() -> None:
        assert officer.get(committee_url).status_code == 200

    measured += [
        (f"meeting page, {MEMBERS} members, {RANKED}-row table", _repeat(meeting_page)),
        (f"committee page, {MEMBERS} members, 1 meeting", _repeat(committee_page)),
    ]
    print_table("Committees", SUMMARY_HEADERS, [row(label, s) for label, s in measured])
    for label, summary in measured:
        record_summary("committees", label, summary, members=MEMBERS, rows=RANKED, pages=pages)
