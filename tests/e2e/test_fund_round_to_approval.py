"""In Chromium, the revolving fund's round from the call to the approved list: the officer opens
the round from the centre's allocation and publishes the call; anyone sees it on the office's
public page and opens the circular; a teacher's ทป.1 is received at the desk under a ticket, is
returned for a missing document, then is complete and eligible; the round goes before the
subcommittee's quorate meeting, each member present scores it, the officer ranks it within the
allocation (and may not confirm), the chair confirms; the minutes PDF carries the ranking and
the register lists the borrower."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

BORROWER = "3930100223482"
GUARANTORS = ("3930100223504", "3930100223512")
_BLOCKER: list[Any] = []


def _be(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def _fiscal_year() -> int:
    from core.thai import fiscal_year_of

    return fiscal_year_of(timezone.localdate()).be_year


def _clean() -> None:
    from apps.committees.models import (
        AgendaItem,
        AppointmentOrder,
        Attendance,
        Committee,
        ConflictDeclaration,
        Meeting,
        MeetingCounter,
        Membership,
    )
    from apps.onestop.models import ServiceRequest, TicketCounter
    from apps.payroll.models import Payslip
    from apps.people.models import Person
    from apps.revolvingfund.models import Application, FundNumberCounter, Round
    from central.fund import FundAllocation
    from outbox.models import OutboxEvent

    with schema_context("esa_alpha"):
        people = Person.objects.filter(national_id__in=(BORROWER, *GUARANTORS))
        applications = Application.objects.filter(person__in=people)
        tickets = list(applications.values_list("service_request_id", flat=True))
        for application in applications:
            application.scores.all().delete()
            application.documents.all().delete()
            application.guarantors.all().delete()
            application.debts.all().delete()
        applications.delete()
        Round.objects.all().delete()
        ServiceRequest.objects.filter(pk__in=tickets).delete()
        ServiceRequest.objects.filter(person__in=people).delete()
        TicketCounter.objects.filter(day=timezone.localdate()).delete()
        FundNumberCounter.objects.all().delete()
        committees = Committee.objects.filter(kind="revolvingfund.subcommittee")
        ConflictDeclaration.objects.filter(committee__in=committees).delete()
        AgendaItem.objects.filter(meeting__committee__in=committees).delete()
        Attendance.objects.filter(meeting__committee__in=committees).delete()
        Meeting.objects.filter(committee__in=committees).delete()
        MeetingCounter.objects.filter(committee__in=committees).delete()
        Membership.objects.filter(committee__in=committees).delete()
        AppointmentOrder.objects.filter(committee__in=committees).delete()
        committees.delete()
        OutboxEvent.objects.filter(resource="revolvingfund.approval").delete()
        Payslip.objects.filter(person__in=people).delete()
        people.delete()
    with schema_context("public"):
        FundAllocation.objects.filter(office__code="alpha").delete()


@pytest.fixture
def fund_ready(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The centre's allocation for office alpha's round 1 this fiscal year (200,000 baht), a
    teacher and two guarantors with last month's payslips, the office's subcommittee."""
    from accounts.models import User
    from apps.committees import services as committee_services
    from apps.committees.services import MemberData
    from apps.payroll.services import LineData, payslip_save
    from apps.people.models import Person
    from apps.revolvingfund import ranking
    from central.fund import FundAllocation
    from tenants.models import Office

    _BLOCKER[:] = [django_db_blocker]
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _clean()
        with schema_context("public"):
            FundAllocation.objects.create(
                office=Office.objects.get(code="alpha"),
                fiscal_year=_fiscal_year(),
                round_number=1,
                amount=Decimal("200000"),
                source="หนังสือแจ้งจัดสรร (ทดสอบ)",
            )
        with schema_context("esa_alpha"):
            last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
            names = (("ประเสริฐ", "แก้วกล้า"), ("สมใจ", "ค้ำดี"), ("มานพ", "ค้ำมั่น"))
            for national_id, (first, last) in zip((BORROWER, *GUARANTORS), names, strict=True):
                person = Person.objects.create(
                    national_id=national_id,
                    title="นาย",
                    first_name_th=first,
                    last_name_th=last,
                    birth_date=date(1975, 3, 2),
                    category="teacher",
                    position="ครู",
                )
                payslip_save(
                    person=person,
                    month=last_month,
                    lines=[
                        LineData("salary", Decimal("31000")),
                        LineData("cooperative", Decimal("9000")),
                    ],
                    actor=User.objects.get(username="finance_officer"),
                )
            officer = User.objects.get(username="welfare_officer")
            committee = ranking.subcommittee_ensure(actor=officer)
            committee_services.appointment_order_record(
                committee=committee,
                number="e2e-1/2569",
                order_date=date(2026, 10, 1),
                signed_by_name="นายผู้อำนวยการ ทดสอบ",
                signed_by_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
                effective_from=date(2026, 10, 1),
                members=[
                    MemberData(
                        "chair",
                        name="นายประธาน ทดสอบ",
                        user=User.objects.get(username="fund_committee"),
                    ),
                    MemberData("member", name="นายกรรมการ สินเชื่อ", position="พนักงานสินเชื่อ"),
                    MemberData("secretary", name="นางเลขา ทดสอบ", user=officer),
                ],
                actor=officer,
            )
        try:
            yield
        finally:
            _clean()


