"""The minutes (รายงานการประชุม) as a PDF: the official parts in order, read back from the PDF
with pypdf; a module's table under its item; Thai digits; a draft until
closed."""

from __future__ import annotations

import io
import re
from datetime import date, time

import pytest
from pypdf import PdfReader

from apps.committees import selectors, services
from apps.committees.documents import minutes_pdf
from apps.committees.minutes import MinutesTable, register_contribution, unregister_contribution
from apps.committees.models import AgendaItem, Meeting
from tenants.models import Office
from tests.committees.factories import make_committee, make_meeting, secretary

pytestmark = pytest.mark.django_db

OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1"


def text_of(pdf: bytes) -> str:
    """The PDF's text as pypdf reads it back, spaces collapsed (the document puts zero-width
    spaces between Thai words, where a line may break: dropped)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"[ \t]+", " ", text.replace("\u200b", ""))


def closed_meeting() -> Meeting:
    committee = make_committee(size=5)
    meeting = make_meeting(committee, day=date(2014, 3, 10), venue="ห้องประชุมหม่อมจุ้ย")
    members = selectors.active_members(committee, on=meeting.date)
    statuses = {m.pk: "present" for m in members}
    services.attendance_record_many(meeting=meeting, statuses=statuses, actor=secretary())
    services.attendance_record(
        meeting=meeting,
        membership=members[2],
        status="on_leave",
        note="ลาป่วย",
        actor=secretary(),
    )
    services.guest_add(
        meeting=meeting,
        name="นายสินเชื่อ ธนาคาร",
        position="พนักงานสินเชื่อ",
        organisation="ธ.ก.ส.",
        actor=secretary(),
    )
    services.meeting_hold(meeting=meeting, started_time=time(9, 30), actor=secretary())
    announce = services.agenda_item_add(
        meeting=meeting,
        section=1,
        title="การจัดสรรวงเงินกองทุนฯ ครั้งที่ 1",
        details="ประธานแจ้งวงเงินที่ได้รับจัดสรร",
        actor=secretary(),
    )
    services.agenda_item_resolve(item=announce, resolution="รับทราบ", actor=secretary())
    ranking = services.agenda_item_add(
        meeting=meeting,
        section=4,
        title="พิจารณาคัดเลือกผู้กู้ยืม",
        subject="revolvingfund.round:12",
        actor=secretary(),
    )
    services.agenda_item_set_table(
        item=ranking,
        columns=["ลำดับ", "ชื่อ-สกุล", "คะแนน"],
        rows=[["1", "นางสมศรี ใจดี", "87.50"], ["2", "นายสมชาย รักดี", "80.00"]],
        title="ผลการคัดเลือก",
        actor=secretary(),
    )
    services.agenda_item_resolve(item=ranking, resolution="อนุมัติตามเสนอ", actor=secretary())
    return services.meeting_close(
        meeting=meeting,
        ended_time=time(12, 0),
        minutes_taker_name="นายเลขา ขยันงาน",
        minutes_taker_position="นักทรัพยากรบุคคลชำนาญการ",
        minutes_checker_name="นายประธาน ใจกว้าง",
        minutes_checker_position="ประธานกรรมการ",
        actor=secretary(),
    )


def test_the_minutes_have_the_official_parts_in_order(in_alpha: Office) -> None:
    meeting = closed_meeting()
    pdf = minutes_pdf(meeting, office_name=OFFICE)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    parts = [
        "รายงานการประชุมคณะอนุกรรมการบริหารเงินทุนหมุนเวียน",
        "ครั้งที่ 1/2557",
        "เมื่อวันจันทร์ที่ 10 มีนาคม พ.ศ. 2557",
        "ณ ห้องประชุมหม่อมจุ้ย",
        "ผู้มาประชุม",
        "ผู้ไม่มาประชุม",
        "ลาป่วย",
        "ผู้เข้าร่วมประชุม",
        "นายสินเชื่อ ธนาคาร",
        "เริ่มประชุมเวลา 09.30 น.",
        "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
        "1.1 การจัดสรรวงเงินกองทุนฯ ครั้งที่ 1",
        "มติที่ประชุม รับทราบ",
        "ระเบียบวาระที่ 2",
        "ระเบียบวาระที่ 4 เรื่องเพื่อพิจารณา",
        "4.1 พิจารณาคัดเลือกผู้กู้ยืม",
        "ผลการคัดเลือก",
        "นางสมศรี ใจดี",
        "87.50",
        "มติที่ประชุม อนุมัติตามเสนอ",
        "ระเบียบวาระที่ 5 เรื่องอื่น ๆ",
        "เลิกประชุมเวลา 12.00 น.",
        "ผู้จดรายงานการประชุม",
        "(นายเลขา ขยันงาน)",
        "ผู้ตรวจรายงานการประชุม",
        "(นายประธาน ใจกว้าง)",
    ]
    positions = []
    for part in parts:
        assert part in text, part
        positions.append(text.index(part))
    assert positions == sorted(positions)
    assert "ร่าง" not in text.split("รายงานการประชุม", 1)[0]
    # The member on leave is not listed as present.
    present_block = text.split("ผู้ไม่มาประชุม")[0]
    on_leave = selectors.active_members(meeting.committee, on=meeting.date)[2].name
    assert on_leave not in present_block


def test_thai_digits_and_a_draft_before_closing(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee, day=date(2014, 3, 10))
    text = text_of(minutes_pdf(meeting, office_name=OFFICE, thai_digits=True))
    assert "ร่าง" in text and "ครั้งที่ ๑/๒๕๕๗" in text and "พ.ศ. ๒๕๕๗" in text
    assert "2557" not in text


def test_a_module_contributes_a_table_by_subject_prefix(in_alpha: Office) -> None:
    committee = make_committee(size=3)
    meeting = make_meeting(committee)
    services.agenda_item_add(
        meeting=meeting,
        section=4,
        title="รับรองผล",
        subject="welfareshop.statement:2557",
        actor=secretary(),
    )
    seen: list[str] = []

    def statement(item: AgendaItem) -> MinutesTable:
        seen.append(item.subject)
        return MinutesTable(columns=["เดือน", "รับ"], rows=[["ตุลาคม", "1,250.00"]], title="งบ")

    register_contribution("welfareshop.statement:", statement)
    try:
        text = text_of(minutes_pdf(meeting, office_name=OFFICE))
    finally:
        unregister_contribution("welfareshop.statement:")
    assert seen == ["welfareshop.statement:2557"]
    assert "1,250.00" in text and "ตุลาคม" in text
    with pytest.raises(ValueError, match="prefix"):
        register_contribution("nocolon", statement)
