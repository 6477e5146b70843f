"""The minutes of a meeting (รายงานการประชุม) as a PDF, in the format Thai government offices
use: the heading (the committee, ครั้งที่, the day in B.E., the venue); ผู้มาประชุม,
ผู้ไม่มาประชุม (with the reason), ผู้เข้าร่วมประชุม; เริ่มประชุมเวลา; ระเบียบวาระที่ 1–5 with
each item's details, its tables and มติที่ประชุม; เลิกประชุมเวลา; and the signature lines of
ผู้จดรายงานการประชุม and ผู้ตรวจรายงานการประชุม. Before the meeting is closed the document is a
draft (marked so). Modules add tables to items (`apps.committees.minutes`)."""

from __future__ import annotations

from datetime import time

from apps.committees import selectors
from apps.committees.minutes import MinutesTable, tables_for
from apps.committees.models import (
    SECTION_TH,
    AgendaItem,
    AgendaSection,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from core.documents import FONT, Column, ThaiDocument

SIZE = 15
LINE = 7.5
INDENT = 12.0  # mm: items under an agenda heading
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
ABSENCE_TH = {AttendanceStatus.ON_LEAVE: "ลา", AttendanceStatus.ABSENT: "ไม่มาประชุม"}


class MinutesDocument(ThaiDocument):
    """The minutes: no running heading (they have their own), a page number after page one."""

    def header(self) -> None:
        pass

    def footer(self) -> None:
        if self.page_no() > 1:
            super().footer()

    def text_line(
        self, text: str, *, bold: bool = False, indent: float = 0.0, align: str = "L"
    ) -> None:
        self.set_font(FONT, "B" if bold else "", SIZE)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.epw - indent, LINE, self.th(text), align=align, new_x="LMARGIN", new_y="NEXT"
        )

    def label_and_text(self, label: str, text: str, *, indent: float) -> None:
        """`label` in bold, then `text` wrapped beside it (มติที่ประชุม …)."""
        self.set_font(FONT, "B", SIZE)
        self.set_x(self.l_margin + indent)
        shown = self.th(label)
        width = self.get_string_width(shown) + 3
        self.cell(width, LINE, shown)
        self.set_font(FONT, "", SIZE)
        self.multi_cell(
            self.epw - indent - width, LINE, self.th(text), new_x="LMARGIN", new_y="NEXT"
        )


def _clock(value: time | None) -> str:
    return f"{value:%H.%M} น." if value else "..........."


def _people(doc: MinutesDocument, title: str, rows: list[tuple[str, str, str]]) -> None:
    """A numbered list of people: name, position, role or reason."""
    doc.text_line(title, bold=True)
    if not rows:
        doc.text_line("- ไม่มี -", indent=INDENT)
        return
    name_width = 70.0
    for number, (name, position, role) in enumerate(rows, start=1):
        doc.set_font(FONT, "", SIZE)
        doc.set_x(doc.l_margin + 6)
        doc.cell(8, LINE, doc.th(f"{number}."))
        top = doc.get_y()
        doc.multi_cell(name_width, LINE, doc.th(name), new_x="RIGHT", new_y="TOP")
        name_bottom = doc.get_y()
        doc.set_xy(doc.l_margin + 6 + 8 + name_width, top)
        text = "  ".join(filter(None, [position, role]))
        doc.multi_cell(0, LINE, doc.th(text), new_x="LMARGIN", new_y="NEXT")
        doc.set_y(max(doc.get_y(), name_bottom, top + LINE))


def _table(doc: MinutesDocument, table: MinutesTable) -> None:
    if table.title:
        doc.text_line(table.title, bold=True, indent=INDENT)
    widths = list(table.widths) or [1.0] * len(table.columns)
    columns = [
        Column(str(heading), width, "RIGHT" if _numeric(table.rows, i) else "LEFT")
        for i, (heading, width) in enumerate(zip(table.columns, widths, strict=True))
    ]
    doc.ruled_table(columns, [list(row) for row in table.rows], font_size=12)
    doc.ln(2)


def _numeric(rows: object, index: int) -> bool:
    """Whether every cell of column `index` is a number (aligned right)."""
    cells = [str(row[index]) for row in rows]  # type: ignore[attr-defined]
    return bool(cells) and all(c.replace(",", "").replace(".", "", 1).isdigit() for c in cells)


def _item(doc: MinutesDocument, item: AgendaItem) -> None:
    doc.text_line(f"{item.number} {item.title}", bold=True, indent=INDENT / 2)
    if item.details:
        for paragraph in item.details.splitlines():
            if paragraph.strip():
                doc.text_line(paragraph.strip(), indent=INDENT)
    for table in tables_for(item):
        _table(doc, table)
    doc.label_and_text("มติที่ประชุม", item.resolution or "-", indent=INDENT)
    doc.ln(1)


