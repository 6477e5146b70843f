"""In Chromium: an officer takes a ticket, registers an ID card for a person, hands the card
over (which completes the ticket), and finds the card in the register."""

from __future__ import annotations

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
    page.get_by_role("button", name="รับคำขอ", exact=True).click()

    # Its steps: documents, approval, printing (the number), hand-over.
    page.get_by_role("button", name="เอกสารครบถ้วน").click()
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    page.get_by_role("button", name="พิมพ์บัตร (ออกเลขที่บัตร)").click()
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