def _hold_meeting() -> None:
    """The secretariat schedules today's meeting, records everyone present and opens it (the
    committees' own pages do this; here through their services, from a thread of its own:
    Playwright's loop runs in the test's thread, where Django refuses the database)."""

    def work() -> None:
        from django.db import connection

        from accounts.models import User
        from apps.committees import services as committee_services
        from apps.committees.models import Committee

        try:
            with _BLOCKER[0].unblock(), schema_context("esa_alpha"):
                officer = User.objects.get(username="welfare_officer")
                committee = Committee.objects.get(kind="revolvingfund.subcommittee")
                meeting = committee_services.meeting_schedule(
                    committee=committee, date=timezone.localdate(), start_time=time(8, 0),
                    venue="ห้องประชุม 1", actor=officer,
                )  # fmt: skip
                committee_services.attendance_record_many(
                    meeting=meeting,
                    statuses={m.pk: "present" for m in committee.memberships.all()},
                    actor=officer,
                )
                committee_services.meeting_hold(
                    meeting=meeting, started_time=time(8, 0), actor=officer
                )
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


def _fetch(page: Any, url: str) -> tuple[str, bytes]:
    content_type, content = page.evaluate(
        """async url => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.headers.get("content-type"), Array.from(bytes)];
        }""",
        url,
    )
    return content_type, bytes(content)


def _pdf_text(content: bytes) -> str:
    import io
    import re

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[\u200b\s]", "", text)


