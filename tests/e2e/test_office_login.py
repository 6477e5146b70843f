"""A person signs in at their office in a real Chromium, and is a stranger on another office."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / ".var" / "screenshots"


def test_officer_signs_in_on_their_office_and_is_refused_on_another(
    page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    beta = f"http://beta.localhost:{web_server}"

    page.goto(f"{alpha}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ทดสอบ เขต 1")
    page.get_by_role("button", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่").click()
    sign_in(page, "welfare_officer", PASSWORD)
    expect(page.get_by_text("บัตรประจำตัวเจ้าหน้าที่ของรัฐ")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "office-home-phone.png"), full_page=True)

    # The session cookie is host-only: the other office sees a stranger.
    page.goto(f"{beta}/accounts/users/")
    expect(page).to_have_url(f"{beta}/accounts/login/?next=/accounts/users/")
    page.goto(f"{alpha}/accounts/users/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ไม่มีสิทธิ์เข้าถึง")  # 403


def test_wrong_password_shows_a_thai_error(page: object, web_server: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"http://alpha.localhost:{web_server}/accounts/login/")
    sign_in(page, "viewer", "not-the-password")
    expect(page.locator(".form-errors")).to_contain_text("กรุณาใส่")


@pytest.fixture
def _remove_office_krabi(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    yield
    from django.db import connection
    from psycopg import sql

    from tenants.models import Office

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS esa_krabi CASCADE"))
        Office.objects.filter(code="krabi").delete()
        from audit.models import AuditEvent

        AuditEvent.objects.filter(target_label__contains="กระบี่").delete()


def test_operator_adds_an_office_that_answers_at_once(
    _remove_office_krabi: None, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    central = f"http://localhost:{web_server}"
    page.goto(f"{central}/accounts/login/")
    sign_in(page, "operator", PASSWORD)
    page.get_by_role("button", name="เพิ่มสำนักงาน").click()

    page.get_by_label("รหัสสำนักงาน", exact=True).fill("krabi")
    page.get_by_label("ชื่อ (ภาษาไทย)", exact=True).fill("สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่")
    page.get_by_label("ประเภท", exact=True).select_option("primary")
    page.get_by_label("จังหวัด", exact=True).fill("กระบี่")
    page.get_by_label("ภาค", exact=True).select_option("south")
    page.get_by_label("เขตที่", exact=True).fill("1")
    page.get_by_label("อีเมลผู้ดูแลระบบของสำนักงาน", exact=True).fill("somsri@krabi.example")
    page.get_by_role("button", name="สร้างสำนักงาน").click()
    expect(page.get_by_text("สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่ พร้อมใช้งานแล้ว")).to_be_visible()
    expect(page.get_by_text("somsri@krabi.example")).to_be_visible()  # its administrator, invited

    page.get_by_role("link", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่").click()
    expect(page).to_have_url(f"http://krabi.localhost:{web_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("สำนักงานเขตพื้นที่การศึกษาประถมศึกษากระบี่")

    # Suspended from the central list (an htmx swap of its row, after a confirmation).
    page.goto(f"{central}/")
    page.once("dialog", lambda dialog: dialog.accept())
    row = page.locator("#office-krabi")
    row.get_by_role("button", name="ระงับการให้บริการ").click()
    expect(row.locator(".badge")).to_have_text("ระงับการให้บริการ")
    page.goto(f"http://krabi.localhost:{web_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ระงับการให้บริการชั่วคราว")

    # The same code again is refused with a Thai message.
    page.goto(f"{central}/offices/new/")
    page.get_by_label("รหัสสำนักงาน", exact=True).fill("krabi")
    page.get_by_label("ชื่อ (ภาษาไทย)", exact=True).fill("ซ้ำ")
    page.get_by_label("จังหวัด", exact=True).fill("กระบี่")
    page.get_by_label("เขตที่", exact=True).fill("2")
    page.get_by_label("อีเมลผู้ดูแลระบบของสำนักงาน", exact=True).fill("other@krabi.example")
    page.get_by_role("button", name="สร้างสำนักงาน").click()
    expect(page.get_by_text("มีสำนักงานรหัส “krabi” อยู่แล้ว")).to_be_visible()
