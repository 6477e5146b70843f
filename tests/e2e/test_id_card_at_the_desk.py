"""In Chromium: an officer takes a ticket, receives an ID-card application with the photo,
sees the photo on the application, the director approves it (the officer who received it may
not), the officer prints the card (its number and the card-sized PDF with the photo), hands it
over (which completes the ticket), and finds the card in the register."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

NATIONAL_ID = "3930100123453"


@pytest.fixture
def person_in_alpha(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """A committed person of office alpha (the browser's server sees committed rows only);
    everything the flow creates is removed afterwards."""
    from apps.idcards.models import CardApplication, CardNumberCounter
    from apps.onestop.models import ServiceRequest, TicketCounter
    from apps.people.models import Person
    from core.thai import to_be_year

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id=NATIONAL_ID)
            requests = list(
                CardApplication.objects.filter(person__in=people).values_list(
                    "service_request_id", flat=True
                )
            )
            for application in CardApplication.objects.filter(person__in=people):
                if application.photo:
                    application.photo.delete(save=False)
            CardApplication.objects.filter(person__in=people).delete()
            ServiceRequest.objects.filter(pk__in=requests).delete()
            ServiceRequest.objects.filter(person__in=people).delete()
            today = timezone.localdate()
            TicketCounter.objects.filter(day=today).delete()
            CardNumberCounter.objects.filter(be_year=to_be_year(today.year)).delete()
            people.delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            Person.objects.create(
                national_id=NATIONAL_ID,
                title="นางสาว",
                first_name_th="กิ่งแก้ว",
                last_name_th="ศรีสุวรรณ์",
                birth_date=date(1980, 4, 2),
                category="teacher",
            )
        try:
            yield
        finally:
            clean()


def test_officer_serves_an_id_card_from_ticket_to_register(
    person_in_alpha: None,
    page: object,
    web_server: str,
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The desk: a ticket for the person, called to counter 1.
    page.goto(f"{alpha}/desk/")
    page.get_by_label("บริการ", exact=True).select_option(label="บัตรประจำตัวเจ้าหน้าที่ของรัฐ")
    page.get_by_label("เลขประจำตัวประชาชน (ถ้ามี)").fill(NATIONAL_ID)
    page.get_by_role("button", name="ออกบัตรคิว").click()
    page.get_by_label("ช่องบริการ").fill("1")
    page.get_by_role("button", name="เรียกคิวถัดไป").click()
    mine = page.locator(".desk-mine")
    expect(mine).to_contain_text("กิ่งแก้ว ศรีสุวรรณ์")

    # The ID-card form, opened from the ticket, with the person already filled in.
    mine.get_by_role("button", name="เปิดแบบฟอร์มของบริการนี้").click()
    expect(page.get_by_label("เลขประจำตัวประชาชนของผู้ขอ")).to_have_value(NATIONAL_ID)
    page.get_by_label("เหตุที่ขอมีบัตร").select_option(label="บัตรหมดอายุ")
    page.get_by_label("คำขอ (บ.จ.1) พร้อมแบบรายละเอียด").check()
    page.get_by_label("บัตรเดิม", exact=True).check()
    page.locator("input[type=file][name=photo]").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    page.get_by_role("button", name="รับคำขอ", exact=True).click()

    # The photo is shown where the application is checked.
    photo = page.get_by_role("img", name="รูปถ่ายผู้ขอ")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.decode().then(() => image.naturalWidth)") == 300
    application_url = page.url

    # Its steps: documents; the approval is the director's, not the officer's who received it.
    page.get_by_role("button", name="เอกสารครบถ้วน").click()
    expect(page.get_by_role("button", name="อนุมัติ", exact=True)).to_have_count(0)
    expect(page.get_by_text("รอผู้อำนวยการหรือผู้ได้รับมอบอำนาจอนุมัติ")).to_be_visible()
    assert page.context.browser is not None
    director = page.context.browser.new_context(locale="th-TH").new_page()
    director.goto(f"{alpha}/accounts/login/")
    sign_in(director, "approver", PASSWORD)
    director.goto(application_url)
    expect(director.get_by_role("img", name="รูปถ่ายผู้ขอ")).to_be_visible()
    director.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(director.locator(".badge").first).to_have_text("อนุมัติแล้ว")
    director.context.close()

    # Printing gives the number and the card itself, card-sized, with the photo.
    page.goto(application_url)
    page.get_by_role("button", name="พิมพ์บัตร (ออกเลขที่บัตร)").click()
    card_link = page.get_by_role("link", name="บัตร (PDF ขนาดบัตรจริง)")
    # Opened from the page, with its session (Chromium resolves *.localhost, the test's own
    # HTTP client does not).
    content_type, content = page.evaluate(
        """async url => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.headers.get("content-type"), Array.from(bytes)];
        }""",
        card_link.get_attribute("href"),
    )
    assert content_type == "application/pdf"
    _assert_card_sized_with_a_photo(bytes(content))
    page.get_by_role("button", name="มอบบัตรแล้ว").click()
    expect(page.locator(".badge").first).to_have_text("มอบบัตรแล้ว")
    card_number = page.locator("tr", has_text="เลขที่บัตร").locator("td").inner_text()

    # The ticket is done, and the card is in the register.
    page.goto(f"{alpha}/desk/")
    expect(page.locator(".desk-mine")).to_have_count(0)
    page.goto(f"{alpha}/idcards/")
    row = page.locator("tr", has_text=card_number)
    expect(row).to_contain_text("กิ่งแก้ว ศรีสุวรรณ์")
    expect(row).to_contain_text("มอบบัตรแล้ว")


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 360), (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def _assert_card_sized_with_a_photo(pdf: bytes) -> None:
    from pypdf import PdfReader

    card = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(card.mediabox.width) * 25.4 / 72, 1) == 85.6
    assert len(card.images) == 1
    assert "กิ่งแก้ว" in card.extract_text().replace("\u200b", "")
