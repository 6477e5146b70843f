"""How long the benchmark pages' charts take to draw, without the database: the distribution of
245 offices on one indicator (the indicator page) and one office's trend charts, one per
indicator over 11 fiscal years with a gap (the office page). Prints the figures; asserts only
that the charts are drawn."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from central.charts import Point, distribution_chart, trend_chart, trend_series
from core.indicators import all_indicators
from tests.benchmarks._report import (
    SUMMARY_HEADERS,
    Summary,
    Timer,
    print_table,
    record_summary,
    summary_row,
)

pytestmark = pytest.mark.benchmark

OFFICES = 245
YEARS = [2557, *range(2560, 2570)]
REPEATS = 20


def _distribution() -> str:
    rng = random.Random(13)  # noqa: S311 - made-up figures
    points = [
        Point(f"o{n}", f"สำนักงานเขตพื้นที่การศึกษา เขต {n}", Decimal(f"{rng.uniform(5, 25):.2f}"))
        for n in range(OFFICES)
    ]
    return distribution_chart(points, unit="minutes", median=Decimal("14.50"), highlight="o7")


def _office_page() -> list[str]:
    rng = random.Random(13)  # noqa: S311
    charts = []
    for indicator in all_indicators():
        values = [Decimal(rng.randint(100, 2000)) for _ in YEARS]
        series = trend_series(
            office_name="สำนักงานเขตพื้นที่การศึกษา เขต 1",
            office=values,
            national=[v + 10 for v in values],
            peer=[v - 10 for v in values],
            peer_name="ค่ามัธยฐานของสำนักงานประเภทเดียวกัน",
        )
        charts.append(trend_chart(YEARS, series, unit=indicator.unit, label=indicator.code))
    return charts


def test_chart_drawing_time() -> None:
    rows = []
    for label, draw in (
        (f"distribution chart, {OFFICES} offices", _distribution),
        (f"office page: {len(all_indicators())} trend charts, {len(YEARS)} years", _office_page),
    ):
        assert draw()  # warm, and drawn
        samples = []
        for _ in range(REPEATS):
            with Timer() as timer:
                draw()
            samples.append(timer.seconds)
        summary = Summary.of(samples)
        rows.append(summary_row(label, summary))
        record_summary("charts", label, summary, offices=OFFICES)
    print_table("benchmark charts (drawing only, no database)", SUMMARY_HEADERS, rows)
