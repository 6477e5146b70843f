"""In Chromium, on the central site: an operator revises a bank's form without code (a new
version copied from the current one, a mistake in the JSON refused in Thai, then saved), may not
confirm the version they made, previews it as PDF; a second operator confirms it, and the list
shows the new version in force."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / ".var" / "screenshots"


@pytest.fixture
def second_operator(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """A committed second operator (the server sees committed rows only); the account and the
    versions the flow adds are removed afterwards, and GHB's first version reopened."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tenants.utils import schema_context

    from accounts.models import User, UserSession
    from accounts.services import totp_device_create_with_key, user_create
    from audit.models import AuditEvent
    from central.banks import BankFormTemplate
    from tests.conftest import TEST_TOTP_KEY

    with django_db_blocker.unblock(), schema_context("public"):  # type: ignore[attr-defined]
        checker = user_create(
            username="formchecker", password=PASSWORD, roles=["platform_operator"]
        )
        totp_device_create_with_key(user=checker, key_hex=TEST_TOTP_KEY)
    yield
    with django_db_blocker.unblock(), schema_context("public"):  # type: ignore[attr-defined]
        BankFormTemplate.objects.filter(bank__code="ghb", version__gt=1).delete()
        BankFormTemplate.objects.filter(bank__code="ghb").update(effective_to=None)
        AuditEvent.objects.filter(action__startswith="central.bank_form").delete()
        # Not .delete(): its cascade would look for the office tables the account's rows
        # have in an office schema (a desk ticket's handler…), which public does not have.
        checker = User.objects.get(username="formchecker")
        TOTPDevice.objects.filter(user=checker).delete()
        UserSession.objects.filter(user=checker).delete()
        checker.groups.clear()
        AuditEvent.objects.filter(actor=checker).update(actor=None)
        User.objects.filter(pk=checker.pk)._raw_delete(using="default")


def test_a_bank_form_is_revised_and_confirmed_by_someone_else(
    second_operator: None, web_server: str, page: object
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.set_viewport_size({"width": 1280, "height": 900})
    central = f"http://localhost:{web_server}"
    page.goto(f"{central}/accounts/login/?next=/banks/")
    sign_in(page, "operator", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("ธนาคารและแบบฟอร์มขอกู้")
    ghb = page.locator("#bank-ghb")
    expect(ghb.get_by_role("heading", level=2)).to_contain_text("ธนาคารอาคารสงเคราะห์")
    ghb.get_by_role("link", name="แบบฟอร์มของธนาคารฉบับใหม่").click()

    # The block editor shows the copied version block by block; its JSON is one click away.
    expect(page.locator("legend").first).to_have_text("ส่วนที่ 1: ย่อหน้า")
    page.get_by_role("button", name="แก้ไขแบบ JSON").click()
    body = page.get_by_label("เนื้อหา (JSON)")
    copied = json.loads(body.input_value())
    assert copied[0]["type"] == "paragraph"  # copied from version 1, its keys in order
    assert list(copied[0]) == ["type", "text", "align"]
    page.get_by_label("มีผลตั้งแต่").fill("1/10/2569")
    body.fill(json.dumps([{"type": "paragraph", "text": "{person.salary}"}]))
    page.get_by_role("button", name="บันทึกเป็นฉบับใหม่").click()
    expect(page.get_by_text("ไม่รู้จักช่องข้อมูล {person.salary}")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "bank-form-refused.png"), full_page=True)

    # Mended in the block editor: the text retyped, a field inserted, a signature added.
    text = page.locator("#block-0-text")
    text.fill("ฉบับปรับปรุง ")
    page.get_by_label("แทรกช่องข้อมูลที่ตำแหน่งเคอร์เซอร์").select_option("bank.name")
    expect(text).to_have_value("ฉบับปรับปรุง {bank.name}")
    page.get_by_label("ชนิดของส่วนใหม่").select_option("signature")
    page.get_by_role("button", name="เพิ่มส่วน").click()
    page.locator("#block-1-caption").fill("ผู้รับรอง")
    page.locator("#block-1-name").fill("{signer.name}")
    page.screenshot(path=str(SCREENSHOTS / "bank-form-editor.png"), full_page=True)
    page.get_by_role("button", name="บันทึกเป็นฉบับใหม่").click()
    expect(page.get_by_text("บันทึกฉบับที่ 2 แล้ว")).to_be_visible()
    expect(page.get_by_text("ท่านเป็นผู้จัดทำฉบับนี้")).to_be_visible()
    expect(page.get_by_role("button", name="ยืนยัน: ตรวจกับแบบฟอร์มปัจจุบันของธนาคารแล้ว")).to_have_count(0)

    preview = page.get_by_role("button", name="ดูตัวอย่าง PDF")
    response = page.request.get(central + (preview.get_attribute("href") or ""))
    assert response.headers["content-type"] == "application/pdf"
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    flat = pdf_text.replace("\u200b", "").replace(" ", "")
    assert "ฉบับปรับปรุงธนาคารอาคารสงเคราะห์" in flat and "ผู้รับรอง" in flat
    form_page = page.url

    page.context.clear_cookies()
    page.goto(f"{central}/accounts/login/?next={form_page.removeprefix(central)}")
    sign_in(page, "formchecker", PASSWORD)
    page.get_by_role("button", name="ยืนยัน: ตรวจกับแบบฟอร์มปัจจุบันของธนาคารแล้ว").click()
    expect(page.get_by_text("ยืนยันฉบับที่ 2 แล้ว")).to_be_visible()
    expect(page.locator("dd", has_text="ยืนยันแล้ว")).to_contain_text("formchecker")

    page.screenshot(path=str(SCREENSHOTS / "bank-form-detail.png"), full_page=True)

    page.goto(f"{central}/banks/")
    row = page.locator("#bank-ghb tr", has_text="เงินกู้สวัสดิการเพื่อที่อยู่อาศัย")
    expect(row).to_contain_text("แบบของธนาคาร v2")
    page.screenshot(path=str(SCREENSHOTS / "bank-list.png"), full_page=True)
