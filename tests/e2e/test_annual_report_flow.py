"""In Chromium: the welfare officer writes the office's own results of a service KruCare does
not run, the director reviews the report (the officer may not), the officer submits it, and
the submitted report is frozen (no edit link) with its changes page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

YEAR = 2564


@pytest.fixture
def no_report(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Office alpha without a report of YEAR, before and after (the server commits)."""
    from apps.reports.models import AnnualReport
    from central.reports import SubmittedReport

    def clean() -> None:
        with schema_context("esa_alpha"):
            AnnualReport.objects.filter(fiscal_year=YEAR).delete()
        SubmittedReport.objects.filter(office__code="alpha", fiscal_year=YEAR).delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        try:
            yield
        finally:
            clean()


def test_the_report_is_written_reviewed_and_submitted(
    no_report: None, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    page.goto(f"{alpha}/reports/?fy={YEAR}")
    expect(page.get_by_role("heading", name="รายงานการประเมินตนเองประจำปี")).to_be_visible()
    expect(page.get_by_text("มาตรฐานที่ 2 การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ")).to_be_visible()
    page.get_by_role("button", name="แก้ไขข้อความ").click()
    # Every section's results come from its module's records; the office writes its methods.
    expect(page.locator("textarea[name=results_welfareshop]")).to_have_count(0)
    methods = "- จัดห้องหม่อมจุ้ยเป็นร้านค้าสวัสดิการ บริการเครื่องดื่มฟรีแก่บุคลากร"
    page.locator("textarea[name=methods_welfareshop]").fill(methods)
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_text("บันทึกข้อความของรายงานแล้ว")).to_be_visible()
    expect(page.get_by_text(methods)).to_be_visible()
    expect(page.get_by_role("button", name="ตรวจรับรอง (ผู้อำนวยการ)")).to_have_count(0)
    report_url = page.url

    assert page.context.browser is not None
    director = page.context.browser.new_context(locale="th-TH").new_page()
    director.goto(f"{alpha}/accounts/login/")
    sign_in(director, "approver", PASSWORD)
    director.goto(report_url)
    director.get_by_role("button", name="ตรวจรับรอง (ผู้อำนวยการ)").click()
    expect(director.locator("#report-status")).to_have_text("ผู้อำนวยการตรวจรับรองแล้ว")
    director.context.close()

    page.reload()
    page.get_by_role("button", name="ส่งรายงาน").click()
    expect(page.locator("#report-status")).to_have_text("ส่งแล้ว")
    expect(page.get_by_role("button", name="แก้ไขข้อความ")).to_have_count(0)
    page.get_by_role("link", name="การเปลี่ยนแปลงหลังส่งรายงาน").click()
    expect(page.locator("#no-changes")).to_be_visible()