def _signature(doc: MinutesDocument, role: str, name: str, position: str) -> None:
    """ "(ลงชื่อ) ........ <role>" on the right half, the name in brackets and the position
    centred under the dotted line."""
    if doc.get_y() + 4 * LINE > doc.h - doc.b_margin:
        doc.add_page()
    doc.set_font(FONT, "", SIZE)
    signed, dots, role_text = doc.th("(ลงชื่อ)"), "." * 40, doc.th(role)
    dots_width = doc.get_string_width(dots)
    total = doc.get_string_width(f"{signed} {dots} {role_text}")
    # Both signature blocks start at one left edge: that of the longer role's line.
    longest = doc.get_string_width(f"{signed} {dots} {doc.th('ผู้ตรวจรายงานการประชุม')}")
    left = doc.l_margin + doc.epw - max(total, longest)
    doc.ln(LINE)
    doc.set_x(left)
    doc.cell(total, LINE, f"{signed} {dots} {role_text}", new_x="LMARGIN", new_y="NEXT")
    dots_left = left + doc.get_string_width(f"{signed} ")
    for text in (f"({name})" if name else "(" + "." * 40 + ")", position):
        if text:
            doc.set_x(dots_left - 10)
            doc.cell(dots_width + 20, LINE, doc.th(text), align="C", new_x="LMARGIN", new_y="NEXT")


def minutes_pdf(meeting: Meeting, *, office_name: str, thai_digits: bool = False) -> bytes:
    """The minutes of `meeting` as the office prints them (a draft until the meeting closes)."""
    committee = meeting.committee
    doc = MinutesDocument(
        title=f"รายงานการประชุม{committee.name_th} ครั้งที่ {meeting.number_label}",
        office_name=office_name,
        thai_digits=thai_digits,
    )
    doc.set_margins(25, 20, 20)
    doc.add_page()
    if not meeting.is_closed:
        doc.set_text_color(170, 0, 0)
        doc.text_line("ร่าง — ยังไม่ได้ปิดรายงานการประชุม", align="C")
        doc.set_text_color(0)
    if meeting.status == MeetingStatus.CANCELLED:
        doc.text_line(f"การประชุมครั้งนี้ถูกยกเลิก: {meeting.cancel_reason}", align="C")
    doc.text_line(f"รายงานการประชุม{committee.name_th}", bold=True, align="C")
    doc.text_line(f"ครั้งที่ {meeting.number_label}", bold=True, align="C")
    weekday = WEEKDAYS_TH[meeting.date.weekday()]
    day = meeting.date.day
    month_year = doc.be_date(meeting.date, "long").split(" ", 1)[1]
    doc.text_line(f"เมื่อวัน{weekday}ที่ {day} {month_year.replace(' ', ' พ.ศ. ', 1)}", align="C")
    doc.text_line(f"ณ {meeting.venue}", align="C")
    doc.set_draw_color(0)
    y = doc.get_y() + 2
    doc.set_line_width(0.3)
    doc.line(doc.l_margin + doc.epw * 0.3, y, doc.l_margin + doc.epw * 0.7, y)
    doc.set_y(y + 3)

    sheet = selectors.attendance_sheet(meeting)
    presiding_id = meeting.presided_by_id
    present = [
        (line.membership.name, line.membership.position_line,
         line.membership.role_th + (" (ประธานในที่ประชุม)"
                                    if line.membership.pk == presiding_id
                                    and line.membership.role != "chair" else ""))
        for line in sheet
        if line.membership is not None and line.status == AttendanceStatus.PRESENT
    ]  # fmt: skip
    away = [
        (
            line.membership.name,
            line.membership.position_line,
            (line.attendance.note if line.attendance and line.attendance.note else "")
            or ABSENCE_TH.get(AttendanceStatus(line.status), "")
            if line.status
            else "",
        )
        for line in sheet
        if line.membership is not None and line.status != AttendanceStatus.PRESENT
    ]
    guests = [
        (
            line.name,
            " ".join(filter(None, [line.attendance.position, line.attendance.organisation])),
            "",
        )
        for line in sheet
        if line.membership is None and line.attendance is not None
    ]
    _people(doc, "ผู้มาประชุม", present)
    doc.ln(1)
    _people(doc, "ผู้ไม่มาประชุม", away)
    doc.ln(1)
    _people(doc, "ผู้เข้าร่วมประชุม", guests)
    doc.ln(2)

    doc.text_line(f"เริ่มประชุมเวลา {_clock(meeting.started_time)}", bold=True)
    presiding = meeting.presided_by
    if presiding is not None:
        doc.text_line(
            f"{presiding.name} {presiding.role_th} ทำหน้าที่ประธานในที่ประชุม เมื่อครบองค์ประชุมแล้ว"
            " ได้กล่าวเปิดการประชุมและดำเนินการประชุมตามระเบียบวาระ ดังนี้",
            indent=INDENT,
        )
    doc.ln(1)
    items = selectors.agenda(meeting)
    for section in AgendaSection:
        doc.text_line(f"ระเบียบวาระที่ {section.value} {SECTION_TH[section]}", bold=True)
        under = [item for item in items if item.section == section.value]
        if not under:
            doc.text_line("- ไม่มี -", indent=INDENT)
        for item in under:
            _item(doc, item)
        doc.ln(1)
    doc.text_line(f"เลิกประชุมเวลา {_clock(meeting.ended_time)}", bold=True)
    _signature(doc, "ผู้จดรายงานการประชุม", meeting.minutes_taker_name, meeting.minutes_taker_position)
    _signature(
        doc, "ผู้ตรวจรายงานการประชุม", meeting.minutes_checker_name, meeting.minutes_checker_position
    )
    return doc.output_bytes()
