"""The health check's documents: the schedule register (PDF with Thai digits on request, XLSX),
the circular, the reminder list and the summary, which counts and names no result."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.healthchecks import documents, selectors, services
from core.thai import fiscal_year
from tests.healthchecks.factories import book, make_campaign, on_day, staff, teacher
from tests.people.factories import make_school

pytestmark = pytest.mark.usefixtures("in_alpha")
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1"


def _text(pdf: bytes) -> str:
    raw = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"[\s\u200b\x03]+", "", raw)


def _keep(name: str, pdf: bytes) -> None:
    """KRUCARE_KEEP_PDF=<dir>: keep the PDF to look at it (pdftoppm -png -r 80)."""
    folder = os.environ.get("KRUCARE_KEEP_PDF")
    if folder:
        Path(folder, name).write_bytes(pdf)


def test_the_schedule_register_of_2557_in_thai_digits_and_xlsx() -> None:
    school = make_school(name_th="โรงเรียนบ้านควนขนุน")
    campaign = make_campaign(points=5, capacity=120)
    point = campaign.checkpoints.order_by("day").first()
    assert point is not None
    point.target_schools.set([school])
    rows = selectors.schedule(fiscal_year=fiscal_year(2557))
    pdf = documents.schedule_pdf(
        rows, office_name=OFFICE, fiscal_year=fiscal_year(2557), thai_digits=True
    )
    _keep("schedule.pdf", pdf)
    text = _text(pdf)
    assert "กำหนดการตรวจสุขภาพประจำปี๒๕๕๗" in text
    assert "๒๖ก.ย.๒๕๕๗" in text and "๓๐ก.ย.๒๕๕๗" in text
    assert "โรงเรียนบ้านควนขนุน" in text
    book_ = load_workbook(
        io.BytesIO(documents.schedule_xlsx(rows, office_name=OFFICE, fiscal_year=fiscal_year(2557)))
    )
    sheet = book_.active
    assert sheet is not None
    assert [c.value for c in sheet[3]][:4] == ["ที่", "วันที่", "เวลา", "จุดตรวจ"]
    assert sheet.max_row == 3 + 5


def test_the_circular_roster_and_summary() -> None:
    campaign = make_campaign(points=2, capacity=3)
    points = list(campaign.checkpoints.order_by("day"))
    people = [teacher(first_name_th=f"ครู{n}") for n in range(3)]
    signups = [book(points[0], person) for person in people]
    services.checkin(signup=signups[0], officer=staff(), at=on_day(points[0]))
    services.walk_in(
        checkpoint=points[0],
        person=teacher(category="pensioner"),
        officer=staff(),
        at=on_day(points[0]),
    )
    circular = documents.circular_pdf(
        campaign,
        points,
        office_name=OFFICE,
        signup_url="https://alpha.example/h/",
        thai_digits=False,
    )
    _keep("circular.pdf", circular)
    text = _text(circular)
    assert campaign.circular_number.replace(" ", "") in text
    assert "ระหว่างวันที่26กันยายน2557ถึงวันที่27กันยายน2557" in text
    roster = documents.roster_pdf(
        points[0], selectors.roster(points[0]), office_name=OFFICE, thai_digits=False
    )
    _keep("roster.pdf", roster)
    assert "ครู0" in _text(roster) and "ลงชื่อมาตรวจ" in _text(roster)
    counted = selectors.summary(campaign=campaign)
    summary = documents.summary_pdf(campaign, counted, office_name=OFFICE, thai_digits=False)
    _keep("summary.pdf", summary)
    first = counted.rows[0]
    assert (first.booked, first.attended, first.walk_ins) == (3, 2, 1)
    assert first.by_category == {"teacher": 1, "pensioner": 1}
    assert counted.totals.attended == 2
    assert "ครู0" not in _text(summary)  # counts only
