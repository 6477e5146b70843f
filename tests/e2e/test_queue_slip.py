"""In Chromium: the desk takes a ticket and prints its slip; the slip's QR address, opened by
someone not signed in, shows the ticket's state, which follows the desk's work. The home page
tells the officer what waits (issue 13, point 13 and "Beyond")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def desk_tickets_cleaned(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The tickets the browser takes are committed: remove them (and today's counters the
    test started) afterwards."""
    from apps.onestop.models import ServiceRequest, TicketCounter

    with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
        last = ServiceRequest.objects.order_by("-pk").values_list("pk", flat=True).first()
        counters = set(TicketCounter.objects.values_list("pk", flat=True))
    try:
        yield
    finally:
        with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
            ServiceRequest.objects.filter(pk__gt=last or 0).delete()
            TicketCounter.objects.filter(day=timezone.localdate()).exclude(pk__in=counters).delete()


def _waiting_count(page: object) -> int:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    item = page.locator(".worklist li", has_text="บัตรคิวที่รอเรียก")
    return int(item.locator(".worklist__count").inner_text())


def test_queue_slip_qr_leads_to_a_public_page_that_follows_the_ticket(
    desk_tickets_cleaned: None, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    # The home page: what waits for a welfare officer, with counts.
    page.goto(f"{alpha}/")
    expect(page.get_by_role("heading", name="งานที่รอท่าน")).to_be_visible()
    waiting_before = _waiting_count(page)

    # The desk takes a ticket for a walk-in, and offers its slip.
    page.goto(f"{alpha}/desk/")
    page.get_by_label("บริการ", exact=True).select_option(label="บริการอื่น ๆ")
    page.get_by_role("button", name="ออกบัตรคิว").click()
    slip_link = page.locator(".desk-slip a")
    expect(slip_link).to_have_text(re.compile(r"^พิมพ์บัตรคิว Z\d{3}$"))
    ticket = slip_link.inner_text().removeprefix("พิมพ์บัตรคิว ").strip()
    page.goto(alpha + (slip_link.get_attribute("href") or ""))
    expect(page.get_by_test_id("slip-number")).to_have_text(ticket)
    expect(page.locator(".slip__qr svg")).to_be_visible()
    status_url = page.get_by_test_id("slip-status-url").get_attribute("href") or ""
    assert re.fullmatch(rf"{re.escape(alpha)}/t/[A-Za-z0-9_-]{{20,}}/", status_url)

    # The home page counts the new ticket.
    page.goto(f"{alpha}/")
    assert _waiting_count(page) == waiting_before + 1

    # A teacher's phone, not signed in, follows the QR code.
    assert page.context.browser is not None
    phone = page.context.browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    try:
        teacher = phone.new_page()
        response = teacher.goto(status_url)
        assert response is not None and response.headers.get("x-robots-tag") == "noindex, nofollow"
        expect(teacher.get_by_test_id("ticket-number")).to_have_text(ticket)
        expect(teacher.get_by_test_id("ticket-state")).to_have_text("รอรับบริการ")
        expect(teacher.locator("body")).to_contain_text("บริการอื่น ๆ")

        # The officer serves the ticket and completes it.
        page.goto(f"{alpha}/desk/")
        row = page.locator("#desk-queue tr", has_text=ticket)
        row.get_by_role("button", name="ให้บริการทันที").click()
        mine = page.locator(".desk-ticket", has_text=ticket)
        mine.get_by_role("button", name="เสร็จสิ้น").click()

        teacher.reload()
        expect(teacher.get_by_test_id("ticket-state")).to_have_text("เสร็จสิ้น")

        # The office's public page: its services and their standard, no sign-in.
        teacher.goto(f"{alpha}/")
        expect(teacher.locator(".public-desk")).to_contain_text("บริการอื่น ๆ")
        expect(teacher.locator(".public-desk")).to_contain_text("มาตรฐานเวลาให้บริการ (นาที)")
    finally:
        phone.close()
