"""A finance officer sets up two-factor sign-in in a real Chromium, then signs in with a code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD, TEST_TOTP_KEY
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / ".var" / "screenshots"


@pytest.fixture
def _finance_officer_not_enrolled(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The committed finance officer of alpha without an authenticator; put back afterwards."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tenants.utils import schema_context

    from accounts.models import User
    from accounts.services import totp_device_create_with_key

    def devices_removed() -> None:
        TOTPDevice.objects.filter(user__username="finance_officer").delete()
        StaticDevice.objects.filter(user__username="finance_officer").delete()

    with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
        devices_removed()
    yield
    with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
        devices_removed()
        user = User.objects.get(username="finance_officer")
        totp_device_create_with_key(user=user, key_hex=TEST_TOTP_KEY)


def test_finance_officer_enrols_and_keeps_the_recovery_codes(
    _finance_officer_not_enrolled: None, page: object, web_server: str
) -> None:
    from base64 import b32decode

    from playwright.sync_api import Page, expect

    from tests.conftest import totp_code

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/claims/")
    sign_in(page, "finance_officer", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
    expect(page.locator(".qr-code svg")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "two-factor-enrol.png"), full_page=True)

    secret = page.locator(".totp-secret").inner_text()
    key = b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.get_by_label("รหัสจากแอป").fill(totp_code(key))
    page.get_by_role("button", name="ยืนยัน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("รหัสสำรอง")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="เก็บรหัสไว้แล้ว").click()
    expect(page).to_have_url(f"{alpha}/claims/")
