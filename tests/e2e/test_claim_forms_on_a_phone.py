"""In Chromium at a phone's width (390 × 844): the claim forms (medical and child education,
with their receipt lines and eligibility table) and the claims list fit the screen, with no
sideways scrolling of the page; the top bar shows Thai tone marks whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

NATIONAL_ID = "3930100123470"
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = "/tmp"  # noqa: S108 (for a person to look at; nothing reads them back)
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def parent_in_alpha(django_db_blocker: pytest.FixtureRequest) -> Iterator[int]:
    """A committed teacher of office alpha with two children; removed afterwards."""
    from apps.people.models import FamilyMember, Person

    def clean() -> None:
        with schema_context("esa_alpha"):
            people = Person.objects.filter(national_id=NATIONAL_ID)
            FamilyMember.objects.filter(person__in=people).delete()
            people.delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        with schema_context("esa_alpha"):
            person = Person.objects.create(
                national_id=NATIONAL_ID,
                title="นาย",
                first_name_th="สมพงษ์",
                last_name_th="พื้นบ้าน",
                birth_date=date(1980, 3, 1),
                category="teacher",
            )
            for order in (1, 2):
                FamilyMember.objects.create(
                    person=person,
                    relation="child",
                    child_status="legitimate",
                    title="เด็กหญิง",
                    first_name_th=f"ลูกสาว{order}",
                    last_name_th="พื้นบ้าน",
                    birth_date=date(2012 + order, 5, 20),
                    birth_order=order,
                )
        try:
            yield person.pk
        finally:
            clean()


def test_claim_forms_and_list_fit_a_phone(
    parent_in_alpha: int, page: object, web_server: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.set_viewport_size(PHONE)
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)

    widths = {}
    for name, path in (
        ("medical", f"/claims/medical/new/?person={parent_in_alpha}"),
        ("child_education", f"/claims/child-education/new/?person={parent_in_alpha}"),
        ("list", "/claims/"),
    ):
        page.goto(f"{alpha}{path}")
        expect(page.locator("main h1")).to_be_visible()
        page.screenshot(path=f"{SCREENSHOTS}/phone_{name}.png", full_page=True)
        widths[name] = page.evaluate(PAGE_WIDTH)
    assert all(width <= PHONE["width"] for width in widths.values()), widths

    # The receipt lines are still there to fill, one below the other.
    page.goto(f"{alpha}/claims/medical/new/?person={parent_in_alpha}")
    amount = page.locator('[name="lines-0-amount"]')
    expect(amount).to_be_visible()
    box = amount.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_top_bar_shows_tone_marks_whole(page: object, web_server: str) -> None:
    """The office's name (สำนักงานเขตพื้นที่…) in the top bar: its box is as tall as its text,
    so nothing above the line (ไม้โท over สระอือ in พื้น) is cut off."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)
    site = page.locator(".topbar__site")
    clipped = site.evaluate(
        "(el) => { const range = document.createRange(); range.selectNodeContents(el);"
        " const text = range.getBoundingClientRect(); const box = el.getBoundingClientRect();"
        " return [el.scrollHeight - el.clientHeight, box.top - text.top]; }"
    )
    page.locator(".topbar").screenshot(path=f"{SCREENSHOTS}/topbar.png")
    assert clipped[0] <= 0 and clipped[1] <= 0, clipped
