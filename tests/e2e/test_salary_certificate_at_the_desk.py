"""In Chromium: an officer takes a desk ticket for a salary certificate, receives the request
with an instalment the net pay cannot carry (the check fails), lowers it (the check passes),
proposes it for signature (and may not sign it), the director signs it, the officer prints the
letter, whose QR code holds the public verification link; that page says the certificate is
valid, and once the office revokes it, that it is revoked."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

NATIONAL_ID = "3930100123488"
PROGRAMME = "ธนาคารกรุงไทย จำกัด (มหาชน): สินเชื่ออเนกประสงค์สวัสดิการภาครัฐ"


@pytest.fixture
def teacher_with_pay(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """A committed teacher of office alpha with last month's payslip; everything the flow
    creates is removed afterwards."""
    from accounts.models import User
    from apps.certificates.models import Certificate, CertificateNumberCounter
    from apps.onestop.models import ServiceRequest, TicketCounter
    from apps.payroll.models import DeductionInstruction, Payslip
    from apps.payroll.services import LineData, payslip_save
    from apps.people.models import Person
    from core.thai import fiscal_year_of

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id=NATIONAL_ID)
            certificates = Certificate.objects.filter(person__in=people)
            tickets = list(certificates.values_list("service_request_id", flat=True))
            for certificate in certificates:
                certificate.guarantors.all().delete()
            certificates.delete()
            ServiceRequest.objects.filter(pk__in=tickets).delete()
            ServiceRequest.objects.filter(person__in=people).delete()
            today = timezone.localdate()
            TicketCounter.objects.filter(day=today).delete()
            CertificateNumberCounter.objects.filter(be_year=fiscal_year_of(today).be_year).delete()
            Payslip.objects.filter(person__in=people).delete()
            DeductionInstruction.objects.filter(person__in=people).delete()
            people.delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            person = Person.objects.create(
                national_id=NATIONAL_ID,
                title="นาย",
                first_name_th="ประเสริฐ",
                last_name_th="แก้วมณี",
                birth_date=date(1978, 6, 12),
                category="teacher",
                position="ครู",
                academic_standing="ชำนาญการพิเศษ",
            )
            last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
            payslip_save(
                person=person,
                month=last_month,
                lines=[
                    LineData("salary", Decimal("32000")),
                    LineData("academic_standing", Decimal("5600")),
                    LineData("tax", Decimal("900")),
                    LineData("cooperative", Decimal("14000")),
                ],
                actor=User.objects.get(username="finance_officer"),
            )
        try:
            yield
        finally:
            clean()


def _fetch(page: object, url: str) -> tuple[str, bytes]:
    """A document opened from the page, with its session (Chromium resolves *.localhost, the
    test's own HTTP client does not)."""
    content_type, content = page.evaluate(  # type: ignore[attr-defined]
        """async url => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.headers.get("content-type"), Array.from(bytes)];
        }""",
        url,
    )
    return content_type, bytes(content)


def _qr_link_in(pdf: bytes) -> str:
    """The link the letter's QR code holds: the PDF's image read module by module and matched
    against the QR code of the link printed beside it (a QR code of any other text differs)."""
    import re

    import segno
    from PIL import Image
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text()
    match = re.search(r"https?://\S+/v/[\w-]+/", text)
    assert match, text
    link = match.group(0)
    (image,) = page.images
    picture = Image.open(io.BytesIO(image.data)).convert("L")
    expected = segno.make(link, error="m")
    modules = len(expected.matrix)
    size = picture.width / (modules + 2)  # a border of one module
    for row, line in enumerate(expected.matrix):
        for column, dark in enumerate(line):
            x, y = int((column + 1.5) * size), int((row + 1.5) * size)
            assert (picture.getpixel((x, y)) < 128) == bool(dark), (row, column)
    return link


def test_a_salary_certificate_from_the_desk_to_its_verification(
    teacher_with_pay: None, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    from core.thai import fiscal_year_of

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The desk: a ticket for the teacher, called to counter 2, its form opened.
    page.goto(f"{alpha}/desk/")
    page.get_by_label("บริการ", exact=True).select_option(label="หนังสือรับรองเงินเดือน")
    page.get_by_label("เลขประจำตัวประชาชน (ถ้ามี)").fill(NATIONAL_ID)
    page.get_by_role("button", name="ออกบัตรคิว").click()
    page.get_by_label("ช่องบริการ").fill("2")
    page.get_by_role("button", name="เรียกคิวถัดไป").click()
    mine = page.locator(".desk-mine")
    expect(mine).to_contain_text("ประเสริฐ แก้วมณี")
    mine.get_by_role("button", name="เปิดแบบฟอร์มของบริการนี้").click()
    expect(page.locator("h1")).to_have_text("ขอหนังสือรับรองเงินเดือน")
    expect(page.get_by_label("เลขประจำตัวประชาชนของผู้กู้")).to_have_value(NATIONAL_ID)

    # 37,600 − 14,900 = 22,700 in hand; the floor is 30 % of 32,000 = 9,600: at most 13,100.
    page.get_by_label("ธนาคารและโครงการสินเชื่อ").select_option(label=PROGRAMME)
    page.get_by_label("วงเงินกู้ (บาท)").fill("600,000")
    page.get_by_label("ยอดผ่อนชำระต่อเดือน (บาท)").fill("15000")
    page.get_by_label("ระยะเวลาผ่อนชำระ (เดือน)").fill("60")
    page.get_by_label("วัตถุประสงค์การกู้").fill("ซ่อมแซมบ้าน")
    page.get_by_role("button", name="รับคำขอและตรวจเงินคงเหลือสุทธิ").click()
    expect(page.get_by_test_id("check")).to_have_text("ต่ำกว่าเกณฑ์ (เตือน)")
    expect(page.get_by_test_id("headroom")).to_contain_text("13,100.00")

    # A lower instalment passes.
    page.get_by_text("แก้ไขยอดผ่อนแล้วตรวจใหม่").click()
    page.get_by_label("ยอดผ่อนชำระต่อเดือน (บาท)").fill("9000")
    page.get_by_label("วงเงินกู้ (บาท)").fill("400000")
    page.get_by_role("button", name="ตรวจใหม่").click()
    expect(page.get_by_test_id("check")).to_have_text("ผ่านเกณฑ์")
    page.get_by_role("button", name="เสนอลงนาม").click()
    expect(page.get_by_test_id("status")).to_have_text("จัดทำแล้ว รอลงนาม")
    expect(page.get_by_role("button", name="ลงนาม", exact=True)).to_have_count(0)  # not hers
    certificate_url = page.url

    # The director signs.
    assert page.context.browser is not None
    director = page.context.browser.new_context(locale="th-TH").new_page()
    director.goto(f"{alpha}/accounts/login/")
    sign_in(director, "approver", PASSWORD)
    director.goto(certificate_url)
    director.get_by_role("button", name="ลงนาม", exact=True).click()
    expect(director.get_by_test_id("status")).to_have_text("ลงนามและออกหนังสือแล้ว")
    director.context.close()

    # The officer prints the letter: its QR code holds the verification link shown.
    page.goto(certificate_url)
    number = page.get_by_test_id("number").inner_text()
    assert number == f"0001/{fiscal_year_of(timezone.localdate()).be_year}"
    content_type, letter = _fetch(page, page.get_by_test_id("letter").get_attribute("href") or "")
    assert content_type == "application/pdf"
    link = _qr_link_in(letter)
    assert link == page.get_by_test_id("verify-url").inner_text()
    page.get_by_role("button", name="ส่งมอบแล้ว").click()

    # Anyone holding the letter: the QR code's page, without signing in.
    bank = page.context.browser.new_context(locale="th-TH").new_page()
    bank.goto(link)
    expect(bank.get_by_test_id("validity")).to_contain_text("ใช้ได้")
    expect(bank.get_by_test_id("number")).to_have_text(number)
    expect(bank.locator("main")).to_contain_text("ธนาคารกรุงไทย")
    expect(bank.locator("main")).not_to_contain_text("แก้วมณี")  # the surname is masked
    expect(bank.locator("main")).not_to_contain_text(NATIONAL_ID)

    # The office revokes it; the same page now says so.
    page.goto(certificate_url)
    page.get_by_text("เพิกถอน", exact=True).click()
    page.get_by_label("เหตุผล").fill("ผู้กู้ขอยกเลิกการยื่นกู้")
    page.get_by_role("button", name="เพิกถอนหนังสือรับรอง").click()
    expect(page.get_by_test_id("revoked")).to_contain_text("ผู้กู้ขอยกเลิกการยื่นกู้")
    bank.reload()
    expect(bank.get_by_test_id("validity")).to_contain_text("ถูกเพิกถอนแล้ว")
    bank.screenshot(path="/tmp/certificate_revoked.png", full_page=True)  # noqa: S108
    bank.context.close()
