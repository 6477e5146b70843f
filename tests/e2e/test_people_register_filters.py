"""In Chromium: the people register's filters are labelled in Thai and wide enough to read
what they hold (they were blank boxes, squeezed into one row with the search)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

SHOWN = "(el) => [el.options[el.selectedIndex].text, el.getBoundingClientRect().width]"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_filters_have_thai_labels_and_show_their_choice(
    page: object, web_server: str, width: int
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    alpha = f"http://alpha.localhost:{web_server}"
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "welfare_officer", PASSWORD)
    page.goto(f"{alpha}/people/")
    page.screenshot(path=f"/tmp/people_filters_{width}.png")  # noqa: S108 (for a person to see)
    expect(page.get_by_label("ค้นหา", exact=True)).to_have_attribute(
        "placeholder", "ชื่อ นามสกุล หรือเลขประจำตัวประชาชน บางส่วนก็ได้"
    )
    for label, first in (
        ("ประเภทบุคลากร", "ทุกประเภท"),
        ("สถานะ", "ทุกสถานะ"),
        ("สถานที่ปฏิบัติงาน", "ทุกสถานที่ปฏิบัติงาน"),
    ):
        select = page.get_by_label(label, exact=True)
        expect(select).to_be_visible()
        text, box_width = select.evaluate(SHOWN)
        assert text == first
        assert box_width >= 150, (label, box_width)  # room for the text beside the arrow
    expect(page.locator("main")).not_to_contain_text("role=")  # no template text shows
    page.get_by_label("สถานะ", exact=True).select_option(label="ทุกสถานะ")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
