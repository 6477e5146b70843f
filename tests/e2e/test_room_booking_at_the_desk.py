"""In Chromium: a school's teacher asks at the One Stop desk for the lounge; the officer takes
a ticket, opens its booking form, books ห้องนางแอ่น for the school; a colleague then tries the
same room at an overlapping time and the form says it is taken (nothing booked); the day view
shows the one booking; the officer prints the welfare shop's member list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser
ROOM = "ห้องนางแอ่น"
SCHOOL = "โรงเรียนบ้านทดสอบจองห้อง"


@pytest.fixture
def shop(django_db_blocker: pytest.FixtureRequest) -> Iterator[str]:
    """A committed lounge, a school, and one active shop member in office alpha; everything
    the flow creates is removed afterwards. Yields the member's name."""
    from accounts.models import User
    from apps.committees.models import AppointmentOrder, Committee, Membership
    from apps.onestop.models import ServiceRequest
    from apps.people.models import Person, School
    from apps.welfareshop import services
    from apps.welfareshop.models import (
        Booking,
        FeeRule,
        Member,
        MemberNumberCounter,
        Resource,
        ShopSettings,
    )
    from tests.welfareshop.factories import fee_rule, make_member, welfare_committee

    def clean() -> None:
        with schema_context("esa_alpha"):
            tickets = list(Booking.objects.values_list("service_request_id", flat=True))
            Booking.objects.all().delete()
            ServiceRequest.objects.filter(pk__in=[t for t in tickets if t]).delete()
            ServiceRequest.objects.filter(service_type__code="room_booking").delete()
            Resource.objects.filter(name=ROOM).delete()
            people = list(Member.objects.values_list("person_id", flat=True))
            Member.objects.all().delete()
            MemberNumberCounter.objects.all().delete()
            FeeRule.objects.all().delete()
            ShopSettings.objects.all().delete()
            committees = Committee.objects.filter(kind="welfareshop.committee")
            Membership.objects.filter(committee__in=committees).delete()
            AppointmentOrder.objects.filter(committee__in=committees).delete()
            committees.delete()
            Person.objects.filter(pk__in=people).delete()
            Person.objects.filter(first_name_th__startswith="กรรมการ").delete()
            School.objects.filter(name_th=SCHOOL).delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            services.resource_save(
                actor=User.objects.get(username="welfare_officer"),
                name=ROOM,
                kind="room",
                capacity=10,
                opens=time(8),
                closes=time(17),
                equipment="คอมพิวเตอร์ เครื่องเสียง โทรทัศน์",
            )
            School.objects.create(code="E2ESHOP", name_th=SCHOOL)
            fee_rule()
            welfare_committee()
            member = make_member()
            name = member.person.full_name_th
        try:
            yield name
        finally:
            clean()


def _fetch(page: object, url: str) -> tuple[str, bytes]:
    content_type, content = page.evaluate(  # type: ignore[attr-defined]
        """async url => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.headers.get("content-type"), Array.from(bytes)];
        }""",
        url,
    )
    return content_type, bytes(content)


def test_a_room_booked_at_the_desk_a_conflict_refused_and_the_member_list_printed(
    shop: str, page: object, web_server: str
) -> None:
    import io

    from playwright.sync_api import Page, expect
    from pypdf import PdfReader

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    day = timezone.localdate() + timedelta(days=2)
    be_day = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The desk: a ticket for a room booking, called, its form opened.
    page.goto(f"{alpha}/desk/")
    page.get_by_label("บริการ", exact=True).select_option(label="จองห้องและพื้นที่")
    page.get_by_role("button", name="ออกบัตรคิว").click()
    page.get_by_label("ช่องบริการ").fill("1")
    page.get_by_role("button", name="เรียกคิวถัดไป").click()
    page.locator(".desk-mine").get_by_role("button", name="เปิดแบบฟอร์มของบริการนี้").click()
    expect(page.locator("h1")).to_have_text("จองห้องหรือพื้นที่")
    expect(page.locator("article header")).to_contain_text("สำหรับบัตรคิว R")

    page.get_by_label("ห้องหรือพื้นที่").select_option(label=ROOM)
    page.get_by_label("วันที่", exact=True).fill(be_day)
    page.get_by_label("เวลาเริ่ม").fill("13:00")
    page.get_by_label("เวลาสิ้นสุด").fill("15:00")
    page.get_by_label("วัตถุประสงค์").fill("ประชุมกลุ่มโรงเรียน")
    page.get_by_label("จำนวนผู้ใช้").fill("6")
    page.get_by_label("จองให้โรงเรียน (ที่จุดบริการ)").select_option(label=SCHOOL)
    page.get_by_role("button", name="จอง", exact=True).click()
    expect(page.locator("h1")).to_contain_text("การจองประจำวัน")
    expect(page.locator("tr.booking")).to_have_count(1)
    expect(page.locator("tr.booking")).to_contain_text("13:00–15:00")
    expect(page.locator("tr.booking")).to_contain_text(SCHOOL)

    # A colleague wants the same room from 14:00: the form says it is taken.
    assert page.context.browser is not None
    colleague = page.context.browser.new_context(locale="th-TH").new_page()
    colleague.goto(f"{alpha}/accounts/login/")
    sign_in(colleague, "viewer", PASSWORD)
    colleague.goto(f"{alpha}/welfareshop/book/")
    colleague.get_by_label("ห้องหรือพื้นที่").select_option(label=ROOM)
    colleague.get_by_label("วันที่", exact=True).fill(be_day)
    colleague.get_by_label("เวลาเริ่ม").fill("14:00")
    colleague.get_by_label("เวลาสิ้นสุด").fill("16:00")
    colleague.get_by_label("วัตถุประสงค์").fill("อบรม")
    colleague.get_by_role("button", name="จอง", exact=True).click()
    expect(colleague.locator("main")).to_contain_text(f"{ROOM} ไม่ว่าง")
    expect(colleague.locator("main")).to_contain_text("13:00–15:00")
    colleague.context.close()
    page.reload()
    expect(page.locator("tr.booking")).to_have_count(1)

    # The member list, printed.
    page.goto(f"{alpha}/welfareshop/members/")
    expect(page.locator("table.register")).to_contain_text(shop)
    link = page.get_by_role("link", name="พิมพ์บัญชีรายชื่อสมาชิก (PDF)")
    content_type, pdf = _fetch(page, link.get_attribute("href") or "")
    assert content_type == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ" in text.replace("\u200b", "")
