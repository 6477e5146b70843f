"""In Chromium: a welfare officer finds a teacher's pay, enters the next month (prefilled from
the month before, so only what changed is typed), and checks a new loan instalment against
the net-pay floor: one that passes with the headroom shown, one that only warns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

NATIONAL_ID = "3930100123461"


@pytest.fixture
def teacher_with_august_pay(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """A committed teacher of office alpha with the payslip of Aug 2557; removed afterwards."""
    from accounts.models import User
    from apps.payroll.models import DeductionInstruction, Payslip
    from apps.payroll.services import LineData, payslip_save
    from apps.people.models import Person

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id=NATIONAL_ID)
            Payslip.objects.filter(person__in=people).delete()
            DeductionInstruction.objects.filter(person__in=people).delete()
            people.delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            person = Person.objects.create(
                national_id=NATIONAL_ID,
                title="นาง",
                first_name_th="จันทร์เพ็ญ",
                last_name_th="ทองนวล",
                birth_date=date(1975, 3, 9),
                category="teacher",
                position="ครู",
                academic_standing="ชำนาญการ",
            )
            payslip_save(
                person=person,
                month=date(2014, 8, 1),
                lines=[
                    LineData("salary", Decimal("30000")),
                    LineData("academic_standing", Decimal("3500")),
                    LineData("tax", Decimal("600")),
                    LineData("cooperative", Decimal("12000")),
                ],
                actor=User.objects.get(username="finance_officer"),
            )
        try:
            yield
        finally:
            clean()


def test_enter_the_next_month_and_check_an_instalment(
    teacher_with_august_pay: None, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    page.goto(f"{alpha}/payroll/")
    page.get_by_label("ค้นหา", exact=True).fill("จันทร์เพ็ญ ทองนวล")
    page.get_by_role("button", name="ค้นหา").click()
    page.get_by_role("link", name="นางจันทร์เพ็ญ ทองนวล").click()
    expect(page.locator("main")).to_contain_text("สิงหาคม 2557")

    # September opens with August's lines: only the tax changed.
    page.get_by_role("link", name="บันทึกข้อมูลรายเดือน").click()
    expect(page.locator("h1")).to_contain_text("กันยายน 2557")
    expect(page.get_by_label("เงินเดือน", exact=True)).to_have_value("30000.00")
    expect(page.get_by_label("สหกรณ์ออมทรัพย์", exact=True)).to_have_value("12000.00")
    page.get_by_label("ภาษีเงินได้", exact=True).fill("650")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("main")).to_contain_text("บันทึกสลิปเงินเดือนแล้ว")
    expect(page.locator("main")).to_contain_text("กันยายน 2557")

    # 33,500 − 12,650 = 20,850; the floor is 30 % of 30,000 = 9,000: headroom 11,850.
    page.get_by_label("เดือนของสลิปเงินเดือน").fill("09/2557")
    page.get_by_label("งวดผ่อนใหม่ต่อเดือน (บาท)").fill("5,000")
    page.get_by_role("button", name="ตรวจ", exact=True).click()
    result = page.locator("article")
    expect(result).to_contain_text("ผ่านเกณฑ์")
    expect(result).to_contain_text("11,850.00")
    page.get_by_label("งวดผ่อนใหม่ต่อเดือน (บาท)").fill("11850.01")
    page.get_by_role("button", name="ตรวจ", exact=True).click()
    expect(page.locator("article")).to_contain_text("ต่ำกว่าเกณฑ์ (เตือน)")
    page.screenshot(path="/tmp/payroll_check.png", full_page=True)  # noqa: S108 (for a person to see)