def test_a_fund_round_from_the_call_to_the_approved_list(
    fund_ready: None, page: Any, web_server: str, tmp_path: Any
) -> None:
    from playwright.sync_api import expect

    alpha = f"http://alpha.localhost:{web_server}"
    today = timezone.localdate()
    year = _fiscal_year()
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The round, from the centre's allocation; its call published.
    page.goto(f"{alpha}/fund/")
    page.get_by_text("เปิดรอบใหม่").click()
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill(str(year))
    page.get_by_label("ครั้งที่").fill("1")
    page.get_by_role("button", name="เปิดรอบ", exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"ครั้งที่ 1/{year}")
    page.get_by_label("รับสมัครตั้งแต่วันที่").fill(_be(today - timedelta(days=1)))
    page.get_by_label("รับสมัครถึงวันที่").fill(_be(today + timedelta(days=20)))
    page.get_by_role("button", name="ประกาศรับสมัคร").click()
    expect(page.get_by_role("link", name="หนังสือแจ้งโรงเรียน (PDF)")).to_be_visible()
    round_url = page.url

    # Anyone: the office's public page shows the call; the circular opens without signing in.
    assert page.context.browser is not None
    school = page.context.browser.new_context(locale="th-TH").new_page()
    school.goto(f"{alpha}/")
    calls = school.locator(".public-fund")
    expect(calls).to_contain_text(f"ครั้งที่ 1 ประจำปีงบประมาณ {year}")
    expect(calls).to_contain_text("สำเนาทะเบียนบ้าน")
    circular = calls.get_by_role("link", name="หนังสือแจ้งโรงเรียน (PDF)").get_attribute("href")
    content_type, letter = _fetch(school, circular or "")
    assert content_type == "application/pdf" and "500,000.00" in _pdf_text(letter)
    school.context.close()

    # The desk: a ticket for the fund, its form opened, the ทป.1 received.
    page.goto(f"{alpha}/desk/")
    page.get_by_label("บริการ", exact=True).select_option(label="เงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู")
    page.get_by_label("เลขประจำตัวประชาชน (ถ้ามี)").fill(BORROWER)
    page.get_by_role("button", name="ออกบัตรคิว").click()
    page.get_by_label("ช่องบริการ").fill("3")
    page.get_by_role("button", name="เรียกคิวถัดไป").click()
    page.locator(".desk-mine").get_by_role("button", name="เปิดแบบฟอร์มของบริการนี้").click()
    expect(page.locator("h1")).to_have_text("คำขอกู้ยืมเงินทุนหมุนเวียนฯ (ทป.1)")
    expect(page.get_by_label("เลขประจำตัวประชาชนของผู้กู้")).to_have_value(BORROWER)
    page.get_by_label("วันเริ่มรับราชการ").fill("16/05/2543")
    page.get_by_label("วงเงินที่ขอกู้ (บาท)").fill("200000")
    page.get_by_label("จำนวนงวดที่ขอผ่อนชำระ (เดือน)").fill("144")
    page.get_by_label("ผู้อำนวยการโรงเรียนรับรองแล้ว").check()
    page.get_by_label("ผู้อำนวยการโรงเรียน", exact=True).fill("นายสมหมาย ใจดี")
    page.get_by_label("หนี้รายการที่ 1: เจ้าหนี้").fill("สหกรณ์ออมทรัพย์ครูพัทลุง จำกัด")
    page.get_by_label("หนี้รายการที่ 1: ประเภทหนี้").select_option(label="สหกรณ์ออมทรัพย์")
    page.get_by_label("หนี้รายการที่ 1: ยอดหนี้คงเหลือ (บาท)").fill("260000")
    page.get_by_label("หนี้รายการที่ 1: ผ่อนชำระต่อเดือน (บาท)").fill("5200")
    page.get_by_label("หนี้รายการที่ 1: วันที่เริ่มเป็นหนี้").fill("05/01/2560")
    for n, national_id in enumerate(GUARANTORS, start=1):
        page.get_by_label(f"ผู้ค้ำประกันคนที่ {n}: เลขประจำตัวประชาชน").fill(national_id)
        page.get_by_label(f"ผู้ค้ำประกันคนที่ {n} ลงนามหนังสือยินยอมให้หักเงินเดือนแล้ว").check()
    page.get_by_role("button", name="รับคำขอ").click()
    expect(page.locator("hgroup")).to_contain_text("รับเรื่องแล้ว รอตรวจสอบ")
    application_url = page.url

    # The file without the house registration: returned with what is missing.
    for label in (
        "แบบคำขอกู้ยืม ทป.1",
        "หนังสือยินยอมให้หักเงินเดือนของผู้กู้",
        "แบบคำรับรองของหน่วยงานต้นสังกัดในการหักเงินเดือน",
        "สลิปเงินเดือน",
        "สำเนาบัตรประจำตัว",
    ):
        page.get_by_label("เอกสาร", exact=True).select_option(label=label)
        page.get_by_role("button", name="บันทึกเอกสาร").click()
    statement = tmp_path / "statement.pdf"
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="statement")
    statement.write_bytes(bytes(doc.output()))
    page.get_by_label("เอกสาร", exact=True).select_option(label="หนังสือรับรองยอดหนี้จากเจ้าหนี้")
    page.get_by_label("หนี้", exact=True).select_option(index=1)
    page.get_by_label("ไฟล์สแกน (PDF, JPEG หรือ PNG)").set_input_files(str(statement))
    page.get_by_role("button", name="บันทึกเอกสาร").click()
    page.get_by_role("button", name="ตรวจสอบความครบถ้วนและคุณสมบัติ").click()
    expect(page.locator("hgroup")).to_contain_text("คืนเรื่อง: เอกสารไม่ครบ")
    expect(page.get_by_role("alert").filter(has_text="เอกสารที่ยังขาด")).to_contain_text(
        "สำเนาทะเบียนบ้าน"
    )
    # The teacher brings it back: complete and eligible.
    page.get_by_label("เอกสาร", exact=True).select_option(label="สำเนาทะเบียนบ้าน")
    page.get_by_role("button", name="บันทึกเอกสาร").click()
    page.get_by_role("button", name="ตรวจสอบความครบถ้วนและคุณสมบัติ").click()
    expect(page.locator("hgroup")).to_contain_text("ผ่านคุณสมบัติ รอคณะอนุกรรมการพิจารณา")
    expect(page.locator("main")).to_contain_text("1,751.06")  # 200,000 at 4 % over 144

    # Applications close; the subcommittee meets with a quorum; the round goes before it.
    page.goto(round_url)
    page.get_by_role("button", name="ปิดรับสมัคร").click()
    _hold_meeting()
    page.reload()
    page.get_by_role("button", name="เสนอเข้าที่ประชุมนี้").click()

    # Each member present scores the file.
    page.goto(application_url)
    sheets = page.locator("form.score-sheet")
    expect(sheets).to_have_count(3)
    for index, (hardship, repayment, conduct, service) in enumerate(
        ((35, 25, 18, 8), (30, 24, 16, 9), (33, 26, 17, 7))
    ):
        sheet = page.locator("form.score-sheet").nth(index)
        sheet.locator("input[name=points_hardship]").fill(str(hardship))
        sheet.locator("input[name=points_repayment]").fill(str(repayment))
        sheet.locator("input[name=points_conduct]").fill(str(conduct))
        sheet.locator("input[name=points_service]").fill(str(service))
        sheet.get_by_role("button", name="บันทึกคะแนน").click()
        expect(page.get_by_text("บันทึกคะแนนแล้ว")).to_be_visible()

    # Ranked within the allocation by the officer, who may not confirm it.
    page.goto(round_url)
    page.get_by_role("button", name="จัดลำดับภายในวงเงินจัดสรร").click()
    expect(page.locator("hgroup")).to_contain_text("จัดลำดับแล้ว")
    expect(page.get_by_role("button", name="รับรองผลการพิจารณาของคณะอนุกรรมการ")).to_have_count(0)

    # The chair confirms the subcommittee's result.
    chair = page.context.browser.new_context(locale="th-TH").new_page()
    chair.goto(f"{alpha}/accounts/login/")
    sign_in(chair, "fund_committee", PASSWORD)
    chair.goto(round_url)
    chair.get_by_role("button", name="รับรองผลการพิจารณาของคณะอนุกรรมการ").click()
    expect(chair.locator("hgroup")).to_contain_text("คณะอนุกรรมการรับรองผลแล้ว")
    chair.context.close()

    # The minutes (the committees' PDF) carry the ranking; the register lists the borrower.
    page.goto(round_url)
    meeting_link = page.locator("a[href*='/committees/']").first.get_attribute("href") or ""
    content_type, minutes = _fetch(page, meeting_link.rstrip("/") + "/minutes.pdf")
    assert content_type == "application/pdf"
    text = _pdf_text(minutes)
    # The ranking under the round's item: rank, number, name, mean score, asked, result.
    assert "10001/" in text and "นายประเสริฐแก้วกล้า82.67200,000.00อนุมัติ200,000.00" in text
    page.goto(f"{alpha}/fund/register/?fy={year}")
    register = page.locator("table.register")
    expect(register).to_contain_text("นายประเสริฐ แก้วกล้า")
    expect(register).to_contain_text("200,000.00")
    expect(register).to_contain_text("1,751.06")
    expect(register).to_contain_text("นายสมใจ ค้ำดี")
