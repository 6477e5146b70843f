"""Shared set-up of the browser tests: Debian's Chromium through Playwright."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

_BLOCKER: list[Any] = []  # pytest-django's blocker, for the sign-in helper below


@pytest.fixture(autouse=True)
def _forget_failed_logins(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The server commits its sign-in records; leave no lockout counts or used one-time codes
    to other tests."""
    _BLOCKER[:] = [django_db_blocker]
    yield
    from axes.models import AccessAttempt, AccessFailureLog
    from django_tenants.utils import schema_context

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with schema_context("esa_alpha"):
            AccessAttempt.objects.all().delete()
            AccessFailureLog.objects.all().delete()
        for schema in ("esa_alpha", "public"):
            _fresh_authenticators(schema)


def _fresh_authenticators(schema: str, username: str | None = None) -> None:
    """Forget which time step each authenticator last accepted and any wait after a wrong code,
    so a code may be used again in the next test (the server refuses a code twice)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tenants.utils import schema_context

    with schema_context(schema):
        devices = TOTPDevice.objects.all()
        if username is not None:
            devices = devices.filter(user__username=username)
        devices.update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)


def _fresh_authenticators_unblocked(schema: str, username: str) -> None:
    from django.db import connection

    try:
        with _BLOCKER[0].unblock():
            _fresh_authenticators(schema, username)
    finally:
        connection.close()  # this thread's own connection


def sign_in(page: Any, username: str, password: str) -> None:
    """Fill the Thai sign-in form on the page that shows it, and submit it; where the account
    uses a second factor, type its authenticator's code (the test key) on the next page."""
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
    if "/accounts/two-factor/verify/" in page.url:
        give_second_factor(page, username)


def give_second_factor(page: Any, username: str) -> None:
    """Type the authenticator's code of `username` on the second-factor page."""
    from urllib.parse import urlsplit

    from tests.conftest import totp_code

    host = urlsplit(page.url).hostname or ""
    schema = "public" if host == "localhost" else f"esa_{host.split('.')[0]}"
    # Playwright's sync API runs an event loop in this thread, where Django refuses the database.
    worker = threading.Thread(target=_fresh_authenticators_unblocked, args=(schema, username))
    worker.start()
    worker.join()
    page.get_by_label("รหัส", exact=True).fill(totp_code())
    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยัน").click()


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
