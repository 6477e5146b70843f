"""Shared set-up of the browser tests: Debian's Chromium through Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _forget_failed_logins(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The server commits its sign-in records; leave no lockout counts to other tests."""
    yield
    from axes.models import AccessAttempt, AccessFailureLog
    from django_tenants.utils import schema_context

    with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
        AccessAttempt.objects.all().delete()
        AccessFailureLog.objects.all().delete()


def sign_in(page: Any, username: str, password: str) -> None:
    """Fill the Thai sign-in form on the page that shows it, and submit it."""
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


@pytest.fixture
def page(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
