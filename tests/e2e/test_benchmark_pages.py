"""The benchmark pages in a real Chromium: the charts are drawn, Thai text renders, and the
office's card works on its own host. Screenshots go to `.var/screenshots/`."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / ".var" / "screenshots"
PREFIX = "bmscreen"
REGIONS = ["north", "northeast", "central", "east", "west", "south"]
PROVINCES = ["พัทลุง", "สงขลา", "เชียงใหม่", "ขอนแก่น", "ชลบุรี", "ราชบุรี", "นครราชสีมา"]


def _figure(rng: random.Random, unit: str, size: float) -> Decimal:
    if unit == "percent":
        return Decimal(rng.uniform(70, 100)).quantize(Decimal("0.01"))
    if unit == "minutes":
        return Decimal(rng.uniform(6, 25)).quantize(Decimal("0.01"))
    if unit == "baht":
        return Decimal(rng.uniform(200_000, 2_000_000) * size).quantize(Decimal("0.01"))
    return Decimal(int(rng.uniform(50, 400) * size))


@pytest.fixture
def collected(django_db_blocker: pytest.FixtureRequest) -> Iterator[int]:
    """Committed values for alpha and row-only offices over three fiscal years (the server
    thread sees committed data only); removed afterwards."""
    from django.utils import timezone

    from central.benchmarks import IndicatorValue
    from core.indicators import all_indicators
    from tenants.models import Office

    count = int(os.environ.get("BENCHMARK_SCREEN_OFFICES", "60"))
    rng = random.Random(5)  # noqa: S311 - made-up figures
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        offices = [Office.objects.get(code="alpha")]
        for n in range(count):
            offices.append(
                Office.objects.create(
                    code=f"{PREFIX}{n}",
                    schema_name=f"esa_{PREFIX}{n}",
                    name_th=f"สำนักงานเขตพื้นที่การศึกษาจำลอง เขต {n + 1}",
                    kind="primary" if n % 3 else "secondary",
                    region=REGIONS[n % len(REGIONS)],
                    province=PROVINCES[n % len(PROVINCES)],
                    area_number=500 + n,
                )
            )
        now = timezone.now()
        rows = []
        for office in offices:
            personnel = rng.randint(900, 4500)
            for year in (2555, 2556, 2557):
                for indicator in all_indicators():
                    if indicator.code == "people.personnel":
                        value = Decimal(personnel)
                    else:
                        value = _figure(rng, indicator.unit, personnel / 2500)
                    rate = value * 100 / personnel if indicator.per_personnel else None
                    rows.append(
                        IndicatorValue(
                            office=office,
                            fiscal_year=year,
                            code=indicator.code,
                            value=value,
                            per_100_personnel=None
                            if rate is None
                            else rate.quantize(Decimal("0.01")),
                            collected_at=now,
                        )
                    )
        IndicatorValue.objects.bulk_create(rows)
    try:
        yield count
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            IndicatorValue.objects.filter(office__in=offices).delete()
            Office.objects.filter(code__startswith=PREFIX).delete()


def test_the_central_agency_sees_charts_and_the_office_its_card(
    collected: int, web_server: str, page: object
) -> None:
    # `collected` comes first: its clean-up must run after the browser (Playwright's loop) ends.
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    central = f"http://localhost:{web_server}"

    page.goto(f"{central}/accounts/login/?next=/benchmarks/")
    sign_in(page, "analyst", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("เปรียบเทียบผลการดำเนินงานของสำนักงาน")
    page.screenshot(path=str(SCREENSHOTS / "benchmarks-table.png"))

    page.goto(f"{central}/benchmarks/indicators/idcards.issued.teacher/?fy=2557&office=alpha")
    chart = page.locator("svg.chart--distribution")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 150  # type: ignore[index]
    expect(chart.locator("text", has_text="ค่ามัธยฐานระดับประเทศ")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "benchmarks-indicator.png"), full_page=True)

    page.goto(f"{central}/benchmarks/offices/alpha/")
    expect(page.locator("svg.chart--trend").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "benchmarks-office.png"), full_page=True)

    page.goto(f"http://alpha.localhost:{web_server}/benchmarks/")
    sign_in(page, "viewer", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("ผลการดำเนินงานเทียบกับสำนักงานอื่น")
    expect(page.get_by_text("เห็นตัวเลขของกันและกัน")).to_be_visible()  # said so on the card
    ranking = page.locator("#ranking + div table")
    expect(ranking.get_by_text("จำลอง").first).to_be_visible()  # the peers, named
    primary = ranking.locator("tbody tr").count()
    page.get_by_label("เทียบกับ").select_option("national")
    page.get_by_label("จัดอันดับตาม").select_option("onestop.median_service_minutes")
    page.get_by_role("button", name="แสดง").click()
    expect(page.locator("#ranking")).to_contain_text("ทุกสำนักงานทั่วประเทศ")
    assert ranking.locator("tbody tr").count() > primary  # every office, not only its kind
    page.screenshot(path=str(SCREENSHOTS / "benchmarks-office-card.png"), full_page=True)


def test_the_table_fits_a_laptop_and_the_charts_draw_under_the_csp(
    collected: int, web_server: str, page: object
) -> None:
    """At 1366 px the table of all offices needs no sideways scrolling (neither the page nor the
    table), its headers give units and which way is better; the charts are drawn and styled
    from the site's own stylesheet with no CSP violation."""
    from playwright.sync_api import Page, expect

    from tests.e2e.test_content_security_policy import Watch

    assert isinstance(page, Page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watch = Watch(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    central = f"http://localhost:{web_server}"
    violations = watch.visit(f"{central}/accounts/login/?next=/benchmarks/")
    sign_in(page, "analyst", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("เปรียบเทียบผลการดำเนินงานของสำนักงาน")
    violations += watch.visit(f"{central}/benchmarks/?fy=2557")
    widths = page.evaluate(
        """() => {
          const box = document.querySelector('.bm-wide');
          return {page: document.documentElement.scrollWidth, view: window.innerWidth,
                  table: box.scrollWidth, box: box.clientWidth};
        }"""
    )
    page.screenshot(path=str(SCREENSHOTS / "benchmarks-table-1366.png"))
    assert widths["page"] <= widths["view"], widths
    assert widths["table"] <= widths["box"], widths
    head = page.locator("table.bm-all thead")
    for text in ("(บาท)", "(นาที)", "(ร้อยละ)", "(ครั้ง)", "น้อยกว่าดีกว่า", "มากกว่าดีกว่า"):
        expect(head).to_contain_text(text)

    violations += watch.visit(
        f"{central}/benchmarks/indicators/onestop.median_service_minutes/?fy=2557&office=alpha"
    )
    chart = page.locator("svg.chart--distribution")
    expect(chart).to_be_visible()
    assert chart.locator("circle").count() == collected + 1  # every office with a value
    # Styled by the stylesheet: the chosen office's dot in the accent colour, text in Sarabun.
    fill = chart.locator(".serie-1 circle").evaluate("c => getComputedStyle(c).fill")
    assert fill == "rgb(217, 72, 15)", fill
    font = chart.locator("text").first.evaluate("t => getComputedStyle(t).fontFamily")
    assert "Sarabun" in font, font
    page.screenshot(path=str(SCREENSHOTS / "benchmarks-indicator-chart.png"), full_page=True)

    violations += watch.visit(f"{central}/benchmarks/offices/alpha/")
    trend = page.locator("svg.chart--trend").first
    expect(trend).to_be_visible()
    stroke = trend.locator(".serie-2 path").first.evaluate("p => getComputedStyle(p).stroke")
    assert stroke == "rgb(15, 110, 110)", stroke
    assert violations == []
