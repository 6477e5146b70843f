"""In Chromium: a welfare officer takes a desk ticket for a medical claim, opens the claim from
the ticket, is refused for the teacher's fourth child with the reason, claims for the third,
checks and approves; the finance officer pays and prints the receipt, whose amount is written
out in Thai words."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

NATIONAL_ID = "3930100123461"
HOSPITAL = "โรงพยาบาลพัทลุง"
FETCH_BYTES = """async (url) => {
  const response = await fetch(url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return [response.headers.get("content-type"), btoa(text)];
}"""
SCREENSHOTS = "/tmp"  # noqa: S108 (for a person to look at; nothing reads them back)


@pytest.fixture
def teacher_in_alpha(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """A committed teacher of office alpha with four children (the browser's server sees
    committed rows only); everything the flow creates is removed afterwards."""
    from apps.onestop.models import ServiceRequest, TicketCounter
    from apps.people.models import FamilyMember, Person
    from apps.reimbursements.models import Claim, ClaimScan, Payment, PaymentCounter, Receipt

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id=NATIONAL_ID)
            claims = Claim.objects.filter(claimant__in=people)
            tickets = list(claims.values_list("service_request_id", flat=True))
            years = list(Payment.objects.filter(claim__in=claims).values_list("year", flat=True))
            Payment.objects.filter(claim__in=claims).delete()
            PaymentCounter.objects.filter(kind="medical", year__in=years).delete()
            for scan in ClaimScan.objects.filter(claim__in=claims):
                scan.file.delete(save=False)
            Receipt.objects.filter(claim__in=claims).delete()
            claims.delete()
            ServiceRequest.objects.filter(pk__in=tickets).delete()
            ServiceRequest.objects.filter(person__in=people).delete()
            TicketCounter.objects.filter(day=timezone.localdate()).delete()
            FamilyMember.objects.filter(person__in=people).delete()
            people.delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            person = Person.objects.create(
                national_id=NATIONAL_ID,
                title="นาง",
                first_name_th="สายใจ",
                last_name_th="รักเรียน",
                birth_date=date(1978, 6, 1),
                category="teacher",
            )
            for order in range(1, 5):
                FamilyMember.objects.create(
                    person=person,
                    relation="child",
                    child_status="legitimate",
                    title="เด็กชาย",
                    first_name_th=f"ลูก{order}",
                    last_name_th="รักเรียน",
                    birth_date=date(2008 + order, 1, 15),
                    birth_order=order,
                )
        try:
            yield
        finally:
            clean()


def test_officer_takes_a_medical_claim_from_ticket_to_printed_receipt(
    teacher_in_alpha: None, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect
    from pypdf import PdfReader

    from core.thai import format_be_date

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The desk: a ticket for the teacher, called to counter 1, opened in the claim pages.
    page.goto(f"{alpha}/desk/")
    page.get_by_label("บริการ", exact=True).select_option(label="เบิกค่ารักษาพยาบาล")
    page.get_by_label("เลขประจำตัวประชาชน (ถ้ามี)").fill(NATIONAL_ID)
    page.get_by_role("button", name="ออกบัตรคิว").click()
    page.get_by_label("ช่องบริการ").fill("1")
    page.get_by_role("button", name="เรียกคิวถัดไป").click()
    mine = page.locator(".desk-mine")
    expect(mine).to_contain_text("สายใจ รักเรียน")
    mine.get_by_role("button", name="เปิดแบบฟอร์มของบริการนี้").click()

    # Step 1: the claimant, already filled in from the ticket.
    expect(page.get_by_label("เลขประจำตัวประชาชนของผู้มีสิทธิ")).to_have_value(NATIONAL_ID)
    page.get_by_role("button", name="ไปกรอกคำขอเบิก").click()

    # Step 2: the family's eligibility, then a claim for the fourth child, refused.
    expect(page.locator(".eligibility")).to_contain_text("บุตรคนที่ 4 ไม่มีสิทธิ")
    page.get_by_label("เบิกให้").select_option(label="เด็กชายลูก4 รักเรียน (บุตร 4)")
    page.get_by_label("สถานพยาบาล", exact=True).fill(HOSPITAL)
    today = format_be_date(timezone.localdate(), "short")
    page.locator('[name="lines-0-number"]').fill("RX-2001")
    page.locator('[name="lines-0-issued_on"]').fill(today)
    page.locator('[name="lines-0-amount"]').fill("1250.50")
    page.screenshot(path=f"{SCREENSHOTS}/claim_form.png", full_page=True)
    page.get_by_role("button", name="รับคำขอเบิก", exact=True).click()
    expect(page.locator(".field-error").first).to_contain_text("บุตรคนที่ 4 ไม่มีสิทธิ")

    # The third child is covered: the claim is received, checked and approved at the desk.
    page.get_by_label("เบิกให้").select_option(label="เด็กชายลูก3 รักเรียน (บุตร 3)")
    page.get_by_role("button", name="รับคำขอเบิก", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text("รับคำขอเบิกแล้ว")
    claim_url = page.url
    page.get_by_role("button", name="ตรวจสอบกับต้นฉบับแล้ว").click()
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(page.locator(".page-head .badge")).to_have_text("อนุมัติแล้ว")

    # The finance officer pays in cash and prints the receipt.
    page.context.clear_cookies()
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "finance_officer", PASSWORD)
    page.goto(claim_url)
    page.get_by_role("button", name="จ่ายเงินสด 1,250.50 บาท").click()
    paid = page.locator(".claim-paid")
    expect(paid).to_contain_text("หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์")
    number = paid.locator(".payment-number").inner_text()
    page.screenshot(path=f"{SCREENSHOTS}/claim_paid.png", full_page=True)

    receipt_link = page.get_by_role("button", name="พิมพ์ใบสำคัญรับเงิน")
    # Fetched by the page itself (its session; Chromium resolves *.localhost, Node does not).
    content_type, body = page.evaluate(FETCH_BYTES, receipt_link.get_attribute("href"))
    assert content_type == "application/pdf"
    pdf = PdfReader(io.BytesIO(base64.b64decode(body)))
    text = "".join(p.extract_text() for p in pdf.pages).replace("\u200b", "")
    assert "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์" in text
    assert number in text
